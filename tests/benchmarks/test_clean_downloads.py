"""Clean data out: CSV numbers as plain numbers with integer ranks, a byte order mark and a name that
says what the file holds; XLSX with typed numbers and an "About this data" sheet; no formula cells."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from .factories import ImportRunFactory
from .world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def service_url(world, name="Corby Unitary", code="290", **query) -> str:
    url = reverse("benchmarks:service", kwargs={"gss": world[name].gss_code, "code": code})
    return url + "?" + "&".join(f"{k}={v}" for k, v in {"year": "2022-23", **query}.items())


def profile_url(world, name="Corby Unitary", **query) -> str:
    url = reverse("benchmarks:profile", kwargs={"gss": world[name].gss_code})
    return url + "?" + "&".join(f"{k}={v}" for k, v in {"year": "2022-23", **query}.items())


def test_members_csv_has_numeric_columns_equal_to_the_api(client, world):
    response = client.get(service_url(world, format="csv"))
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark, for Excel
    frame = pd.read_csv(io.BytesIO(response.content), encoding="utf-8-sig")
    assert list(frame.columns)[0] == "Council"  # one header row, the BOM not in the first name
    for column in ("£ thousand (as published)", "£ per head", "Population", "Population year", "Rank"):
        assert pd.api.types.is_numeric_dtype(frame[column]), column
    assert pd.api.types.is_integer_dtype(frame["Population"])
    api = client.get(
        f"/api/v1/compare?authority={world['Corby Unitary'].gss_code}&service=290&year=2022-23&group=type"
    ).json()
    by_code = frame.set_index("GSS code")
    for member in api["members"]:
        shown = by_code.loc[member["gss_code"], "£ per head"]
        if member["per_head"] is None:
            assert pd.isna(shown)
        else:
            assert shown == pytest.approx(member["per_head"], abs=0.005)
    corby = by_code.loc[world["Corby Unitary"].gss_code]
    assert corby["Rank"] == api["rank"] and corby["Rank (text)"] == api["rank_text"]


def test_published_figures_have_no_padding_zeros(client, world):
    text = client.get(profile_url(world, format="csv")).content.decode("utf-8-sig")
    assert not re.search(r"\d\.\d*0(,|\r?\n)", text.replace(".5,", ","))  # no 6000.000 or 12.50
    frame = pd.read_csv(io.StringIO(text))
    assert frame.loc[frame["Service code"] == 290, "£ thousand (as published)"].item() == 6000
    ranks = [row["Rank"] for row in csv.DictReader(io.StringIO(text))]
    assert any(ranks) and all(r.isdigit() for r in ranks if r)  # "4", never "4.0" or "4th"


def test_file_names_say_what_they_hold(client, world):
    disposition = client.get(profile_url(world, format="csv"))["Content-Disposition"]
    assert 'filename="corby-unitary-2022-23-unitary-authorities-net-current-expenditure.csv"' in disposition
    members = client.get(service_url(world, format="xlsx", prices="cash"))["Content-Disposition"]
    assert "corby-unitary-2022-23-highways-and-transport" in members and members.endswith('.xlsx"')
    trend = client.get(service_url(world, format="csv", table="trend"))["Content-Disposition"]
    assert "-trend-" in trend


def test_xlsx_has_typed_numbers_and_an_about_sheet_naming_every_source_file(client, world):
    workbook = load_workbook(io.BytesIO(client.get(profile_url(world, format="xlsx")).content))
    data = workbook.worksheets[0]
    header = [c.value for c in data[1]]
    per_head = header.index("£ per head")
    values = [row[per_head] for row in data.iter_rows(min_row=2) if row[per_head].value is not None]
    assert values and all(cell.data_type == "n" for cell in values)
    about = dict(workbook["About this data"].iter_rows(values_only=True))
    text = "\n".join(f"{k}: {v}" for k, v in workbook["About this data"].iter_rows(values_only=True))
    assert "RSX_2022-23_data_by_LA.csv" in text
    assert "Open Government Licence v3.0" in about["Licence"]
    assert "mid-2022" in about["Population years"] and about["Prices"].startswith("Cash")
    assert about["Permanent link"].startswith("http://testserver/benchmarking/")


def test_about_sheet_of_the_trend_names_every_year_s_file(client, world):
    workbook = load_workbook(io.BytesIO(client.get(service_url(world, format="xlsx", table="trend")).content))
    sources = [v for k, v in workbook["About this data"].iter_rows(values_only=True) if k == "Source file"]
    assert any("2021-22" in s for s in sources) and any("2022-23" in s for s in sources)


DANGEROUS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_no_cell_starts_a_formula_unless_it_is_a_number(client, world, fmt):
    corby = world["Corby Unitary"]
    corby.name = DANGEROUS[0]
    corby.save()
    ImportRunFactory(file_name="@evil.csv")
    response = client.get(service_url(world, format=fmt))
    if fmt == "csv":
        cells = [c for row in pd.read_csv(io.BytesIO(response.content), dtype=str).fillna("").values for c in row]
    else:
        workbook = load_workbook(io.BytesIO(response.content))
        cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for c in row]
    texts = [c for c in cells if isinstance(c, str) and c]
    assert "'=1+1" in texts
    for cell in texts:
        if cell.startswith(("=", "+", "-", "@")):
            float(cell)  # a number (e.g. -2.5) may start with a minus; anything else is escaped
