"""The committed snapshot of the official figures: export, load, refuse damage, load once.

The round trip runs on figures the test builds (one or more rows in every official table, with
the awkward values: 15 decimal places, NULLs, text markers, JSON, dates, county and successor
links, a body known only by its E-code), so it needs no data directory.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from benchmarks import demo
from benchmarks.groups.models import ComparisonGroup
from benchmarks.models import (
    Authority,
    Boundary,
    BudgetLine,
    BudgetValue,
    DetailLine,
    DetailValue,
    ImportRun,
    OutturnReturn,
    OutturnValue,
    PlaceCharacteristics,
    PopulationEstimate,
    PriceIndex,
    Service,
)
from benchmarks.official_snapshot import (
    DEFAULT_PATH,
    SnapshotError,
    export_snapshot,
    load_snapshot,
    read_snapshot,
    snapshot_models,
)
from benchmarks.years import FinancialYear

from .factories import AuthorityFactory, ImportRunFactory, PerformanceValueFactory

pytestmark = pytest.mark.django_db

# Fields whose value is the import's own bookkeeping and legitimately changes on load.
RUN_NOTES = {"report", "report_text"}


def build_official_figures():
    """A little of everything the importers write, with the values that are easy to get wrong."""
    lookup = ImportRunFactory(dataset="authorities", file_name="uk_local_authorities.csv", sha256="a" * 64)
    rsx = ImportRunFactory(
        dataset="revenue_outturn",
        year=FinancialYear(2022),
        file_name="RSX_2022-23_data_by_LA.csv",
        sha256="b" * 64,
        publisher_last_updated=datetime.date(2024, 2, 29),
        publisher_title="Revenue outturn 2022-23",
        report={"counts": {"values_loaded": 3}, "sections": [{"title": "not submitted", "items": ["E0999"]}]},
        report_text="values loaded: 3",
        values_loaded=3,
    )
    budget = ImportRunFactory(dataset="revenue_budget", year=FinancialYear(2023), file_name="RA.csv", sha256="c" * 64)
    prices = ImportRunFactory(dataset="prices", file_name="gdp_deflators_transcribed.csv", sha256="d" * 64)
    county = AuthorityFactory(gss_code="E10000034", name="Worcestershire", authority_type="CTY", mysociety_code="WOR")
    district = AuthorityFactory(
        gss_code="E07000237",
        name="Worcester",
        authority_type="NMD",
        mysociety_code="WOC",
        parent=county,
        latitude=Decimal("52.19123456"),
        longitude=Decimal("-2.22123456"),
        start_date=datetime.date(1974, 4, 1),
    )
    cumbria = AuthorityFactory(
        gss_code="E10000006", name="Cumbria", authority_type="CTY", end_date=datetime.date(2023, 3, 31)
    )
    westmorland = AuthorityFactory(gss_code="E06000064", name="Westmorland and Furness", mysociety_code="WFA")
    cumbria.successors.add(westmorland)
    police = AuthorityFactory(gss_code=None, ecode="E9999", name="Old Police Authority", authority_type="O")
    total = Service.objects.get(code="699")
    OutturnReturn.objects.create(authority=district, year=FinancialYear(2022), source=rsx, certified=True)
    OutturnReturn.objects.create(
        authority=police, year=FinancialYear(2022), source=rsx, status="not_submitted", not_submitted_marker="[x]"
    )
    OutturnValue.objects.create(
        authority=district,
        year=FinancialYear(2022),
        service=total,
        measure="net_current_expenditure",
        value_thousands=Decimal("12345.678901234567891"),
        source=rsx,
    )
    OutturnValue.objects.create(
        authority=district,
        year=FinancialYear(2022),
        service=total,
        measure="employees",
        value_thousands=Decimal("-0.5"),
        source=rsx,
    )
    OutturnValue.objects.create(
        authority=police, year=FinancialYear(2022), service=total, measure="employees", value_thousands=None, source=rsx
    )
    libraries = BudgetLine.objects.create(code="505", name="Library service", section="Cultural", sort_order=10)
    BudgetValue.objects.create(
        authority=county, year=FinancialYear(2023), line=libraries, value_thousands=Decimal("7000"), source=budget
    )
    BudgetValue.objects.create(
        authority=district,
        year=FinancialYear(2023),
        line=libraries,
        value_thousands=None,
        marker="Category discontinued",
        source=budget,
    )
    PopulationEstimate.objects.create(
        authority=cumbria, mid_year=2020, population=500012, source="mysociety_pop2020", import_run=lookup
    )
    PlaceCharacteristics.objects.create(
        authority=district,
        mid_year=2022,
        area_sq_km=Decimal("33.2781"),
        median_age=Decimal("39.5"),
        population=103900,
        age_by_sex={"F": [500, 510], "M": [520, 530]},
        import_run=lookup,
    )
    PerformanceValueFactory(authority=district, value=Decimal("18.123456789012345"))
    PerformanceValueFactory(authority=county, value=None)
    PriceIndex.objects.create(
        year=FinancialYear(2022), deflator=Decimal("100.000000"), base_year=FinancialYear(2022), source=prices
    )
    shapes = ImportRunFactory(dataset="boundaries", file_name="Counties_2023.topojson", sha256="e" * 64)
    Boundary.objects.create(
        layer="counties",
        gss_code="E10000034",
        name="Worcestershire",
        path="M10 20l3-2 5 0z",
        min_x=10,
        min_y=18,
        max_x=18,
        max_y=20,
        source=shapes,
    )
    home_care = DetailLine.objects.create(
        code="10", name="Home care", section="Adults", service=Service.objects.get(code="360")
    )
    DetailValue.objects.create(
        authority=county,
        year=FinancialYear(2022),
        line=home_care,
        measure="total_expenditure",
        value_thousands=Decimal("4321.25"),
        source=rsx,
    )


def _identity(model, pk, depth=0):
    """A row told by its content, not its id (ids differ between databases)."""
    obj = model._default_manager.get(pk=pk)
    values = []
    for f in model._meta.concrete_fields:
        if f.primary_key or (model is ImportRun and f.name in RUN_NOTES):
            continue
        value = getattr(obj, f.attname)
        if f.is_relation and value is not None:
            value = _identity(f.related_model, value, depth + 1) if depth < 2 else "linked"
        values.append((f.name, value if not isinstance(value, dict) else repr(sorted(value.items()))))
    return tuple(values)


def official_content() -> dict[str, list]:
    """Every official table, each row told by its content, cell by cell."""
    return {
        model._meta.label: sorted(
            repr(_identity(model, pk)) for pk in model._default_manager.values_list("pk", flat=True)
        )
        for model in snapshot_models()
    }


def wipe_official_tables():
    for model in reversed(snapshot_models()):
        if model is not Service:  # the service lines come with the migrations, as in a new database
            model._default_manager.all().delete()


def test_export_then_load_into_an_empty_database_gives_the_same_figures(tmp_path):
    build_official_figures()
    before = official_content()
    assert all(before[m._meta.label] for m in snapshot_models()), "the fixture fills every official table"
    result = export_snapshot(tmp_path / "official.jsonl.xz")
    assert result.path.stat().st_size == result.size
    assert result.counts["benchmarks.outturnvalue"] == 3

    wipe_official_tables()
    assert OutturnValue.objects.count() == 0 and Authority.objects.count() == 0
    loaded = load_snapshot(tmp_path / "official.jsonl.xz")

    assert not loaded.unchanged
    assert official_content() == before
    # Exact decimals survive the round trip where the database keeps them exactly.
    from django.db import connection

    if connection.vendor == "postgresql":
        assert OutturnValue.objects.get(measure="net_current_expenditure").value_thousands == Decimal(
            "12345.678901234567891"
        )


def test_loaded_figures_still_name_the_original_file_and_record_the_snapshot(tmp_path):
    build_official_figures()
    export_snapshot(tmp_path / "official.jsonl.xz")
    wipe_official_tables()
    snapshot = load_snapshot(tmp_path / "official.jsonl.xz").snapshot

    value = OutturnValue.objects.select_related("source").get(measure="net_current_expenditure")
    assert value.source.file_name == "RSX_2022-23_data_by_LA.csv"
    assert value.source.sha256 == "b" * 64
    assert value.source.publisher_last_updated == datetime.date(2024, 2, 29)
    assert value.source.report["snapshot"]["sha256"] == snapshot.sha256
    assert value.source.report["sections"] == [{"title": "not submitted", "items": ["E0999"]}]
    assert value.source.report_text.startswith("Loaded from the snapshot official.jsonl.xz")
    assert value.source.report_text.endswith("values loaded: 3")


def test_loading_the_same_snapshot_twice_changes_nothing(tmp_path):
    build_official_figures()
    export_snapshot(tmp_path / "official.jsonl.xz")
    wipe_official_tables()
    load_snapshot(tmp_path / "official.jsonl.xz")
    runs = list(ImportRun.objects.values_list("pk", flat=True))
    content = official_content()

    out = io.StringIO()
    call_command("load_official_snapshot", str(tmp_path / "official.jsonl.xz"), stdout=out)

    assert "already loaded" in out.getvalue()
    assert list(ImportRun.objects.values_list("pk", flat=True)) == runs
    assert official_content() == content


def test_a_second_export_of_the_same_figures_is_byte_for_byte_the_same(tmp_path):
    build_official_figures()
    first = export_snapshot(tmp_path / "one.xz")
    second = export_snapshot(tmp_path / "two.xz")
    assert first.sha256 == second.sha256
    assert (tmp_path / "one.xz").read_bytes() == (tmp_path / "two.xz").read_bytes()


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "not xz"])
def test_a_damaged_snapshot_is_refused_and_nothing_changes(tmp_path, damage):
    build_official_figures()
    good = export_snapshot(tmp_path / "official.jsonl.xz").path.read_bytes()
    # The database now holds other figures than the snapshot: an extra value that a load would remove.
    PerformanceValueFactory(authority=AuthorityFactory(), value=Decimal("1"))
    before = official_content()
    bad = {
        "truncated": good[: len(good) * 2 // 3],
        "flipped byte": good[: len(good) // 2] + bytes([good[len(good) // 2] ^ 0xFF]) + good[len(good) // 2 + 1 :],
        "not xz": b"gss_code,name\nE1,Nowhere\n",
    }[damage]
    (tmp_path / "bad.xz").write_bytes(bad)

    with pytest.raises(CommandError) as raised:
        call_command("load_official_snapshot", str(tmp_path / "bad.xz"))

    message = str(raised.value)
    assert "bad.xz" in message and "Nothing was loaded" in message
    assert "\n" not in message
    assert official_content() == before


def test_a_snapshot_with_a_field_this_site_does_not_have_is_refused(tmp_path, monkeypatch):
    build_official_figures()
    path = export_snapshot(tmp_path / "official.jsonl.xz").path
    field = Service._meta.get_field("short_name")
    monkeypatch.setattr(field, "attname", "short_label")  # as if the snapshot came from a newer schema
    with pytest.raises(SnapshotError, match="has no field"):
        read_snapshot(path)


def test_demo_councils_are_completed_not_duplicated_and_keep_their_group(tmp_path):
    build_official_figures()
    export_snapshot(tmp_path / "official.jsonl.xz")
    wipe_official_tables()
    demo.load(None, io.StringIO())  # `make run` loads demo content (Worcestershire among it) before the data
    group = ComparisonGroup.objects.get(name=demo.TOTAL_PLACE_GROUP)
    demo_county = Authority.objects.get(gss_code="E10000034")

    load_snapshot(tmp_path / "official.jsonl.xz")

    county = Authority.objects.get(gss_code="E10000034")
    assert county.pk == demo_county.pk
    assert county.mysociety_code == "WOR"
    assert county in group.members.all()
    assert Authority.objects.get(gss_code="E07000237").parent == county
    assert BudgetValue.objects.get(authority=county).value_thousands == Decimal("7000")


def test_the_committed_snapshot_loads_with_real_figures_and_their_sources(client):
    """What a fresh clone with no data directory gets from `make data`."""
    assert DEFAULT_PATH.stat().st_size <= 10 * 1024 * 1024
    snapshot = read_snapshot(DEFAULT_PATH)
    call_command("load_official_snapshot", stdout=io.StringIO())

    for table in snapshot.tables:
        count = table.model._default_manager.count()
        assert count == table.count if table.kind == "facts" else count >= table.count, table.model._meta.label
    assert OutturnValue.objects.filter(value_thousands__isnull=False).count() > 100_000
    for run in ImportRun.objects.filter(pk__in=OutturnValue.objects.values("source")):
        assert run.file_name and len(run.sha256) == 64 and run.report["snapshot"]["sha256"] == snapshot.sha256
    council = OutturnValue.objects.filter(authority__is_principal_council=True).latest("year").authority
    source = OutturnValue.objects.filter(authority=council).latest("year").source
    page = client.get(f"/benchmarking/{council.gss_code}/")
    assert page.status_code == 200
    assert source.file_name in page.content.decode()
