"""factory_boy factories for benchmarking models, and a helper that builds a year of figures."""

from decimal import Decimal

import factory

from benchmarks.models import (
    Authority,
    ImportRun,
    OutturnReturn,
    OutturnValue,
    PerformanceMeasure,
    PerformanceValue,
    PlaceCharacteristics,
    PopulationEstimate,
    Service,
)
from benchmarks.years import FinancialYear

TIER_BY_TYPE = {
    "CTY": "upper",
    "NMD": "lower",
    "UA": "single",
    "MD": "single",
    "LBO": "single",
    "CC": "single",
    "O": "none",
}


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority

    gss_code = factory.Sequence(lambda n: f"E06{n:06d}")
    ecode = factory.Sequence(lambda n: f"E{n:04d}")
    name = factory.Sequence(lambda n: f"Council {n}")
    authority_type = "UA"
    tier = factory.LazyAttribute(lambda o: TIER_BY_TYPE[o.authority_type])
    is_principal_council = factory.LazyAttribute(lambda o: o.authority_type != "O")
    region = "East Midlands"
    nation = "England"


class ImportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportRun

    dataset = "revenue_outturn"
    file_name = "RSX_2022-23_data_by_LA.csv"
    sha256 = "0" * 64


class OutturnReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutturnReturn

    authority = factory.SubFactory(AuthorityFactory)
    year = FinancialYear(2022)
    source = factory.SubFactory(ImportRunFactory)


class OutturnValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutturnValue

    authority = factory.SubFactory(AuthorityFactory)
    year = FinancialYear(2022)
    service = factory.LazyFunction(lambda: Service.objects.get(code="290"))
    measure = "net_current_expenditure"
    value_thousands = Decimal("1000")
    source = factory.SubFactory(ImportRunFactory)


class PopulationEstimateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PopulationEstimate

    authority = factory.SubFactory(AuthorityFactory)
    mid_year = 2022
    population = 100000
    source = "ons_mye22"
    import_run = factory.SubFactory(ImportRunFactory, dataset="population", file_name="mye22final.xlsx")


class PlaceCharacteristicsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlaceCharacteristics

    authority = factory.SubFactory(AuthorityFactory)
    mid_year = 2022
    population = 100000
    people_per_sq_km = Decimal("500")
    area_sq_km = Decimal("200")
    median_age = Decimal("40")
    aged_0_15 = 18000
    aged_16_64 = 62000
    aged_65_plus = 20000
    aged_85_plus = 2500
    import_run = factory.SubFactory(ImportRunFactory, dataset="population", file_name="mye22final.xlsx")


class PerformanceMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PerformanceMeasure
        django_get_or_create = ("code",)

    code = "ASC1"
    name = "Outcome, ASC Carer Quality of Life"
    polarity = "higher"
    rank_order_as_published = "desc"


class PerformanceValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PerformanceValue

    measure = factory.SubFactory(PerformanceMeasureFactory)
    authority = factory.SubFactory(AuthorityFactory)
    year = FinancialYear(2022)
    value = Decimal("7.5")
    source = factory.SubFactory(ImportRunFactory, dataset="performance", file_name="oflog_asc_data.csv")


def add_year(
    authorities,
    year: int,
    figures: dict,
    populations: dict | None = None,
    run=None,
    not_submitted=(),
    measure: str = "net_current_expenditure",
):
    """Create returns and values for one year.

    ``figures``: {authority: {service code: £ thousand (str/Decimal/None)}}; ``populations``:
    {authority: population at mid-``year``}; authorities in ``not_submitted`` get a not-submitted
    return and NULL values, as the importer records them.
    """
    run = run or ImportRunFactory(year=FinancialYear(year), file_name=f"RSX_{year}-{(year + 1) % 100:02d}.csv")
    services = {s.code: s for s in Service.objects.all()}
    values = []
    for authority in authorities:
        status = "not_submitted" if authority in not_submitted else "submitted"
        OutturnReturn.objects.create(
            authority=authority,
            year=FinancialYear(year),
            status=status,
            source=run,
            not_submitted_marker="[x]" if status == "not_submitted" else "",
        )
        for code, value in figures.get(authority, {}).items():
            values.append(
                OutturnValue(
                    authority=authority,
                    year=FinancialYear(year),
                    service=services[code],
                    measure=measure,
                    value_thousands=None if (value is None or status == "not_submitted") else Decimal(str(value)),
                    source=run,
                )
            )
    OutturnValue.objects.bulk_create(values)
    for authority, population in (populations or {}).items():
        PopulationEstimate.objects.update_or_create(
            authority=authority,
            mid_year=year,
            defaults={"population": population, "source": "ons_mye22", "import_run": run},
        )
    return run
