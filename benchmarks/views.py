"""Benchmarking comparison pages. Views only parse the request, call the reads (store.py,
grouping.py, comparison.py, performance.py) and the presenters (presenters.py, downloads.py),
and render; statistics are in analysis.py."""

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

from cop.core import member_pages
from cop.core.errors import NotPermitted
from cop.core.site_url import absolute_url

from . import analysis, downloads, figures, grouping, maps, performance, presenters, reorganisations, store
from . import comparison as comparisons
from .detail_selectors import service_detail
from .forms import COMPARED_MEASURES, MEASURE_LABELS, ComparisonGroupForm, ComparisonQueryForm, EnglandMapForm
from .groups import selectors as group_selectors
from .groups import services as group_services
from .models import PRINCIPAL_COUNCIL_TYPES, Authority
from .practice import practice_for_service

GSS_PATTERN = re.compile(r"^[A-Z]\d{8}$")
MAX_PRACTICE_SERVICES = 3


class ComparisonProblem(Exception):
    """A request we can answer only with a message (status and template context)."""

    def __init__(self, status: int, title: str, message: str, **context):
        super().__init__(message)
        self.status, self.title, self.message, self.context = status, title, message, context


def _problem_response(request, problem: ComparisonProblem):
    context = {"title": problem.title, "message": problem.message, **problem.context}
    # Every error links to the choices that can put it right (problem.html's "problem-actions").
    context["error_summary"] = [{"href": "#problem-actions", "message": e} for _a, e in context.get("errors", [])]
    template = problem.context.get("template", "benchmarks/problem.html")
    return render(request, template, context, status=problem.status)


def _authority_or_problem(gss: str) -> Authority:
    code = (gss or "").strip().upper()
    authority = None
    if GSS_PATTERN.match(code):
        authority = Authority.objects.filter(gss_code=code, authority_type__in=PRINCIPAL_COUNCIL_TYPES).first()
    if authority is None:
        suggestions = store.find_councils(gss[:40], limit=10) if gss else []
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
        self.version = store.data_version()
        self.years = store.available_years(self.version)
        self.form = ComparisonQueryForm(request.GET, years=self.years)
        self.weights, weight_errors = grouping.parse_weights(request.GET)
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
        self.prices_label = store.price_series(self.version).label if self.prices == "real" else ""
        self.dataset = store.year_dataset(self.year, self.measure, self.version, self.prices)
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
            self.group = grouping.build_group(
                self.dataset, self.authority.id, self.group_key, self.weights, self.version
            )
        except grouping.GroupError as exc:
            raise ComparisonProblem(
                400, "Check your choices", str(exc), authority=self.authority, errors=[("id_group", str(exc))]
            )
        if self.group.kind == "custom":
            group_services.remember_opened_group(request, self.group.key)
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
            if self.authority.id in store.year_dataset(year, self.measure, self.version).councils.index:
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
        saved = group_selectors.compare_with_choices(
            self.request.user, self.request.session.get(group_services.OPENED_GROUPS_KEY, [])
        )
        status = reorganisations.year_status(self.authority.id, self.year, self.measure, self.version)
        return {
            "measure_choices": COMPARED_MEASURES,
            "saved_groups": saved,
            "group_is_offered": any(str(g.token) == self.group_key for g in saved),
            "authority": self.authority,
            "year": self.year,
            "years": self.years,
            "group": self.group,
            "group_key": self.group_key,
            "measure": self.measure,
            "measure_label": MEASURE_LABELS[self.measure],
            "group_kinds": grouping.GROUP_KIND_LABELS,
            "weights": self.weights,
            "weight_rows": [
                (name, label, f"{self.weights.get(name, 1.0):g}")
                for name, label in grouping.NEIGHBOUR_VARIABLES.items()
            ],
            "query": self.query(),
            "prices": self.prices,
            "prices_message": self.prices_message,
            "prices_label": self.prices_label,
            "service_base": reverse("benchmarks:profile", kwargs={"gss": self.authority.gss_code}),
            "authority_type_label": grouping.TYPE_GROUP_LABEL.get(
                store.TYPE_GROUP.get(self.authority.authority_type, ""), ""
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
    series = store.price_series(version)
    if not series.deflators:
        return (
            "cash",
            "Real terms are not available because no GDP deflators have been imported; cash prices are shown.",
        )
    if year.start_year not in series.deflators:
        return "cash", f"There is no GDP deflator for {year.label}, so cash prices are shown."
    return "real", ""


def _real_prices(comparison):
    """The price series when the page shows real terms (download headers then say so), else None."""
    return store.price_series(comparison.version) if comparison.prices == "real" else None


def _download_name(comparison, *what) -> str:
    """worcestershire-2022-23-county-councils-net-current-expenditure(-real-terms)."""
    real = "real terms" if comparison.prices == "real" else ""
    return downloads.file_name(
        comparison.authority.name,
        comparison.year.label,
        *what,
        comparison.group.label,
        MEASURE_LABELS[comparison.measure],
        real,
    )


def _figure(comparison, drawing, fmt: str, title: str, *what, trend=None):
    """A chart of a comparison page as an SVG or PNG file, its title, source and licence drawn in.
    ``trend``: the points of a chart over the years, whose returns it draws on."""
    if trend:
        years = [p["year"] for p in trend if p["value"] is not None]
        returns = f"{years[0].label} to {years[-1].label}" if years else comparison.year.label
        files = "the revenue outturn files of each year"
    else:
        returns = comparison.year.label
        files = (comparison.base_context()["source"] or {}).get("file_name", "")
    text = (
        f"Source: MHCLG revenue outturn, {returns}"
        + (f" ({files})" if files else "")
        + "; ONS mid-year population estimates. "
        + (f"Real terms, {comparison.prices_label}. " if comparison.prices == "real" else "Cash prices. ")
        + f"Place Exchange: {comparison.request.build_absolute_uri(comparison.request.path)}?{comparison.query()}"
    )
    name = _download_name(comparison, *what)
    return figures.figure_response(drawing, fmt, name, title=title, source=text)


def _map_figure(request, chart, fmt: str, name: str, query: str):
    """A map as an SVG or PNG file (maps.file_drawing), its title, source, boundaries and licence drawn in;
    404 when the page has no map (no boundaries imported, or no total line)."""
    if chart is None:
        raise Http404("There is no map to download for these choices.")
    page = request.build_absolute_uri(request.path) + (f"?{query}" if query else "")
    return figures.figure_response(
        lambda: maps.file_drawing(chart),
        fmt,
        name,
        title=maps.file_title(chart),
        source=maps.file_source(chart, page),
    )


def _about(comparison, title: str, datasets, population_years) -> list:
    """The "About this data" sheet of a comparison page's XLSX download."""
    prices = (
        f"Real terms: every £ figure is {comparison.prices_label}."
        if comparison.prices == "real"
        else "Cash: £ as spent in each year, not adjusted for inflation."
    )
    sources = {run["id"]: run for dataset in datasets for run in dataset.sources.values()}
    page = comparison.request.path + "?" + comparison.query()
    return downloads.about_rows(
        title=title,
        sources=sources.values(),
        population_years=population_years,
        prices_text=prices,
        permalink=comparison.request.build_absolute_uri(page),
        extra=[
            ("Council", f"{comparison.authority.name} ({comparison.authority.gss_code})"),
            ("Measure", MEASURE_LABELS[comparison.measure]),
            ("Compared with", comparison.group.label),
        ],
    )


def _handle(view):
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ComparisonProblem as problem:
            return _problem_response(request, problem)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


# --- pages -----------------------------------------------------------------------------------------


def benchmarking_home(request):
    query = request.GET.get("council", "")
    matches, error = [], ""
    if "council" in request.GET:
        query = query.strip()[:100]
        if not query:
            error = "Enter a council name or code."
        else:
            matches = store.find_councils(query)
            if len(matches) == 1 and matches[0].gss_code:
                return redirect("benchmarks:profile", gss=matches[0].gss_code)
            if not matches:
                error = f"No council matches “{query}”. Check the spelling or try its GSS code."
    version = store.data_version()
    years = store.available_years(version)
    map_form = EnglandMapForm(request.GET, years=years, services=store.services(version))
    england, map_message = None, ""
    if years and map_form.is_valid():
        data = map_form.cleaned_data
        england, map_message = maps.england_map(
            data["service"], data["measure"], MEASURE_LABELS[data["measure"]], data["year"], data["prices"], version
        )
    map_errors = [{"href": f"#map-{name}", "message": e} for name, errs in map_form.errors.items() for e in errs]
    map_query = ""
    if england is not None:
        data = map_form.cleaned_data
        real = data["prices"] == "real" and not map_message  # no deflator: the map is in cash
        map_query = urlencode(
            {"service": data["service"].code, "measure": data["measure"], "year": data["year"].label}
            | ({"prices": "real"} if real else {})
        )
        if data.get("format"):
            name = downloads.file_name(
                "england",
                data["year"].label,
                data["service"].name,
                MEASURE_LABELS[data["measure"]],
                "real terms" if real else "",
                "map",
            )
            return _map_figure(request, england, data["format"], name, map_query)
    elif map_form.is_valid() and map_form.cleaned_data.get("format"):
        raise Http404("There is no map to download for these choices.")
    errors = ([{"href": "#benchmark-council", "message": error}] if error else []) + map_errors
    return render(
        request,
        "benchmarks/home.html",
        {
            "council_choices": store.council_picker_choices(),
            "query": query,
            "matches": matches,
            "error": error,
            "error_summary": errors,
            "featured_groups": group_selectors.featured_groups(),
            "my_groups": group_selectors.groups_owned_by(request.user),
            "years": years,
            "map_form": map_form,
            "map": england,
            "map_message": map_message,
            "map_query": map_query,
            "map_services": store.services(version),
            "measure_choices": COMPARED_MEASURES,
        },
        status=400 if map_errors else 200,
    )


@_handle
def council_profile(request, gss):
    comparison = Comparison(request, gss)
    profile = comparisons.council_profile(comparison.dataset, comparison.authority.id, comparison.group)
    fmt = comparison.form.cleaned_data.get("format")
    total = next((r for r in profile.rows if r.service.is_total), None)
    totals = {prices: _trend(comparison, total.service.code, prices) if total else [] for prices in ("cash", "real")}
    headline = presenters.profile_headline(profile, totals["cash"], totals["real"], comparison)
    if fmt in figures.FORMATS and comparison.form.cleaned_data.get("chart") == "map":
        chart = maps.group_map(comparison, MEASURE_LABELS[comparison.measure])
        name = _download_name(comparison, total.service.name if total else "", "group map")
        return _map_figure(request, chart, fmt, name, comparison.query())
    if fmt in figures.FORMATS:
        if not headline["chart"]:
            raise ComparisonProblem(404, "No chart", "There is no total line to chart for this council and year.")
        title = f"{comparison.authority.name}: {total.service.name} per head over time, with {comparison.group.label}"
        trend = totals["real" if comparison.prices == "real" else "cash"]
        return _figure(comparison, lambda: headline["chart"], fmt, title, total.service.name, "trend", trend=trend)
    if fmt:
        context = {
            "comparison": comparison,
            "profile": profile,
            "measure": MEASURE_LABELS[comparison.measure],
            "source": (comparison.base_context()["source"] or {}).get("file_name", ""),
        }
        records = comparison.dataset.records
        about = _about(
            comparison,
            f"{comparison.authority.name}: every service, {comparison.year.label}",
            [comparison.dataset],
            [records[a]["population_year"] for a in comparison.group.member_ids],
        )
        name = _download_name(comparison)
        return downloads.PROFILE.response(fmt, name, profile.rows, context, _real_prices(comparison), about)
    # Practice beside numbers: the case studies and threads for services where the council stands out.
    # At most three services (the furthest from the median), so the page's query count stays bounded.
    outlying = sorted(
        (r for r in profile.rows if r.position and r.position.considered_different and not r.service.is_total),
        key=lambda r: -abs(r.position.mads_from_median or 0),
    )[:MAX_PRACTICE_SERVICES]
    practice = {r.service.code: practice_for_service(r.service.code) for r in outlying}
    member_pages.offer(request, "comparison")
    asc_row = next((r for r in profile.rows if r.service.code == comparisons.ADULT_SOCIAL_CARE), None)
    context = comparison.base_context() | {
        "headline": headline,
        "profile_population_line": presenters.population_line(
            profile.population_note, profile.population_warning, comparison
        ),
        "profile": profile,
        "practice": practice,
        "asc_row": asc_row,
        "neighbour_rows": presenters.neighbour_rows(comparison.dataset.records, comparison.group.neighbours),
        "table": presenters.profile_table(profile),
        # The profile shows the measures as a table; their charts are on the adult social care page.
        "performance": performance.performance_for(comparison.authority.id, comparison.year, comparison.version)
        if asc_row
        else [],
        "not_submitted": profile.not_submitted_names,
        "is_two_tier": comparison.authority.authority_type in ("CTY", "NMD"),
        "map": maps.group_map(comparison, MEASURE_LABELS[comparison.measure]),
    }
    return render(request, "benchmarks/profile.html", context)


def _service_data(comparison: Comparison, code: str):
    service = store.service_by_code(code, comparison.version)
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
    result = comparisons.compare_service(comparison.dataset, comparison.group, comparison.authority.id, service)
    members = presenters.group_members(comparison.dataset, comparison.group, comparison.authority.id, result)
    return service, result, members, _trend(comparison, code, comparison.prices)


def _trend(comparison: Comparison, code: str, prices: str) -> list[dict]:
    """The council's figures for a service and its group's in every year held (comparison.trend)."""
    fixed = comparison.group.member_ids if comparison.group.kind in ("neighbours", "custom") else None
    if prices == "real" and not store.price_series(comparison.version).deflators:
        return []
    return comparisons.trend(
        comparison.authority.id,
        code,
        comparison.group_key,
        comparison.measure,
        comparison.version,
        comparison.weights,
        fixed_member_ids=fixed,
        prices=prices,
    )


@_handle
def service_view(request, gss, code):
    comparison = Comparison(request, gss)
    service, result, members, trend = _service_data(comparison, code)
    data = comparison.form.cleaned_data
    members = presenters.sort_members(members, data["sort"], data["order"])
    fmt = data.get("format")
    if fmt in ("csv", "xlsx"):
        return _service_download(comparison, service, members, trend, fmt, data.get("table"))
    strip, summary, trend_svg, trend_summary, trend_points = presenters.service_charts(
        comparison, service, result, trend
    )
    if fmt in figures.FORMATS:
        name = comparison.authority.name
        if data.get("chart") == "map":
            chart = maps.service_map(comparison, service, MEASURE_LABELS[comparison.measure])
            file_name = _download_name(comparison, service.name, "map")
            return _map_figure(request, chart, fmt, file_name, comparison.query())
        if data.get("chart") == "strip":
            title = f"{service.name}: £ per head, {name} and {comparison.group.label}, {comparison.year.label}"
            return _figure(comparison, lambda: strip, fmt, title, service.name, "dot strip")
        title = f"{service.name}: £ per head over time, {name} and {comparison.group.label}"
        return _figure(comparison, lambda: trend_svg, fmt, title, service.name, "trend", trend=trend)
    me = comparison.dataset.records[comparison.authority.id]
    context = comparison.base_context() | {
        "profile_population_line": presenters.population_line(
            comparisons.population_note(me), analysis.population_gap_text(me["population_gap"]), comparison
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
        "practice": practice_for_service(service.code),
        "performance": presenters.performance_with_charts(
            performance.performance_for(comparison.authority.id, comparison.year, comparison.version),
            comparison.authority.name,
            comparison.year,
        )
        if service.code == comparisons.ADULT_SOCIAL_CARE
        else [],
        "detail": service_detail(comparison.dataset, comparison.group, comparison.authority.id, service),
        "map": maps.service_map(comparison, service, MEASURE_LABELS[comparison.measure]),
        "sort_links": {
            key: comparison.query(
                sort=key, order="asc" if (data["sort"] == key and data["order"] == "desc") else "desc"
            )
            for key in ("name", "value", "per_head")
        },
    }
    return render(request, "benchmarks/service.html", context)


def _service_download(comparison, service, members, trend, fmt, table):
    prices = _real_prices(comparison)
    if table == "trend":
        datasets = [
            store.year_dataset(p["year"], comparison.measure, comparison.version)
            for p in trend
            if p["population_year"] is not None or p["combined"]
        ]
        about = _about(
            comparison,
            f"{comparison.authority.name}: {service.name}, £ per head over time",
            datasets,
            [p["population_year"] for p in trend],
        )
        name = _download_name(comparison, service.name, "trend")
        return downloads.TREND.response(fmt, name, trend, prices=prices, about=about)
    about = _about(
        comparison,
        f"{service.name}: {comparison.authority.name} and its group, {comparison.year.label}",
        [comparison.dataset],
        [m["population_year"] for m in members],
    )
    name = _download_name(comparison, service.name)
    return downloads.MEMBERS.response(fmt, name, members, prices=prices, about=about)


@xframe_options_exempt
@_handle
def service_embed(request, gss, code):
    comparison = Comparison(request, gss)
    service, result, members, trend = _service_data(comparison, code)
    strip, summary, trend_svg, trend_summary, trend_points = presenters.service_charts(
        comparison, service, result, trend
    )
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
    place = comparisons.place_total(comparison.dataset, county_id)
    fmt = comparison.form.cleaned_data.get("format")
    if fmt:
        name = downloads.file_name(
            place["county"]["name"],
            "place totals",
            comparison.year.label,
            MEASURE_LABELS[comparison.measure],
            comparison.prices,
        )
        about = _about(
            comparison,
            f"{place['county']['name']} and its districts: place totals, {comparison.year.label}",
            [comparison.dataset],
            [place["population_year"]],
        )
        return downloads.PLACE.response(fmt, name, place["rows"], place, _real_prices(comparison), about)
    return render(request, "benchmarks/place.html", comparison.base_context() | {"place": place})


def national_savings(request):
    years = store.available_years()
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
    dataset = store.year_dataset(year, measure)
    savings = comparisons.national_savings(dataset)
    if form.cleaned_data.get("format"):
        name = downloads.file_name("england", year.label, "savings at same-type median", MEASURE_LABELS[measure])
        about = downloads.about_rows(
            title=f"Savings at the same-type median, all English councils, {year.label}",
            sources=dataset.sources.values(),
            population_years=[r["population_year"] for r in dataset.records.values()],
            prices_text="Cash: £ as spent in the year, not adjusted for inflation.",
            permalink=request.build_absolute_uri(),
        )
        return downloads.SAVINGS.response(form.cleaned_data["format"], name, savings["rows"], about=about)
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
    group_services.remember_opened_group(request, group.token)
    members = sorted(group.members.all(), key=lambda a: a.name)
    return render(
        request,
        "benchmarks/group_detail.html",
        {
            "group": group,
            "members": members,
            "is_owner": group_selectors.user_owns_group(group, request.user),
            "share_url": absolute_url(group.get_absolute_url()),
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
