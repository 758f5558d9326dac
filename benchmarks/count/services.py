"""Writes for partners' figures: start a count, save figures (after validation, all or nothing),
confirm by a second officer (publish). Every change is a new version with the figures as they stood."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from cop.core.errors import Invalid, NotPermitted

from . import permissions
from .models import CountStatus, CountVersion, PartnerCount, PartnerFigure
from .selectors import Place
from .validation import Figure, check_figures


class InvalidFigures(Invalid):
    def __init__(self, problems: list):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def _version(count: PartnerCount, user, action: str, *, changes_figures: bool = True) -> None:
    count.version += 1
    if changes_figures:
        count.changed_by = user
    count.save()
    figures = [
        Figure(f.agency, f.theme, f.amount_thousands, f.year, f.source, f.method, f.confidence).as_dict()
        for f in count.figures.all()
    ]
    CountVersion.objects.create(count=count, number=count.version, action=action, by=user, figures=figures)


def start_count(user, place: Place, year) -> PartnerCount:
    if not permissions.is_officer_of(user, place, year):
        raise NotPermitted(f"Only verified officers of a council in {place.name} can start its count.")
    count, _created = PartnerCount.objects.get_or_create(
        place_id=place.id,
        year=year,
        defaults={"place_name": place.name, "started_by": user, "changed_by": user},
    )
    return count


def existing_figures(count: PartnerCount) -> list[Figure]:
    return [
        Figure(f.agency, f.theme, f.amount_thousands, f.year, f.source, f.method, f.confidence)
        for f in count.figures.all()
    ]


def save_figures(user, count: PartnerCount, place: Place, rows: list[dict], *, replace: bool) -> list[Figure]:
    """Check every row, then save them all or nothing. ``replace``: the upload replaces every
    partner figure; otherwise the rows are added. A published count goes back to draft."""
    if not permissions.is_officer_of(user, place, count.year):
        raise NotPermitted(f"Only verified officers of a council in {place.name} can change its count.")
    with transaction.atomic():
        count = PartnerCount.objects.select_for_update().get(pk=count.pk)
        figures, problems = check_figures(rows, count.year, [] if replace else existing_figures(count))
        if problems:
            raise InvalidFigures(problems)
        if replace:
            count.figures.all().delete()
        PartnerFigure.objects.bulk_create(
            PartnerFigure(
                count=count,
                agency=f.agency,
                theme=f.theme,
                amount_thousands=f.amount_thousands,
                year=f.year,
                source=f.source,
                method=f.method,
                confidence=f.confidence,
            )
            for f in figures
        )
        count.status, count.confirmed_by, count.published_at = CountStatus.DRAFT, None, None
        _version(count, user, "figures replaced from a file" if replace else f"{len(figures)} figure(s) added")
    return figures


def confirm_count(user, count: PartnerCount, place: Place) -> PartnerCount:
    with transaction.atomic():
        count = PartnerCount.objects.select_for_update().get(pk=count.pk)
        if not permissions.can_confirm(user, count, place):
            if count.changed_by_id == user.pk:
                raise NotPermitted("A second officer of the place must confirm the count, not the one who changed it.")
            raise NotPermitted(f"Only a verified officer of a council in {place.name} can confirm its count.")
        count.status, count.confirmed_by, count.published_at = CountStatus.PUBLISHED, user, timezone.now()
        _version(count, user, "confirmed and published", changes_figures=False)
    return count
