"""Build small RO3-like workbooks (openpyxl) in the layouts MHCLG has used, with known figures.

``style="refs"`` is the 2022-23 layout: hidden rows of asset ids (RO3-cscsr-empl) and cell
references (C1R10) over each column, a label over each line's first column. ``style="table"`` is
the 2012-13 layout: section banners, labels, and the row numbers only on another sheet.
``style="rowno"`` has the banners and ``Row_no``/``Col_no`` rows over the columns instead of cell
references. ``shuffle`` reorders the identity columns, the lines and the measures within each line, so a
parser that reads by position gets different figures.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

MEASURE_HEADERS = {
    1: "Employees\n (C1)",
    2: "Running Expenses\n (C2)",
    3: "Total Expenditure\n (C3 = C1 + C2)",
    4: "Sales, Fees and Charges\n (C4)",
    5: "Other Income\n (C5)",
    6: "Total Income\n (C6 = C4 + C5)",
    7: "Net Current Expenditure\n (C7 = C3 - C6)",
}
MEASURE_STEMS = {1: "empl", 2: "run-exp", 3: "tot-exp", 4: "sfc", 5: "oth-inc", 6: "tot-inc", 7: "net-cur-exp"}
BANNERS = {
    "330": "***   Children's Social Care   ***",
    "360": "***   Adult Social Care   ***",
    "390": "*** Public Health ***",
}


@dataclass(frozen=True)
class Line:
    row: int
    label: str
    stem: str  # asset id stem, e.g. cscsr
    service: str


LINES = [
    Line(10, "Children's social care: Sure start children's centres and early years", "cscsr", "330"),
    Line(16, "Children's social care - Children Looked After of which residential care", "csclkdres", "330"),
    Line(32, "Physical support - adults (18–64)", "ascphyadl", "360"),
    Line(33, "Physical support - older people (65+)", "ascphyold", "360"),
    Line(71, "Obesity - adults", "phobsadl", "390"),
]
SOCIAL_CARE_LINES = [line for line in LINES if line.service in ("330", "360")]


@dataclass
class Body:
    ecode: str
    gss: str
    name: str
    ro_class: str
    figures: dict | None  # (line row, measure number) -> Decimal; None = not submitted ("[x]")


def figures_for(seed: int, lines=LINES) -> dict:
    """Distinct, exactly representable figures: C3 = C1 + C2, C6 = C4 + C5, C7 = C3 - C6."""
    out = {}
    for k, line in enumerate(lines):
        c1 = Decimal(100 * seed + 7 * k) + Decimal("0.25")
        c2 = Decimal(300 * seed + 11 * k + 3)
        c4 = Decimal(5 * seed + k)
        c5 = Decimal(20 * seed + 2 * k) + Decimal("0.5")
        values = {1: c1, 2: c2, 3: c1 + c2, 4: c4, 5: c5, 6: c4 + c5, 7: c1 + c2 - c4 - c5}
        for m, v in values.items():
            out[(line.row, m)] = v
    return out


def _column_order(lines, shuffle: int | None, style: str):
    rng = random.Random(shuffle)
    ids = ["E-code", "ONS Code", "Local authority", "Class"]
    ordered = list(lines)
    if shuffle is not None:
        rng.shuffle(ids)
        if style == "refs":
            rng.shuffle(ordered)
        else:  # banners carry a section forward, so lines move only within their section
            ordered.sort(key=lambda line: (line.service, rng.random()))
    columns = []
    for line in ordered:
        measures = list(range(1, 8))
        if shuffle is not None:
            rng.shuffle(measures)
        columns += [(line, m) for m in measures]
    return ids, columns


def _cell(body: Body, line: Line, m: int):
    if body.figures is None:
        return "[x]"
    value = body.figures.get((line.row, m))
    return float(value) if value is not None else None


def write_ro3(
    path: Path,
    bodies: list[Body],
    *,
    year: str = "2022-23",
    style: str = "refs",
    shuffle: int | None = None,
    lines=LINES,
    header: bool = True,
) -> Path:
    import openpyxl

    ids, columns = _column_order(lines, shuffle, style)
    n_ids = len(ids)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = f"RO3_LA_Data_{year}"
    ws.append([f"Revenue Outturn (RO) {year}: Social Care and Public Health (RO3) data"])
    ws.append(["Last updated: 14th December 2023"])
    if style == "refs":
        ws.append([None] * n_ids + [f"RO3-{line.stem}-{MEASURE_STEMS[m]}" for line, m in columns])
        ws.append([None] * n_ids + [f"C{m}R{line.row}" for line, m in columns])
    else:
        banners, seen = [], set()
        for line, _m in columns:
            banners.append(BANNERS[line.service] if line.service not in seen else None)
            seen.add(line.service)
        ws.append([None] * n_ids + banners)
    if style == "rowno":
        ws.append(["Row_no"] + [None] * (n_ids - 1) + [line.row for line, _m in columns])
        ws.append(["Col_no"] + [None] * (n_ids - 1) + [m for _l, m in columns])
    labels, seen = [], set()
    for line, _m in columns:
        labels.append(line.label if line.row not in seen else None)
        seen.add(line.row)
    ws.append([None] * n_ids + labels)
    ws.append((ids if header else ["Code", "Body", "Name", "Kind"]) + [MEASURE_HEADERS[m] for _l, m in columns])
    for body in bodies:
        by_id = {"E-code": body.ecode, "ONS Code": body.gss, "Local authority": body.name, "Class": body.ro_class}
        ws.append([by_id[i] for i in ids] + [_cell(body, line, m) for line, m in columns])
    england = {"E-code": "Eng", "ONS Code": "E92000001", "Local authority": "ENGLAND", "Class": "Eng"}
    ws.append([england[i] for i in ids] + [123456.0 for _c in columns])
    if style == "table":
        key = book.create_sheet("LA drop-down")
        key.append(["Select a local authority"])
        for line in lines:
            key.append([line.row, line.label])
    book.save(path)
    return path
