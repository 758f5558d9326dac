"""Parse an ONS mid-year estimates workbook for one year: the all-ages population of every area.

ONS has published the same table ("MYE2: population by single year of age and sex for local
authorities") every year since 2011, in .xls, .xlsx or .ods, and moves things between releases:
the persons sheet is "UK persons" in mid-2013 and "MYE2 - Persons" in mid-2019; the header row sits
on row 3 or row 5; the code column is "CODE" or "Code"; there may or may not be a geography column;
the oldest age is "90" or "90+". So everything here is found by its label, never by position:

* the sheet: one whose header row has a code column and an all-ages column, and whose name or
  title says "persons" (the males and females sheets have the same header);
* the mid-year: from the title above the header ("... mid-2013"), else from the file name;
* the columns: "Code", "Name", "Geography…", "All ages", and the single years of age (checked to
  add up to all ages, so a misread column is caught).
"""

from __future__ import annotations

import re

from .base import GSS_RE, OfficialDataError, Report, SourceFile, check_text_cell
from .population import AreaPopulation, ParsedPopulation, _int
from .sheets import Workbook, cell_text, read_workbook

MID_YEAR_RE = re.compile(r"mid[-\s_]?(\d{4})", re.I)
ALL_AGES_LABELS = {"all ages", "all persons", "all_ages", "allages"}
HEADER_SEARCH_ROWS = 40


def _labels(row) -> list[str]:
    return [re.sub(r"\s+", " ", cell_text(c)).lower() for c in row]


def _header(rows: list[list]) -> tuple[int, dict] | None:
    """(row index, {role: column}) of the first row with a code column and an all-ages column."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        labels = _labels(row)
        code = next((i for i, label in enumerate(labels) if label in ("code", "area code", "geography code")), None)
        all_ages = next((i for i, label in enumerate(labels) if label in ALL_AGES_LABELS), None)
        if code is None or all_ages is None:
            continue
        columns = {"code": code, "all_ages": all_ages}
        columns["name"] = next((i for i, label in enumerate(labels) if label in ("name", "area name")), None)
        columns["geography"] = next((i for i, label in enumerate(labels) if label.startswith("geography")), None)
        # Single years of age: "0", "1" … "89" and the open-ended "90" or "90+" (numbers or text).
        columns["ages"] = [i for i, label in enumerate(labels) if i > all_ages and re.fullmatch(r"\d{1,3}\+?", label)]
        return index, columns
    return None


def _title_text(rows: list[list], header_index: int) -> str:
    return " ".join(cell_text(c) for row in rows[:header_index] for c in row if cell_text(c))


def find_persons_sheet(workbook: Workbook) -> tuple[str, int, dict, str]:
    """(sheet name, header row, columns, title text) of the all-persons table, or a clear error."""
    found = []
    for name in workbook.sheet_names:
        rows = workbook.rows(name)
        header = _header(rows)
        if header is None:
            continue
        title = _title_text(rows, header[0])
        if "persons" in f"{name} {title}".lower():
            found.append((name, header[0], header[1], title))
    if not found:
        raise OfficialDataError(
            f"{workbook.name}: missing sheets: none is the persons table of an ONS mid-year estimates "
            f"workbook (a sheet for persons with 'Code' and 'All ages' columns; sheets found: "
            f"{', '.join(workbook.sheet_names[:15])}). Nothing was imported."
        )
    # The sheet named for persons wins over one that only says so in its title.
    found.sort(key=lambda item: "persons" not in item[0].lower())
    return found[0]


def _mid_year(title: str, file_name: str) -> int:
    years = {int(y) for y in MID_YEAR_RE.findall(title)}
    if len(years) == 1:
        return years.pop()
    from_name = {int(y) for y in MID_YEAR_RE.findall(file_name)}
    if len(from_name) == 1:
        return from_name.pop()
    raise OfficialDataError(
        f"{file_name}: cannot tell which mid-year the estimates are for (the sheet's title says "
        f"{title[:120]!r}). Nothing was imported."
    )


def _area(row, columns: dict, where: str, report: Report) -> AreaPopulation | None:
    code = cell_text(row[columns["code"]]) if columns["code"] < len(row) else ""
    if not code:
        return None
    if not GSS_RE.match(code):
        # Footnotes sit under the table in the code column; they are reported, not read as areas.
        report.add("rows_whose_code_is_not_a_gss_code", f"{where}: {code[:60]}")
        return None
    name = cell_text(row[columns["name"]]) if columns["name"] is not None else ""
    geography = cell_text(row[columns["geography"]]) if columns["geography"] is not None else ""
    return AreaPopulation(code=code, name=check_text_cell(name, where), geography=geography)


def parse_mid_year_estimates(source: SourceFile, workbook: Workbook | None = None) -> ParsedPopulation:
    """All-ages population per area from an ONS MYE2 persons sheet (.xls, .xlsx or .ods)."""
    workbook = workbook or read_workbook(source)
    sheet, header_index, columns, title = find_persons_sheet(workbook)
    mid_year = _mid_year(title, source.name)
    report = Report(title=f"ONS mid-{mid_year} population estimates {source.name} (sheet {sheet!r})")
    areas: dict[str, AreaPopulation] = {}
    not_summing = []
    for offset, row in enumerate(workbook.rows(sheet)[header_index + 1 :], start=header_index + 2):
        where = f"{source.name} sheet {sheet!r} row {offset}"
        area = _area(row, columns, where, report)
        if area is None:
            continue
        total = _int(row[columns["all_ages"]], f"{where} ({area.code}) all ages")
        if area.code in areas:
            if areas[area.code].population[mid_year] != total:
                raise OfficialDataError(
                    f"{where}: {area.code} appears twice with different populations. Nothing was imported."
                )
            report.count("duplicate_rows_ignored")
            continue
        area.population[mid_year] = total
        if columns["ages"] and sum(_int(row[i], f"{where} ({area.code}) age column") for i in columns["ages"]) != total:
            not_summing.append(area.code)
        areas[area.code] = area
    if not areas:
        raise OfficialDataError(f"{source.name}: sheet {sheet!r} has no areas with GSS codes. Nothing was imported.")
    if not_summing:
        report.add("single_years_of_age_not_summing_to_all_ages", ", ".join(not_summing[:20]))
    report.count("areas", len(areas))
    return ParsedPopulation(
        areas=list(areas.values()), report=report, source_label=f"ons_mid{mid_year}", mid_years=[mid_year]
    )


def is_mid2022_layout(workbook: Workbook) -> bool:
    """The mid-2022 workbook (mye22final.xlsx): MYE4 is a table of areas by mid-year, which the full
    parser in population.py reads along with age, density and median age. Later workbooks of the
    same layout go there too; every other workbook is read for its persons sheet here."""
    from .population import WORKBOOK_SHEETS

    if not set(WORKBOOK_SHEETS.values()) <= set(workbook.sheet_names):
        return False
    for row in workbook.rows(WORKBOOK_SHEETS["mye4"])[:HEADER_SEARCH_ROWS]:
        labels = _labels(row)
        if labels and labels[0] == "code" and any(re.fullmatch(r"mid-\d{4}", label) for label in labels):
            return True
    return False
