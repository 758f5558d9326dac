from decimal import Decimal

import pytest

from benchmarks.submissions.validation import (
    AmountError,
    check_sums,
    field_name,
    find_flags,
    median,
    median_absolute_deviation,
    parse_amount,
    validate_submission,
)

from .grids import as_text, consistent_grid


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1234", Decimal("1234")),
        ("1,234", Decimal("1234")),
        ("1,234,567.5", Decimal("1234567.5")),
        (" -12.25 ", Decimal("-12.25")),
        ("(12)", Decimal("-12")),
        ("+40", Decimal("40")),
        ("0", Decimal("0")),
        (17, Decimal("17")),
        (2.5, Decimal("2.5")),
        ("0.125", Decimal("0.125")),
    ],
)
def test_parse_amount_accepts_numbers_people_type(typed, expected):
    assert parse_amount(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message_part"),
    [
        ("", "is empty"),
        (None, "is empty"),
        ("twelve", "is not a number"),
        ("=1+2", "formula"),
        ("=cmd|' /C calc'!A0", "formula"),
        ("@SUM(A1)", "formula"),
        ("£1,200", "£ sign"),
        ("1.2m", "units"),
        ("12k", "units"),
        ("1,23", "is not a number"),
        ("12.3456", "decimal places"),
        ("NaN", "not a number"),
        ("1e12", "too large"),
        (True, "yes/no"),
    ],
)
def test_parse_amount_rejects_anything_but_a_number_with_a_reason(typed, message_part):
    with pytest.raises(AmountError) as error:
        parse_amount(typed)
    assert message_part in str(error.value)


def test_a_consistent_grid_has_no_errors_and_no_flags_without_history():
    report = validate_submission(as_text(consistent_grid()))
    assert report.errors == []
    assert report.flags == []
    assert report.can_submit


def test_text_in_a_number_cell_is_reported_against_that_cell():
    raw = as_text(consistent_grid())
    raw[("330", "employees")] = "about 400"
    report = validate_submission(raw)
    assert [problem.field for problem in report.errors] == [field_name("330", "employees")]
    assert "Children's social care (line 330): Employees (C1)" in report.errors[0].message
    assert not report.is_valid


def test_empty_cell_is_reported():
    raw = as_text(consistent_grid())
    del raw[("190", "other_income")]
    report = validate_submission(raw)
    assert [problem.field for problem in report.errors] == ["v_190_other_income"]


@pytest.mark.parametrize(
    ("total", "part"),
    [("total_expenditure", "employees"), ("total_income", "other_income"), ("net_current_expenditure", "total_income")],
)
def test_line_totals_must_equal_their_parts(total, part):
    grid = consistent_grid()
    grid[("290", part)] += 5  # the part moves, the total does not
    problems = check_sums(grid)
    fields = {problem.field for problem in problems}
    assert field_name("290", total) in fields
    message = next(problem.message for problem in problems if problem.field == field_name("290", total))
    assert "a difference of 5" in message


def test_c3_formula_message_names_the_parts():
    grid = consistent_grid()
    grid[("190", "total_expenditure")] += 10
    grid[("190", "net_current_expenditure")] += 10  # C7 still agrees with the (wrong) C3
    problems = [problem for problem in check_sums(grid) if problem.line == "190"]
    assert [problem.field for problem in problems] == ["v_190_total_expenditure"]
    assert "employees (C1) + running expenses (C2)" in problems[0].message


def test_c7_is_c3_minus_c6():
    grid = consistent_grid()
    assert check_sums(grid) == []
    # a classic slip: adding income instead of taking it away
    grid[("509", "net_current_expenditure")] = grid[("509", "total_expenditure")] + grid[("509", "total_income")]
    problems = [problem for problem in check_sums(grid) if problem.line == "509"]
    assert [problem.field for problem in problems] == ["v_509_net_current_expenditure"]
    assert "total expenditure (C3) − total income (C6)" in problems[0].message


def test_differences_up_to_one_thousand_are_rounding():
    grid = consistent_grid()
    grid[("190", "total_expenditure")] += Decimal("1")
    grid[("190", "net_current_expenditure")] += Decimal("1")
    grid[("699", "total_expenditure")] += Decimal("0.6")
    grid[("699", "net_current_expenditure")] += Decimal("1.6")
    assert check_sums(grid) == []
    grid[("190", "total_expenditure")] += Decimal("0.5")  # now 1.5 away from C1 + C2
    assert [problem.field for problem in check_sums(grid)] == ["v_190_total_expenditure"]


def test_line_699_must_be_the_sum_of_service_lines():
    grid = consistent_grid()
    grid[("699", "employees")] += 3
    grid[("699", "total_expenditure")] += 3
    grid[("699", "net_current_expenditure")] += 3
    problems = check_sums(grid)
    assert {problem.field for problem in problems} == {
        "v_699_employees",
        "v_699_total_expenditure",
        "v_699_net_current_expenditure",
    }
    assert all("Line 699 must equal the sum" in problem.message for problem in problems)


def test_sums_are_not_checked_when_a_part_is_not_a_number():
    raw = as_text(consistent_grid())
    raw[("190", "employees")] = "n/a"
    report = validate_submission(raw)
    # only the bad cell: no knock-on "does not add up" messages about figures we could not read
    assert [problem.field for problem in report.errors] == ["v_190_employees"]


def test_median_and_mad_on_known_small_samples():
    assert median([Decimal(3), Decimal(1), Decimal(2)]) == 2
    assert median([Decimal(1), Decimal(2), Decimal(3), Decimal(4)]) == Decimal("2.5")
    # deviations from 3: 2,1,0,1,6 -> median 1
    assert median_absolute_deviation([Decimal(v) for v in (1, 2, 3, 4, 9)]) == 1


def test_change_of_more_than_25_percent_needs_an_explanation():
    grid = consistent_grid()
    previous = dict(grid)
    previous[("190", "employees")] = grid[("190", "employees")] / Decimal("1.30")  # now up 30%
    previous[("290", "employees")] = grid[("290", "employees")] / Decimal("1.20")  # up 20%: fine
    flags = find_flags(grid, previous=previous)
    assert [(flag.line, flag.measure) for flag in flags] == [("190", "employees")]
    assert "up 30% on last year" in flags[0].reasons[0]


def test_a_fall_of_more_than_25_percent_is_flagged_too():
    grid = consistent_grid()
    previous = dict(grid)
    previous[("390", "other_income")] = grid[("390", "other_income")] * 2
    flags = find_flags(grid, previous=previous)
    assert [(flag.line, flag.measure) for flag in flags] == [("390", "other_income")]
    assert flags[0].reasons[0].startswith("down 50%")


def test_a_change_of_a_thousand_or_less_is_never_flagged():
    grid = {("190", "employees"): Decimal("2")}
    assert find_flags(grid, previous={("190", "employees"): Decimal("1")}) == []
    assert len(find_flags(grid, previous={("190", "employees"): Decimal("0.5")})) == 1


def test_value_more_than_3_mads_from_group_needs_an_explanation():
    group_values = [Decimal(v) for v in (90, 95, 100, 105, 110, 100, 98)]  # median 100, MAD 5
    assert find_flags({("360", "employees"): Decimal("114")}, group={("360", "employees"): group_values}) == []
    flags = find_flags({("360", "employees"): Decimal("116")}, group={("360", "employees"): group_values})
    assert len(flags) == 1
    assert "3.2 median absolute deviations" in flags[0].reasons[0]


def test_small_or_flat_groups_flag_nothing():
    assert find_flags({("360", "employees"): Decimal("999")}, group={("360", "employees"): [Decimal(1)] * 3}) == []
    assert find_flags({("360", "employees"): Decimal("999")}, group={("360", "employees"): [Decimal(1)] * 10}) == []


def test_flags_block_submission_until_explained():
    grid = consistent_grid()
    previous = dict(grid)
    previous[("190", "employees")] = Decimal(1)
    report = validate_submission(as_text(grid), previous=previous)
    assert report.is_valid
    assert not report.can_submit
    assert [problem.field for problem in report.missing_explanations] == ["explain_190_employees"]

    explained = validate_submission(
        as_text(grid), previous=previous, explanations={("190", "employees"): "New academy trust staff transferred in"}
    )
    assert explained.can_submit


def test_whitespace_is_not_an_explanation():
    grid = consistent_grid()
    previous = {("190", "employees"): Decimal(1)}
    report = validate_submission(as_text(grid), previous=previous, explanations={("190", "employees"): "   "})
    assert not report.can_submit
