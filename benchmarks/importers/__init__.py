"""Official data importers.

Parsing (pure, no database): `authorities.parse_authority_lookup`, `outturn.parse_outturn_file`
(RS .xls/.xlsx workbooks and RSX CSV exports), `budget.parse_ra_file` (RA CSV exports and .xls/.xlsx/.ods
workbooks), `population.parse_ons_workbook`
/ `parse_mid2023_csv`, `performance.parse_oflog_csv`; `regions` maps official Region columns. Each raises `base.OfficialDataError` with a
plain-English message when a file is not what it should be, and returns a `base.Report`.

Writing: `services.import_*` (atomic, idempotent by SHA-256, provenance on `ImportRun`) and
`services.check_outturn` (cell-by-cell comparison with the file). Commands: import_authorities,
import_outturn, import_budget, import_population, import_performance, import_official_data DIR,
check_official_data DIR, download_official_data.
"""
