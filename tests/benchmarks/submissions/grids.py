"""Consistent submission grids for tests: parts chosen, totals computed independently here."""

from decimal import Decimal

from benchmarks.submissions.validation import LINE_CODES, MEASURE_KEYS, SERVICE_LINE_CODES, TOTAL_LINE


def consistent_grid(scale: int = 1) -> dict:
    """Every total equals its parts; line 699 is the sum of the service lines."""
    grid = {}
    for index, line in enumerate(SERVICE_LINE_CODES, start=1):
        employees = Decimal(100 * index * scale)
        running = Decimal(50 * index * scale)
        sales = Decimal(10 * index * scale)
        other = Decimal(5 * index * scale)
        grid[(line, "employees")] = employees
        grid[(line, "running_expenses")] = running
        grid[(line, "total_expenditure")] = employees + running
        grid[(line, "sales_fees_charges")] = sales
        grid[(line, "other_income")] = other
        grid[(line, "total_income")] = sales + other
        grid[(line, "net_current_expenditure")] = employees + running - sales - other
    for measure in MEASURE_KEYS:
        grid[(TOTAL_LINE, measure)] = sum(grid[(line, measure)] for line in SERVICE_LINE_CODES)
    assert set(grid) == {(line, measure) for line in LINE_CODES for measure in MEASURE_KEYS}
    return grid


def as_text(grid: dict) -> dict:
    return {cell: str(value) for cell, value in grid.items()}
