"""A member opens their comparison groups, changes one from the list, makes a mistake, fixes it from the
error summary and saves; and deletes one, confirming first. The list, the edit page (with and without
errors) and the delete confirmation page are checked with axe."""

import re

import pytest

from tests.browser.test_submissions import sign_in
from tests.members.factories import AuthorityFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_changes_a_group_from_their_list(page, live_server, home_page, assert_accessible):
    from benchmarks.groups.models import ComparisonGroup

    ashby, barton, cleeve = (
        AuthorityFactory(name=name, authority_type="UA")
        for name in ("Ashby Unitary", "Barton Unitary", "Cleeve Unitary")
    )
    member = UserFactory()
    group = ComparisonGroup.objects.create(name="Nearby unitaries", created_by=member)
    group.members.set([ashby, barton])
    ComparisonGroup.objects.create(name="Total Place pilots", is_featured=True).members.set([ashby, cleeve])
    sign_in(page, live_server, member)

    page.goto("/benchmarking/groups/")
    assert page.locator("h1").inner_text() == "Your comparison groups"
    assert page.get_by_role("link", name="Total Place pilots").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Change Nearby unitaries").click()
    page.wait_for_url(re.compile(r"/edit/$"))
    assert_accessible(page)
    page.get_by_label("Councils").fill("Barton Unitary\nAtlantis")
    page.get_by_role("button", name="Save changes").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="No council matches “Atlantis”.").click()
    page.get_by_label("Councils").fill("Barton Unitary\nCleeve Unitary")
    page.get_by_role("button", name="Save changes").click()

    page.wait_for_url(f"**{group.get_absolute_url()}")
    assert "Saved your changes" in page.content()
    assert set(group.members.values_list("name", flat=True)) == {"Barton Unitary", "Cleeve Unitary"}


def test_member_deletes_a_group_after_confirming(page, live_server, home_page, assert_accessible):
    from benchmarks.groups.models import ComparisonGroup

    ashby, barton = (AuthorityFactory(name=name, authority_type="UA") for name in ("Ashby Unitary", "Barton Unitary"))
    member = UserFactory()
    group = ComparisonGroup.objects.create(name="Nearby unitaries", created_by=member)
    group.members.set([ashby, barton])
    sign_in(page, live_server, member)

    page.goto("/benchmarking/groups/")
    page.get_by_role("link", name="Delete Nearby unitaries").click()
    page.wait_for_url(re.compile(r"/delete/\?from=list$"))
    assert page.locator("h1").inner_text() == "Are you sure you want to delete Nearby unitaries?"
    assert_accessible(page)
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_url("**/benchmarking/groups/")
    assert ComparisonGroup.objects.filter(pk=group.pk).exists()

    page.goto(group.get_absolute_url())
    page.get_by_role("link", name="Delete this group").click()
    page.wait_for_url(re.compile(r"/delete/$"))
    page.get_by_role("button", name="Delete group").click()
    page.wait_for_url("**/benchmarking/groups/")
    assert "Deleted “Nearby unitaries”" in page.content()
    assert not ComparisonGroup.objects.filter(pk=group.pk).exists()
