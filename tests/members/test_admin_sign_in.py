"""Finding 1 of issue 13: the admin sign-ins had no lockout and let in any member.

Both admins now send people to the site's own sign-in (allauth, with its rate limits), and
only an editor or moderator with a confirmed email gets past it."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from cop.core.errors import NotPermitted
from cop.discussions import services as discussions
from tests.discussions.factories import CategoryFactory
from tests.members.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # UserFactory's


def editor(**kwargs):
    user = UserFactory(**kwargs)
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    user.groups.add(group)
    return user


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("login, home", [("/admin/login/", "/admin/"), ("/django-admin/login/", "/django-admin/")])
def test_admin_login_pages_redirect_to_the_site_sign_in_keeping_next(client, login, home):
    response = client.get(f"{login}?next={home}pages/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={home.replace('/', '%2F')}pages%2F"
    # An outside address is not followed after sign-in.
    response = client.get(f"{login}?next=https://evil.example/")
    assert response["Location"] == f"{reverse('account_login')}?next={home.replace('/', '%2F')}"


@pytest.mark.parametrize("login", ["/admin/login/", "/django-admin/login/"])
def test_thirty_wrong_passwords_then_the_right_one_does_not_sign_in_through_the_admin(client, login):
    user = editor(is_staff=True)
    for _ in range(30):
        client.post(login, {"username": user.username, "password": "wrong-password-123"})
    response = client.post(login, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert not signed_in(client)


def test_the_admin_path_is_locked_after_wrong_passwords(client):
    """Follow the admin login to the site sign-in: the right password signs an editor in, but
    after five wrong ones (from this address, for this account) even the right one fails."""
    user = editor(is_staff=True)
    login_url = client.get("/admin/login/?next=/admin/")["Location"]
    response = client.post(login_url, {"login": user.email, "password": PASSWORD})
    assert signed_in(client) and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    client.logout()

    for _ in range(5):
        client.post(login_url, {"login": user.email, "password": "wrong-password-123"})
        assert not signed_in(client)
    response = client.post(login_url, {"login": user.email, "password": PASSWORD})
    assert not signed_in(client)
    assert "Too many failed login attempts" in response.content.decode()


@pytest.mark.parametrize("path", ["/admin/", "/django-admin/"])
def test_unconfirmed_email_gets_the_403_page_in_both_admins(client, path):
    user = editor(verified_email=False, is_staff=True)
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 403
    assert "pe-" in response.content.decode()  # the site's own page, not a bare admin refusal


@pytest.mark.parametrize("path", ["/admin/", "/django-admin/"])
def test_staff_flag_or_permission_without_an_editor_or_moderator_role_gets_403(client, path):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    client.force_login(user)
    assert client.get(path).status_code == 403


def test_editors_and_moderators_with_confirmed_email_use_the_admin(client):
    client.force_login(editor())
    assert client.get("/admin/").status_code == 200
    client.force_login(ModeratorFactory())
    assert client.get("/admin/").status_code == 200


def test_unconfirmed_member_cannot_post_or_flag_and_is_told_how_to_confirm(client):
    member = UserFactory(verified_email=False)
    category = CategoryFactory()
    with pytest.raises(NotPermitted, match="Confirm your email address"):
        discussions.create_thread(member, category, title="Cheap watches", body="Buy now")
    client.force_login(member)
    response = client.post(
        reverse("discussions:new_thread"), {"category": category.pk, "title": "Cheap watches", "body": "Buy now"}
    )
    page = response.content.decode()
    assert "Confirm your email address" in page and reverse("account_email") in page
    assert not category.threads.exists()
