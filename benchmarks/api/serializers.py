"""Serializers for the read-only benchmarking API: query parameters (validated, documented in the
OpenAPI schema) and the response shapes of the contract in issue 6."""

import re
import uuid

from rest_framework import serializers

from benchmarks.grouping import GROUP_KINDS
from benchmarks.models import AuthorityType, Measure, Region
from benchmarks.years import FinancialYear

GSS_RE = re.compile(r"^[A-Z]\d{8}$")
SERVICE_RE = re.compile(r"^[0-9+]{1,10}$")


def _year(value: str) -> FinancialYear:
    try:
        return FinancialYear.parse(value)
    except (TypeError, ValueError):
        raise serializers.ValidationError("Enter a financial year like 2022-23.")


def _gss(value: str) -> str:
    code = value.strip().upper()
    if not GSS_RE.match(code):
        raise serializers.ValidationError("Enter a GSS code like E10000016.")
    return code


def _service(value: str) -> str:
    if not SERVICE_RE.match(value.strip()):
        raise serializers.ValidationError("Enter an RO service line code like 360.")
    return value.strip()


PRICES_FIELD = dict(
    choices=[("cash", "cash"), ("real", "real")],
    required=False,
    default="cash",
    help_text="cash (default): £ as spent; real: £ in the GDP deflator's base-year prices (e.g. 2023-24 prices), "
    "cash × 100 ÷ the year's deflator (HM Treasury, provisional transcription)",
)
POPULATION_YEAR_HELP = (
    "Mid-year of the ONS (or mySociety) population estimate that £ per head divides by: the mid-year in which "
    "the financial year starts where held, else the nearest"
)
POPULATION_FLAG_HELP = "true when that estimate is more than 2 years from the financial year"


class PageQuerySerializer(serializers.Serializer):
    page = serializers.IntegerField(required=False, min_value=1, max_value=100000, help_text="Page number")
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=1000, help_text="Results per page (default 100, at most 1000)"
    )


class AuthorityQuerySerializer(PageQuerySerializer):
    type = serializers.ChoiceField(choices=AuthorityType.choices, required=False, help_text="Authority type code")
    region = serializers.ChoiceField(choices=Region.choices, required=False)
    current = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="true: only authorities that exist today; false: only former ones",
    )


class AuthoritySerializer(serializers.Serializer):
    gss_code = serializers.CharField()
    ecode = serializers.CharField(allow_blank=True)
    name = serializers.CharField()
    type = serializers.CharField()
    region = serializers.CharField(allow_blank=True)
    parent_gss_code = serializers.CharField(allow_null=True)
    current = serializers.BooleanField()


class ServiceSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="RO line number, e.g. 360")
    name = serializers.CharField()
    measures = serializers.ListField(child=serializers.ChoiceField(choices=Measure.choices))
    first_year = serializers.CharField(allow_null=True)
    last_year = serializers.CharField(allow_null=True)


class YearSerializer(serializers.Serializer):
    year = serializers.CharField(help_text="Financial year, e.g. 2022-23")


class ValuesQuerySerializer(PageQuerySerializer):
    authority = serializers.CharField(required=False, max_length=20, help_text="GSS code")
    service = serializers.CharField(required=False, max_length=10, help_text="RO line code")
    year = serializers.CharField(required=False, max_length=9, help_text="e.g. 2022-23")
    measure = serializers.ChoiceField(choices=Measure.choices, required=False)
    prices = serializers.ChoiceField(**PRICES_FIELD)

    def validate_authority(self, value):
        return _gss(value)

    def validate_service(self, value):
        return _service(value)

    def validate_year(self, value):
        return _year(value)


class ValueSerializer(serializers.Serializer):
    authority = serializers.CharField(help_text="GSS code")
    service = serializers.CharField(help_text="RO line code")
    year = serializers.CharField()
    measure = serializers.CharField()
    value_thousands = serializers.CharField(
        allow_null=True,
        help_text="£ thousand exactly as published (a decimal string; with prices=real, in real terms to the "
        "nearest £); null where no return was made",
    )
    prices = serializers.ChoiceField(choices=["cash", "real"])
    price_base_year = serializers.CharField(
        allow_null=True, help_text="With prices=real: the year whose prices figures are in (deflator = 100)"
    )
    status = serializers.ChoiceField(choices=["submitted", "not_submitted"])
    source = serializers.CharField(help_text="Official file the figure was imported from")
    population = serializers.IntegerField(allow_null=True)
    population_year = serializers.IntegerField(allow_null=True, help_text=POPULATION_YEAR_HELP)
    population_gap_flag = serializers.BooleanField(help_text=POPULATION_FLAG_HELP)
    per_head = serializers.FloatField(allow_null=True, help_text="£ per head")


class CompareQuerySerializer(serializers.Serializer):
    authority = serializers.CharField(max_length=20, help_text="GSS code")
    service = serializers.CharField(max_length=10, help_text="RO line code")
    year = serializers.CharField(max_length=9, help_text="e.g. 2022-23")
    group = serializers.CharField(
        required=False,
        default="type",
        max_length=40,
        help_text="type, region, england, neighbours or a saved group id (UUID)",
    )
    measure = serializers.ChoiceField(
        choices=Measure.choices, required=False, default=Measure.NET_CURRENT_EXPENDITURE.value
    )
    prices = serializers.ChoiceField(**PRICES_FIELD)

    def validate_authority(self, value):
        return _gss(value)

    def validate_service(self, value):
        return _service(value)

    def validate_year(self, value):
        return _year(value)

    def validate_group(self, value):
        if value in GROUP_KINDS:
            return value
        try:
            return str(uuid.UUID(value))
        except ValueError:
            raise serializers.ValidationError("Use type, region, england, neighbours or a saved group id.")


class MemberSerializer(serializers.Serializer):
    gss_code = serializers.CharField(allow_null=True)
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=["compared", "not_submitted", "does_not_deliver"])
    per_head = serializers.FloatField(allow_null=True)
    population_year = serializers.IntegerField(allow_null=True, help_text=POPULATION_YEAR_HELP)
    population_gap_flag = serializers.BooleanField(help_text=POPULATION_FLAG_HELP)


class CompareSerializer(serializers.Serializer):
    authority = serializers.CharField()
    service = serializers.CharField()
    year = serializers.CharField()
    measure = serializers.CharField()
    group = serializers.CharField(help_text="Which group the statistics are over")
    group_label = serializers.CharField()
    n = serializers.IntegerField(help_text="Councils compared (non-submitters and non-deliverers excluded)")
    value_per_head = serializers.FloatField(allow_null=True)
    population_year = serializers.IntegerField(allow_null=True, help_text=POPULATION_YEAR_HELP)
    population_gap_flag = serializers.BooleanField(help_text=POPULATION_FLAG_HELP)
    prices = serializers.ChoiceField(choices=["cash", "real"])
    price_base_year = serializers.CharField(allow_null=True, help_text="With prices=real: the prices' year")
    median = serializers.FloatField(allow_null=True)
    q1 = serializers.FloatField(allow_null=True)
    q3 = serializers.FloatField(allow_null=True)
    mad = serializers.FloatField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True, help_text="1 = highest £ per head")
    rank_text = serializers.CharField(allow_blank=True)
    percentile = serializers.FloatField(allow_null=True)
    mads_from_median = serializers.FloatField(allow_null=True)
    considered_different = serializers.BooleanField(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    members = MemberSerializer(many=True)


class MeasureQuerySerializer(serializers.Serializer):
    authority = serializers.CharField(max_length=20, help_text="GSS code")
    year = serializers.CharField(max_length=9, help_text="e.g. 2022-23")

    def validate_authority(self, value):
        return _gss(value)

    def validate_year(self, value):
        return _year(value)


class MeasureCompareSerializer(serializers.Serializer):
    measure = serializers.CharField()
    name = serializers.CharField()
    authority = serializers.CharField()
    year = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    unit_label = serializers.CharField(allow_blank=True)
    median = serializers.FloatField(allow_null=True)
    mad = serializers.FloatField(allow_null=True)
    mads_from_median = serializers.FloatField(allow_null=True)
    better_to_right = serializers.FloatField(allow_null=True, help_text="Distance oriented so positive is better")
    considered_different = serializers.BooleanField(allow_null=True)
    n = serializers.IntegerField()
    polarity = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)
