"""Parse mySociety's UK local authority lookup (uk_local_authorities.csv)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from .base import GSS_RE, OfficialDataError, Report, SourceFile, check_text_cell, decode_csv_text

REQUIRED_COLUMNS = [
    "local-authority-code",
    "official-name",
    "nice-name",
    "gss-code",
    "start-date",
    "end-date",
    "replaced-by",
    "nation",
    "region",
    "local-authority-type",
    "county-la",
    "alt-names",
    "ecode",
    "pop-2020",
]
ENGLISH_REGIONS = {
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
}
# Lookup type -> (our authority_type, tier, principal council?)
TYPE_MAP = {
    "CTY": ("CTY", "upper", True),
    "NMD": ("NMD", "lower", True),
    "UA": ("UA", "single", True),
    "MD": ("MD", "single", True),
    "LBO": ("LBO", "single", True),
    "CC": ("CC", "single", True),
    "SCO": ("SCO", "single", True),
    "WPA": ("WPA", "single", True),
    "NID": ("NID", "single", True),
    "COMB": ("O", "none", False),  # combined authorities
    "SRA": ("O", "none", False),  # strategic regional authority (Greater London Authority)
}


@dataclass
class AuthorityRecord:
    row_number: int
    mysociety_code: str
    gss_code: str | None
    ecode: str
    name: str
    official_name: str
    alt_names: str
    slug: str
    lookup_type: str
    authority_type: str
    tier: str
    is_principal_council: bool
    region: str
    nation: str
    parent_code: str
    start_date: date | None
    end_date: date | None
    successor_codes: list[str] = field(default_factory=list)
    former_gss_codes: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    pop_2020: int | None = None


def _date(text: str, where: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise OfficialDataError(f"{where}: {text!r} is not a date like 2023-04-01.")


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip()) if text.strip() else None
    except InvalidOperation:
        return None


def parse_authority_lookup(source: SourceFile) -> tuple[list[AuthorityRecord], Report]:
    report = Report(title=f"Authority lookup {source.name}")
    text = decode_csv_text(source, report)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise OfficialDataError(
            f"{source.name}: this is not mySociety's authority lookup; missing columns: {', '.join(missing)}."
        )
    records: list[AuthorityRecord] = []
    seen_codes: dict[str, int] = {}
    seen_gss: dict[str, int] = {}
    for index, row in enumerate(reader, start=2):
        where = f"{source.name} row {index}"
        if None in row:
            raise OfficialDataError(f"{where}: the row has more cells than the header.")
        code = check_text_cell(row["local-authority-code"] or "", where)
        if not code:
            raise OfficialDataError(f"{where}: the local-authority-code is empty.")
        if code in seen_codes:
            raise OfficialDataError(f"{where}: code {code} appears twice (also row {seen_codes[code]}).")
        seen_codes[code] = index
        gss = (row["gss-code"] or "").strip() or None
        if gss is not None:
            if not GSS_RE.match(gss):
                raise OfficialDataError(f"{where}: {gss!r} is not a GSS code like E06000001.")
            if gss in seen_gss:
                raise OfficialDataError(f"{where}: GSS code {gss} appears twice (also row {seen_gss[gss]}).")
            seen_gss[gss] = index
        lookup_type = (row["local-authority-type"] or "").strip()
        if lookup_type not in TYPE_MAP:
            raise OfficialDataError(f"{where}: unknown local-authority-type {lookup_type!r}.")
        authority_type, tier, principal = TYPE_MAP[lookup_type]
        region = (row["region"] or "").strip()
        pop = _decimal(row.get("pop-2020") or "")
        records.append(
            AuthorityRecord(
                row_number=index,
                mysociety_code=code,
                gss_code=gss,
                ecode=check_text_cell(row["ecode"] or "", where),
                name=check_text_cell(row["nice-name"] or "", where) or code,
                official_name=check_text_cell(row["official-name"] or "", where),
                alt_names="\n".join(dict.fromkeys(n.strip() for n in (row["alt-names"] or "").split(",") if n.strip())),
                slug=(row.get("gov-uk-slug") or "").strip()[:200],
                lookup_type=lookup_type,
                authority_type=authority_type,
                tier=tier,
                is_principal_council=principal,
                region=region if region in ENGLISH_REGIONS else "",
                nation=(row["nation"] or "").strip(),
                parent_code=(row["county-la"] or "").strip(),
                start_date=_date(row["start-date"] or "", where),
                end_date=_date(row["end-date"] or "", where),
                successor_codes=[c.strip() for c in (row["replaced-by"] or "").split(",") if c.strip()],
                former_gss_codes=(row.get("former-gss-codes") or "").strip()[:200],
                latitude=_decimal(row.get("lat") or ""),
                longitude=_decimal(row.get("long") or ""),
                pop_2020=int(pop) if pop is not None else None,
            )
        )
    if not records:
        raise OfficialDataError(f"{source.name}: the lookup has a header but no rows.")
    known = set(seen_codes)
    for record in records:
        for ref in [record.parent_code, *record.successor_codes]:
            if ref and ref not in known:
                raise OfficialDataError(
                    f"{source.name} row {record.row_number}: {record.name} refers to {ref!r}, which is not in the lookup."
                )
    report.count("authorities", len(records))
    report.count("principal_councils", sum(r.is_principal_council for r in records))
    report.count("other_bodies", sum(not r.is_principal_council for r in records))
    report.count("former_authorities", sum(r.end_date is not None for r in records))
    return records, report
