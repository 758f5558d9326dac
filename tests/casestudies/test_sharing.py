"""Members share case studies: drafts page by page, check your answers, review by an editor in
the "Case study review" workflow, comments back to the author, revision, and credit once published."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model
from wagtail.models import Workflow, WorkflowState

from casestudies.models import CaseStudyAuthor, CaseStudyDraft, CaseStudyPage
from tests.casestudies.factories import case_study_index
from tests.casestudies.sharing_helpers import answers_for, fill_every_step
from tests.members.factories import AuthorityFactory, StaffFactory, UserFactory, VerifiedOfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return AuthorityFactory(name="Testshire County Council")


@pytest.fixture
def index(home_page):
    return case_study_index(home_page)


@pytest.fixture
def member(client, council):
    user = VerifiedOfficerFactory(display_name="Priya Shah", council=council)
    client.force_login(user)
    return user


def _start(client) -> CaseStudyDraft:
    response = client.post("/share-a-case-study/")
    assert response.status_code == 302
    return CaseStudyDraft.objects.latest("pk")


def _send(client, draft, nonce="a-token-of-sixteen-chars-or-more"):
    return client.post(f"/share-a-case-study/{draft.pk}/check/", {"form_token": nonce})


def _editor_decides(page, action, comment=""):
    editor = StaffFactory(username="editor")
    state = WorkflowState.objects.active().get(object_id=str(page.pk))
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, editor, action, comment=comment)


def test_the_review_workflow_exists_after_migrate():
    workflow = Workflow.objects.get(name="Case study review")
    task = workflow.tasks.get().specific
    assert sorted(task.groups.values_list("name", flat=True)) == ["Editors", "Moderators"]


def test_share_check_send_review_revise_and_publish_with_credit(client, home_page, member, council):
    index = case_study_index(home_page)
    draft = _start(client)
    fill_every_step(client, draft.pk, answers_for(council))

    check = client.get(f"/share-a-case-study/{draft.pk}/check/")
    html = check.content.decode()
    assert check.status_code == 200
    assert "Joining up help for families in Testshire" in html
    assert f"/share-a-case-study/{draft.pk}/title/?change=1" in html  # change links
    assert "Testshire Police (Police)" in html

    # Pressed twice: one page.
    assert _send(client, draft).status_code == 302
    assert _send(client, draft).status_code == 302
    pages = CaseStudyPage.objects.child_of(index)
    assert pages.count() == 1
    page = pages.get()
    assert not page.live
    state = WorkflowState.objects.active().get(object_id=str(page.pk))
    assert state.workflow.name == "Case study review"
    assert CaseStudyAuthor.objects.get(page=page).organisation == "Testshire County Council"

    mine = client.get("/my-case-studies/").content.decode()
    assert "With the editors" in mine

    # The editor asks for changes; the author sees the comment and revises.
    _editor_decides(page, "reject", comment="Please give the source of the count in full.")
    mine = client.get("/my-case-studies/").content.decode()
    assert "Changes requested" in mine and "Please give the source of the count in full." in mine
    assert client.post(f"/share-a-case-study/{draft.pk}/revise/").status_code == 302
    response = client.post(
        f"/share-a-case-study/{draft.pk}/count/?change=1",
        {**answers_for(council)["count"], "source_1": "Testshire County Council statement of accounts 2008-09"},
    )
    assert response["Location"] == f"/share-a-case-study/{draft.pk}/check/"
    assert _send(client, draft, nonce="another-token-sixteen-chars").status_code == 302
    assert CaseStudyPage.objects.child_of(index).count() == 1
    assert "With the editors" in client.get("/my-case-studies/").content.decode()

    _editor_decides(page, "approve", comment="Thank you.")
    page.refresh_from_db()
    assert page.live
    assert page.spend_lines.get().source == "Testshire County Council statement of accounts 2008-09"
    html = client.get(page.url).content.decode()
    assert "Shared by <strong>Priya Shah</strong>, Testshire County Council" in html
    assert "Start with the families" in html
    assert "Published" in client.get("/my-case-studies/").content.decode()


def test_missing_answers_show_the_error_summary_and_keep_nothing(client, home_page, member):
    draft = _start(client)
    response = client.post(f"/share-a-case-study/{draft.pk}/title/", {"title": "", "summary_text": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html and 'href="#id_title"' in html and "Enter a title for the case study" in html
    draft.refresh_from_db()
    assert draft.answers == {}
    # The check page sends the member to the first unanswered question; nothing can be sent.
    assert client.get(f"/share-a-case-study/{draft.pk}/check/")["Location"].endswith("/title/")
    assert _send(client, draft).status_code == 302
    assert not CaseStudyPage.objects.exists()


def test_a_partly_filled_row_of_the_count_is_refused(client, home_page, member, council):
    draft = _start(client)
    response = client.post(f"/share-a-case-study/{draft.pk}/count/", {"agency_1": "Police", "amount_1": "lots"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Line 1: enter the amount as a whole number of pounds" in html
    assert "Line 1: enter the financial year" in html


def test_html_and_script_are_shown_as_text(client, index, member, council):
    draft = _start(client)
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    answers = answers_for(
        council,
        title={"title": f"Title {script}"[:120]},
        problem={"problem": f"Problem {script}"},
        lessons={"lessons": f"Lesson {script}"},
    )
    fill_every_step(client, draft.pk, answers)
    assert "<script>alert" not in client.get(f"/share-a-case-study/{draft.pk}/check/").content.decode()
    response = _send(client, draft, nonce="script-test-token-1234")
    assert response["Location"] == f"/share-a-case-study/{draft.pk}/sent/"
    page = CaseStudyPage.objects.get()
    assert "<script" not in page.problem and "&lt;script&gt;" in page.problem
    _editor_decides(page, "approve")
    page.refresh_from_db()
    html = client.get(page.url).content.decode()
    assert '<script>alert("x")' not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_another_members_draft_is_not_found(client, home_page, member):
    draft = _start(client)
    other = UserFactory()
    client.force_login(other)
    assert client.get(f"/share-a-case-study/{draft.pk}/title/").status_code == 404
    assert client.post(f"/share-a-case-study/{draft.pk}/check/").status_code == 404


def test_an_unconfirmed_email_cannot_start(client, home_page):
    client.force_login(UserFactory(verified_email=False))
    response = client.post("/share-a-case-study/", follow=True)
    assert "Confirm your email address" in response.content.decode()
    assert not CaseStudyDraft.objects.exists()


def test_signed_out_visitors_are_asked_to_sign_in(client, home_page):
    response = client.get("/share-a-case-study/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x03\x00\x08\xfc\x02\xfe\xa7\x9a\xa0\xa0\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _upload(client, draft, **files):
    data = {"image_alt": files.pop("image_alt", ""), "document_title": files.pop("document_title", "")}
    return client.post(f"/share-a-case-study/{draft.pk}/files/", {**data, **files})


@pytest.mark.parametrize(
    ("field", "upload", "message"),
    [
        ("image", SimpleUploadedFile("photo.png", b"<html><script>alert(1)</script></html>"), "not an image"),
        ("image", SimpleUploadedFile("big.png", PNG + b"0" * (5 * 1024 * 1024)), "smaller than 5"),
        ("document", SimpleUploadedFile("report.pdf", b"<html><body>not a pdf</body></html>"), "are not a PDF"),
        ("document", SimpleUploadedFile("notes.txt", b"Hello <script>alert(1)</script>"), "web page code"),
    ],
)
def test_lying_and_oversized_uploads_are_refused_and_nothing_is_kept(client, home_page, member, field, upload, message):
    draft = _start(client)
    response = _upload(
        client,
        draft,
        **{field: upload, "image_alt": "A photo", "document_title": "Report"},
        **({"document": SimpleUploadedFile("ok.txt", b"plain text")} if field == "image" else {}),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html and message in html
    draft.refresh_from_db()
    assert draft.image_id is None and draft.document_id is None
    assert not get_image_model().objects.exists()


def test_a_picture_and_a_document_are_kept_and_shown_on_the_page(client, index, member, council):
    draft = _start(client)
    fill_every_step(client, draft.pk, answers_for(council))
    response = _upload(
        client,
        draft,
        image=SimpleUploadedFile("photo.png", PNG),
        image_alt="Key workers meeting a family",
        document=SimpleUploadedFile("evaluation.txt", b"Evaluation: visits fell by a third."),
        document_title="Evaluation report",
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.image_id and draft.document_id
    _send(client, draft)
    page = CaseStudyPage.objects.get()
    _editor_decides(page, "approve")
    html = client.get(CaseStudyPage.objects.get().url).content.decode()
    assert 'alt="Key workers meeting a family"' in html
    assert "Evaluation report" in html
