"""The site's allauth adapter and its answer to allauth's rate limits.

- Links in account emails (confirm your address, reset your password) are the site's own
  (cop.core.site_url), never built from the Host header of whoever triggered the email.
- Failed sign-ins are limited per account and, with a higher ceiling, per IP address
  (ACCOUNT_RATE_LIMITS["login_failed"]), so one officer's mistakes behind a council's shared
  proxy never lock out their colleagues; the refusal says when to try again and is a 429.
- allauth's other 429s (sign-up, password reset) come to `too_many_requests` (cop/urls.py
  handler429): the form is shown again, in the site's design, with what was typed.
"""

from __future__ import annotations

import time

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse

from cop.core.ratelimits import refuse, retry_after, too_many_requests_page
from cop.core.site_url import absolute_url, site_root_url

APP = "allauth.account"
# The allauth action each rate-limited page consumes, and the form field that keys it.
PAGE_ACTIONS = {"account_signup": ("signup", None), "account_reset_password": ("reset_password", "email")}
NEVER_KEPT = ("password", "csrfmiddlewaretoken")


def seconds_until_allowed(request, action: str, key: str | None = None) -> float:
    """How long until every rate of `action` would let this request through again (0: now)."""
    now = time.time()
    wait = 0.0
    for rate in allauth_ratelimit.get_rates(app=APP, action=action):
        if (rate.per == "key" and key is None) or rate.per == "user":
            continue
        cache_key = allauth_ratelimit.get_cache_key(request, app=APP, action=action, rate=rate, key=key)
        history = [stamp for stamp in cache.get(cache_key, []) if stamp > now - rate.duration]
        if len(history) >= rate.amount:
            # Newest first: a place frees up when the rate.amount-th newest attempt leaves the window.
            wait = max(wait, history[rate.amount - 1] + rate.duration - now)
    return wait


class AccountAdapter(DefaultAccountAdapter):
    def get_email_confirmation_url(self, request, emailconfirmation):
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key):
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", key))

    def send_mail(self, template_prefix, email, context):
        # Other links allauth puts in emails (sign up, reset your password) are built from the
        # request's host: move them onto the site's own address.
        request = allauth_context.request
        if request is not None:
            own = request.build_absolute_uri("/")
            root = site_root_url() + "/"
            context = {
                name: root + value[len(own) :] if isinstance(value, str) and value.startswith(own) else value
                for name, value in context.items()
            }
        super().send_mail(template_prefix, email, context)

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            key = self._get_login_attempts_cache_key(request, **credentials)
            wait = seconds_until_allowed(request, "login_failed", key) or 60
            message = refuse(request, wait, "Too many failed login attempts for this account or connection.")
            raise ValidationError(message, code="too_many_login_attempts") from None


def too_many_requests(request):
    """allauth's 429 (ROOT_URLCONF.handler429): the refused form again, or the 429 page."""
    match = request.resolver_match
    action, key_field = PAGE_ACTIONS.get(getattr(match, "url_name", None), (None, None))
    key = request.POST.get(key_field, "").strip().lower() if key_field else None
    wait = (seconds_until_allowed(request, action, key) if action else 0) or 60
    page = _form_again(request, match, wait) if action and request.method == "POST" else None
    return page or too_many_requests_page(request, wait)


def _form_again(request, match, wait):
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not hasattr(view_class, "get_form_class"):
        return None
    view = view_class()
    view.setup(request, *match.args, **match.kwargs)
    kept = {name: value for name, value in request.POST.items() if not any(word in name for word in NEVER_KEPT)}
    kwargs = view.get_form_kwargs()
    kwargs.pop("data", None)
    kwargs.pop("files", None)
    kwargs["initial"] = {**kwargs.get("initial", {}), **kept}
    form = view.get_form_class()(**kwargs)
    message = refuse(request, wait)
    context = view.get_context_data(form=form)
    context["rate_limit_errors"] = [{"href": "", "message": message}]
    response = render(request, view.template_name, context, status=429)
    response["Retry-After"] = str(retry_after(request))
    return response
