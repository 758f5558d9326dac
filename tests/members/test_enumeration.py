"""Finding 8 of issue 13: sign-up and password reset must not tell a stranger whether an email
address has an account. The page is the same; the owner of an existing account gets an email."""

import re

import pytest
from django.core import mail
from django.test import Client

from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def page_for(url, email, **data):
    """What a stranger sees after posting `email` (the address itself and tokens blanked)."""
    response = Client().post(url, {"email": email, **data}, follow=True)
    body = re.sub(r'value="\w{30,}"', "", response.content.decode()).replace(email, "EMAIL")
    return response.redirect_chain, body


def sign_up(email):
    password = "Xy-long-pass-123"
    return page_for("/accounts/signup/", email, display_name="Sam Patel", password1=password, password2=password)


def test_sign_up_looks_the_same_for_known_unconfirmed_and_new_addresses():
    UserFactory(email="known@example.org")
    UserFactory(email="pending@example.org", verified_email=False)
    new = sign_up("new@example.org")
    assert new[0] == [("/accounts/confirm-email/", 302)] and "Check your email" in new[1]
    assert sign_up("known@example.org") == new
    assert sign_up("pending@example.org") == new
    # The owner of the existing account is told by email; the new address gets its confirmation.
    sent = {message.to[0]: message.subject for message in mail.outbox}
    assert "Already Exists" in sent["known@example.org"]
    assert "Confirm your email" in sent["new@example.org"]


def test_password_reset_looks_the_same_for_known_and_unknown_addresses():
    UserFactory(email="known@example.org")
    known = page_for("/accounts/password/reset/", "known@example.org")
    unknown = page_for("/accounts/password/reset/", "nobody@example.org")
    assert known == unknown and known[0] == [("/accounts/password/reset/done/", 302)]
    sent = {message.to[0]: message.subject for message in mail.outbox}
    assert "Reset your password" in sent["known@example.org"]


def test_enumeration_prevention_is_declared(settings):
    from allauth.account import app_settings

    assert settings.ACCOUNT_PREVENT_ENUMERATION is True and app_settings.PREVENT_ENUMERATION is True
