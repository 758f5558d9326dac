"""Record when a signed-in member last visited, so weekly digests go only to absent members."""

from django.utils import timezone

from .services import LAST_SEEN_RESOLUTION, touch_last_seen

SESSION_KEY = "pe_last_seen"


class LastSeenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and request.method == "GET":
            now = timezone.now().timestamp()
            # The session remembers the last write, so most requests cost no query at all.
            if now - request.session.get(SESSION_KEY, 0) > LAST_SEEN_RESOLUTION.total_seconds():
                touch_last_seen(user)
                request.session[SESSION_KEY] = now
        return self.get_response(request)
