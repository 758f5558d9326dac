from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from .health import run_checks
from .input_guard import UnreadableInput


@never_cache
def healthz(request):
    results = run_checks()
    failed = {name: error for name, error in results.items() if error}
    payload = {
        "status": "ok" if not failed else "fail",
        "checks": {name: ("ok" if not error else error) for name, error in results.items()},
    }
    return JsonResponse(payload, status=200 if not failed else 503)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


@requires_csrf_token
def server_error(request):
    return render(request, "errors/500.html", status=500)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def bad_request(request, exception=None):
    # Only our own refusals carry a message written for the person (see cop.core.input_guard).
    reason = exception.message if isinstance(exception, UnreadableInput) else ""
    return render(request, "errors/400.html", {"reason": reason}, status=400)


def csrf_failure(request, reason=""):
    return render(request, "errors/csrf.html", status=403)
