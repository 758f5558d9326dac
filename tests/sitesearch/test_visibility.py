"""Permissions: every hidden state stays out of results, facet counts and suggestions.

Each test changes an item through the same events the site uses (publish, unpublish,
delete, moderation, consent withdrawal...), lets the index tasks run, and checks what a
searcher sees."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from casestudies.models import StoryConsent
from cop.discussions import services as discussions
from cop.discussions.models import Post, PostStatus, Thread
from cop.members.models import Profile
from cop.sitesearch.models import SearchDocument
from tests.casestudies.factories import CaseStudyPageFactory, CitizenStoryPageFactory, case_study_index, story_index
from tests.discussions.factories import CategoryFactory, EstablishedMemberFactory, PostFactory, ThreadFactory
from tests.members.factories import ModeratorFactory, UserFactory, VerifiedOfficerFactory

pytestmark = pytest.mark.django_db

WORD = "zephyrhub"  # an unusual word, so only the items made here match


def _case_study(home_page, title=f"Joined up {WORD} lessons", publish=True):
    return CaseStudyPageFactory(parent=case_study_index(home_page), title=title, publish=publish, themes=["Housing"])


def test_published_case_study_is_found_in_results_facets_and_suggestions(home_page, searcher, index_events):
    with index_events():
        _case_study(home_page)
    assert searcher.titles(WORD) == [f"Joined up {WORD} lessons"]
    assert searcher.facet_counts(WORD)["type"] == {"Case study": 1}
    assert f"Joined up {WORD} lessons" in searcher.suggest("Joined up")


def test_draft_case_study_is_never_indexed(home_page, searcher, index_events):
    with index_events():
        _case_study(home_page, publish=False)
        _case_study(home_page, title=f"Published {WORD} control")  # positive control: the search works
    assert searcher.titles(WORD) == [f"Published {WORD} control"]
    assert searcher.facet_counts(WORD)["type"] == {"Case study": 1}
    assert searcher.suggest("Joined up") == []
    assert searcher.suggest("Published") == [f"Published {WORD} control"]


def test_unpublished_case_study_disappears(home_page, searcher, index_events):
    with index_events():
        page = _case_study(home_page)
    assert searcher.titles(WORD)
    with index_events():
        page.unpublish()
    assert searcher.titles(WORD) == []
    # Other types (councils, say) may be offered beside it; no case study is left.
    assert searcher.facet_counts("", type="Case study")["type"]["Case study"] == 0
    assert searcher.suggest("Joined up") == []


def test_edited_and_republished_case_study_is_found_by_its_new_title(home_page, searcher, index_events):
    with index_events():
        page = _case_study(home_page)
    page.title = "Shared front office in the market town"
    with index_events():
        page.save_revision().publish()
    assert searcher.titles("shared front office") == ["Shared front office in the market town"]
    assert searcher.titles(WORD) == []


def test_draft_edit_of_a_live_case_study_does_not_change_results(home_page, searcher, index_events):
    with index_events():
        page = _case_study(home_page)
    page.title = "Secret new title not yet approved"
    with index_events():
        page.save_revision()
    assert searcher.titles("secret approved") == []
    assert searcher.titles(WORD) == [f"Joined up {WORD} lessons"]


def test_deleted_case_study_disappears(home_page, searcher, index_events):
    with index_events():
        page = _case_study(home_page)
    with index_events():
        page.delete()
    assert searcher.titles(WORD) == []
    assert not SearchDocument.objects.filter(source="case_study").exists()


def test_case_study_behind_a_view_restriction_is_not_indexed(home_page, searcher, index_events):
    page = _case_study(home_page, publish=False)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    with index_events():
        page.save_revision().publish()
        _case_study(home_page, title=f"Open {WORD} control")  # positive control: the search works
    assert searcher.titles(WORD) == [f"Open {WORD} control"]
    assert searcher.titles(WORD, user=UserFactory()) == [f"Open {WORD} control"]


def test_citizen_story_without_consent_is_never_indexed(home_page, searcher, index_events):
    with index_events():
        CitizenStoryPageFactory(parent=story_index(home_page), title=f"My {WORD} week", consent=False)
        CitizenStoryPageFactory(parent=story_index(home_page), title=f"Our {WORD} month")  # positive control
    assert searcher.titles(WORD) == [f"Our {WORD} month"]
    assert searcher.suggest(f"My {WORD}") == []


def test_withdrawn_story_disappears_from_results_facets_and_suggestions(home_page, searcher, index_events):
    with index_events():
        story = CitizenStoryPageFactory(parent=story_index(home_page), title=f"My {WORD} week")
    assert searcher.titles(WORD) == [f"My {WORD} week"]
    with index_events():
        consent = StoryConsent.objects.get(story=story)
        consent.withdrawn_on = timezone.localdate()
        consent.save()
    assert searcher.titles(WORD) == []
    assert searcher.facet_counts("", type="Citizen story").get("type", {}).get("Citizen story", 0) == 0
    assert searcher.suggest(f"My {WORD}") == []


def test_story_whose_consent_has_expired_disappears_without_any_edit(home_page, searcher, index_events, monkeypatch):
    today = timezone.localdate()
    with index_events():
        story = CitizenStoryPageFactory(parent=story_index(home_page), title=f"My {WORD} week")
        consent = StoryConsent.objects.get(story=story)
        consent.expires_on = today
        consent.save()
    assert searcher.titles(WORD) == [f"My {WORD} week"]
    # The next day the consent has lapsed: nothing was edited, the row carries its own expiry.
    tomorrow = today + datetime.timedelta(days=1)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: tomorrow)
    assert searcher.titles(WORD) == []
    assert searcher.suggest(f"My {WORD}") == []


# Discussions ------------------------------------------------------------------------------------


def test_pending_thread_is_not_indexed_until_approved(searcher, index_events):
    moderator = ModeratorFactory()
    with index_events():
        thread = ThreadFactory(title=f"Anyone tried {WORD}?", is_visible=False)
        Post.objects.filter(thread=thread, is_opening=True).update(status=PostStatus.PENDING)
        Post.objects.get(thread=thread, is_opening=True).save()
    assert searcher.titles(WORD) == []
    assert searcher.titles(WORD, user=moderator) == []
    with index_events():
        discussions.approve_post(moderator, Post.objects.get(thread=thread, is_opening=True))
    assert searcher.titles(WORD) == [f"Anyone tried {WORD}?"]


def test_hidden_reply_disappears_and_restored_reply_returns(searcher, index_events):
    moderator = ModeratorFactory()
    with index_events():
        reply = PostFactory(body=f"We used {WORD} for our pooled budget.")
    assert len(searcher.urls(WORD)) == 1
    with index_events():
        discussions.hide_post(moderator, reply, reason="Off topic")
    assert searcher.urls(WORD) == []
    assert searcher.urls(WORD, user=moderator) == []
    assert searcher.facet_counts(WORD) == {}
    with index_events():
        discussions.restore_post(moderator, Post.objects.get(pk=reply.pk))
    assert len(searcher.urls(WORD)) == 1


def test_reply_hidden_automatically_by_flags_disappears(searcher, index_events):
    with index_events():
        reply = PostFactory(body=f"Buy {WORD} pills now.")
    assert len(searcher.urls(WORD)) == 1
    with index_events():
        for _ in range(discussions.AUTO_HIDE_FLAGS):
            discussions.flag_post(EstablishedMemberFactory(), Post.objects.get(pk=reply.pk), reason="spam")
    assert Post.objects.get(pk=reply.pk).status == PostStatus.HIDDEN
    assert searcher.urls(WORD) == []


def test_pending_reply_is_not_indexed(searcher, index_events):
    with index_events():
        PostFactory(body=f"Awaiting approval: {WORD}.", status=PostStatus.PENDING)
        PostFactory(body=f"Already approved: {WORD}.")  # positive control: replies are found
    assert len(searcher.urls(WORD)) == 1


def test_hiding_the_opening_post_hides_the_thread_and_all_its_replies(searcher, index_events):
    moderator = ModeratorFactory()
    with index_events():
        thread = ThreadFactory(title=f"Thread about {WORD}", opening=f"Opening {WORD} post")
        PostFactory(thread=thread, body=f"A reply mentioning {WORD}")
    assert len(searcher.urls(WORD)) == 2
    with index_events():
        discussions.hide_post(moderator, Post.objects.get(thread=thread, is_opening=True), reason="Personal data")
    assert Thread.objects.get(pk=thread.pk).is_visible is False
    assert searcher.urls(WORD) == []


def test_restricted_category_is_seen_only_by_verified_officers_and_moderators(searcher, index_events):
    with index_events():
        restricted = CategoryFactory(restricted=True)
        thread = ThreadFactory(category=restricted, title=f"Officers only: {WORD} budgets")
        PostFactory(thread=thread, body=f"Our {WORD} figures for the officers' eyes.")
    officer, moderator, member = VerifiedOfficerFactory(), ModeratorFactory(), UserFactory()
    assert searcher.urls(WORD) == []
    assert searcher.urls(WORD, user=member) == []
    assert searcher.facet_counts(WORD, user=member) == {}
    assert searcher.suggest("Officers only", user=member) == []
    assert len(searcher.urls(WORD, user=officer)) == 2
    assert len(searcher.urls(WORD, user=moderator)) == 2
    assert searcher.suggest("Officers only", user=officer) == [f"Officers only: {WORD} budgets"]


def test_making_a_category_restricted_later_removes_its_threads_from_public_results(searcher, index_events):
    with index_events():
        category = CategoryFactory(restricted=False)
        ThreadFactory(category=category, title=f"Open talk about {WORD}")
    assert searcher.titles(WORD) == [f"Open talk about {WORD}"]
    with index_events():
        category.restricted = True
        category.save()
    assert searcher.titles(WORD) == []
    assert searcher.titles(WORD, user=VerifiedOfficerFactory()) == [f"Open talk about {WORD}"]


def test_suspended_verified_officer_loses_access_to_restricted_results(searcher, index_events):
    with index_events():
        ThreadFactory(category=CategoryFactory(restricted=True), title=f"Restricted {WORD}")
    officer = VerifiedOfficerFactory()
    Profile.objects.filter(user=officer).update(suspended_until=timezone.now() + datetime.timedelta(days=3))
    officer.refresh_from_db()
    assert searcher.titles(WORD, user=officer) == []


# Library documents ------------------------------------------------------------------------------


def _document(title, **fields):
    from django.core.files.base import ContentFile

    from cop.library.models import LibraryDocument

    doc = LibraryDocument(title=title, summary=f"A toolkit about {WORD}.", **fields)
    doc.file.save("toolkit.txt", ContentFile(b"Toolkit text"), save=False)
    doc.save()
    return doc


def test_library_document_not_shown_in_library_is_not_indexed(searcher, index_events):
    with index_events():
        _document(f"{WORD.title()} toolkit", show_in_library=True)
        _document(f"{WORD.title()} internal attachment", show_in_library=False)
    assert searcher.titles(WORD) == [f"{WORD.title()} toolkit"]


def test_library_document_in_a_restricted_collection_is_not_indexed(searcher, index_events):
    from wagtail.models import Collection, CollectionViewRestriction

    private = Collection.get_first_root_node().add_child(name="Private papers")
    with index_events():
        _document(f"{WORD.title()} board paper", collection=private)
        _document(f"{WORD.title()} public paper")  # positive control: documents are found
        CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    assert searcher.titles(WORD) == [f"{WORD.title()} public paper"]


# Members ----------------------------------------------------------------------------------------


def _listed_member(**profile):
    user = UserFactory(display_name=f"Morgan {WORD.title()}")
    Profile.objects.filter(user=user).update(role="Head of Commissioning", bio=f"I work on {WORD}.", **profile)
    Profile.objects.get(user=user).save()
    return user


def test_member_profiles_are_found_only_by_signed_in_members(searcher, index_events):
    with index_events():
        _listed_member(show_in_directory=True)
    assert searcher.titles(WORD) == []
    assert searcher.suggest("Morgan") == []
    assert searcher.titles(WORD, user=UserFactory()) == [f"Morgan {WORD.title()}"]


def test_member_who_did_not_allow_it_is_never_found(searcher, index_events):
    with index_events():
        _listed_member(show_in_directory=False)
    viewer = VerifiedOfficerFactory()
    assert searcher.titles(WORD, user=viewer) == []
    assert searcher.suggest("Morgan", user=viewer) == []
    with index_events():
        Profile.objects.filter(user__display_name=f"Morgan {WORD.title()}").update(show_in_directory=True)
        Profile.objects.get(user__display_name=f"Morgan {WORD.title()}").save()
    # Positive control: the same profile, once its member allows it, is found.
    assert searcher.titles(WORD, user=viewer) == [f"Morgan {WORD.title()}"]


def test_member_who_opts_out_later_or_is_deactivated_disappears(searcher, index_events):
    viewer = UserFactory()
    with index_events():
        user = _listed_member(show_in_directory=True)
    assert searcher.titles(WORD, user=viewer)
    with index_events():
        user.is_active = False
        user.save()
    assert searcher.titles(WORD, user=viewer) == []
