"""Who may see and do what with a submission. Checked on the server for every request.

* Published figures: everyone.
* Certified, not yet released: verified officers of any council (the club), and staff.
* Draft or submitted: only verified officers of the submitting council, and staff.
* Edit: verified officers of the council, while the submission is a draft or submitted.
* Certify: a second verified officer of the same council — never the one who submitted it.
* Publish early, or publish on the release date: staff (or the scheduled command).
"""

from __future__ import annotations

from cop.members.selectors import verified_council_for

from .models import Submission, SubmissionStatus


def is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


def officer_council_id(user) -> int | None:
    council = verified_council_for(user)
    return council.pk if council else None


def can_view(user, submission: Submission) -> bool:
    if submission.status == SubmissionStatus.PUBLISHED:
        return True
    if is_staff(user):
        return True
    council_id = officer_council_id(user)
    if council_id is None:
        return False
    if submission.status == SubmissionStatus.CERTIFIED:
        return True
    return council_id == submission.council_id


def can_edit(user, submission: Submission) -> bool:
    council_id = officer_council_id(user)
    return submission.is_editable and council_id is not None and council_id == submission.council_id


def can_submit(user, submission: Submission) -> bool:
    return submission.status == SubmissionStatus.DRAFT and can_edit(user, submission)


def can_certify(user, submission: Submission) -> bool:
    if submission.status != SubmissionStatus.SUBMITTED:
        return False
    if officer_council_id(user) != submission.council_id:
        return False
    return submission.submitted_by_id is not None and submission.submitted_by_id != user.pk


def can_publish(user, submission: Submission) -> bool:
    return submission.status == SubmissionStatus.CERTIFIED and is_staff(user)


def can_start(user, council) -> bool:
    return council is not None and officer_council_id(user) == council.pk


def can_set_release_date(user, submission: Submission) -> bool:
    return is_staff(user) and submission.status != SubmissionStatus.PUBLISHED
