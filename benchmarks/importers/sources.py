"""Where each official file is published (for `manage.py download_official_data`).

Only stable direct links are listed. MHCLG (GOV.UK) and Oflog re-issue files under new asset
addresses, so for those the command points the user at the publisher's page instead of guessing
a link.
"""

from __future__ import annotations

from dataclasses import dataclass

MHCLG_COLLECTION = "https://www.gov.uk/government/collections/local-authority-revenue-expenditure-and-financing"


@dataclass(frozen=True)
class OfficialSource:
    key: str
    folder: str
    file_name: str
    publisher: str
    page: str
    url: str | None = None  # a stable direct download, when the publisher has one


SOURCES: list[OfficialSource] = [
    OfficialSource(
        "authorities",
        "authorities",
        "uk_local_authorities.csv",
        "mySociety (CC BY 4.0)",
        "https://github.com/mysociety/uk_local_authority_names_and_codes",
        "https://raw.githubusercontent.com/mysociety/uk_local_authority_names_and_codes/master/data/"
        "uk_local_authorities.csv",
    ),
    OfficialSource(
        "population",
        "population",
        "mye22final.xlsx",
        "Office for National Statistics (OGL v3.0)",
        "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates/datasets/"
        "populationestimatesforukenglandandwalesscotlandandnorthernireland",
        "https://www.ons.gov.uk/file?uri=/peoplepopulationandcommunity/populationandmigration/populationestimates/"
        "datasets/populationestimatesforukenglandandwalesscotlandandnorthernireland/mid2022/mye22final.xlsx",
    ),
    OfficialSource("revenue_outturn", "revenue-outturn", "RS_/RSX_ files", "MHCLG (OGL v3.0)", MHCLG_COLLECTION),
    OfficialSource("revenue_budget", "revenue-budget", "RA_ files", "MHCLG (OGL v3.0)", MHCLG_COLLECTION),
    OfficialSource(
        "performance",
        "performance",
        "oflog_asc_data.csv",
        "Office for Local Government (OGL v3.0)",
        "https://oflog.data.gov.uk/",
    ),
]
SOURCES_BY_KEY = {s.key: s for s in SOURCES}
