"""How the comparison pages show their figures: numbers formatted once in Python (a group can have
400 rows, too many for template filters), chart titles and the sentences that describe each chart.
Views call these after the selectors; nothing here reads the database.
"""

from __future__ import annotations

from . import analysis, charts
from .grouping import NEIGHBOUR_VARIABLES


def rounded(value):
    """A figure for a download, to two decimal places (pence, for £)."""
    return None if value is None else round(value, 2)


def show(value, places: int = 2) -> str:
    """A figure for display (thousands separated); a dash where there is none."""
    if value is None:
        return "–"
    return f"{float(value):,.{places}f}"


def show_published(value) -> str:
    """£ thousand exactly as published, thousands separated, without padding zeros."""
    if value is None:
        return "–"
    text = format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)
    whole, _dot, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-') or 0):,}"
    return f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}"


def profile_table(profile) -> list[dict]:
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
                "value": show_published(r.value_thousands),
                "per_head": show(r.per_head),
                "median": show(r.stats.median),
                "q1": show(r.stats.q1),
                "q3": show(r.stats.q3),
                "rank": position.rank_text if position else "",
                "percentile": show(position.percentile if position else None, 0),
                "mads": show(position.mads_from_median if position else None, 1),
                "different": position.considered_different if position else None,
                "strip": charts.mini_strip(r.stats, r.per_head, label=_strip_label(r)) if r.delivers else "",
            }
        )
    return rows


def _strip_label(row) -> str:
    """The accessible name of a profile row's small dot strip: the same figures as its table row."""
    stats = row.stats
    council = f"£{show(row.per_head)} per head" if row.per_head is not None else "no figure"
    text = f"{row.service.name}: {council}; group median £{show(stats.median)}"
    if stats.q1 is not None:
        text += f", middle half £{show(stats.q1)} to £{show(stats.q3)}"
    if stats.minimum is not None:
        text += f", range £{show(stats.minimum)} to £{show(stats.maximum)}"
    return text + "."


HEADLINE_SERVICES = 3


def profile_headline(profile, trend_cash: list[dict], trend_real: list[dict], comparison) -> dict:
    """The profile's headline panel: total service expenditure per head against the group, the services
    furthest above and below the group median (as a share of it), and the total's trend over every
    year held, in cash and in real terms (``trend_*``: comparison.trend for the total line)."""
    total = next((r for r in profile.rows if r.service.is_total), None)
    compared = [
        r
        for r in profile.rows
        if not r.service.is_total and r.per_head is not None and r.stats.median and r.stats.median > 0
    ]
    for_ratio = sorted(compared, key=lambda r: r.per_head / r.stats.median)

    def item(r):
        share = (r.per_head / r.stats.median - 1) * 100
        return {
            "code": r.service.code,
            "name": r.service.name,
            "per_head": show(r.per_head),
            "median": show(r.stats.median),
            "share": f"{abs(share):,.0f}%",
        }

    above = [item(r) for r in reversed(for_ratio) if r.per_head > r.stats.median][:HEADLINE_SERVICES]
    below = [item(r) for r in for_ratio if r.per_head < r.stats.median][:HEADLINE_SERVICES]
    shown = trend_real if comparison.prices == "real" else trend_cash
    points = [{**p, "year": p["year"].label, "start": p["year"].start_year} for p in shown]
    name = comparison.authority.name
    chart = ""
    if total is not None:
        prices = f", {comparison.prices_label}" if comparison.prices == "real" else ", cash"
        chart = charts.trend_chart(
            points,
            title=f"{total.service.name}: £ per head over time{prices}",
            description=f"{name}'s total service expenditure per head each year, with the median and middle "
            f"half of {comparison.group.label}. The table below gives every figure, in cash and real terms.",
            council_label=name,
            chart_id="total-trend-chart",
        )
    real_by_year = {p["year"]: p for p in trend_real}
    years = [
        {
            "year": p["year"].label,
            "cash": show(p["value"]),
            "real": show(real_by_year.get(p["year"], {}).get("value")),
            "combined": p["combined"],
            "population_year": p["population_year"],
            "note": p["note"],
        }
        for p in trend_cash
    ]
    return {
        "total": total,
        "total_per_head": show(total.per_head) if total else "–",
        "total_median": show(total.stats.median) if total else "–",
        "total_rank": total.position.rank_text if total and total.position else "",
        "total_sentence": total.sentence if total else "",
        "above": above,
        "below": below,
        "chart": chart,
        "years": years,
    }


def population_line(note: str, warning: str, comparison=None) -> str:
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


def performance_with_charts(rows: list[dict], council: str, year) -> list[dict]:
    """Oflog measures for a council (performance.performance_for), each with a dot strip drawn so
    that better is to the right and a sentence saying the same."""
    for row in rows:
        name = row["measure"].name if row["measure"] else row["code"]
        lower_better = row["polarity"] == "lower"
        if row["value"] is None:
            summary = f"No {row['code']} figure for {council} in {year.label}."
        else:
            summary = f"{council}: {row['value']:g} against a median of {row['median']:g} across {row['n']} councils."
        points = [{"label": "", "value": v, "highlight": False} for v in row["all_values"]]
        if row["value"] is not None:
            points.append({"label": council, "value": row["value"], "highlight": True})
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


def sort_members(members, sort, order):
    reverse = order == "desc"
    if sort == "name":
        return sorted(members, key=lambda m: m["name"], reverse=reverse)
    key = "per_head" if sort == "per_head" else "value_thousands"
    present = [m for m in members if m[key] is not None]
    absent = [m for m in members if m[key] is None]
    return sorted(present, key=lambda m: float(m[key]), reverse=reverse) + sorted(absent, key=lambda m: m["name"])


def service_charts(comparison, service, result, trend):
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
    trend_points = [{**p, "year": p["year"].label, "start": p["year"].start_year} for p in trend]
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


def group_members(dataset, group, authority_id: int, result) -> list[dict]:
    """The rows of a service page's member table: each member's status, figures and position in the
    group (result: comparison.ServiceComparison), with its texts formatted once."""
    code = result.service.code
    records = dataset.records
    members = []
    for aid in group.member_ids:
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
                "is_me": aid == authority_id,
            }
        )
        member = members[-1]
        # Formatted once here rather than by template filters: a group can have 400 rows.
        member["value_text"] = show_published(member["value_thousands"])
        member["per_head_text"] = show(value)
        far = f", {records[aid]['population_gap']} years away" if member["population_warning"] else ""
        member["population_text"] = (
            f"{member['population']:,} ({member['population_year']}{far})" if member["population"] else "–"
        )
        member["rank_text"] = position.rank_text if position else "–"
        member["mads_text"] = show(position.mads_from_median if position else None, 1)
        member["different"] = position.considered_different if position else None
    return members


def neighbour_rows(records: dict, neighbours: list) -> list[dict]:
    """The nearest neighbours table: each neighbour's name, code, distance and what it is similar on."""
    return [
        {
            "gss_code": records[n.code]["gss_code"],
            "name": records[n.code]["name"],
            "distance": n.distance,
            "similar_on": [NEIGHBOUR_VARIABLES[v].lower() for v in n.similar_on],
        }
        for n in neighbours
    ]
