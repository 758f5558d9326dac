"""Failed sign-ins are limited per account and, higher, per IP address; every 429 is a page in the
site's design that says when to try again and keeps what was typed (never a password)."""

import re

import pytest
from django.test import Client

from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PASSWORD = "correct-horse-battery"
WRONG = "wrong-password-typed"


def attempt(client, email, password=None):
    return client.post(LOGIN, {"login": email, "password": password or WRONG})


def test_one_officers_failures_behind_a_shared_proxy_do_not_lock_out_a_colleague():
    alice, bob = UserFactory(email="alice@worcestershire.gov.uk"), UserFactory(email="bob@worcestershire.gov.uk")
    office = Client(REMOTE_ADDR="10.20.30.40")
    for _ in range(5):
        assert attempt(office, alice.email).status_code == 200
    # Alice's account is now limited...
    locked = attempt(office, alice.email, PASSWORD)
    assert locked.status_code == 429
    # ...but Bob, behind the same address, signs in.
    response = attempt(Client(REMOTE_ADDR="10.20.30.40"), bob.email, PASSWORD)
    assert response.status_code == 302


def test_the_ip_ceiling_still_stops_a_guesser_trying_many_accounts(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "5/5m/key,8/5m/ip"}
    guesser = Client(REMOTE_ADDR="10.9.9.9")
    statuses = [attempt(guesser, f"person{n}@example.org").status_code for n in range(9)]
    assert statuses[:8] == [200] * 8 and statuses[8] == 429


def test_a_locked_sign_in_is_a_styled_429_that_says_when_and_keeps_the_email():
    member = UserFactory(email="carol@example.org")
    client = Client(REMOTE_ADDR="10.1.1.1")
    for _ in range(5):
        attempt(client, member.email, "my-secret-guess")
    response = attempt(client, member.email, "my-secret-guess")
    page = response.content.decode()
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 300
    assert re.search(r"Try again in [1-5] minutes?\.", page)
    assert 'class="govuk-error-summary"' in page and 'class="govuk-header pe-header"' in page
    assert 'value="carol@example.org"' in page
    assert "my-secret-guess" not in page


def test_too_many_sign_ups_get_the_form_back_with_what_was_typed(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/h/ip"}
    client = Client(REMOTE_ADDR="10.2.2.2")
    data = {
        "email": "dee@example.org",
        "display_name": "Dee Okafor",
        "password1": "a-secret-passphrase",
        "password2": "a-secret-passphrase",
    }
    client.post("/accounts/signup/", data)
    again = Client(REMOTE_ADDR="10.2.2.2").post("/accounts/signup/", {**data, "email": "dee2@example.org"})
    page = again.content.decode()
    assert again.status_code == 429
    assert 3000 < int(again["Retry-After"]) <= 3600
    assert "Try again in 60 minutes." in page or "Try again in 59 minutes." in page
    assert 'class="govuk-header pe-header"' in page and "Too many attempts" in page
    assert 'value="dee2@example.org"' in page and 'value="Dee Okafor"' in page
    assert "a-secret-passphrase" not in page


def test_too_many_password_resets_say_when_and_keep_the_address(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "1/h/ip"}
    client = Client(REMOTE_ADDR="10.3.3.3")
    client.post("/accounts/password/reset/", {"email": "erin@example.org"})
    again = client.post("/accounts/password/reset/", {"email": "erin@example.org"})
    assert again.status_code == 429
    assert int(again["Retry-After"]) > 3000
    page = again.content.decode()
    assert 'value="erin@example.org"' in page and "Try again in" in page
