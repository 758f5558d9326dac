"""Checking partners' figures before anything is saved: numbers only, no formulas, a source for every
figure, no negative spend, no agency-theme pair twice, and a stated total that must add up.

Pure functions: the same checks serve the one-figure form and the CSV/XLSX upload.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from benchmarks.submissions.validation import AmountError, format_thousands, parse_amount
from benchmarks.years import FinancialYear
from cop.core.exports import FORMULA_TRIGGERS

from .models import Confidence, Method

FIELDS = ("agency", "theme", "amount_thousands", "year", "source", "method", "confidence")
HEADERS = {
    "agency": "Agency",
    "theme": "Theme",
    "amount_thousands": "Amount (£ thousand)",
    "year": "Year",
    "source": "Source (document title or link)",
    "method": "Method (actual, apportioned or estimated)",
    "confidence": "Confidence (high, medium or low)",
}
TOTAL_LABEL = "total"
MAX_TEXT = {"agency": 120, "theme": 120, "source": 500}


@dataclass(frozen=True)
class Figure:
    agency: str
    theme: str
    amount_thousands: Decimal
    year: FinancialYear
    source: str
    method: str
    confidence: str

    def as_dict(self) -> dict:
        return {
            "agency": self.agency,
            "theme": self.theme,
            "amount_thousands": str(self.amount_thousands),
            "year": self.year.label,
            "source": self.source,
            "method": self.method,
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class Problem:
    row: int | None  # 1-based data row (None: the whole set)
    field: str
    message: str

    def __str__(self):
        return f"Row {self.row}: {self.message}" if self.row else self.message


def _text(raw, field: str, row: int, problems: list) -> str:
    text = " ".join(str(raw or "").split())
    label = HEADERS[field].split(" (")[0]
    if not text:
        if field == "source":
            problems.append(Problem(row, field, "Every figure needs a source: enter the document title or a link"))
        else:
            problems.append(Problem(row, field, f"Enter the {label.lower()}"))
    elif text.startswith(FORMULA_TRIGGERS):
        problems.append(Problem(row, field, f"{label} must not start with {text[0]} (it would be read as a formula)"))
    elif len(text) > MAX_TEXT[field]:
        problems.append(Problem(row, field, f"{label} must be {MAX_TEXT[field]} characters or fewer"))
    elif field == "source" and "://" in text and not text.lower().startswith(("http://", "https://")):
        problems.append(Problem(row, field, "A link must start with https:// or http://"))
    return text


def _amount(raw, row: int, problems: list) -> Decimal | None:
    try:
        value = parse_amount(raw)
    except AmountError as error:
        problems.append(Problem(row, "amount_thousands", f"Amount {error}"))
        return None
    if value < 0:
        problems.append(
            Problem(row, "amount_thousands", "Amount cannot be negative: enter what the agency spent in the place")
        )
        return None
    return value


def _choice(raw, field: str, choices, row: int, problems: list) -> str:
    value = str(raw or "").strip().lower()
    if value not in {c.value for c in choices}:
        allowed = ", ".join(c.value for c in choices)
        problems.append(Problem(row, field, f"{HEADERS[field].split(' (')[0]} must be one of {allowed}"))
    return value


def _year(raw, count_year: FinancialYear, row: int, problems: list) -> FinancialYear | None:
    try:
        year = FinancialYear.parse(str(raw or "").strip())
    except (TypeError, ValueError):
        problems.append(Problem(row, "year", "Enter the year like 2022-23"))
        return None
    if year != count_year:
        problems.append(Problem(row, "year", f"This count is for {count_year.label}; the figure is for {year.label}"))
    return year


def check_figure(raw: dict, count_year: FinancialYear, row: int = 1) -> tuple[Figure | None, list]:
    problems: list = []
    agency = _text(raw.get("agency"), "agency", row, problems)
    theme = _text(raw.get("theme"), "theme", row, problems)
    amount = _amount(raw.get("amount_thousands"), row, problems)
    year = _year(raw.get("year"), count_year, row, problems)
    source = _text(raw.get("source"), "source", row, problems)
    method = _choice(raw.get("method"), "method", Method, row, problems)
    confidence = _choice(raw.get("confidence"), "confidence", Confidence, row, problems)
    if problems:
        return None, problems
    return Figure(agency, theme, amount, year, source, method, confidence), []


def check_figures(rows: list[dict], count_year: FinancialYear, existing: list[Figure] = ()) -> tuple[list, list]:
    """All rows, or none: (figures, problems). A row whose agency is "Total" states the total."""
    figures, problems, declared = [], [], None
    seen = {(f.agency.lower(), f.theme.lower()) for f in existing}
    for number, raw in enumerate(rows, start=1):
        if str(raw.get("agency") or "").strip().lower() == TOTAL_LABEL:
            declared = _amount(raw.get("amount_thousands"), number, problems)
            continue
        if not any(str(v or "").strip() for v in raw.values()):
            continue
        figure, row_problems = check_figure(raw, count_year, number)
        problems += row_problems
        if figure is None:
            continue
        key = (figure.agency.lower(), figure.theme.lower())
        if key in seen:
            problems.append(
                Problem(
                    number, "theme", f"{figure.agency} – {figure.theme} is already in the count: enter each pair once"
                )
            )
        seen.add(key)
        figures.append(figure)
    if not figures and not problems:
        problems.append(Problem(None, "", "There are no figures to save"))
    total = sum((f.amount_thousands for f in figures), Decimal(0))
    if declared is not None and not problems and declared != total:
        problems.append(
            Problem(
                None,
                "amount_thousands",
                f"The total row says {format_thousands(declared)} but the figures add up to {format_thousands(total)}",
            )
        )
    return ([] if problems else figures), problems
