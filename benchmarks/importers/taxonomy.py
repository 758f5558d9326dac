"""The RO service-line taxonomy (static reference data, names from the official RSX headings)."""

from __future__ import annotations

# code, name, short name, sort order, is_total, first comparable start year, last start year, notes
SERVICES: list[dict] = [
    {
        "code": "190",
        "name": "Education services",
        "short_name": "Education",
        "sort_order": 10,
        "definition_notes": "Includes schools funding passed straight through to schools, which dominates totals "
        "for education authorities.",
    },
    {
        "code": "290",
        "name": "Highways and transport services",
        "short_name": "Highways and transport",
        "sort_order": 20,
    },
    {
        "code": "330",
        "name": "Children's social care",
        "short_name": "Children's social care",
        "sort_order": 30,
        "first_year": 2011,
        "definition_notes": "Published separately from 2011-12; in 2010-11 social care is one combined line.",
    },
    {
        "code": "360",
        "name": "Adult social care",
        "short_name": "Adult social care",
        "sort_order": 40,
        "first_year": 2011,
        "definition_notes": "Published separately from 2011-12; in 2010-11 social care is one combined line.",
    },
    {
        "code": "330+360",
        "name": "Social care (children's and adults' combined)",
        "short_name": "Social care",
        "sort_order": 45,
        "first_year": 2010,
        "last_year": 2010,
        "definition_notes": "2010-11 only: the RS workbook publishes one combined social care line. Not comparable "
        "with the separate children's (330) and adult (360) lines of later years.",
    },
    {
        "code": "390",
        "name": "Public health",
        "short_name": "Public health",
        "sort_order": 50,
        "first_year": 2013,
        "definition_notes": "A council service only from 2013-14, when public health moved from the NHS to councils.",
    },
    {"code": "490", "name": "Housing services (general fund)", "short_name": "Housing (GFRA)", "sort_order": 60},
    {"code": "509", "name": "Cultural and related services", "short_name": "Cultural", "sort_order": 70},
    {
        "code": "590",
        "name": "Environmental and regulatory services",
        "short_name": "Environmental and regulatory",
        "sort_order": 80,
    },
    {
        "code": "599",
        "name": "Planning and development services",
        "short_name": "Planning and development",
        "sort_order": 90,
    },
    {"code": "601", "name": "Police services", "short_name": "Police", "sort_order": 100},
    {"code": "602", "name": "Fire and rescue services", "short_name": "Fire and rescue", "sort_order": 110},
    {"code": "690", "name": "Central services", "short_name": "Central services", "sort_order": 120},
    {"code": "698", "name": "Other services", "short_name": "Other", "sort_order": 130},
    {
        "code": "699",
        "name": "Total service expenditure",
        "short_name": "Total",
        "sort_order": 140,
        "is_total": True,
        "definition_notes": "Total of lines 190 to 698 as published.",
    },
]

SERVICE_CODES = [s["code"] for s in SERVICES]
