"""A corpus of malformed uploads, each with the words its message must contain.

Files are built here from the template layout so each case differs from a good file in one way.
"""

import csv
import io
import zipfile

from openpyxl import Workbook

from benchmarks.submissions.spreadsheets import TEMPLATE_HEADER, template_rows

from .grids import consistent_grid

YEAR = "2023-24"


def good_rows(year=YEAR):
    return [TEMPLATE_HEADER, *template_rows(year, consistent_grid())]


def to_csv(rows, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def to_xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append([float(value) if hasattr(value, "as_tuple") else value for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _replace(rows, row_index, column_index, value):
    rows = [list(row) for row in rows]
    rows[row_index][column_index] = value
    return rows


def _zip(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def rejected_files():
    """(case id, file name, bytes, message fragment) for files rejected outright."""
    good = good_rows()
    no_line_column = [row[:1] + row[2:] for row in good]
    no_c7 = [row[:-1] for row in good]
    header_only = [TEMPLATE_HEADER]
    return [
        ("empty", "empty.csv", b"", "The file is empty"),
        ("whitespace only", "blank.csv", b"\n\n  \n", "The file is empty"),
        ("huge", "huge.csv", b"a" * (2 * 1024 * 1024 + 1), "2 MB or smaller"),
        ("pdf", "figures.csv", b"%PDF-1.7\n" + b"x" * 100, "is a PDF"),
        ("png renamed", "figures.xlsx", b"\x89PNG\r\n\x1a\n" + b"x" * 50, "an image"),
        ("old xls", "figures.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old-style Excel"),
        ("exe", "figures.csv", b"MZ\x90\x00" + b"\x00" * 100, "a program"),
        ("utf16", "figures.csv", "RO line,Financial year\n".encode("utf-16"), "UTF-16"),
        ("zip not xlsx", "figures.xlsx", _zip({"hello.txt": "hi"}), "not an XLSX"),
        ("damaged xlsx", "figures.xlsx", b"PK\x03\x04" + b"garbage" * 20, "damaged"),
        ("no header", "figures.csv", b"just,some,text\n1,2,3\n", "No header row"),
        ("missing RO line column", "figures.csv", to_csv(no_line_column), "No header row"),
        ("missing C7 column", "figures.csv", to_csv(no_c7), "Missing column: “C7 Net current expenditure"),
        ("header only", "figures.csv", to_csv(header_only), "no figures"),
        ("wrong year", "figures.csv", to_csv(good_rows("2021-22")), "this submission is for 2023-24"),
        (
            "one row wrong year",
            "figures.csv",
            to_csv(_replace(good, 3, 0, "2022-23")),
            "Row 4: the financial year is “2022-23”",
        ),
        ("unknown line", "figures.csv", to_csv(_replace(good, 2, 1, "291")), "Row 3: “291” is not an RO line code"),
        (
            "formula line code",
            "figures.csv",
            to_csv(_replace(good, 2, 1, "=cmd|' /C calc'!A0")),
            "is not an RO line code",
        ),
        ("duplicate row", "figures.csv", to_csv([*good, good[1]]), "line 190 appears twice"),
        ("xlsx wrong year", "figures.xlsx", to_xlsx(good_rows("2020-21")), "this submission is for 2023-24"),
        ("xlsx unknown line", "figures.xlsx", to_xlsx(_replace(good, 5, 1, "999")), "“999” is not an RO line code"),
        ("xlsx duplicate", "figures.xlsx", to_xlsx([*good, good[2]]), "appears twice"),
        ("too many rows", "figures.csv", b"x\n" * 600, "rows"),
        ("semicolons", "figures.csv", to_csv(good).decode().replace(",", ";").encode(), "semicolons between columns"),
        ("html renamed", "figures.xls", b"<html><body><table><tr><td>190</td></tr></table></body></html>", "web page"),
        ("empty xlsx", "figures.xlsx", to_xlsx([]), "No header row"),
        ("xlsx header only", "figures.xlsx", to_xlsx(header_only), "no figures"),
    ]


def cell_problem_files():
    """(case id, file name, bytes, field with the problem, message fragment): readable files whose
    figures have problems; they reach the preview, never the database."""
    good = good_rows()
    return [
        ("text in number", "figures.csv", to_csv(_replace(good, 1, 3, "lots")), "v_190_employees", "is not a number"),
        (
            "csv formula injection",
            "figures.csv",
            to_csv(_replace(good, 2, 4, "=cmd|' /C calc'!A0")),
            "v_290_running_expenses",
            "formula",
        ),
        (
            "xlsx formula cell",
            "figures.xlsx",
            to_xlsx(_replace(good, 3, 5, "=SUM(D4:E4)")),
            "v_330_total_expenditure",
            "formula",
        ),
        ("sum error", "figures.csv", to_csv(_replace(good, 1, 5, "1")), "v_190_total_expenditure", "Totals must equal"),
        (
            "missing line",
            "figures.csv",
            to_csv([row for row in good if row[1] != "390"]),
            "v_390_employees",
            "is empty",
        ),
        ("pound sign", "figures.csv", to_csv(_replace(good, 4, 3, "£400")), "v_360_employees", "£ sign"),
    ]
