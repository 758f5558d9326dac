"""Demo content for the benchmarking club: one council's 2023-24 submission, entered, certified by a
second officer and published, all through the real services so the history reads like real use.

Figures are demo figures, built from the council's own 2022-23 official outturn plus 4% and labelled
as a council submission (never as official statistics). Idempotent: skipped if the submission exists
or if the official data has not been imported.
"""

from decimal import ROUND_HALF_UP, Decimal

DEMO_COUNCIL = "E06000052"  # Cornwall, whose officer Helen Carter is a demo member
DEMO_YEAR = "2023-24"
SUBMITTER = "helen-carter"
CERTIFIER = ("morwenna-penrose", "Morwenna Penrose")


def _demo_grid(official):
    from .validation import MEASURE_KEYS, SERVICE_LINE_CODES, TOTAL_LINE

    def grown(line, measure):
        value = official.get((line, measure)) or Decimal(0)
        return (value * Decimal("1.04")).quantize(Decimal("1"), rounding=ROUND_HALF_UP)

    grid = {}
    for line in SERVICE_LINE_CODES:
        employees, running = grown(line, "employees"), grown(line, "running_expenses")
        sales, other = grown(line, "sales_fees_charges"), grown(line, "other_income")
        grid.update(
            {
                (line, "employees"): employees,
                (line, "running_expenses"): running,
                (line, "total_expenditure"): employees + running,
                (line, "sales_fees_charges"): sales,
                (line, "other_income"): other,
                (line, "total_income"): sales + other,
                (line, "net_current_expenditure"): employees + running - sales - other,
            }
        )
    for measure in MEASURE_KEYS:
        grid[(TOTAL_LINE, measure)] = sum(grid[(line, measure)] for line in SERVICE_LINE_CODES)
    return grid


def load(home_page, stdout) -> None:
    from allauth.account.models import EmailAddress

    from benchmarks.models import Authority
    from benchmarks.years import FinancialYear
    from cop.members.models import Profile, User, VerificationMethod

    from . import selectors, services
    from .models import Submission

    council = Authority.objects.filter(gss_code=DEMO_COUNCIL).first()
    year = FinancialYear.parse(DEMO_YEAR)
    if council is None:
        stdout.write("Benchmarking club: demo council not found; load members demo first. Skipped.\n")
        return
    if Submission.objects.filter(council=council, year=year).exists():
        stdout.write("Benchmarking club: demo submission already there.\n")
        return
    official = selectors.official_figures(council, year.previous())
    if not official:
        stdout.write(
            "Benchmarking club: no 2022-23 official outturn for the demo council (import it first). Skipped.\n"
        )
        return
    submitter = User.objects.filter(username=SUBMITTER).first()
    if submitter is None:
        stdout.write("Benchmarking club: demo officer not found; load members demo first. Skipped.\n")
        return
    username, display_name = CERTIFIER
    email = f"{username}@members.placeexchange.example"
    certifier, created = User.objects.get_or_create(
        username=username, defaults={"email": email, "display_name": display_name}
    )
    if created:
        certifier.set_unusable_password()
        certifier.save()
    EmailAddress.objects.get_or_create(user=certifier, email=email, defaults={"verified": True, "primary": True})
    Profile.objects.update_or_create(
        user=certifier,
        defaults={
            "organisation": council,
            "verified_council": council,
            "verification_method": VerificationMethod.MODERATOR,
            "role": "Chief Accountant",
        },
    )
    certifier = User.objects.get(pk=certifier.pk)

    submission, _ = services.start_submission(council, year, submitter)
    grid = _demo_grid(official)
    report = services.validate_for(submission, grid)
    explanations = {
        (flag.line, flag.measure): "Demo explanation: checked against the ledger; the difference reflects this "
        "council's size and the services it runs."
        for flag in report.flags
    }
    submission = services.save_figures(
        submission,
        raw=grid,
        explanations=explanations,
        expected_version=submission.version,
        user=submitter,
        reason="Demo: figures from the closed 2023-24 ledger",
        submit=True,
    )
    submission = services.certify_submission(
        submission,
        expected_version=submission.version,
        user=certifier,
        note="Demo: checked against the statement of accounts",
    )
    services.publish_submission(submission, expected_version=submission.version, reason="Demo: released")
    stdout.write(
        f"Benchmarking club: demo submission for {council} {year} published ({len(report.flags)} explained flags).\n"
    )
