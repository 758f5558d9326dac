"""Checks on a council's submitted figures, as pure functions (no database, no Django models).

A submission is a grid: RO service lines (rows) × measures C1..C7 (columns), every figure in
£ thousand. Three kinds of problem are reported, each tied to a cell so a form can link to it:

* errors — a figure that is not a number, or a total that does not equal the sum of its parts
  (C3 = C1 + C2, C6 = C4 + C5, C7 = C3 − C6, line 699 = sum of the service lines) within £1 thousand.
  A submission with errors cannot be saved.
* flags — a figure that moved more than 25% on last year, or lies more than 3 median absolute
  deviations from its comparison group. Flags are allowed in a draft but each needs a written
  explanation before the submission can be submitted for certification.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from benchmarks import ro

# Measure keys match benchmarks.models.Measure values (C1..C7 in RO order); defined once in benchmarks.ro.
MEASURES: list[tuple[str, str, str]] = [
    (key, f"C{column}", ro.MEASURE_LABELS[key]) for column, key in ro.MEASURES.items()
]
MEASURE_KEYS = [key for key, _, _ in MEASURES]
MEASURE_COLUMN = {key: column for key, column, _ in MEASURES}
MEASURE_LABEL = {key: label for key, _, label in MEASURES}

# RO summary (RSX) service lines, codes as published; 699 is the total of the others.
SERVICE_LINES: list[tuple[str, str]] = [(key, ro.SERVICE_BY_KEY[key].name) for key in ro.RSX_SERVICE_KEYS]
LINE_CODES = [code for code, _ in SERVICE_LINES]
LINE_NAME = dict(SERVICE_LINES)
TOTAL_LINE = ro.TOTAL_SERVICE
SERVICE_LINE_CODES = [code for code in LINE_CODES if code != TOTAL_LINE]

# Totals inside a line: (total, [(part, sign)…]).
LINE_TOTALS: list[tuple[str, list[tuple[str, int]]]] = [
    ("total_expenditure", [("employees", 1), ("running_expenses", 1)]),
    ("total_income", [("sales_fees_charges", 1), ("other_income", 1)]),
    ("net_current_expenditure", [("total_expenditure", 1), ("total_income", -1)]),
]

TOLERANCE_THOUSANDS = Decimal("1")  # totals may differ from their parts by rounding, up to £1k
CHANGE_THRESHOLD = Decimal("0.25")  # more than 25% on last year needs an explanation
MAD_THRESHOLD = Decimal("3")  # more than 3 MADs from the comparison group median needs one
MIN_GROUP_SIZE = 5  # fewer comparators than this says nothing useful about "unusual"
MAX_DECIMAL_PLACES = 3
MAX_ABS_THOUSANDS = Decimal("100000000")  # £100 billion: anything larger is a typing slip
MAX_EXPLANATION_LENGTH = 2000

FORMULA_PREFIXES = ("=", "+", "@", "\t", "\r", "|")

Cell = tuple[str, str]  # (line code, measure key)


def field_name(line: str, measure: str) -> str:
    """Form field (and id suffix) for one figure, e.g. v_190_employees."""
    return f"v_{line}_{measure}"


def explanation_field_name(line: str, measure: str) -> str:
    return f"explain_{line}_{measure}"


def cell_label(line: str, measure: str) -> str:
    return f"{LINE_NAME.get(line, 'Line ' + line)} (line {line}): {MEASURE_LABEL.get(measure, measure)} ({MEASURE_COLUMN.get(measure, '?')})"


def all_cells() -> list[Cell]:
    return [(line, measure) for line in LINE_CODES for measure in MEASURE_KEYS]


@dataclass(frozen=True)
class Problem:
    """One message about one cell (or the whole row when measure is empty)."""

    line: str
    measure: str
    message: str
    field: str = ""
    row: int | None = None  # row number in an uploaded file, when there is one
    short: str = ""  # the inline message beside the cell (the summary carries the full one)

    @property
    def inline(self) -> str:
        return self.short or self.message

    @property
    def anchor(self) -> str:
        return self.field or (field_name(self.line, self.measure) if self.measure else f"line-{self.line}")


@dataclass(frozen=True)
class Flag:
    """A figure that needs a written explanation before submission."""

    line: str
    measure: str
    value: Decimal
    reasons: tuple[str, ...]

    @property
    def field(self) -> str:
        return explanation_field_name(self.line, self.measure)

    @property
    def label(self) -> str:
        return cell_label(self.line, self.measure)


@dataclass
class ValidationReport:
    values: dict[Cell, Decimal] = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    missing_explanations: list[Problem] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        """True when the figures can be saved (flags may still lack explanations)."""
        return not self.errors

    @property
    def can_submit(self) -> bool:
        return not self.errors and not self.missing_explanations

    def errors_by_field(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for problem in [*self.errors, *self.missing_explanations]:
            grouped.setdefault(problem.anchor, []).append(problem.message)
        return grouped


class AmountError(ValueError):
    pass


def format_thousands(value: Decimal) -> str:
    """£ thousand figure for messages: 1,234 or 1,234.5 (never scientific notation)."""
    normalised = value.quantize(Decimal("1")) if value == value.to_integral_value() else value.normalize()
    text = f"{normalised:,f}"
    return text


def plain_decimal(value: Decimal) -> Decimal:
    """The same number without trailing zeros or exponent: 700.000000 -> 700, 12.50 -> 12.5."""
    if value == value.to_integral_value():
        return value.quantize(Decimal("1"))
    return value.normalize()


def _parse_typed_amount(raw) -> Decimal:
    """A figure typed as text: rejects formulas, units and £ signs with a message; (12) is negative."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        raise AmountError("is empty: enter a figure in £ thousand, or 0 if there is none")
    if text.startswith(FORMULA_PREFIXES) and not _looks_like_signed_number(text):
        raise AmountError(f"contains a formula or text (“{_shorten(text)}”): enter the figure itself as a number")
    if "£" in text:
        raise AmountError("must not include a £ sign: enter the number only, in £ thousand")
    if text.endswith("k") or text.endswith("K") or "m" in text.lower():
        raise AmountError(f"must be a plain number in £ thousand (“{_shorten(text)}” has units in it)")
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1].strip()
    text = text.replace(" ", "").replace("\u00a0", "")
    if "," in text:
        whole = text.lstrip("+-").split(".")[0]
        groups = whole.split(",")
        if not (1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])):
            raise AmountError(f"is not a number (“{_shorten(str(raw))}”): use a full stop for decimals")
        text = text.replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise AmountError(f"is not a number (“{_shorten(str(raw))}”): enter a figure in £ thousand")
    if negative:
        value = -value
    return value


def parse_amount(raw) -> Decimal:
    """Turn what a person typed (or a spreadsheet held) into a Decimal in £ thousand.

    Accepts 1234, 1,234, -12.5 and (12) for a negative figure. Anything else — text, a formula,
    a £ sign, more than three decimal places — raises AmountError with a message for the person.
    """
    if isinstance(raw, bool):
        raise AmountError("must be a number in £ thousand, not a yes/no value")
    if isinstance(raw, (int, Decimal)):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw))
    else:
        value = _parse_typed_amount(raw)
    if not value.is_finite():
        raise AmountError("is not a number: enter a figure in £ thousand")
    if abs(value) >= MAX_ABS_THOUSANDS:
        raise AmountError("is too large: figures are in £ thousand (so 1,000 means £1 million)")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_DECIMAL_PLACES and value != value.quantize(Decimal("0.001")):
        raise AmountError(f"has more than {MAX_DECIMAL_PLACES} decimal places: figures are in £ thousand")
    return value


def _looks_like_signed_number(text: str) -> bool:
    if not text.startswith("+"):
        return False
    try:
        Decimal(text[1:].replace(",", ""))
    except InvalidOperation:
        return False
    return True


def _shorten(text: str, limit: int = 30) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_grid(raw: Mapping[Cell, object]) -> tuple[dict[Cell, Decimal], list[Problem]]:
    """Parse every cell of the RO grid; missing or unparseable cells become errors."""
    values: dict[Cell, Decimal] = {}
    problems: list[Problem] = []
    for line, measure in all_cells():
        try:
            values[(line, measure)] = parse_amount(raw.get((line, measure)))
        except AmountError as error:
            problems.append(
                Problem(
                    line,
                    measure,
                    f"{cell_label(line, measure)} {error}",
                    field=field_name(line, measure),
                    short=f"This figure {error}",
                )
            )
    return values, problems


def check_sums(values: Mapping[Cell, Decimal]) -> list[Problem]:
    """Totals must equal the sum of their parts within £1 thousand (only where every part parsed)."""
    problems: list[Problem] = []
    for line in LINE_CODES:
        for total, parts in LINE_TOTALS:
            needed = [(line, total), *[(line, part) for part, _ in parts]]
            if any(cell not in values for cell in needed):
                continue
            expected = sum((values[(line, part)] * sign for part, sign in parts), Decimal(0))
            actual = values[(line, total)]
            if abs(actual - expected) > TOLERANCE_THOUSANDS:
                formula = _formula_text(parts)
                problems.append(
                    Problem(
                        line,
                        total,
                        f"{cell_label(line, total)} is {format_thousands(actual)} but {formula} comes to "
                        f"{format_thousands(expected)} (a difference of {format_thousands(abs(actual - expected))}). "
                        f"Totals must equal their parts within £1 thousand.",
                        field=field_name(line, total),
                        short=f"Does not add up: {_formula_short(parts)} = {format_thousands(expected)}",
                    )
                )
    for measure in MEASURE_KEYS:
        cells = [(line, measure) for line in SERVICE_LINE_CODES]
        if (TOTAL_LINE, measure) not in values or any(cell not in values for cell in cells):
            continue
        expected = sum((values[cell] for cell in cells), Decimal(0))
        actual = values[(TOTAL_LINE, measure)]
        if abs(actual - expected) > TOLERANCE_THOUSANDS:
            problems.append(
                Problem(
                    TOTAL_LINE,
                    measure,
                    f"{cell_label(TOTAL_LINE, measure)} is {format_thousands(actual)} but the service lines add up to "
                    f"{format_thousands(expected)} (a difference of {format_thousands(abs(actual - expected))}). "
                    f"Line 699 must equal the sum of lines 190 to 698 within £1 thousand.",
                    field=field_name(TOTAL_LINE, measure),
                    short=f"Does not add up: the service lines come to {format_thousands(expected)}",
                )
            )
    return problems


def _formula_short(parts: list[tuple[str, int]]) -> str:
    text = ""
    for index, (part, sign) in enumerate(parts):
        if index:
            text += " + " if sign > 0 else " − "
        text += MEASURE_COLUMN[part]
    return text


def _formula_text(parts: list[tuple[str, int]]) -> str:
    text = ""
    for index, (part, sign) in enumerate(parts):
        name = f"{MEASURE_LABEL[part].lower()} ({MEASURE_COLUMN[part]})"
        if index == 0:
            text = name
        else:
            text += (" + " if sign > 0 else " − ") + name
    return text


def median(numbers: Iterable[Decimal]) -> Decimal:
    ordered = sorted(numbers)
    if not ordered:
        raise ValueError("median of no numbers")
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def median_absolute_deviation(numbers: Iterable[Decimal]) -> Decimal:
    numbers = list(numbers)
    centre = median(numbers)
    return median(abs(number - centre) for number in numbers)


def change_reason(value: Decimal, previous: Decimal | None) -> str | None:
    """Why a figure needs explaining against last year's, or None.

    Movements of £1 thousand or less are rounding, never flagged.
    """
    if previous is None:
        return None
    difference = value - previous
    if abs(difference) <= TOLERANCE_THOUSANDS:
        return None
    if previous == 0:
        return f"last year was 0, now {format_thousands(value)}"
    ratio = abs(difference) / abs(previous)
    if ratio > CHANGE_THRESHOLD:
        direction = "up" if difference > 0 else "down"
        percent = (ratio * 100).quantize(Decimal("1"))
        return f"{direction} {percent}% on last year ({format_thousands(previous)})"
    return None


def outlier_reason(value: Decimal, group: Iterable[Decimal] | None) -> str | None:
    """Why a figure stands out from its comparison group (> 3 MADs from the median), or None."""
    if group is None:
        return None
    group = list(group)
    if len(group) < MIN_GROUP_SIZE:
        return None
    centre = median(group)
    spread = median_absolute_deviation(group)
    if spread == 0:
        return None
    distance = abs(value - centre) / spread
    if distance > MAD_THRESHOLD:
        return (
            f"{distance.quantize(Decimal('0.1'))} median absolute deviations from the comparison group median "
            f"({format_thousands(centre.quantize(Decimal('1')))})"
        )
    return None


def find_flags(
    values: Mapping[Cell, Decimal],
    previous: Mapping[Cell, Decimal] | None = None,
    group: Mapping[Cell, Iterable[Decimal]] | None = None,
) -> list[Flag]:
    flags: list[Flag] = []
    previous = previous or {}
    group = group or {}
    for cell in all_cells():
        if cell not in values:
            continue
        reasons = [
            reason
            for reason in (
                change_reason(values[cell], previous.get(cell)),
                outlier_reason(values[cell], group.get(cell)),
            )
            if reason
        ]
        if reasons:
            flags.append(Flag(cell[0], cell[1], values[cell], tuple(reasons)))
    return flags


def check_explanations(flags: Iterable[Flag], explanations: Mapping[Cell, str]) -> list[Problem]:
    problems: list[Problem] = []
    for flag in flags:
        text = (explanations.get((flag.line, flag.measure)) or "").strip()
        if not text:
            problems.append(
                Problem(
                    flag.line,
                    flag.measure,
                    f"Explain {flag.label}: it is {'; '.join(flag.reasons)}",
                    field=flag.field,
                    short=f"Explain this figure: it is {'; '.join(flag.reasons)}",
                )
            )
    for (line, measure), text in explanations.items():
        if text and len(text) > MAX_EXPLANATION_LENGTH:
            problems.append(
                Problem(
                    line,
                    measure,
                    f"The explanation for {cell_label(line, measure)} must be {MAX_EXPLANATION_LENGTH} characters or fewer",
                    field=explanation_field_name(line, measure),
                )
            )
    return problems


def validate_submission(
    raw: Mapping[Cell, object],
    previous: Mapping[Cell, Decimal] | None = None,
    group: Mapping[Cell, Iterable[Decimal]] | None = None,
    explanations: Mapping[Cell, str] | None = None,
) -> ValidationReport:
    """Run every check. Sums are only checked where all the figures involved are numbers."""
    values, errors = parse_grid(raw)
    errors.extend(check_sums(values))
    report = ValidationReport(values=values, errors=errors)
    if not errors:
        report.flags = find_flags(values, previous, group)
        report.missing_explanations = check_explanations(report.flags, explanations or {})
    return report
