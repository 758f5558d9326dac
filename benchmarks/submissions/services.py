"""Writes for submissions. Every write:

* checks permission again (views check too, but this is the last line),
* bumps `version` with a conditional UPDATE … WHERE version = <the version the person started from>,
  so of two people saving the same submission at once exactly one wins and the other is told
  (StaleSubmission) — PostgreSQL blocks the second UPDATE on the row lock until the first commits,
  then finds the version moved and updates nothing,
* runs in one transaction with its audit event, so nothing is ever half-written.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from benchmarks.models import Authority, Service
from benchmarks.years import FinancialYear
from cop.core.cache import purge_page_cache
from cop.core.errors import Invalid, NotPermitted
from cop.core.site_url import absolute_url

from . import permissions, selectors
from .models import Submission, SubmissionAction, SubmissionEvent, SubmissionStatus, SubmissionValue
from .validation import LINE_CODES, MAX_EXPLANATION_LENGTH, Cell, ValidationReport, validate_submission


class StaleSubmission(Invalid):
    """Someone else changed the submission since this person loaded it."""

    def __init__(self, current: Submission):
        who = str(current.updated_by) if current.updated_by else "someone else"
        when = timezone.localtime(current.updated_at).strftime("%-d %B %Y at %H:%M")
        super().__init__(
            f"{who} changed this submission ({current.get_status_display().lower()}, version {current.version}) "
            f"on {when}, after you opened it. Your figures have not been saved."
        )
        self.current = current


class InvalidFigures(Invalid):
    def __init__(self, report: ValidationReport):
        super().__init__("The figures have problems: nothing was saved.")
        self.report = report


def default_release_date(year: FinancialYear) -> date:
    """Club figures are released in the November after the year ends (before official outturn is final)."""
    return date(year.end_year, 11, 1)


def start_submission(council: Authority, year, user) -> tuple[Submission, bool]:
    """The council's submission for the year, created as an empty draft if there is none yet."""
    if not permissions.can_start(user, council):
        raise NotPermitted("Only verified officers of this council can start its submission.")
    year = FinancialYear.parse(year)
    existing = Submission.objects.filter(council=council, year=year).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                council=council, year=year, created_by=user, updated_by=user, release_date=default_release_date(year)
            )
            SubmissionEvent.objects.create(
                submission=submission, version=submission.version, action=SubmissionAction.CREATED, actor=user
            )
    except IntegrityError:
        # Two colleagues pressed "start" at the same moment: both get the one submission.
        return Submission.objects.get(council=council, year=year), False
    return submission, True


def validate_for(
    submission: Submission, raw: Mapping[Cell, object], explanations: Mapping[Cell, str] | None = None
) -> ValidationReport:
    """All checks, with last year's figures and the comparison group behind the flags."""
    previous, _ = selectors.previous_year_figures(submission.council, submission.year)
    group, _ = selectors.comparison_group_figures(submission.council)
    return validate_submission(raw, previous=previous, group=group, explanations=explanations or {})


def _bump(submission: Submission, expected_version: int, user, *, allowed_statuses, **fields) -> Submission:
    """Conditional UPDATE: succeeds only if nobody moved the version since `expected_version`."""
    now = timezone.now()
    updated = Submission.objects.filter(pk=submission.pk, version=expected_version, status__in=allowed_statuses).update(
        version=F("version") + 1, updated_by=user, updated_at=now, **fields
    )
    if not updated:
        raise StaleSubmission(Submission.objects.select_related("updated_by").get(pk=submission.pk))
    return Submission.objects.get(pk=submission.pk)


def _decimal_text(value: Decimal | None) -> str | None:
    if value is None:
        return None
    normalised = value.normalize()
    return f"{normalised:f}"


def save_figures(
    submission: Submission,
    *,
    raw: Mapping[Cell, object],
    explanations: Mapping[Cell, str],
    expected_version: int,
    user,
    reason: str = "",
    uploaded_file: str = "",
    submit: bool = False,
) -> Submission:
    """Validate and save every figure at once, optionally submitting for certification.

    Raises InvalidFigures (nothing written), StaleSubmission (nothing written) or NotPermitted.
    """
    if not permissions.can_edit(user, submission):
        raise NotPermitted(
            "Only verified officers of this council can change its figures, and only before certification."
        )
    reason = (reason or "").strip()
    if submission.status == SubmissionStatus.SUBMITTED and not reason:
        raise NotPermitted("Say why you are changing figures that have already been submitted.")
    explanations = {cell: (text or "").strip() for cell, text in explanations.items()}
    report = validate_for(submission, raw, explanations)
    if not report.is_valid or (submit and not report.can_submit):
        raise InvalidFigures(report)
    if any(len(text) > MAX_EXPLANATION_LENGTH for text in explanations.values()):
        raise InvalidFigures(report)

    services = dict(Service.objects.filter(code__in=LINE_CODES).values_list("code", "id"))
    with transaction.atomic():
        was_submitted = submission.status == SubmissionStatus.SUBMITTED
        existing = {
            (value.service.code, value.measure): value
            for value in SubmissionValue.objects.filter(submission=submission).select_related("service")
        }
        changes = []
        to_create, to_update = [], []
        for cell, value in report.values.items():
            explanation = explanations.get(cell, "")
            current = existing.get(cell)
            if current is None:
                to_create.append(
                    SubmissionValue(
                        submission=submission,
                        service_id=services[cell[0]],
                        measure=cell[1],
                        value_thousands=value,
                        explanation=explanation,
                    )
                )
                changes.append({"line": cell[0], "measure": cell[1], "old": None, "new": _decimal_text(value)})
                if explanation:
                    changes.append(
                        {"line": cell[0], "measure": cell[1], "field": "explanation", "old": "", "new": explanation}
                    )
                continue
            changed = False
            if current.value_thousands != value:
                changes.append(
                    {
                        "line": cell[0],
                        "measure": cell[1],
                        "old": _decimal_text(current.value_thousands),
                        "new": _decimal_text(value),
                    }
                )
                current.value_thousands = value
                changed = True
            if current.explanation != explanation:
                changes.append(
                    {
                        "line": cell[0],
                        "measure": cell[1],
                        "field": "explanation",
                        "old": current.explanation,
                        "new": explanation,
                    }
                )
                current.explanation = explanation
                changed = True
            if changed:
                to_update.append(current)

        returning = was_submitted and bool(changes)
        extra = {"status": SubmissionStatus.DRAFT, "submitted_by": None, "submitted_at": None} if returning else {}
        submission = _bump(
            submission,
            expected_version,
            user,
            allowed_statuses=[SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED],
            **extra,
        )
        SubmissionValue.objects.bulk_create(to_create)
        SubmissionValue.objects.bulk_update(to_update, ["value_thousands", "explanation"])
        if returning:
            action = SubmissionAction.RETURNED
        elif uploaded_file:
            action = SubmissionAction.UPLOADED
        else:
            action = SubmissionAction.SAVED
        why = reason or (f"Uploaded {uploaded_file}" if uploaded_file else "")
        SubmissionEvent.objects.create(
            submission=submission, version=submission.version, action=action, actor=user, reason=why, changes=changes
        )
        if submit:
            submission = _submit_locked(submission, user)
    return submission


def submit_submission(submission: Submission, *, expected_version: int, user) -> Submission:
    """Submit the saved figures for certification (they must pass every check, flags explained)."""
    if not permissions.can_submit(user, submission):
        raise NotPermitted("Only verified officers of this council can submit a draft.")
    values, explanations = selectors.submission_figures(submission)
    report = validate_for(submission, values, explanations)
    if not report.can_submit:
        raise InvalidFigures(report)
    with transaction.atomic():
        if submission.version != expected_version:
            raise StaleSubmission(Submission.objects.select_related("updated_by").get(pk=submission.pk))
        return _submit_locked(submission, user)


def _submit_locked(submission: Submission, user) -> Submission:
    now = timezone.now()
    submission = _bump(
        submission,
        submission.version,
        user,
        allowed_statuses=[SubmissionStatus.DRAFT],
        status=SubmissionStatus.SUBMITTED,
        submitted_by=user,
        submitted_at=now,
    )
    SubmissionEvent.objects.create(
        submission=submission, version=submission.version, action=SubmissionAction.SUBMITTED, actor=user
    )
    submission_id, submitter_id = submission.pk, user.pk
    transaction.on_commit(lambda: email_certifiers(submission_id, submitter_id))
    return submission


def email_certifiers(submission_id: int, submitter_id: int) -> int:
    """Tell the council's other verified officers that figures await their certification."""
    from django.core.mail import send_mass_mail
    from django.urls import reverse

    from cop.members.models import Profile

    submission = Submission.objects.select_related("council").get(pk=submission_id)
    recipients = list(
        Profile.objects.filter(verified_council=submission.council, user__is_active=True, user__deleted_at__isnull=True)
        .exclude(user_id=submitter_id)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    link = absolute_url(reverse("submissions:detail", args=[submission.pk]))
    subject = f"[Place Exchange] {submission.council} {submission.year} figures need certifying"
    body = (
        f"A colleague has submitted {submission.council}'s {submission.year} revenue outturn figures to the "
        f"benchmarking club. A second verified officer must check and certify them before they can be published.\n\n"
        f"Review and certify: {link}\n"
    )
    return send_mass_mail([(subject, body, None, [email]) for email in recipients], fail_silently=True)


def certify_submission(submission: Submission, *, expected_version: int, user, note: str = "") -> Submission:
    if not permissions.can_certify(user, submission):
        raise NotPermitted(
            "A submission must be certified by a second verified officer of the same council, not the person who submitted it."
        )
    with transaction.atomic():
        submission = _bump(
            submission,
            expected_version,
            user,
            allowed_statuses=[SubmissionStatus.SUBMITTED],
            status=SubmissionStatus.CERTIFIED,
            certified_by=user,
            certified_at=timezone.now(),
        )
        SubmissionEvent.objects.create(
            submission=submission,
            version=submission.version,
            action=SubmissionAction.CERTIFIED,
            actor=user,
            reason=(note or "").strip(),
        )
    return submission


def publish_submission(submission: Submission, *, expected_version: int, user=None, reason: str = "") -> Submission:
    """Publish a certified submission: staff early, or the scheduled command (user None) when due."""
    if user is not None and not permissions.can_publish(user, submission):
        raise NotPermitted("Only staff can publish a certified submission before its release date.")
    with transaction.atomic():
        submission = _bump(
            submission,
            expected_version,
            user,
            allowed_statuses=[SubmissionStatus.CERTIFIED],
            status=SubmissionStatus.PUBLISHED,
            published_at=timezone.now(),
        )
        SubmissionEvent.objects.create(
            submission=submission,
            version=submission.version,
            action=SubmissionAction.PUBLISHED,
            actor=user,
            reason=reason or ("Released on the release date" if user is None else "Published by staff"),
        )
    # Anonymous visitors can now see these figures.
    transaction.on_commit(purge_page_cache)
    return submission


def set_release_date(
    submission: Submission, *, release_date: date, expected_version: int, user, reason: str = ""
) -> Submission:
    """Staff move the release date of a submission that is not yet published."""
    if not permissions.is_staff(user):
        raise NotPermitted("Only staff can change a release date.")
    old = submission.release_date
    with transaction.atomic():
        submission = _bump(
            submission,
            expected_version,
            user,
            allowed_statuses=[SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED, SubmissionStatus.CERTIFIED],
            release_date=release_date,
        )
        SubmissionEvent.objects.create(
            submission=submission,
            version=submission.version,
            action=SubmissionAction.RELEASE_DATE,
            actor=user,
            reason=(reason or "").strip(),
            changes=[
                {"field": "release_date", "old": old.isoformat() if old else None, "new": release_date.isoformat()}
            ],
        )
    return submission


def publish_due_submissions(today: date | None = None) -> list[Submission]:
    """Publish every certified submission whose release date has come. Safe to run repeatedly."""
    today = today or timezone.localdate()
    published = []
    for submission in selectors.due_for_publication(today):
        try:
            published.append(publish_submission(submission, expected_version=submission.version))
        except StaleSubmission:
            continue  # changed while we looked (e.g. staff published it): the next run sees the truth
    return published
