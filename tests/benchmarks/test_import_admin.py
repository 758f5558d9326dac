"""Staff can read reference data and import reports in the Wagtail admin; nobody can edit them there."""

import pytest
from django.contrib.auth import get_user_model

from benchmarks.models import Authority, ImportRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    authority = Authority.objects.create(gss_code="E06000001", ecode="E0701", name="Hartlepool", authority_type="UA")
    run = ImportRun.objects.create(
        dataset="revenue_outturn",
        file_name="RSX_2022-23_data_by_LA.csv",
        sha256="a" * 64,
        report_text="authorities not submitted: 4",
    )
    return authority, run


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_user("staffer", "staff@example.com", "pw", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def test_staff_see_authorities_and_the_import_report(staff_client, data):
    authority, run = data
    listing = staff_client.get("/admin/snippets/benchmarks/authority/?q=Hartlepool")
    assert listing.status_code == 200 and b"Hartlepool" in listing.content
    inspect = staff_client.get(f"/admin/snippets/benchmarks/importrun/inspect/{run.pk}/")
    assert inspect.status_code == 200 and b"authorities not submitted: 4" in inspect.content


def test_nobody_can_add_edit_or_delete_official_data_in_the_admin(staff_client, data):
    authority, _ = data
    for url in (
        "/admin/snippets/benchmarks/authority/add/",
        f"/admin/snippets/benchmarks/authority/edit/{authority.pk}/",
        f"/admin/snippets/benchmarks/authority/delete/{authority.pk}/",
    ):
        response = staff_client.get(url)
        assert response.status_code in (302, 403)
    response = staff_client.post(f"/admin/snippets/benchmarks/authority/edit/{authority.pk}/", {"name": "Changed"})
    assert response.status_code in (302, 403)
    authority.refresh_from_db()
    assert authority.name == "Hartlepool"


def test_members_of_the_public_cannot_see_the_admin(client, data):
    response = client.get("/admin/snippets/benchmarks/importrun/")
    assert response.status_code == 302 and "/login" in response["Location"]
