from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from cop.members import services
from cop.members.models import CouncilEmailDomain
from cop.members.selectors import council_for_email, is_moderator, verified_council_for

from .factories import AuthorityFactory, ModeratorFactory, StaffFactory, UserFactory, VerifiedOfficerFactory

pytestmark = pytest.mark.django_db


def test_verified_officer_factory_gives_the_council():
    council = AuthorityFactory(gss_code="E10000034", name="Worcestershire")
    officer = VerifiedOfficerFactory(council=council)
    assert verified_council_for(officer) == council
    assert officer.emailaddress_set.get().verified


def test_plain_member_and_anonymous_have_no_council():
    assert verified_council_for(UserFactory()) is None
    assert verified_council_for(AnonymousUser()) is None
    assert verified_council_for(None) is None


def test_suspended_or_deleted_officer_loses_council():
    officer = VerifiedOfficerFactory()
    services.suspend_member(officer, days=3, reason="Spam")
    officer.refresh_from_db()
    assert verified_council_for(officer) is None
    services.lift_suspension(officer)
    officer.refresh_from_db()
    assert verified_council_for(officer) is not None
    services.delete_account(officer)
    officer.refresh_from_db()
    assert verified_council_for(officer) is None


def test_email_domain_allow_list_matches_domain_and_subdomains_only():
    council = AuthorityFactory(gss_code="E10000034", name="Worcestershire")
    CouncilEmailDomain.objects.create(authority=council, domain="@Worcestershire.gov.uk")
    assert council_for_email("jo@worcestershire.gov.uk") == council
    assert council_for_email("jo@mail.worcestershire.gov.uk") == council
    assert council_for_email("jo@notworcestershire.gov.uk") is None
    assert council_for_email("jo@worcestershire.gov.uk.evil.com") is None
    assert council_for_email("not-an-email") is None


def test_verify_by_email_domain_keeps_moderator_verification():
    council = AuthorityFactory(gss_code="E10000034", name="Worcestershire")
    other = AuthorityFactory(gss_code="E06000019", name="Herefordshire", authority_type="UA")
    CouncilEmailDomain.objects.create(authority=council, domain="worcestershire.gov.uk")
    member = UserFactory(email="sam@worcestershire.gov.uk")
    services.verify_by_email_domain(member)
    member.refresh_from_db()
    assert verified_council_for(member) == council
    assert member.profile.organisation == council

    moderated = VerifiedOfficerFactory(council=other, email="kim@worcestershire.gov.uk")
    services.verify_by_email_domain(moderated)
    moderated.refresh_from_db()
    assert verified_council_for(moderated) == other


def test_moderators_are_group_members_or_staff():
    assert is_moderator(ModeratorFactory())
    assert is_moderator(StaffFactory())
    assert not is_moderator(UserFactory())
    assert not is_moderator(AnonymousUser())


def test_suspension_expires():
    member = UserFactory()
    member.profile.suspended_until = timezone.now() - timedelta(minutes=1)
    member.profile.save()
    assert not member.profile.is_suspended
