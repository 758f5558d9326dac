"""Views for the benchmarking club. Permission checks: selectors/permissions; writes: services."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from benchmarks.years import FinancialYear
from cop.core.errors import NotPermitted
from cop.core.exports import csv_response, xlsx_response
from cop.core.middleware import never_cache_for_anonymous
from cop.members.selectors import verified_council_for

from . import forms, permissions, selectors, services
from .models import Submission
from .spreadsheets import TEMPLATE_HEADER, UploadRejected, read_upload, template_rows
from .validation import LINE_CODES, LINE_NAME, MEASURE_KEYS, MEASURE_LABEL, plain_decimal

POST_RATE = "60/m"
VISIBLE_LIMIT = 50
UPLOAD_RATE = "20/m"


def _visible_submission(request, pk) -> Submission:
    """The submission, or 404 when this person may not know it exists (another council's draft)."""
    submission = get_object_or_404(Submission.objects.select_related("council"), pk=pk)
    if not permissions.can_view(request.user, submission):
        raise Http404("No such submission")
    return submission


def _year_choices() -> list[tuple[str, str]]:
    # Outturn is only known once a year has ended, so the newest choice is last financial year.
    latest = FinancialYear.containing(timezone.localdate()).previous()
    years = [latest]
    while len(years) < 8:
        years.append(years[-1].previous())
    return [(year.label, year.label) for year in years]


def index(request):
    council = verified_council_for(request.user)
    context = {
        "council": council,
        "own_submissions": selectors.council_submissions(council) if council else [],
        "visible_submissions": (
            selectors.submissions_visible_to(request.user).exclude(council=council)[:VISIBLE_LIMIT]
            if council or permissions.is_staff(request.user)
            else []
        ),
        "start_form": forms.StartSubmissionForm(year_choices=_year_choices()) if council else None,
        "published_years": selectors.published_years(),
        "visible_limit": VISIBLE_LIMIT,
    }
    return render(request, "submissions/index.html", context)


@login_required
@require_POST
@ratelimit(key="user", rate=POST_RATE, method="POST", block=True)
def start(request):
    council = verified_council_for(request.user)
    if council is None:
        raise PermissionDenied("Only verified council officers can submit figures.")
    form = forms.StartSubmissionForm(request.POST, year_choices=_year_choices())
    if not form.is_valid():
        messages.error(request, "Choose the financial year your figures cover.")
        return redirect("submissions:index")
    submission, created = services.start_submission(council, form.cleaned_data["year"], request.user)
    if not created:
        messages.info(request, f"Your council already has a submission for {submission.year}: here it is.")
    return redirect("submissions:edit", pk=submission.pk)


def detail(request, pk):
    submission = _visible_submission(request, pk)
    if not submission.is_published:
        never_cache_for_anonymous(request)
    values, explanations = selectors.submission_figures(submission)
    official = selectors.official_figures(submission.council, submission.year)
    # Where both exist the official outturn is shown by default; the council's own figures on request.
    requested = request.GET.get("source")
    if official and requested != selectors.SOURCE_SUBMISSION:
        shown_source, shown = selectors.SOURCE_OFFICIAL, official
    else:
        shown_source, shown = selectors.SOURCE_SUBMISSION, values
    side_by_side = (
        [
            {
                "line": line,
                "name": LINE_NAME[line],
                "official": official.get((line, "net_current_expenditure")),
                "submitted": values.get((line, "net_current_expenditure")),
            }
            for line in LINE_CODES
        ]
        if official and values
        else []
    )
    for row in side_by_side:
        both = row["official"] is not None and row["submitted"] is not None
        row["difference"] = plain_decimal(row["submitted"] - row["official"]) if both else None
        row["official"] = plain_decimal(row["official"]) if row["official"] is not None else None
        row["submitted"] = plain_decimal(row["submitted"]) if row["submitted"] is not None else None
    user = request.user
    context = {
        "submission": submission,
        "side_by_side": side_by_side,
        "rows": forms.build_rows(shown),
        "columns": forms.column_headings(),
        "explanations": [
            (f"{LINE_NAME[line]} (line {line}): {MEASURE_LABEL[measure]}", text)
            for (line, measure), text in sorted(explanations.items())
        ],
        "has_values": bool(values),
        "has_official": bool(official),
        "shown_source": shown_source,
        "shown_source_label": selectors.SOURCE_LABELS[shown_source],
        "other_source": selectors.SOURCE_SUBMISSION
        if shown_source == selectors.SOURCE_OFFICIAL
        else selectors.SOURCE_OFFICIAL,
        "SOURCE_OFFICIAL": selectors.SOURCE_OFFICIAL,
        "SOURCE_SUBMISSION": selectors.SOURCE_SUBMISSION,
        "events": submission.events.select_related("actor")[:100],
        "can_edit": permissions.can_edit(user, submission),
        "can_submit": permissions.can_submit(user, submission) and bool(values),
        "can_certify": permissions.can_certify(user, submission),
        "can_publish": permissions.can_publish(user, submission),
        "can_set_release_date": permissions.can_set_release_date(user, submission),
        "is_submitter": submission.submitted_by_id == getattr(user, "pk", None),
    }
    return render(request, "submissions/detail.html", context)


def _edit_context(
    submission,
    *,
    raw,
    explanations,
    report=None,
    extra_errors=None,
    version=None,
    reason="",
    uploaded_file="",
    conflict=None,
    saved_now=None,
):
    previous, previous_source = selectors.previous_year_figures(submission.council, submission.year)
    if report is None:
        report = (
            services.validate_for(submission, raw, explanations) if any(str(v).strip() for v in raw.values()) else None
        )
        show_errors = False
    else:
        show_errors = True
    problems = [*report.errors, *report.missing_explanations] if (report and show_errors) else []
    return {
        "submission": submission,
        "rows": forms.build_rows(raw, problems, previous, saved_now),
        "columns": forms.column_headings(),
        "explanation_fields": forms.build_explanations(report.flags if report else [], explanations, problems),
        "error_summary": forms.error_summary(report if show_errors else None, extra_errors),
        "version": submission.version if version is None else version,
        "reason": reason,
        "reason_required": submission.status == "submitted",
        "uploaded_file": uploaded_file,
        "previous_source": previous_source,
        "conflict": conflict,
        "reason_errors": [message for anchor, message in (extra_errors or []) if anchor == "reason"],
    }


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate=POST_RATE, method="POST", block=True)
def edit(request, pk):
    submission = _visible_submission(request, pk)
    if not permissions.can_edit(request.user, submission):
        raise PermissionDenied("Only verified officers of this council can change its figures, before certification.")
    if request.method == "GET":
        values, explanations = selectors.submission_figures(submission)
        # An empty form for a new submission: last year's figures appear as hints beside each input,
        # never silently reused as this year's.
        return render(
            request, "submissions/edit.html", _edit_context(submission, raw=values, explanations=explanations)
        )

    grid = forms.read_post(request.POST)
    extra_errors = []
    if grid.version is None:
        extra_errors.append(("submission-grid", "The form was incomplete: reload the page and try again."))
    if submission.status == "submitted" and not grid.reason.strip():
        extra_errors.append(("reason", "Say why you are changing figures that have already been submitted"))
    if len(grid.reason) > forms.MAX_REASON_LENGTH:
        extra_errors.append(("reason", f"The reason must be {forms.MAX_REASON_LENGTH} characters or fewer"))
    if extra_errors:
        report = services.validate_for(submission, grid.raw, grid.explanations)
        return render(
            request,
            "submissions/edit.html",
            _edit_context(
                submission,
                raw=grid.raw,
                explanations=grid.explanations,
                report=report,
                extra_errors=extra_errors,
                version=grid.version,
                reason=grid.reason,
                uploaded_file=grid.uploaded_file,
            ),
            status=400,
        )
    try:
        submission = services.save_figures(
            submission,
            raw=grid.raw,
            explanations=grid.explanations,
            expected_version=grid.version,
            user=request.user,
            reason=grid.reason,
            uploaded_file=grid.uploaded_file,
            submit=grid.action == "submit",
        )
    except services.InvalidFigures as invalid:
        return render(
            request,
            "submissions/edit.html",
            _edit_context(
                submission,
                raw=grid.raw,
                explanations=grid.explanations,
                report=invalid.report,
                version=grid.version,
                reason=grid.reason,
                uploaded_file=grid.uploaded_file,
            ),
            status=400,
        )
    except services.StaleSubmission as stale:
        # Show their input back untouched, next to what is saved now; the next save is deliberate.
        saved_now, _ = selectors.submission_figures(stale.current)
        report = services.validate_for(stale.current, grid.raw, grid.explanations)
        return render(
            request,
            "submissions/edit.html",
            _edit_context(
                stale.current,
                raw=grid.raw,
                explanations=grid.explanations,
                report=report,
                extra_errors=[
                    (
                        "conflict",
                        stale.message + " Your figures are shown below, with the saved figures "
                        "beside any that differ. Check them and save again.",
                    )
                ],
                version=stale.current.version,
                reason=grid.reason,
                uploaded_file=grid.uploaded_file,
                conflict=stale.current,
                saved_now=saved_now,
            ),
            status=409,
        )
    except NotPermitted as refused:
        raise PermissionDenied(refused.message)
    if grid.action == "submit":
        messages.success(
            request, "Your figures are saved and submitted. A second officer of your council must now certify them."
        )
    else:
        messages.success(request, f"Your figures are saved as a draft (version {submission.version}).")
    return redirect("submissions:detail", pk=submission.pk)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate=UPLOAD_RATE, method="POST", block=True)
def upload(request, pk):
    submission = _visible_submission(request, pk)
    if not permissions.can_edit(request.user, submission):
        raise PermissionDenied("Only verified officers of this council can upload its figures.")
    form = forms.UploadForm(request.POST, request.FILES) if request.method == "POST" else forms.UploadForm()
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            grid = read_upload(upload_file.read(forms.MAX_UPLOAD_BYTES + 1), submission.year.label)
        except UploadRejected as rejected:
            problems = rejected.problems
        else:
            # The preview is the grid form filled from the file: nothing is saved until it is confirmed.
            _, explanations = selectors.submission_figures(submission)
            report = services.validate_for(submission, grid.raw, explanations)
            context = _edit_context(
                submission,
                raw=grid.raw,
                explanations=explanations,
                report=report,
                uploaded_file=upload_file.name,
            )
            context["preview"] = True
            context["rows_read"] = grid.rows_read
            context["file_format"] = grid.file_format
            return render(request, "submissions/edit.html", context)
    elif request.method == "POST":
        problems = [error for errors in form.errors.values() for error in errors]
    return render(
        request,
        "submissions/upload.html",
        {
            "submission": submission,
            "form": form,
            "problems": problems,
            "problem_summary": [{"href": "#id_file", "message": problem} for problem in problems],
        },
        status=400 if problems else 200,
    )


def _template_values(submission):
    values, _ = selectors.submission_figures(submission)
    if values:
        return values
    previous, _ = selectors.previous_year_figures(submission.council, submission.year)
    return previous


@login_required
def template_download(request, pk, file_format):
    if file_format not in ("csv", "xlsx"):
        raise Http404("Templates are CSV or XLSX")
    submission = _visible_submission(request, pk)
    if not permissions.can_edit(request.user, submission):
        raise PermissionDenied("Only verified officers of this council can download its template.")
    rows = template_rows(submission.year.label, _template_values(submission))
    filename = f"benchmark-submission-{submission.council.gss_code or submission.council.pk}-{submission.year.label}"
    if file_format == "xlsx":
        return xlsx_response(f"{filename}.xlsx", TEMPLATE_HEADER, rows, sheet_title=f"RO {submission.year.label}")
    return csv_response(f"{filename}.csv", TEMPLATE_HEADER, rows)


def export(request, pk):
    """The submission's figures and explanations as CSV (spreadsheet-safe)."""
    submission = _visible_submission(request, pk)
    if not submission.is_published:
        never_cache_for_anonymous(request)
    values, explanations = selectors.submission_figures(submission)
    header = [
        "Council",
        "GSS code",
        "Financial year",
        "Source",
        "Status",
        "RO line",
        "Service",
        "Measure",
        "Value (£ thousand)",
        "Explanation",
    ]
    rows = [
        [
            submission.council.name,
            submission.council.gss_code,
            submission.year.label,
            "Council submission",
            submission.get_status_display(),
            line,
            LINE_NAME[line],
            MEASURE_LABEL[measure],
            plain_decimal(values[(line, measure)]),
            explanations.get((line, measure), ""),
        ]
        for line in LINE_CODES
        for measure in MEASURE_KEYS
        if (line, measure) in values
    ]
    return csv_response(f"submission-{submission.council.gss_code}-{submission.year.label}.csv", header, rows)


def _transition(request, pk, action):
    submission = _visible_submission(request, pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        messages.error(request, "The form was incomplete: reload the page and try again.")
        return redirect("submissions:detail", pk=submission.pk)
    try:
        if action == "submit":
            services.submit_submission(submission, expected_version=version, user=request.user)
            messages.success(
                request, "Submitted. A second verified officer of your council must now certify the figures."
            )
        elif action == "certify":
            services.certify_submission(
                submission, expected_version=version, user=request.user, note=request.POST.get("note", "")[:1000]
            )
            messages.success(
                request,
                f"Certified. The figures will be published on {submission.release_date:%-d %B %Y}."
                if submission.release_date
                else "Certified.",
            )
        elif action == "publish":
            services.publish_submission(submission, expected_version=version, user=request.user)
            messages.success(request, "Published: everyone can now see these figures.")
    except NotPermitted as refused:
        raise PermissionDenied(refused.message)
    except services.StaleSubmission as stale:
        messages.error(request, stale.message + " Check the figures below before you try again.")
    except services.InvalidFigures as invalid:
        count = len(invalid.report.errors) + len(invalid.report.missing_explanations)
        messages.error(
            request,
            f"The figures cannot be submitted yet: {count} problem(s) to fix or explain. "
            "Change the figures to see them listed.",
        )
        return redirect("submissions:edit", pk=submission.pk)
    return redirect("submissions:detail", pk=submission.pk)


@login_required
@require_POST
@ratelimit(key="user", rate=POST_RATE, method="POST", block=True)
def submit(request, pk):
    return _transition(request, pk, "submit")


@login_required
@require_POST
@ratelimit(key="user", rate=POST_RATE, method="POST", block=True)
def certify(request, pk):
    return _transition(request, pk, "certify")


@login_required
@require_POST
@ratelimit(key="user", rate=POST_RATE, method="POST", block=True)
def publish(request, pk):
    return _transition(request, pk, "publish")


@login_required
@require_POST
@ratelimit(key="user", rate=POST_RATE, method="POST", block=True)
def release_date(request, pk):
    submission = _visible_submission(request, pk)
    if not permissions.can_set_release_date(request.user, submission):
        raise PermissionDenied("Only staff can change a release date, before publication.")
    try:
        version = int(request.POST.get("version", ""))
        new_date = date.fromisoformat(request.POST.get("release_date", ""))
    except ValueError:
        messages.error(request, "Enter the release date as a real date, for example 2025-11-01.")
        return redirect("submissions:detail", pk=submission.pk)
    try:
        services.set_release_date(
            submission,
            release_date=new_date,
            expected_version=version,
            user=request.user,
            reason=request.POST.get("reason", "")[:1000],
        )
    except services.StaleSubmission as stale:
        messages.error(request, stale.message + " Check the submission before you try again.")
    else:
        messages.success(request, f"The release date is now {new_date:%-d %B %Y}.")
    return redirect("submissions:detail", pk=submission.pk)


def published(request):
    years = selectors.published_years()
    try:
        year = FinancialYear.parse(request.GET["year"]) if request.GET.get("year") else (years[0] if years else None)
    except ValueError:
        year = years[0] if years else None
    return render(
        request,
        "submissions/published.html",
        {
            "years": years,
            "year": year,
            "rows": selectors.published_totals_with_official(year) if year else [],
            "SOURCE_OFFICIAL": selectors.SOURCE_OFFICIAL,
            "source_labels": selectors.SOURCE_LABELS,
        },
    )
