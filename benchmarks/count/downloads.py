"""The count as CSV and XLSX: the same parts, kinds, methods, shares and sources as the page and the
API, then a total row that is the sum of the parts (formula-injection safe: cop.core.exports)."""

from __future__ import annotations

from cop.core.exports import csv_response, xlsx_response

from .presenters import part_rows

HEADER = [
    "Place",
    "Place id",
    "Year",
    "Prices",
    "Part",
    "Code",
    "Kind",
    "Method",
    "£ thousand",
    "Share of total",
    "Residents of the place in the body's area",
    "Residents of the body's area",
    "Source",
    "Note",
]


def rows(result) -> list[list]:
    place, year = result.place, result.year.label
    prices = result.prices_label if result.prices == "real" else "cash (as published)"
    body = [
        [
            place.name,
            place.id,
            year,
            prices,
            r["name"],
            r["code"],
            r["kind"],
            r["method"],
            r["value_thousands"],
            r["share"],
            r["served_population"],
            r["body_population"],
            r["source"],
            r["note"],
        ]
        for r in part_rows(result)
    ]
    total = [
        place.name,
        place.id,
        year,
        prices,
        "Total (sum of the parts above)",
        "",
        "",
        "",
        result.count.total_thousands,
    ]
    return body + [total + [1 if body else 0, result.count.population, "", "", ""]]


def response(result, fmt: str):
    name = f"count-{result.place.id}-{result.year.label}-{result.prices}"
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", HEADER, rows(result), sheet_title="Count")
    return csv_response(f"{name}.csv", HEADER, rows(result))
