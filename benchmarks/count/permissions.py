"""Who may do what with a place's partner count. Checked on the server for every request.

* Published counts: everyone.
* Start, change, or see a draft: verified officers of a council in the place.
* Confirm (publish) a draft: a second verified officer of the place, not the one who last changed it.
"""

from __future__ import annotations

from cop.members.selectors import verified_council_for

from .models import CountStatus, PartnerCount
from .selectors import Place, place_council_ids


def is_officer_of(user, place: Place, year) -> bool:
    council = verified_council_for(user)
    return council is not None and council.pk in place_council_ids(place, year)


def can_view(user, count: PartnerCount, place: Place) -> bool:
    return count.status == CountStatus.PUBLISHED or is_officer_of(user, place, count.year)


def can_confirm(user, count: PartnerCount, place: Place) -> bool:
    return (
        count.status == CountStatus.DRAFT
        and count.version > 0
        and count.changed_by_id != user.pk
        and is_officer_of(user, place, count.year)
    )
