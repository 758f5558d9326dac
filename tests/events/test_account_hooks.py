"""A member's registrations are in their data download, and deleting the account frees their
place for whoever waited longest."""

import pytest

from cop.events import services
from cop.events.models import Registration, RegistrationStatus
from cop.members.services import delete_account, export_member_data
from tests.events.factories import make_event
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_data_download_lists_registrations(home_page):
    member = UserFactory()
    services.register(member, make_event(home_page, "Workshop", capacity=3), needs="Step-free access")
    (row,) = export_member_data(member)["event_registrations"]
    assert row["event"] == "Workshop" and row["status"] == "Registered" and row["access_needs"] == "Step-free access"


def test_deleting_an_account_frees_the_place(home_page):
    event = make_event(home_page, "Workshop", capacity=1)
    leaving, waiting = UserFactory.create_batch(2)
    services.register(leaving, event)
    services.register(waiting, event)
    delete_account(leaving)
    assert not Registration.objects.filter(member=leaving).exists()
    assert Registration.objects.get(member=waiting).status == RegistrationStatus.CONFIRMED
