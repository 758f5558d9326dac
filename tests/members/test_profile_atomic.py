"""Saving a profile is all or nothing: an expertise area too long to store is refused with a clear
message before anything is written (it used to save the name and bio, then fail on the tag)."""

import pytest
from django.urls import reverse

from cop.members.models import Profile
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def _form(**changes):
    data = {
        "display_name": "Sam Patel",
        "role": "Head of Commissioning",
        "expertise": "pooled budgets, adult social care",
        "bio": "I run commissioning.",
        "email_visibility": "nobody",
        "show_in_directory": "on",
    }
    data.update(changes)
    return data


def test_an_expertise_area_over_the_limit_saves_nothing_and_says_why(client, home_page):
    member = UserFactory(display_name="Original Name")
    client.force_login(member)
    response = client.post(reverse("members:edit"), _form(expertise="pooled budgets, " + "x" * 101))
    assert response.status_code == 400
    assert "Each area of expertise must be 95 characters or fewer" in response.content.decode()
    member.refresh_from_db()
    profile = Profile.objects.get(user=member)
    assert member.display_name == "Original Name"
    assert profile.bio == "" and profile.role == ""
    assert list(profile.expertise.names()) == []


def test_a_valid_profile_saves_name_fields_and_expertise_together(client, home_page):
    member = UserFactory(display_name="Original Name")
    client.force_login(member)
    response = client.post(reverse("members:edit"), _form(expertise="pooled budgets, " + "x" * 95))
    assert response.status_code == 302
    member.refresh_from_db()
    profile = Profile.objects.get(user=member)
    assert member.display_name == "Sam Patel" and profile.bio == "I run commissioning."
    assert sorted(profile.expertise.names()) == ["pooled budgets", "x" * 95]


def test_a_failure_while_saving_rolls_back_the_name_and_profile(home_page, monkeypatch):
    """If a write fails after the profile row was saved, nothing of the change remains."""
    from cop.members import services
    from cop.members.forms import ProfileForm

    member = UserFactory(display_name="Original Name")
    profile = services.ensure_profile(member)
    form = ProfileForm(_form(), instance=profile, user=member)
    assert form.is_valid()

    def fail(*args, **kwargs):
        raise RuntimeError("the tag table is unavailable")

    monkeypatch.setattr(form, "_save_m2m", fail)
    with pytest.raises(RuntimeError):
        services.save_profile(form)
    member.refresh_from_db()
    assert member.display_name == "Original Name"
    assert Profile.objects.get(user=member).bio == ""
