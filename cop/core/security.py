"""Content-Security-Policy and Permissions-Policy on every response.

The public site gets the strict policy in settings.CONTENT_SECURITY_POLICY: scripts and
styles only from our own origin, no inline script, no inline style, no plugins. Wagtail's
and Django's admin still use inline scripts and style attributes, so under their prefixes
a looser policy applies (still same-origin only for everything that loads).

Nonces: a public page served from the anonymous page cache would replay one nonce to
everybody, which defeats it; so a response whose template asked for a nonce is never
stored (see cop.core.middleware.never_cache_for_anonymous).
"""

from csp.middleware import CSPMiddleware, PolicyParts

from .middleware import never_cache_for_anonymous

ADMIN_PREFIXES = ("/admin/", "/django-admin/")

ADMIN_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    # Wagtail shows image previews from blob: URLs while uploading, and avatars as data:.
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}

# Powerful browser features the site never uses: off for every page and every frame.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "serial",
        "bluetooth",
        "hid",
        "publickey-credentials-get",
        "screen-wake-lock",
        "xr-spatial-tracking",
        "browsing-topics",
        "interest-cohort",
    )
)


class SecurityHeadersMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIXES) and parts.config is None:
            parts.config = ADMIN_POLICY
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if getattr(request, "_csp_nonce", None) is not None:
            never_cache_for_anonymous(request)
        return response
