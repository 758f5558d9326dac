"""One sign-in for the whole site: the Wagtail and Django admin screens use the site's own
(allauth) sign-in, with its rate limits, and only editors and moderators get past it."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from .selectors import may_use_admin

# The admin apps' own URL prefixes (cop/urls.py); their login pages are replaced below.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


@never_cache
def admin_login(request, default_next):
    """Replace the admins' login forms (which have no lockout) with the site's sign-in, keeping
    where the member was going. Any method: a POST of a password here signs nobody in."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = ""
    login_url = resolve_url(settings.LOGIN_URL)
    return redirect(f"{login_url}?{urlencode({'next': target or default_next})}")


class AdminAccessMiddleware:
    """A signed-in member who is not an editor or moderator with a confirmed email gets the
    site's 403 page on every admin URL, whatever permissions their account carries."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            request.path.startswith(ADMIN_PREFIXES)
            and user is not None
            and user.is_authenticated
            and not may_use_admin(user)
        ):
            return response_for_exception(
                request, PermissionDenied("Only editors and moderators with a confirmed email can use this")
            )
        return self.get_response(request)
