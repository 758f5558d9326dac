"""Rows, reports and row checks shared by every revenue outturn layout (pure; no database)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from benchmarks import ro

from ..base import ECODE_RE, GSS_RE, OfficialDataError, Report, cell_ref

MEASURES = ro.MEASURES
TOTALS_ECODES = {"eng", "[y]", "england"}
NOTES_STARTS = ("source", "note", "produced on")  # the footnotes below a table
TOTALS_NAMES = {
    "england",
    "class breakdown",
    "london boroughs",
    "metropolitan districts",
    "unitary authorities",
    "shire counties",
    "shire districts",
    "other authorities",
}


@dataclass
class OutturnRow:
    row_number: int  # 1-based, as a spreadsheet shows it
    ecode: str
    gss_code: str
    name: str
    ro_class: str
    detailed_class: str = ""
    notes: str = ""
    certified: bool | None = None
    not_submitted_marker: str = ""
    values: dict[tuple[str, str], Decimal | None] = field(default_factory=dict)

    @property
    def submitted(self) -> bool:
        return not self.not_submitted_marker


@dataclass
class ParsedOutturn:
    year: int
    file_format: str  # "RSX" or "RS"
    rows: list[OutturnRow]
    report: Report
    measures: list[str]
    service_codes: list[str]
    publisher_last_updated: date | None = None
    title: str = ""


# ---------------------------------------------------------------------------------------------
# Shared row handling


def classify_row(ecode: str, name: str, where: str) -> str:
    """'authority', 'header', 'totals', 'blank', 'unlabelled', 'note' or raise for a code we do not know."""
    code = ecode.strip()
    label = name.strip().lower()
    if ECODE_RE.match(code):
        return "authority"
    if code.lower() in ("e-code", "ecode", "e code"):
        return "header"
    if code.lower() in TOTALS_ECODES or (not code and label in TOTALS_NAMES):
        return "totals"
    if not code and not label:
        return "blank"
    if not code:
        return "unlabelled"
    if " " in code or len(code) > 12 or code.lower().startswith(NOTES_STARTS):
        # Footnotes below the table ("1. The Statistical Release …", "(c) Net of sales …").
        return "note"
    raise OfficialDataError(
        f"{where}: {code!r} is not an MHCLG E-code (expected a letter E and four digits, e.g. E0101), "
        "and the row is not a totals row. Nothing was imported."
    )


def empty_cell(where: str, r_index: int, c_index: int, name: str, line: str) -> OfficialDataError:
    # Official files never leave a figure empty: they print [x] or ... for a missing return.
    return OfficialDataError(
        f"{where}, cell {cell_ref(r_index, c_index)} ({name}, line {line}): empty where a figure is expected "
        "(a spreadsheet formula without a saved value also reads as empty). Nothing was imported."
    )


# What publishers print in the ONS code column for a body that has no ONS code.
NO_ONS_CODE = {"", "n/a", "na", "-", "–", "none", "[z]", "[x]"}


def check_gss(row: OutturnRow, report: Report, where: str) -> None:
    """Blank an unusable ONS code (the body is then matched by E-code alone) and say so in the report."""
    if GSS_RE.match(row.gss_code):
        return
    if row.gss_code.strip().lower() in NO_ONS_CODE or row.gss_code == row.ecode:
        # e.g. Lee Valley Regional Park Authority (its E-code repeated), fire authorities ("n/a").
        if row.gss_code:
            report.add(
                "no_ons_code", f"row {row.row_number}: {row.ecode} {row.name} has {row.gss_code!r} as its ONS code"
            )
        row.gss_code = ""
        return
    raise OfficialDataError(f"{where}: {row.gss_code!r} is not an ONS (GSS) code like E06000001.")


def add_row(rows: dict[str, OutturnRow], row: OutturnRow, report: Report, name: str) -> None:
    previous = rows.get(row.ecode)
    if previous is None:
        rows[row.ecode] = row
        return
    if previous.values == row.values and previous.not_submitted_marker == row.not_submitted_marker:
        report.count("duplicates_dropped")
        report.add(
            "duplicates_dropped",
            f"row {row.row_number}: {row.ecode} {row.name} repeats row {previous.row_number} with identical figures",
        )
        return
    raise OfficialDataError(
        f"{name}: {row.ecode} ({row.name}) appears twice with different figures (rows {previous.row_number} and "
        f"{row.row_number}). Remove the wrong row and import again; nothing was imported."
    )


def breakdown_row(rows: dict[str, OutturnRow], row: OutturnRow, report: Report) -> None:
    """An authority code inside the class-breakdown table (the GLA is its own class in 2022-23).

    That row is the class total, not a second return: the authority's own row above is kept.
    Differences between the two (MHCLG rounds totals separately) are listed in the report.
    """
    original = rows.get(row.ecode)
    report.count("duplicates_dropped")
    if original is None:
        report.add(
            "duplicates_dropped",
            f"row {row.row_number}: {row.ecode} {row.name} in the class breakdown "
            "table has no authority row above it; skipped as a class total",
        )
        return
    differences = [
        f"{s} {m}: {original.values.get((s, m))} vs {v}"
        for (s, m), v in row.values.items()
        if original.values.get((s, m)) != v
    ]
    report.add(
        "duplicates_dropped",
        f"row {row.row_number}: {row.ecode} {row.name} repeated in the class breakdown table; kept row "
        f"{original.row_number}"
        + (f" (class-total figures differ by rounding: {'; '.join(differences)})" if differences else ""),
    )


def check_sums(parsed_rows: list[OutturnRow], report: Report, service_codes: list[str]) -> None:
    """Report (never fix) rows whose measures do not add up as the RO form says they should."""
    for row in parsed_rows:
        for service in service_codes:
            v = {c: row.values.get((service, MEASURES[c])) for c in MEASURES}
            if v[7] is None or v[3] is None or v[6] is None or v[7] == v[3] - v[6]:
                continue
            if abs(v[7] - (v[3] - v[6])) <= 1:
                # Published figures are rounded to £1k separately, so ±1 is rounding, not an error.
                report.count("rounding_differences_of_1k")
            else:
                report.count("rows_not_adding_up")
                report.add(
                    "c7_not_equal_c3_minus_c6",
                    f"row {row.row_number} {row.ecode} {row.name}, line {service}: C7 {v[7]} but C3 - C6 = {v[3] - v[6]} "
                    "(stored as published)",
                )


def finish_report(parsed: ParsedOutturn) -> None:
    report = parsed.report
    report.counts = {"authority_rows": len(parsed.rows), **report.counts}
    not_submitted = [r for r in parsed.rows if not r.submitted]
    report.count("authorities_submitted", len(parsed.rows) - len(not_submitted))
    report.count("authorities_not_submitted", len(not_submitted))
    # Always print the traps the user should look for, even when there are none.
    for key in ("duplicates_dropped", "totals_rows_skipped", "unknown_codes", "rows_not_adding_up"):
        report.counts.setdefault(key, 0)
    for row in not_submitted:
        report.add("not_submitted", f"{row.ecode} {row.name} ({row.not_submitted_marker})")
