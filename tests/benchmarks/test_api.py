"""The read-only JSON API: the contract in issue 6, pagination, bad parameters, rate limit."""

import statistics
from decimal import Decimal

import pytest

from .factories import PerformanceValueFactory
from .world import UNITARIES, build_world, per_head

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def test_authorities_contract_and_filters(client, world):
    body = client.get("/api/v1/authorities?type=NMD").json()
    assert body["count"] == 3
    first = body["results"][0]
    assert set(first) == {"gss_code", "ecode", "name", "type", "region", "parent_gss_code", "current"}
    vale = next(r for r in body["results"] if r["name"] == "North Vale")
    assert vale["parent_gss_code"] == world["Northshire"].gss_code and vale["type"] == "NMD"
    former = client.get("/api/v1/authorities?current=false").json()
    assert [r["name"] for r in former["results"]] == ["Epsom Unitary"]
    assert client.get("/api/v1/authorities?type=XYZ").status_code == 400


def test_authorities_are_paginated(client, world):
    body = client.get("/api/v1/authorities?page_size=4").json()
    assert body["count"] == len(world.councils) and len(body["results"]) == 4 and body["next"]
    assert client.get("/api/v1/authorities?page=999").status_code == 404


def test_services_and_years(client, world):
    services = client.get("/api/v1/services").json()
    adult = next(s for s in services if s["code"] == "360")
    assert adult["name"] == "Adult social care" and "net_current_expenditure" in adult["measures"]
    assert client.get("/api/v1/years").json() == [{"year": "2021-22"}, {"year": "2022-23"}]


def test_values_exactly_as_published_with_per_head_and_not_submitted(client, world):
    gss = world["Epsom Unitary"].gss_code
    body = client.get(f"/api/v1/values?authority={gss}&service=190&year=2022-23&measure=net_current_expenditure").json()
    [row] = body["results"]
    assert row["value_thousands"] == "41000.5"
    assert row["source"] == "RSX_2022-23_data_by_LA.csv"
    assert row["population"] == 80_000 and row["population_year"] == 2022
    assert row["per_head"] == pytest.approx(per_head(world, 2022, "Epsom Unitary", "190"))
    fenland = world["Fenland Unitary"].gss_code
    [missing] = client.get(f"/api/v1/values?authority={fenland}&service=190&year=2022-23").json()["results"]
    assert missing["value_thousands"] is None and missing["status"] == "not_submitted"
    assert missing["per_head"] is None


def test_compare_contract(client, world):
    gss = world["Corby Unitary"].gss_code
    body = client.get(f"/api/v1/compare?authority={gss}&service=290&year=2022-23&group=type").json()
    for key in (
        "group",
        "n",
        "median",
        "q1",
        "q3",
        "rank",
        "percentile",
        "mads_from_median",
        "considered_different",
        "members",
    ):
        assert key in body
    highways = [v for n in UNITARIES if (v := per_head(world, 2022, n, "290")) is not None]
    assert body["n"] == 5 and body["median"] == pytest.approx(statistics.median(highways))
    q1, _m, q3 = statistics.quantiles(highways, n=4, method="inclusive")
    assert body["q1"] == pytest.approx(q1) and body["q3"] == pytest.approx(q3)
    mine = per_head(world, 2022, "Corby Unitary", "290")
    assert body["rank"] == 1 + sum(v > mine for v in highways)
    statuses = {m["name"]: m["status"] for m in body["members"]}
    assert statuses["Fenland Unitary"] == "not_submitted"
    england = client.get(f"/api/v1/compare?authority={gss}&service=290&year=2022-23&group=england").json()
    assert england["group"] == "england" and england["n"] > body["n"]


@pytest.mark.parametrize(
    "query, status",
    [
        ("authority=E06000002&service=290&year=2022-23&group=nonsense", 400),
        ("authority=nope&service=290&year=2022-23", 400),
        ("authority=E06000002&service=290&year=22-23", 400),
        ("authority=E06000002&service=abc&year=2022-23", 400),
        ("authority=E99999999&service=290&year=2022-23", 404),
        ("authority=E06000002&service=999&year=2022-23", 404),
        ("authority=E06000002&service=290&year=2030-31", 404),
        ("authority=E06000002&service=290&year=2022-23&group=7c9e6679-7425-40de-944b-e07fc1f90ae7", 404),
        ("service=290&year=2022-23", 400),
    ],
)
def test_compare_bad_parameters(client, world, query, status):
    response = client.get(f"/api/v1/compare?{query}")
    assert response.status_code == status
    assert "detail" in response.json()


def test_measure_compare(client, world):
    values = [Decimal("7.1"), Decimal("7.5"), Decimal("7.9"), Decimal("8.4"), Decimal("6.0")]
    names = ["Ashford Unitary", "Bexley Unitary", "Corby Unitary", "Dover Unitary", "Northshire"]
    for name, value in zip(names, values, strict=True):
        PerformanceValueFactory(authority=world[name], value=value)
    body = client.get(f"/api/v1/measures/ASC1/compare?authority={world['Dover Unitary'].gss_code}&year=2022-23").json()
    floats = [float(v) for v in values]
    median = statistics.median(floats)
    mad = statistics.median([abs(v - median) for v in floats])
    assert body["median"] == pytest.approx(median) and body["n"] == 5 and body["polarity"] == "higher"
    assert body["mads_from_median"] == pytest.approx((8.4 - median) / mad)
    assert (
        client.get(
            f"/api/v1/measures/ASC99/compare?authority={world['Dover Unitary'].gss_code}&year=2022-23"
        ).status_code
        == 404
    )


def test_api_is_rate_limited(client, world, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    # The configured anonymous rate is 600/min; lower it so the test stays quick.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/min"})
    codes = [client.get("/api/v1/services").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]


def test_schema_and_docs_page(client, world):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    for path in ("/api/v1/authorities", "/api/v1/values", "/api/v1/compare", "/api/v1/measures/{code}/compare"):
        assert path in text
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/api/v1/compare" in html and "cdn" not in html.lower()
