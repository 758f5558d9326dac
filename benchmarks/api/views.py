"""Read-only JSON API for benchmarking, keyed on GSS codes and RO line codes (contract: issue 6)."""

from __future__ import annotations

import math
import re
from decimal import Decimal

import pandas as pd
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers as drf_serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from benchmarks import analysis, grouping, performance, store
from benchmarks import comparison as comparisons
from benchmarks.models import Authority, Measure, OutturnReturn, OutturnValue, PerformanceMeasure, ReturnStatus

from . import serializers as s

MEASURE_CODE = re.compile(r"^[A-Za-z0-9]{1,20}$")
ERRORS = {
    400: OpenApiResponse(s.ErrorSerializer, description="Invalid parameters"),
    404: OpenApiResponse(s.ErrorSerializer, description="Not found"),
}


class StandardPagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


def _bad_request(serializer):
    return Response(
        {"detail": "Invalid parameters.", "errors": {k: [str(e) for e in v] for k, v in serializer.errors.items()}},
        status=400,
    )


def _not_found(message):
    return Response({"detail": message}, status=404)


def _number(value):
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _real_thousands(value: Decimal, deflator) -> Decimal | None:
    """£ thousand in real terms to the nearest pound; None where the year has no deflator."""
    real = analysis.real_terms(value, deflator)
    return None if real is None else Decimal(repr(real)).quantize(Decimal("0.001"))


def _paginated(name, item):
    return inline_serializer(
        name=name,
        fields={
            "count": drf_serializers.IntegerField(),
            "next": drf_serializers.URLField(allow_null=True),
            "previous": drf_serializers.URLField(allow_null=True),
            "results": item(many=True),
        },
    )


class AuthorityList(APIView):
    """Councils and other authorities (current and former), by GSS code."""

    pagination_class = StandardPagination

    @extend_schema(
        parameters=[s.AuthorityQuerySerializer],
        responses={200: _paginated("PaginatedAuthorities", s.AuthoritySerializer), **ERRORS},
    )
    def get(self, request):
        query = s.AuthorityQuerySerializer(data=request.query_params)
        if not query.is_valid():
            return _bad_request(query)
        filters = query.validated_data
        authorities = Authority.objects.filter(gss_code__isnull=False).order_by("gss_code")
        if filters.get("type"):
            authorities = authorities.filter(authority_type=filters["type"])
        if filters.get("region"):
            authorities = authorities.filter(region=filters["region"])
        if filters.get("current") is not None:
            authorities = authorities.filter(end_date__isnull=filters["current"])
        rows = authorities.values(
            "gss_code", "ecode", "name", "authority_type", "region", "parent__gss_code", "end_date"
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        data = [
            {
                "gss_code": r["gss_code"],
                "ecode": r["ecode"],
                "name": r["name"],
                "type": r["authority_type"],
                "region": r["region"],
                "parent_gss_code": r["parent__gss_code"],
                "current": r["end_date"] is None,
            }
            for r in page
        ]
        return paginator.get_paginated_response(data)


class ServiceList(APIView):
    """Revenue outturn (RO) service lines and the measures published for each."""

    @extend_schema(responses={200: s.ServiceSerializer(many=True)})
    def get(self, request):
        measures = [m.value for m in Measure]
        return Response(
            [
                {
                    "code": svc.code,
                    "name": svc.name,
                    "measures": measures,
                    "first_year": f"{svc.first_year}-{(svc.first_year + 1) % 100:02d}" if svc.first_year else None,
                    "last_year": f"{svc.last_year}-{(svc.last_year + 1) % 100:02d}" if svc.last_year else None,
                }
                for svc in store.services()
            ]
        )


class YearList(APIView):
    """Financial years with official revenue outturn figures."""

    @extend_schema(responses={200: s.YearSerializer(many=True)})
    def get(self, request):
        return Response([{"year": y.label} for y in store.available_years()])


class ValueList(APIView):
    """Published figures, filtered by authority, service, year and measure, with £ per head."""

    pagination_class = StandardPagination

    @extend_schema(
        parameters=[s.ValuesQuerySerializer],
        responses={200: _paginated("PaginatedValues", s.ValueSerializer), **ERRORS},
    )
    def get(self, request):
        query = s.ValuesQuerySerializer(data=request.query_params)
        if not query.is_valid():
            return _bad_request(query)
        filters = query.validated_data
        values = OutturnValue.objects.order_by("year", "authority__gss_code", "service__sort_order", "measure")
        if filters.get("authority"):
            values = values.filter(authority__gss_code=filters["authority"])
        if filters.get("service"):
            values = values.filter(service__code=filters["service"])
        if filters.get("year"):
            values = values.filter(year=filters["year"])
        if filters.get("measure"):
            values = values.filter(measure=filters["measure"])
        rows = values.values(
            "authority_id",
            "authority__gss_code",
            "authority__ecode",
            "service__code",
            "year",
            "measure",
            "value_thousands",
            "source__file_name",
        )
        paginator = self.pagination_class()
        page = list(paginator.paginate_queryset(rows, request, view=self))
        statuses = {
            (a, y.start_year): st
            for a, y, st in OutturnReturn.objects.filter(
                authority_id__in={r["authority_id"] for r in page}, year__in={r["year"] for r in page}
            ).values_list("authority_id", "year", "status")
        }
        version = store.data_version()
        prices = store.price_series(version) if filters["prices"] == "real" else None
        if prices is not None and not prices.deflators:
            return Response({"detail": "Real terms are not available: no GDP deflators have been imported."}, 400)
        populations = {}
        data = []
        for r in page:
            year = r["year"]
            if year.start_year not in populations:
                populations[year.start_year] = store.year_populations(version, year)
            pops = populations[year.start_year]
            known = r["authority_id"] in pops.index
            pop = pops.at[r["authority_id"], "population"] if known else None
            pop_year = pops.at[r["authority_id"], "mid_year"] if known else None
            pop = None if pop is None or pd.isna(pop) else int(pop)
            value = r["value_thousands"]
            if prices is not None and value is not None:
                value = _real_thousands(value, prices.deflators.get(year.start_year))
            status = statuses.get((r["authority_id"], year.start_year), ReturnStatus.SUBMITTED)
            data.append(
                {
                    "authority": r["authority__gss_code"] or r["authority__ecode"],
                    "service": r["service__code"],
                    "year": year.label,
                    "measure": r["measure"],
                    "value_thousands": None if value is None else format(value.normalize(), "f"),
                    "status": status if value is None else ReturnStatus.SUBMITTED.value,
                    "source": r["source__file_name"],
                    "population": pop,
                    "population_year": None if pop_year is None or pd.isna(pop_year) else int(pop_year),
                    "population_gap_flag": bool(known and pops.at[r["authority_id"], "flagged"]),
                    "per_head": _number(analysis.per_head(value, pop)) if value is not None else None,
                    "prices": filters["prices"],
                    "price_base_year": prices.base_year.label if prices else None,
                }
            )
        return paginator.get_paginated_response(data)


class Compare(APIView):
    """Comparison statistics (per head) for one authority, service and year within a group."""

    @extend_schema(parameters=[s.CompareQuerySerializer], responses={200: s.CompareSerializer, **ERRORS})
    def get(self, request):
        query = s.CompareQuerySerializer(data=request.query_params)
        if not query.is_valid():
            return _bad_request(query)
        params = query.validated_data
        version = store.data_version()
        authority = Authority.objects.filter(gss_code=params["authority"]).only("id", "name").first()
        if authority is None:
            return _not_found(f"No authority with GSS code {params['authority']}.")
        service = store.service_by_code(params["service"], version)
        if service is None:
            return _not_found(f"No service line {params['service']}.")
        if params["year"] not in store.available_years(version):
            return _not_found(f"No official figures for {params['year'].label}.")
        if not service.applies_to(params["year"]):
            return _not_found(f"Service {service.code} is not published in {params['year'].label}.")
        try:
            dataset = store.year_dataset(params["year"], params["measure"], version, params["prices"])
        except store.NoDeflator as exc:
            return Response({"detail": str(exc)}, status=400)
        if authority.id not in dataset.councils.index:
            return _not_found(f"{authority.name} has no return in {params['year'].label}.")
        try:
            group = grouping.build_group(dataset, authority.id, params["group"], None, version)
        except grouping.GroupError as exc:
            return Response({"detail": str(exc)}, status=404 if "does not exist" in str(exc) else 400)
        result = comparisons.compare_service(dataset, group, authority.id, service)
        stats, position = result.stats, result.position
        records = dataset.records
        members = []
        for aid in group.member_ids:
            status = (
                "not_submitted"
                if aid in result.not_submitted
                else "does_not_deliver"
                if aid in result.excluded
                else "compared"
            )
            members.append(
                {
                    "gss_code": records[aid]["gss_code"],
                    "name": records[aid]["name"],
                    "status": status,
                    "per_head": _number(stats.values.get(aid)),
                    "population_year": records[aid]["population_year"],
                    "population_gap_flag": records[aid]["population_flagged"],
                }
            )
        return Response(
            {
                "authority": params["authority"],
                "service": service.code,
                "year": params["year"].label,
                "measure": params["measure"],
                "group": group.key,
                "group_label": group.label,
                "n": stats.n,
                "value_per_head": _number(result.per_head),
                "population_year": records[authority.id]["population_year"],
                "population_gap_flag": records[authority.id]["population_flagged"],
                "prices": params["prices"],
                "price_base_year": store.price_series(version).base_year.label if params["prices"] == "real" else None,
                "median": _number(stats.median),
                "q1": _number(stats.q1),
                "q3": _number(stats.q3),
                "mad": _number(stats.mad),
                "rank": position.rank if position else None,
                "rank_text": position.rank_text if position else "",
                "percentile": _number(position.percentile) if position else None,
                "mads_from_median": _number(position.mads_from_median) if position else None,
                "considered_different": position.considered_different if position else None,
                "note": (position.note if position else "") or stats.note,
                "members": members,
            }
        )


class MeasureCompare(APIView):
    """An Oflog measure for one council against the median of all councils in the year."""

    @extend_schema(parameters=[s.MeasureQuerySerializer], responses={200: s.MeasureCompareSerializer, **ERRORS})
    def get(self, request, code):
        query = s.MeasureQuerySerializer(data=request.query_params)
        if not query.is_valid():
            return _bad_request(query)
        params = query.validated_data
        measure = PerformanceMeasure.objects.filter(code=code.upper()).first() if MEASURE_CODE.match(code) else None
        if measure is None:
            return _not_found(f"No performance measure {code[:20]}.")
        authority = Authority.objects.filter(gss_code=params["authority"]).only("id").first()
        if authority is None:
            return _not_found(f"No authority with GSS code {params['authority']}.")
        rows = [r for r in performance.performance_for(authority.id, params["year"]) if r["code"] == measure.code]
        if not rows:
            return _not_found(f"No {measure.code} figure for {params['authority']} in {params['year'].label}.")
        row = rows[0]
        return Response(
            {
                "measure": measure.code,
                "name": measure.name,
                "authority": params["authority"],
                "year": params["year"].label,
                "value": _number(row["value"]),
                "unit_label": measure.unit_label,
                "median": _number(row["median"]),
                "mad": _number(row["mad"]),
                "mads_from_median": _number(row["mads_from_median"]),
                "better_to_right": _number(row["better_to_right"]),
                "considered_different": row["considered_different"],
                "n": row["n"],
                "polarity": measure.polarity,
            }
        )
