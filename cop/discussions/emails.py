"""Notification and digest emails, with unsubscribe links that work without signing in."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from cop.core.site_url import absolute_url

UNSUBSCRIBE_SALT = "place-exchange.unsubscribe"
UNSUBSCRIBE_KINDS = {"replies": "email_on_reply", "digest": "weekly_digest"}
UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 365


def unsubscribe_token(user, kind: str) -> str:
    if kind not in UNSUBSCRIBE_KINDS:
        raise ValueError(kind)
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, kind) for a genuine token, otherwise None."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in UNSUBSCRIBE_KINDS or not isinstance(data.get("u"), int):
        return None
    return data["u"], data["k"]


def unsubscribe_url(user, kind: str) -> str:
    return absolute_url(reverse("discussions:unsubscribe", args=[unsubscribe_token(user, kind)]))


def send_member_email(user, *, subject: str, template: str, context: dict, kind: str) -> None:
    url = unsubscribe_url(user, kind)
    context = {**context, "user": user, "unsubscribe_url": url, "site_url": absolute_url("/")}
    text = render_to_string(f"discussions/email/{template}.txt", context)
    html = render_to_string(f"discussions/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=text,
        to=[user.email],
        # No one-click (RFC 8058) header: the page asks for a CSRF-protected confirmation instead.
        headers={"List-Unsubscribe": f"<{url}>"},
    )
    message.attach_alternative(html, "text/html")
    message.send()
