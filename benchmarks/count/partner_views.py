"""Partners' figures for a place's count: start, enter by form or upload, preview, save, confirm.
Permissions are checked in permissions.py and again in services.py; nothing is saved before preview."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from benchmarks.years import FinancialYear
from cop.core.errors import NotPermitted

from . import permissions, selectors, services, spreadsheets
from .models import PartnerCount
from .validation import FIELDS, HEADERS, check_figures

POST_RATE = "60/m"
SESSION_KEY = "count_preview"


def _place_year(place_id: str, year: str):
    try:
        place = selectors.get_place(place_id)
        fy = FinancialYear.parse(year)
    except (selectors.PlaceNotFound, ValueError, TypeError) as error:
        raise Http404("No such place or year") from error
    return place, fy


def _url(place, year) -> str:
    return reverse("count:partners", kwargs={"place_id": place.id, "year": year.label})


def _context(request, place, year, count, **extra) -> dict:
    officer = permissions.is_officer_of(request.user, place, year)
    values = extra.pop("values", {})
    return {
        "place": place,
        "year": year,
        "count": count,
        "officer": officer,
        "figures": list(count.figures.all()) if count else [],
        "versions": list(count.versions.all()) if count and officer else [],
        "can_confirm": bool(count and permissions.can_confirm(request.user, count, place)),
        "fields": [(f, HEADERS[f], values.get(f, "")) for f in FIELDS],
        "values": values,
        "errors": _errors(extra.pop("problems", []), upload=extra.pop("upload", False)),
        **extra,
    }


def _errors(problems, *, upload: bool) -> list[dict]:
    """GOV.UK error summary entries: each problem links to its field on the form (or to the file input)."""
    out = []
    for p in problems:
        field = getattr(p, "field", "")
        href = "#id_file" if upload or not field else f"#id_{field}"
        out.append({"href": href, "message": str(p)})
    return out


def partners(request, place_id, year):
    place, fy = _place_year(place_id, year)
    count = PartnerCount.objects.filter(place_id=place.id, year=fy).first()
    if count is not None and not permissions.can_view(request.user, count, place):
        raise PermissionDenied("Only officers of the place can see a count before it is confirmed.")
    return render(request, "count/partners.html", _context(request, place, fy, count))


@login_required
@require_POST
@ratelimit(key="user", rate=POST_RATE, method="POST", block=True)
def start(request, place_id, year):
    place, fy = _place_year(place_id, year)
    try:
        services.start_count(request.user, place, fy)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from error
    return redirect(_url(place, fy))


def _officer_count(request, place, fy) -> PartnerCount:
    count = PartnerCount.objects.filter(place_id=place.id, year=fy).first()
    if count is None:
        raise Http404("Start the count first")
    if not permissions.is_officer_of(request.user, place, fy):
        raise PermissionDenied("Only verified officers of a council in the place can change its count.")
    return count


@login_required
@require_POST
@ratelimit(key="user", rate=POST_RATE, method="POST", block=True)
def preview(request, place_id, year):
    """Check a figure from the form, or a whole file; show what would be saved. Nothing is saved."""
    place, fy = _place_year(place_id, year)
    count = _officer_count(request, place, fy)
    upload = request.FILES.get("file")
    replace = upload is not None
    values = {}
    try:
        if upload is not None:
            rows = spreadsheets.read_upload(upload.read(spreadsheets.MAX_BYTES + 1), upload.name)
        else:
            values = {f: request.POST.get(f, "") for f in FIELDS}
            rows = [values]
    except spreadsheets.UploadRejected as error:
        problems = [error.message]
        ctx = _context(request, place, fy, count, problems=problems, values=values, upload=True)
        return render(request, "count/partners.html", ctx, status=400)
    existing = [] if replace else services.existing_figures(count)
    figures, problems = check_figures(rows, fy, existing)
    if problems:
        ctx = _context(request, place, fy, count, problems=problems, values=values, upload=replace)
        return render(request, "count/partners.html", ctx, status=400)
    request.session[SESSION_KEY] = {
        "count": count.pk,
        "replace": replace,
        "rows": [f.as_dict() for f in figures],
    }
    return render(
        request,
        "count/preview.html",
        {"place": place, "year": fy, "count": count, "figures": figures, "replace": replace},
    )


@login_required
@require_POST
@ratelimit(key="user", rate=POST_RATE, method="POST", block=True)
def save(request, place_id, year):
    place, fy = _place_year(place_id, year)
    count = _officer_count(request, place, fy)
    pending = request.session.get(SESSION_KEY) or {}
    if pending.get("count") != count.pk:
        messages.error(request, "There was nothing to save: enter the figures again and preview them.")
        return redirect(_url(place, fy))
    try:
        figures = services.save_figures(request.user, count, place, pending["rows"], replace=pending["replace"])
    except services.InvalidFigures as error:
        ctx = _context(request, place, fy, count, problems=[str(p) for p in error.problems])
        return render(request, "count/partners.html", ctx, status=400)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from error
    del request.session[SESSION_KEY]
    messages.success(
        request, f"{len(figures)} figure(s) saved. The count is a draft until a second officer confirms it."
    )
    return redirect(_url(place, fy))


@login_required
@require_POST
@ratelimit(key="user", rate=POST_RATE, method="POST", block=True)
def confirm(request, place_id, year):
    place, fy = _place_year(place_id, year)
    count = _officer_count(request, place, fy)
    try:
        services.confirm_count(request.user, count, place)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from error
    messages.success(request, "The count is confirmed and published.")
    return redirect(reverse("count:place", kwargs={"place_id": place.id}) + f"?year={fy.label}")


def template(request, place_id, year, fmt):
    _place, fy = _place_year(place_id, year)
    return spreadsheets.template_response(fmt, fy.label)
