"""Benchmarking comparison pages. Reads live in selectors.py, statistics in analysis.py; views only
parse the request, pick the template and turn tables into downloads."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_http_methods

from cop.core.errors import NotPermitted
from cop.core.exports import csv_response, xlsx_response

from . import analysis, charts, reorganisations, selectors
from .detail_selectors import service_detail
from .forms import COMPARED_MEASURES, MEASURE_LABELS, ComparisonGroupForm, ComparisonQueryForm
from .groups import selectors as group_selectors
from .groups import services as group_services
from .models import PRINCIPAL_COUNCIL_TYPES, Authority

GSS_PATTERN = re.compile(r"^[A-Z]\d{8}$")
MAX_PRACTICE_SERVICES = 3


class ComparisonProblem(Exception):
    """A request we can answer only with a message (status and template context)."""

    def __init__(self, status: int, title: str, message: str, **context):
        super().__init__(message)
        self.status, self.title, self.message, self.context = status, title, message, context


def _problem_response(request, problem: ComparisonProblem):
    context = {"title": problem.title, "message": problem.message, **problem.context}
    template = problem.context.get("template", "benchmarks/problem.html")
    return render(request, template, context, status=problem.status)


def _authority_or_problem(gss: str) -> Authority:
    code = (gss or "").strip().upper()
    authority = None
    if GSS_PATTERN.match(code):
        authority = Authority.objects.filter(gss_code=code, authority_type__in=PRINCIPAL_COUNCIL_TYPES).first()
    if authority is None:
        suggestions = selectors.find_councils(gss[:40], limit=10) if gss else []
        raise ComparisonProblem(
            404,
            "Council not found",
            f"We could not find a council with the code “{gss[:40]}”.",
            suggestions=suggestions,
            search_query=gss[:40],
        )
    return authority


class Comparison:
    """Everything a comparison page for one council needs, resolved from the request."""

    def __init__(self, request, gss: str):
        self.request = request
        self.authority = _authority_or_problem(gss)
        self.version = selectors.data_version()
        self.years = selectors.available_years(self.version)
        self.form = ComparisonQueryForm(request.GET, years=self.years)
        self.weights, weight_errors = selectors.parse_weights(request.GET)
        if not self.years:
            raise ComparisonProblem(
                200,
                "No figures yet",
                "No official revenue outturn figures have been imported yet.",
                authority=self.authority,
            )
        if not self.form.is_valid() or weight_errors:
            errors = [(f"id_{name}", e) for name, errs in self.form.errors.items() for e in errs]
            errors += [("weights", e) for e in weight_errors]
            raise ComparisonProblem(
                400,
                "Check your choices",
                "Some of the choices in the link could not be used.",
                errors=errors,
                authority=self.authority,
            )
        data = self.form.cleaned_data
        self.measure = data["measure"]
        self.group_key = data["group"]
        self.year = data["year"] or self._latest_year()
        self.prices, self.prices_message = _prices_choice(request.GET.get("prices"), self.year, self.version)
        self.prices_label = selectors.price_series(self.version).label if self.prices == "real" else ""
        self.dataset = selectors.year_dataset(self.year, self.measure, self.version, self.prices)
        if self.dataset.values.isna().all().all() and len(self.dataset.councils):
            # The RS summary workbooks (2010-11 to 2017-18) publish net current expenditure only.
            raise ComparisonProblem(
                404,
                "Measure not published this year",
                f"{MEASURE_LABELS[self.measure]} is not published for {self.year.label}; only net current "
                "expenditure is. Choose net current expenditure or another year.",
                authority=self.authority,
                errors=[("id_measure", "Choose a measure published this year.")],
            )
        if self.authority.id not in self.dataset.councils.index:
            raise self._missing_year()
        try:
            self.group = selectors.build_group(
                self.dataset, self.authority.id, self.group_key, self.weights, self.version
            )
        except selectors.GroupError as exc:
            raise ComparisonProblem(
                400, "Check your choices", str(exc), authority=self.authority, errors=[("id_group", str(exc))]
            )
        with_figures = [m for m in self.group.member_ids if self.dataset.records[m]["status"] == "submitted"]
        if len(with_figures) < analysis.MIN_GROUP_SIZE:
            raise ComparisonProblem(
                200,
                "Group too small",
                f"The group “{self.group.label}” has fewer than two councils with figures for {self.year.label}, "
                "so there is nothing to compare. Choose another group.",
                authority=self.authority,
                errors=[("id_group", "Choose a group with at least two councils.")],
            )

    def _missing_year(self) -> ComparisonProblem:
        """A page saying why there are no figures this year, linking to the latest year with figures and
        to the councils that came before or after; never to itself (every link changes the year or council)."""
        status = reorganisations.year_status(self.authority.id, self.year, self.measure, self.version)
        return ComparisonProblem(
            200,
            f"No figures for {self.year.label}",
            status["message"],
            template="benchmarks/missing_year.html",
            authority=self.authority,
            year=self.year,
            year_status=status,
            links=self.year_links(status),
        )

    def _same_page(self, gss: str, **query) -> str:
        """This page (profile or service) for another council or year, keeping the other choices
        (a year of None is left out: the council's latest)."""
        match = self.request.resolver_match
        url = reverse(match.view_name, kwargs={**match.kwargs, "gss": gss})
        params = {k: v for k, v in self.request.GET.items() if k not in ("format", "table")} | query
        text = urlencode({k: v for k, v in params.items() if v is not None})
        return f"{url}?{text}" if text else url

    def year_links(self, status: dict) -> dict:
        latest = status["latest_with_figures"]
        return {
            "latest": self._same_page(self.authority.gss_code, year=latest.label) if latest else "",
            # After an abolition the successor has this year's figures; before it, its latest year's.
            "successors": [
                (n, self._same_page(g) if status["kind"] == "abolished" else self._same_page(g, year=None))
                for n, g in status["successors"]
                if g
            ],
            "predecessors": [(n, self._same_page(g)) for n, g in status["predecessors"] if g],
        }

    def _latest_year(self):
        for year in reversed(self.years):
            if self.authority.id in selectors.year_dataset(year, self.measure, self.version).councils.index:
                return year
        return self.years[-1]

    def query(self, **overrides) -> str:
        params = {"year": self.year.label, "group": self.group_key, "measure": self.measure}
        if self.prices == "real":
            params["prices"] = "real"
        if self.group_key == "neighbours":
            params.update({f"w_{k}": f"{v:g}" for k, v in self.weights.items() if v != 1.0})
        params.update(overrides)
        return urlencode({k: v for k, v in params.items() if v not in (None, "")})

    def base_context(self) -> dict:
        featured = group_selectors.featured_groups()
        status = reorganisations.year_status(self.authority.id, self.year, self.measure, self.version)
        return {
            "measure_choices": COMPARED_MEASURES,
            "featured_groups": featured,
            "group_is_featured": any(str(g.token) == self.group_key for g in featured),
            "authority": self.authority,
            "year": self.year,
            "years": self.years,
            "group": self.group,
            "group_key": self.group_key,
            "measure": self.measure,
            "measure_label": MEASURE_LABELS[self.measure],
            "group_kinds": selectors.GROUP_KIND_LABELS,
            "weights": self.weights,
            "weight_rows": [
                (name, label, f"{self.weights.get(name, 1.0):g}")
                for name, label in selectors.NEIGHBOUR_VARIABLES.items()
            ],
            "query": self.query(),
            "prices": self.prices,
            "prices_message": self.prices_message,
            "prices_label": self.prices_label,
            "service_base": reverse("benchmarks:profile", kwargs={"gss": self.authority.gss_code}),
            "authority_type_label": selectors.TYPE_GROUP_LABEL.get(
                selectors.TYPE_GROUP.get(self.authority.authority_type, ""), ""
            ),
            "source": self.dataset.sources.get(int(self.dataset.records[self.authority.id]["source_id"])),
            "year_status": status,
            "year_links": self.year_links(status),
            # Shown its latest year with figures by default: say why not the latest year of all.
            "latest_status": None
            if self.form.cleaned_data["year"] or self.year == self.years[-1]
            else reorganisations.year_status(
                self.authority.id, self.years[-1], self.measure, self.version, with_latest=False
            ),
        }


def _prices_choice(raw, year, version) -> tuple[str, str]:
    """(prices, message): "cash" or "real", and why a request for something else was not followed.
    Pages never fail on this choice: a bad value is ignored with a message and cash is shown."""
    text = (raw or "").strip().lower()
    if text in ("", "cash"):
        return "cash", ""
    if text != "real":
        return "cash", f"“{text[:20]}” is not a choice of prices, so cash prices are shown. Choose cash or real terms."
    series = selectors.price_series(version)
    if not series.deflators:
        return (
            "cash",
            "Real terms are not available because no GDP deflators have been imported; cash prices are shown.",
        )
    if year.start_year not in series.deflators:
        return "cash", f"There is no GDP deflator for {year.label}, so cash prices are shown."
    return "real", ""


def _money_header(header: list[str], comparison) -> list[str]:
    """Download headers: every £ column says when it is in real terms and in which year's prices."""
    if comparison.prices != "real":
        return header
    prices = selectors.price_series(comparison.version)
    suffix = f"real terms in {prices.base_year.label} prices, GDP deflator"
    money = {"Group median", "Lower quartile", "Upper quartile"}
    return [f"{h.replace(' (as published)', '')} ({suffix})" if "£" in h or h in money else h for h in header]


def _handle(view):
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ComparisonProblem as problem:
            return _problem_response(request, problem)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _population_line(note: str, warning: str, comparison=None) -> str:
    """'£ per head uses the ONS mid-2013 population; population estimate is 3 years from this year.',
    and how many others in the group divide by an estimate that far away (it moves the median too)."""
    line = f"{note}; {warning}." if warning else f"{note}."
    if comparison is not None:
        records = comparison.dataset.records
        far = sum(
            1 for a in comparison.group.member_ids if a != comparison.authority.id and records[a]["population_flagged"]
        )
        if far:
            councils = "council divides" if far == 1 else "councils divide"
            line += (
                f" In the group, {far} other {councils} by a population estimate more than "
                f"{analysis.POPULATION_MAX_GAP_YEARS} years from this year."
            )
    return line


def _fmt_money(value):
    return None if value is None else round(value, 2)


def _show(value, places: int = 2) -> str:
    """A figure for display (thousands separated); a dash where there is none."""
    if value is None:
        return "–"
    return f"{float(value):,.{places}f}"


def _show_published(value) -> str:
    """£ thousand exactly as published, thousands separated, without padding zeros."""
    if value is None:
        return "–"
    text = format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)
    whole, _dot, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-') or 0):,}"
    return f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}"


def _profile_table(profile) -> list[dict]:
    """Profile rows with every figure formatted once here, not by template filters (speed)."""
    rows = []
    for r in profile.rows:
        position = r.position
        rows.append(
            {
                "code": r.service.code,
                "name": r.service.name,
                "submitted": r.submitted,
                "delivers": r.delivers,
                "published": "" if r.value_thousands is None else format(r.value_thousands.normalize(), "f"),
                "value": _show_published(r.value_thousands),
                "per_head": _show(r.per_head),
                "median": _show(r.stats.median),
                "q1": _show(r.stats.q1),
                "q3": _show(r.stats.q3),
                "rank": position.rank_text if position else "",
                "percentile": _show(position.percentile if position else None, 0),
                "mads": _show(position.mads_from_median if position else None, 1),
                "different": position.considered_different if position else None,
            }
        )
    return rows


# --- pages -----------------------------------------------------------------------------------------


def benchmarking_home(request):
    query = request.GET.get("council", "")
    matches, error = [], ""
    if "council" in request.GET:
        query = query.strip()[:100]
        if not query:
            error = "Enter a council name or code."
        else:
            matches = selectors.find_councils(query)
            if len(matches) == 1 and matches[0].gss_code:
                return redirect("benchmarks:profile", gss=matches[0].gss_code)
            if not matches:
                error = f"No council matches “{query}”. Check the spelling or try its GSS code."
    return render(
        request,
        "benchmarks/home.html",
        {
            "council_choices": selectors.council_picker_choices(),
            "query": query,
            "matches": matches,
            "error": error,
            "featured_groups": group_selectors.featured_groups(),
            "my_groups": group_selectors.groups_owned_by(request.user),
            "years": selectors.available_years(),
        },
    )


PROFILE_HEADER = [
    "Council",
    "GSS code",
    "Year",
    "Comparison group",
    "Service code",
    "Service",
    "Measure",
    "£ thousand (as published)",
    "£ per head",
    "Population",
    "Population year",
    "Population note",
    "Group size",
    "Median £ per head",
    "Lower quartile",
    "Upper quartile",
    "Rank",
    "Percentile",
    "MADs from median",
    "Considered different",
    "Savings at median (£)",
    "Source file",
]


@_handle
def council_profile(request, gss):
    comparison = Comparison(request, gss)
    profile = selectors.council_profile(comparison.dataset, comparison.authority.id, comparison.group)
    fmt = comparison.form.cleaned_data.get("format")
    if fmt:
        source = (comparison.base_context()["source"] or {}).get("file_name", "")
        rows = [
            [
                comparison.authority.name,
                comparison.authority.gss_code,
                comparison.year.label,
                comparison.group.label,
                r.service.code,
                r.service.name,
                MEASURE_LABELS[comparison.measure],
                r.value_thousands if r.submitted else "not submitted",
                _fmt_money(r.per_head),
                profile.population,
                profile.population_year,
                profile.population_warning,
                r.stats.n,
                _fmt_money(r.stats.median),
                _fmt_money(r.stats.q1),
                _fmt_money(r.stats.q3),
                r.position.rank_text if r.position else "",
                _fmt_money(r.position.percentile) if r.position else None,
                _fmt_money(r.position.mads_from_median) if r.position else None,
                r.position.considered_different if r.position else None,
                _fmt_money(r.savings),
                source,
            ]
            for r in profile.rows
        ]
        name = f"benchmark-{comparison.authority.gss_code}-{comparison.year.label}-{comparison.group_key}"
        return _download(fmt, name, _money_header(PROFILE_HEADER, comparison), rows, "Profile")
    # Practice beside numbers: the case studies and threads for services where the council stands out.
    # At most three services (the furthest from the median), so the page's query count stays bounded.
    outlying = sorted(
        (r for r in profile.rows if r.position and r.position.considered_different and not r.service.is_total),
        key=lambda r: -abs(r.position.mads_from_median or 0),
    )[:MAX_PRACTICE_SERVICES]
    practice = {r.service.code: selectors.practice_for_service(r.service.code) for r in outlying}
    asc_row = next((r for r in profile.rows if r.service.code == selectors.ADULT_SOCIAL_CARE), None)
    records = comparison.dataset.records
    neighbour_rows = [
        {
            "gss_code": records[n.code]["gss_code"],
            "name": records[n.code]["name"],
            "distance": n.distance,
            "similar_on": [selectors.NEIGHBOUR_VARIABLES[v].lower() for v in n.similar_on],
        }
        for n in comparison.group.neighbours
    ]
    context = comparison.base_context() | {
        "profile_population_line": _population_line(profile.population_note, profile.population_warning, comparison),
        "profile": profile,
        "practice": practice,
        "asc_row": asc_row,
        "neighbour_rows": neighbour_rows,
        "table": _profile_table(profile),
        # The profile shows the measures as a table; their charts are on the adult social care page.
        "performance": selectors.performance_for(comparison.authority.id, comparison.year, comparison.version)
        if asc_row
        else [],
        "not_submitted": profile.not_submitted_names,
        "is_two_tier": comparison.authority.authority_type in ("CTY", "NMD"),
    }
    return render(request, "benchmarks/profile.html", context)


def _performance_with_charts(comparison: Comparison) -> list[dict]:
    """Oflog measures for the council, each with a dot strip drawn so that better is to the right."""
    rows = selectors.performance_for(comparison.authority.id, comparison.year, comparison.version)
    for row in rows:
        name = row["measure"].name if row["measure"] else row["code"]
        lower_better = row["polarity"] == "lower"
        if row["value"] is None:
            summary = f"No {row['code']} figure for {comparison.authority.name} in {comparison.year.label}."
        else:
            summary = (
                f"{comparison.authority.name}: {row['value']:g} against a median of {row['median']:g} "
                f"across {row['n']} councils."
            )
        points = [{"label": "", "value": v, "highlight": False} for v in row["all_values"]]
        if row["value"] is not None:
            points.append({"label": comparison.authority.name, "value": row["value"], "highlight": True})
        row["chart"] = charts.dot_strip(
            points,
            row["median"],
            row["mad"],
            title=f"{row['code']} {name}",
            description=summary + (" Better is to the right." if row["polarity"] in ("higher", "lower") else ""),
            reverse=lower_better,
            chart_id=f"perf-{row['code']}",
            height=130,
        )
        row["summary"] = summary
    return rows


MEMBER_HEADER = [
    "Council",
    "GSS code",
    "Type",
    "Status",
    "£ thousand (as published)",
    "£ per head",
    "Population",
    "Population year",
    "Population note",
    "Rank",
    "MADs from median",
    "Considered different",
]
TREND_HEADER = [
    "Year",
    "Council £ per head",
    "Group median",
    "Lower quartile",
    "Upper quartile",
    "Group size",
    "Definition change",
    "Note",
    "Predecessor councils combined",
    "Population year",
    "Population note",
]


def _service_data(comparison: Comparison, code: str):
    service = selectors.service_by_code(code, comparison.version)
    if service is None:
        raise ComparisonProblem(
            404,
            "Service not found",
            f"There is no service line with the code “{code[:20]}”.",
            authority=comparison.authority,
        )
    if not service.applies_to(comparison.year):
        raise ComparisonProblem(
            404,
            "Service not published this year",
            f"{service.name} is not published as a line in {comparison.year.label}.",
            authority=comparison.authority,
        )
    result = selectors.compare_service(comparison.dataset, comparison.group, comparison.authority.id, service)
    dataset, records = comparison.dataset, comparison.dataset.records
    members = []
    for aid in comparison.group.member_ids:
        value = result.stats.values.get(aid)
        position = analysis.position_in_group(result.stats, aid) if value is not None else None
        if aid in result.not_submitted:
            status = "Not submitted"
        elif aid in result.excluded:
            status = "Does not deliver this service"
        else:
            status = "Compared"
        members.append(
            {
                "id": aid,
                "name": records[aid]["name"],
                "gss_code": records[aid]["gss_code"],
                "type": records[aid]["authority_type"],
                "status": status,
                "value_thousands": dataset.published.get((aid, code)) if status != "Not submitted" else None,
                "per_head": value,
                "population": None if records[aid]["population"] is None else int(records[aid]["population"]),
                "population_year": records[aid]["population_year"],
                "population_warning": analysis.population_gap_text(records[aid]["population_gap"]),
                "position": position,
                "is_me": aid == comparison.authority.id,
            }
        )
        member = members[-1]
        # Formatted once here rather than by template filters: a group can have 400 rows.
        member["value_text"] = _show_published(member["value_thousands"])
        member["per_head_text"] = _show(value)
        far = f", {records[aid]['population_gap']} years away" if member["population_warning"] else ""
        member["population_text"] = (
            f"{member['population']:,} ({member['population_year']}{far})" if member["population"] else "–"
        )
        member["rank_text"] = position.rank_text if position else "–"
        member["mads_text"] = _show(position.mads_from_median if position else None, 1)
        member["different"] = position.considered_different if position else None
    fixed = comparison.group.member_ids if comparison.group.kind in ("neighbours", "custom") else None
    trend = selectors.trend(
        comparison.authority.id,
        code,
        comparison.group_key,
        comparison.measure,
        comparison.version,
        comparison.weights,
        fixed_member_ids=fixed,
        prices=comparison.prices,
    )
    return service, result, members, trend


def _sort_members(members, sort, order):
    reverse = order == "desc"
    if sort == "name":
        return sorted(members, key=lambda m: m["name"], reverse=reverse)
    key = "per_head" if sort == "per_head" else "value_thousands"
    present = [m for m in members if m[key] is not None]
    absent = [m for m in members if m[key] is None]
    return sorted(present, key=lambda m: float(m[key]), reverse=reverse) + sorted(absent, key=lambda m: m["name"])


def _service_charts(comparison, service, result, trend):
    name = comparison.authority.name
    stats, position = result.stats, result.position
    prices = f", {comparison.prices_label}" if comparison.prices == "real" else ""
    if position and position.value is not None:
        summary = analysis.sentence(service.name, name, position, stats, comparison.group.label)
    else:
        summary = result.sentence
    strip = charts.dot_strip(
        [
            {"label": n, "value": v, "highlight": aid == comparison.authority.id}
            for aid, v in stats.values.items()
            if v is not None
            for n in [comparison.dataset.records[aid]["name"]]
        ],
        stats.median,
        stats.mad,
        title=f"{service.name}: £ per head, {comparison.group.label}, {comparison.year.label}{prices}",
        description=summary,
        chart_id="dot-strip",
    )
    trend_points = [{**p, "year": p["year"].label} for p in trend]
    with_values = [p for p in trend_points if p["value"] is not None and not p.get("combined")]
    if with_values:
        first, last = with_values[0], with_values[-1]
        trend_summary = (
            f"{name} spent £{first['value']:,.2f} per head in {first['year']} and £{last['value']:,.2f} "
            f"in {last['year']}."
        )
        if last["median"] is not None:
            trend_summary += f" The group median in {last['year']} was £{last['median']:,.2f}."
    else:
        trend_summary = f"No per-head figures for {name} on this service."
    combined = [p["year"] for p in trend_points if p.get("combined")]
    if combined:
        trend_summary += (
            f" {combined[0]} to {combined[-1]}: its predecessor councils combined (before {name} existed), "
            "marked, and not counted in the group figures."
        )
    far = [p for p in trend_points if p["population_warning"]]
    if far:
        trend_summary += " " + "; ".join(f"{p['year']}: {p['population_warning']}" for p in far) + "."
    breaks = [p for p in trend_points if p["break"]]
    if breaks:
        trend_summary += " Definition changes: " + "; ".join(f"{p['year']}: {p['break']}" for p in breaks) + "."
    trend_svg = charts.trend_chart(
        trend_points,
        title=f"{service.name}: £ per head over time{prices}",
        description=trend_summary,
        council_label=name,
        chart_id="trend-chart",
    )
    return strip, summary, trend_svg, trend_summary, trend_points


@_handle
def service_view(request, gss, code):
    comparison = Comparison(request, gss)
    service, result, members, trend = _service_data(comparison, code)
    data = comparison.form.cleaned_data
    members = _sort_members(members, data["sort"], data["order"])
    fmt = data.get("format")
    if fmt:
        base = f"{service.code}-{comparison.authority.gss_code}-{comparison.year.label}-{comparison.group_key}"
        if data.get("table") == "trend":
            rows = [
                [
                    p["year"].label,
                    _fmt_money(p["value"]),
                    _fmt_money(p["median"]),
                    _fmt_money(p["q1"]),
                    _fmt_money(p["q3"]),
                    p["n"],
                    p["break"],
                    p["note"],
                    "yes" if p.get("combined") else "",
                    p["population_year"],
                    p["population_warning"],
                ]
                for p in trend
            ]
            return _download(fmt, f"trend-{base}", _money_header(TREND_HEADER, comparison), rows, "Trend")
        rows = [
            [
                m["name"],
                m["gss_code"],
                m["type"],
                m["status"],
                m["value_thousands"],
                _fmt_money(m["per_head"]),
                m["population"],
                m["population_year"],
                m["population_warning"],
                m["position"].rank_text if m["position"] else "",
                _fmt_money(m["position"].mads_from_median) if m["position"] else None,
                m["position"].considered_different if m["position"] else None,
            ]
            for m in members
        ]
        return _download(fmt, f"members-{base}", _money_header(MEMBER_HEADER, comparison), rows, "Members")
    strip, summary, trend_svg, trend_summary, trend_points = _service_charts(comparison, service, result, trend)
    me = comparison.dataset.records[comparison.authority.id]
    context = comparison.base_context() | {
        "profile_population_line": _population_line(
            selectors.population_note(me), analysis.population_gap_text(me["population_gap"]), comparison
        ),
        "service": service,
        "result": result,
        "members": members,
        "trend": trend_points,
        "dot_strip": strip,
        "summary": summary,
        "trend_chart": trend_svg,
        "trend_summary": trend_summary,
        "sort": data["sort"],
        "order": data["order"],
        "practice": selectors.practice_for_service(service.code),
        "performance": _performance_with_charts(comparison) if service.code == selectors.ADULT_SOCIAL_CARE else [],
        "detail": service_detail(comparison.dataset, comparison.group, comparison.authority.id, service),
        "sort_links": {
            key: comparison.query(
                sort=key, order="asc" if (data["sort"] == key and data["order"] == "desc") else "desc"
            )
            for key in ("name", "value", "per_head")
        },
    }
    return render(request, "benchmarks/service.html", context)


@xframe_options_exempt
@_handle
def service_embed(request, gss, code):
    comparison = Comparison(request, gss)
    service, result, members, trend = _service_data(comparison, code)
    strip, summary, trend_svg, trend_summary, trend_points = _service_charts(comparison, service, result, trend)
    return render(
        request,
        "benchmarks/embed.html",
        comparison.base_context()
        | {
            "service": service,
            "result": result,
            "dot_strip": strip,
            "summary": summary,
            "trend_chart": trend_svg,
            "trend_summary": trend_summary,
            "trend": trend_points,
        },
    )


PLACE_HEADER = [
    "Service code",
    "Service",
    "County £ thousand",
    "Districts £ thousand",
    "Place total £ thousand",
    "Place £ per head",
    "Single-tier median £ per head",
    "Lower quartile",
    "Upper quartile",
    "Single-tier councils",
    "Rank among single-tier councils",
    "Population year",
    "Population note",
]


@_handle
def place_totals(request, gss):
    comparison = Comparison(request, gss)
    authority = comparison.authority
    if authority.authority_type == "NMD" and authority.parent_id:
        county_id = authority.parent_id
    elif authority.authority_type == "CTY":
        county_id = authority.id
    else:
        raise ComparisonProblem(
            200,
            "Already a whole place",
            f"{authority.name} is a single-tier council: its own figures already cover the whole place.",
            authority=authority,
        )
    if county_id not in comparison.dataset.councils.index:
        raise ComparisonProblem(
            404,
            "No figures for this year",
            f"The county for {authority.name} has no return in {comparison.year.label}.",
            authority=authority,
        )
    place = selectors.place_total(comparison.dataset, county_id)
    fmt = comparison.form.cleaned_data.get("format")
    if fmt:
        rows = [
            [
                r["service"].code,
                r["service"].name,
                r["county"],
                r["districts"],
                r["total"],
                _fmt_money(r["per_head"]),
                _fmt_money(r["single_tier_median"]),
                _fmt_money(r["single_tier_q1"]),
                _fmt_money(r["single_tier_q3"]),
                r["single_tier_n"],
                r["position"].rank_text if r["position"] else "",
                place["population_year"],
                place["population_warning"],
            ]
            for r in place["rows"]
        ]
        return _download(
            fmt,
            f"place-{place['county']['gss_code']}-{comparison.year.label}",
            _money_header(PLACE_HEADER, comparison),
            rows,
            "Place totals",
        )
    return render(request, "benchmarks/place.html", comparison.base_context() | {"place": place})


SAVINGS_HEADER = ["Service code", "Service", "Savings at same-type median (£)", "Councils above their median"]


def national_savings(request):
    years = selectors.available_years()
    form = ComparisonQueryForm(request.GET, years=years)
    if not years:
        return _problem_response(
            request, ComparisonProblem(200, "No figures yet", "No official figures have been imported yet.")
        )
    if not form.is_valid():
        errors = [(f"id_{name}", e) for name, errs in form.errors.items() for e in errs]
        return _problem_response(
            request,
            ComparisonProblem(
                400, "Check your choices", "Some of the choices in the link could not be used.", errors=errors
            ),
        )
    year = form.cleaned_data["year"] or years[-1]
    measure = form.cleaned_data["measure"]
    dataset = selectors.year_dataset(year, measure)
    savings = selectors.national_savings(dataset)
    if form.cleaned_data.get("format"):
        rows = [[r["service"].code, r["service"].name, round(r["total"]), r["councils_above"]] for r in savings["rows"]]
        return _download(form.cleaned_data["format"], f"savings-{year.label}", SAVINGS_HEADER, rows, "Savings")
    return render(
        request,
        "benchmarks/savings.html",
        {"savings": savings, "year": year, "years": years, "measure_label": MEASURE_LABELS[measure]},
    )


# --- saved groups ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def group_list(request):
    return render(request, "benchmarks/group_list.html", group_selectors.groups_for_member(request.user))


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request):
    form = ComparisonGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group = group_services.create_group(
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            members=form.cleaned_data["members"],
            created_by=request.user,
        )
        messages.success(request, f"Saved “{group.name}”. Share this page's link to share the group.")
        return redirect(group.get_absolute_url())
    return render(request, "benchmarks/group_form.html", {"form": form}, status=400 if form.errors else 200)


def _group_or_404(token):
    group = group_selectors.group_by_token(token)
    if group is None:
        raise Http404("No such comparison group")
    return group


def _not_owner_response(request, action: str):
    return render(
        request,
        "benchmarks/problem.html",
        {"title": f"You cannot {action} this group", "message": f"Only the member who saved a group can {action} it."},
        status=403,
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request, token):
    group = _group_or_404(token)
    if not group_selectors.user_owns_group(group, request.user):
        return _not_owner_response(request, "change")
    form = ComparisonGroupForm.for_group(group, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            group_services.update_group(
                group,
                request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                members=form.cleaned_data["members"],
            )
        except NotPermitted:
            return _not_owner_response(request, "change")
        messages.success(request, f"Saved your changes to “{group.name}”. Its link has not changed.")
        return redirect(group.get_absolute_url())
    return render(
        request, "benchmarks/group_form.html", {"form": form, "group": group}, status=400 if form.errors else 200
    )


def group_detail(request, token):
    group = _group_or_404(token)
    members = sorted(group.members.all(), key=lambda a: a.name)
    return render(
        request,
        "benchmarks/group_detail.html",
        {
            "group": group,
            "members": members,
            "is_owner": group_selectors.user_owns_group(group, request.user),
            "share_url": request.build_absolute_uri(group.get_absolute_url()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_delete(request, token):
    """GET asks the owner to confirm (GOV.UK "confirm a destructive action"); POST deletes."""
    group = _group_or_404(token)
    if not group_selectors.user_owns_group(group, request.user):
        return _not_owner_response(request, "delete")
    if request.method == "GET":
        # Cancel goes back to where the member came from; only these two known pages, never a given URL.
        from_list = request.GET.get("from") == "list"
        cancel_url = reverse("benchmarks:group_list") if from_list else group.get_absolute_url()
        return render(request, "benchmarks/group_confirm_delete.html", {"group": group, "cancel_url": cancel_url})
    name = group.name
    try:
        group_services.delete_group(group, request.user)
    except NotPermitted:
        return _not_owner_response(request, "delete")
    messages.success(request, f"Deleted “{name}”. Its link no longer works.")
    return redirect(reverse("benchmarks:group_list"))


def _download(fmt, filename, header, rows, sheet):
    if fmt == "xlsx":
        return xlsx_response(f"{filename}.xlsx", header, rows, sheet_title=sheet)
    return csv_response(f"{filename}.csv", header, rows)
