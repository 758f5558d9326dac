from decimal import Decimal

import pytest

from benchmarks.submissions.models import SubmissionStatus
from benchmarks.submissions.selectors import (
    SOURCE_OFFICIAL,
    SOURCE_SUBMISSION,
    comparison_group_figures,
    preferred_figures,
    previous_year_figures,
    published_submission_values,
    published_totals_with_official,
    submissions_visible_to,
)
from benchmarks.years import FinancialYear
from tests.members.factories import AuthorityFactory, StaffFactory, UserFactory

from .factories import YEAR, SubmissionFactory, fill, officer_of, official_outturn
from .grids import consistent_grid

pytestmark = pytest.mark.django_db


def published(council, grid=None, status=SubmissionStatus.PUBLISHED, year=YEAR):
    return fill(SubmissionFactory(council=council, status=status, year=year), grid or consistent_grid())


def test_published_submission_values_only_returns_published_figures_for_the_year():
    council = AuthorityFactory(name="Alpha Council", gss_code="E10000001")
    published(council)
    published(AuthorityFactory(), status=SubmissionStatus.CERTIFIED)
    published(AuthorityFactory(), status=SubmissionStatus.DRAFT)
    published(AuthorityFactory(), year=FinancialYear(2022))
    figures = published_submission_values("2023-24")
    assert len(figures) == 98
    assert {figure.gss_code for figure in figures} == {"E10000001"}
    education = published_submission_values(YEAR, service_code="190", measure="employees")
    assert [(f.council_name, f.value_thousands, f.source) for f in education] == [
        ("Alpha Council", Decimal("100"), SOURCE_SUBMISSION)
    ]
    assert "not official statistics" in education[0].source_label


def test_preferred_figures_show_official_outturn_where_both_exist():
    both = AuthorityFactory(name="Both Council")
    only_submitted = AuthorityFactory(name="Club Council")
    only_official = AuthorityFactory(name="Official Council")
    published(both, consistent_grid(scale=1))
    official_outturn(both, YEAR, consistent_grid(scale=2))
    published(only_submitted, consistent_grid(scale=3))
    official_outturn(only_official, YEAR, consistent_grid(scale=4))
    figures = {f.council_name: f for f in preferred_figures("2023-24", "190", "employees")}
    assert figures["Both Council"].source == SOURCE_OFFICIAL
    assert figures["Both Council"].value_thousands == 200
    assert figures["Both Council"].other_source_value == 100
    assert figures["Club Council"].source == SOURCE_SUBMISSION
    assert figures["Club Council"].value_thousands == 300
    assert figures["Official Council"].source == SOURCE_OFFICIAL


def test_published_totals_page_rows_carry_both_sources():
    council = AuthorityFactory()
    published(council)
    official_outturn(council, YEAR, consistent_grid(scale=2))
    other = AuthorityFactory()
    published(other)
    rows = {row["submission"].council_id: row for row in published_totals_with_official(YEAR)}
    grid = consistent_grid()
    assert rows[council.pk]["submitted"] == grid[("699", "net_current_expenditure")]
    assert rows[council.pk]["official"] == consistent_grid(scale=2)[("699", "net_current_expenditure")]
    assert rows[council.pk]["shown_source"] == SOURCE_OFFICIAL
    assert rows[other.pk]["official"] is None
    assert rows[other.pk]["shown_source"] == SOURCE_SUBMISSION


def test_previous_year_prefers_official_outturn_then_the_councils_own_submission():
    council = AuthorityFactory()
    assert previous_year_figures(council, YEAR) == ({}, "")
    fill(SubmissionFactory(council=council, year=YEAR.previous()), consistent_grid(scale=5))
    values, source = previous_year_figures(council, YEAR)
    assert values[("190", "employees")] == 500
    assert source == "your council's submission for 2022-23"
    official_outturn(council, YEAR.previous(), consistent_grid(scale=6))
    values, source = previous_year_figures(council, YEAR)
    assert values[("190", "employees")] == 600
    assert source == "official outturn 2022-23"


def test_comparison_group_is_same_type_latest_year_excluding_the_council():
    council = AuthorityFactory(authority_type="NMD")
    official_outturn(council, 2022, consistent_grid(scale=99))
    for scale in (1, 2):
        official_outturn(AuthorityFactory(authority_type="NMD"), 2022, consistent_grid(scale=scale))
    official_outturn(AuthorityFactory(authority_type="NMD"), 2021, consistent_grid(scale=50))
    official_outturn(AuthorityFactory(authority_type="CTY"), 2022, consistent_grid(scale=70))
    group, year = comparison_group_figures(council)
    assert year == FinancialYear(2022)
    assert sorted(group[("190", "employees")]) == [100, 200]


def test_visible_submissions_by_role():
    council_a, council_b = AuthorityFactory(), AuthorityFactory()
    draft_a = SubmissionFactory(council=council_a)
    draft_b = SubmissionFactory(council=council_b)
    certified_b = SubmissionFactory(council=council_b, year=FinancialYear(2022), status=SubmissionStatus.CERTIFIED)
    published_b = SubmissionFactory(council=council_b, year=FinancialYear(2021), status=SubmissionStatus.PUBLISHED)
    assert set(submissions_visible_to(officer_of(council_a))) == {draft_a, certified_b, published_b}
    assert set(submissions_visible_to(UserFactory())) == {published_b}
    assert set(submissions_visible_to(StaffFactory())) == {draft_a, draft_b, certified_b, published_b}
