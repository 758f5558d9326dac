"""Each council's region, from the official files that state it.

mySociety's authority lookup gives every council a region, but it is wrong for a few (it puts
Derbyshire in the West Midlands and Lincolnshire in Yorkshire and The Humber). MHCLG's own files
state the region where they have a Region column (RA budget workbooks such as 2015-16, the RS
outturn workbooks of 2007-08 and 2008-09), as a code (EM, YH, L …) or a name. The rules:

- a region as published is mapped to one of the nine `Region` values; a label we cannot map is
  reported and ignored, never guessed;
- an official statement wins over the lookup, and the newest official statement wins over older
  ones (a file of the same year replaces the previous statement, so a re-import is idempotent);
- `Authority.region_source` says where the stored region comes from (e.g. "RA 2015-16
  (RA_2015-16_data_by_LA.xls)"), or starts with LOOKUP_SOURCE when it is the lookup's;
- every disagreement with the lookup is listed in the report of the import that found it, and
  again when the lookup is re-imported (which keeps the official region).

`apply_official_regions` is the one entry point for importers of official files. For importers
whose parsed rows do not carry the Region column yet (the RS 2007-08 and 2008-09 outturn workbooks),
`apply_workbook_regions(source, "RS", year, report)` reads it from the workbook itself: one call
inside `import_outturn`'s transaction, after matching.
"""

from __future__ import annotations

import re

from benchmarks.models import Authority, Region

from .base import ECODE_RE, Report, SourceFile, find_year_in_text
from .sheets import cell_text, read_workbook

LOOKUP_SOURCE = "Authority lookup"

# Codes MHCLG prints in Region columns, and the ONS region codes (E12…).
REGION_CODES = {
    "NE": Region.NORTH_EAST,
    "NW": Region.NORTH_WEST,
    "YH": Region.YORKSHIRE,
    "EM": Region.EAST_MIDLANDS,
    "WM": Region.WEST_MIDLANDS,
    "EE": Region.EAST,
    "L": Region.LONDON,
    "SE": Region.SOUTH_EAST,
    "SW": Region.SOUTH_WEST,
    "E12000001": Region.NORTH_EAST,
    "E12000002": Region.NORTH_WEST,
    "E12000003": Region.YORKSHIRE,
    "E12000004": Region.EAST_MIDLANDS,
    "E12000005": Region.WEST_MIDLANDS,
    "E12000006": Region.EAST,
    "E12000007": Region.LONDON,
    "E12000008": Region.SOUTH_EAST,
    "E12000009": Region.SOUTH_WEST,
}
# Names, compared in lower case with "&" read as "and" and "the" dropped.
REGION_NAMES = {
    "north east": Region.NORTH_EAST,
    "north west": Region.NORTH_WEST,
    "yorkshire and humber": Region.YORKSHIRE,
    "yorkshire and humberside": Region.YORKSHIRE,
    "east midlands": Region.EAST_MIDLANDS,
    "west midlands": Region.WEST_MIDLANDS,
    "east of england": Region.EAST,
    "eastern": Region.EAST,
    "east": Region.EAST,
    "london": Region.LONDON,
    "greater london": Region.LONDON,
    "south east": Region.SOUTH_EAST,
    "south west": Region.SOUTH_WEST,
}


def map_region(label: str) -> str | None:
    """One of the nine English regions for a label as published; None when it is not one we know."""
    text = " ".join(label.split())
    if text.upper() in REGION_CODES:
        return str(REGION_CODES[text.upper()])
    words = re.sub(r"[^a-z ]+", " ", text.lower().replace("&", " and ")).split()
    return REGION_NAMES.get(" ".join(w for w in words if w != "the"))


def is_official(region_source: str) -> bool:
    return bool(region_source) and not region_source.startswith(LOOKUP_SOURCE)


def lookup_source(file_name: str, region: str) -> str:
    """Authority.region_source for a region taken from the lookup ("" when it gives none)."""
    return f"{LOOKUP_SOURCE} ({file_name})" if region else ""


def source_label(kind: str, year: int, file_name: str) -> str:
    """E.g. "RA 2019-20 (RA_2019-20_data_by_LA.xlsx)": the text stored in Authority.region_source."""
    return f"{kind} {year}-{(year + 1) % 100:02d} ({file_name})"


def apply_official_regions(statements: dict[int, str], source: str, report: Report) -> int:
    """Record the regions an official file states: {authority id: label as published}.

    `source` is the `source_label` of the file. Returns how many authorities changed region.
    Call inside the import's transaction.
    """
    year = find_year_in_text(source)
    mapped = _map_statements(statements, report)
    changed = []
    for authority in Authority.objects.filter(pk__in=mapped).order_by("name"):
        region = mapped[authority.pk]
        held_year = find_year_in_text(authority.region_source) if is_official(authority.region_source) else None
        if held_year is not None and year is not None and held_year > year:
            if authority.region != region:
                report.add(
                    "older_official_region_not_used",
                    f"{authority.name}: {_source_name(source)} {region}; newer {_source_name(authority.region_source)} "
                    f"{authority.region} kept",
                )
            continue
        _note_disagreement(authority, region, source, report)
        if authority.region != region or authority.region_source != source:
            authority.region, authority.region_source = region, source[:200]
            changed.append(authority)
    Authority.objects.bulk_update(changed, ["region", "region_source"], batch_size=500)
    report.count("regions_from_this_file", len(mapped))
    return len(changed)


def _map_statements(statements: dict[int, str], report: Report) -> dict[int, str]:
    mapped, unknown = {}, {}
    for authority_id, label in statements.items():
        label = label.strip()
        if not label:
            continue
        region = map_region(label)
        if region is None:
            unknown[label] = unknown.get(label, 0) + 1
            continue
        mapped[authority_id] = region
    for label, n in sorted(unknown.items()):
        report.add("region_labels_not_recognised", f"{label!r} ({n} authorities): region left as it was")
    return mapped


def _note_disagreement(authority: Authority, region: str, source: str, report: Report) -> None:
    if authority.region == region or not authority.region:
        return
    held = "lookup" if not is_official(authority.region_source) else _source_name(authority.region_source)
    report.add(
        "region_disagreements",
        f"{authority.name}: {held} {authority.region}, {_source_name(source)} {region}; "
        f"{_source_name(source).split()[0]} used",
    )


def _source_name(source: str) -> str:
    """ "RA 2019-20 (file.xlsx)" -> "RA 2019-20"."""
    return source.split(" (", 1)[0]


def keep_official_region(authority: Authority, lookup_region: str, file_name: str, report: Report) -> tuple[str, str]:
    """(region, region_source) to store when the lookup is (re-)imported for an existing authority.

    An official region is kept; where the lookup disagrees, the report says so.
    """
    if not is_official(authority.region_source):
        return lookup_region, lookup_source(file_name, lookup_region)
    if lookup_region and lookup_region != authority.region:
        name = _source_name(authority.region_source)
        report.add(
            "region_disagreements",
            f"{authority.name}: lookup {lookup_region}, {name} {authority.region}; {name.split()[0]} kept",
        )
    return authority.region, authority.region_source


def region_column(rows: list[list]) -> dict[str, str]:
    """{E-code: region as published} from a sheet with 'E-code' and 'Region' header cells; {} if none.

    For importers whose parsed rows do not carry the Region column (the RS 2007-08 and 2008-09
    workbooks state it too): match the E-codes to authorities and pass the result to
    `apply_official_regions`.
    """
    for index, row in enumerate(rows[:40]):
        header = [cell_text(c).lower() for c in row]
        if "region" in header and ("e-code" in header or "ecode" in header):
            code_col = header.index("e-code") if "e-code" in header else header.index("ecode")
            region_col = header.index("region")
            return {
                cell_text(r[code_col]): cell_text(r[region_col])
                for r in rows[index + 1 :]
                if len(r) > max(code_col, region_col) and ECODE_RE.match(cell_text(r[code_col]))
            }
    return {}


def apply_workbook_regions(source: SourceFile, kind: str, year: int, report: Report) -> int:
    """Record the Region column of an MHCLG workbook (e.g. kind "RS", the 2007-08 and 2008-09 RS
    workbooks), for an importer whose parser does not read that column. Call inside the import's
    transaction, after its authorities are matched. Returns how many authorities changed region.
    """
    book = read_workbook(source)
    statements = next((found for name in book.sheet_names if (found := region_column(book.rows(name)))), {})
    if not statements:
        return 0
    ids: dict[str, int] = {}
    for ecode, pk in Authority.objects.filter(ecode__in=statements).order_by("pk").values_list("ecode", "pk"):
        ids.setdefault(ecode, pk)
    for ecode in sorted(set(statements) - set(ids)):
        report.add("regions_for_unknown_bodies_ignored", ecode)
    return apply_official_regions(
        {ids[e]: label for e, label in statements.items() if e in ids}, source_label(kind, year, source.name), report
    )
