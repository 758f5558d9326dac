from io import StringIO

import pytest

from benchmarks.submissions import demo
from benchmarks.submissions.models import Submission, SubmissionValue
from benchmarks.submissions.validation import validate_submission

from .factories import official_outturn
from .grids import consistent_grid

pytestmark = pytest.mark.django_db


def test_demo_publishes_one_valid_submission_and_is_idempotent(home_page):
    from cop.members import demo as members_demo

    out = StringIO()
    members_demo.load(home_page, out)
    demo.load(home_page, out)
    assert "no 2022-23 official outturn" in out.getvalue()
    assert not Submission.objects.exists()

    from benchmarks.models import Authority

    official_outturn(Authority.objects.get(gss_code=demo.DEMO_COUNCIL), 2022, consistent_grid(scale=30))
    demo.load(home_page, out)
    demo.load(home_page, out)
    submission = Submission.objects.get()
    assert submission.status == "published"
    assert submission.submitted_by.username == demo.SUBMITTER
    assert submission.certified_by.username == demo.CERTIFIER[0]
    assert [e.action for e in submission.events.order_by("version")] == [
        "created",
        "saved",
        "submitted",
        "certified",
        "published",
    ]
    values = {(v.service.code, v.measure): v.value_thousands for v in SubmissionValue.objects.select_related("service")}
    assert validate_submission(values).errors == []
    assert values[("190", "employees")] == 3120  # 3,000 + 4%
