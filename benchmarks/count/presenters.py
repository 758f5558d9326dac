"""What the place page, the API and the downloads show of a count: one list of rows, so all three
carry the same figures, kinds, methods, shares and sources."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .arithmetic import METHOD_LABELS, money, summary_sentence
from .reference import KIND_LABELS
from .treemap import squarify

SHARE = Decimal("0.0001")
# Colours pass WCAG contrast with white text (GOV.UK palette).
PALETTE = ("#1d70b8", "#00703c", "#4c2c92", "#d4351c", "#003078", "#005a30", "#6f72af", "#942514", "#505a5f")


def part_rows(result) -> list[dict]:
    count = result.count
    return [
        {
            "name": p.name,
            "code": p.code,
            "kind": p.kind,
            "kind_label": KIND_LABELS[p.kind],
            "value_thousands": p.value_thousands,
            "method": p.method,
            "method_label": METHOD_LABELS[p.method],
            "share": count.share(p).quantize(SHARE, ROUND_HALF_UP),
            "percent": (count.share(p) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP),
            "source": p.source,
            "served_population": p.served_population,
            "body_population": p.body_population,
            "note": p.note,
        }
        for p in count.parts
    ]


def theme_rows(result) -> list[dict]:
    totals = result.count.by_line()
    total = result.count.total_thousands
    rows = [
        {
            "code": code,
            "name": result.service_names.get(code) or code.removeprefix("partner:"),
            "value_thousands": value,
            "percent": (value * 100 / total).quantize(Decimal("0.1"), ROUND_HALF_UP) if total else None,
        }
        for code, value in totals.items()
    ]
    return sorted(rows, key=lambda r: -r["value_thousands"])


def kind_rows(result) -> list[dict]:
    total = result.count.total_thousands
    return [
        {
            "kind": kind,
            "name": KIND_LABELS[kind],
            "value_thousands": value,
            "percent": (value * 100 / total).quantize(Decimal("0.1"), ROUND_HALF_UP) if total else None,
        }
        for kind, value in sorted(result.count.by_kind().items(), key=lambda kv: -kv[1])
    ]


def treemaps(result, width: int = 640, height: int = 360) -> dict:
    by_agency = squarify([(r["name"], r["value_thousands"]) for r in part_rows(result)], width, height, PALETTE)
    by_theme = squarify([(r["name"], r["value_thousands"]) for r in theme_rows(result)], width, height, PALETTE)
    return {"agency": by_agency, "theme": by_theme, "width": width, "height": height}


def page_summary(result) -> dict:
    count = result.count
    total = count.total_thousands
    councils = count.through_councils()
    return {
        "sentence": summary_sentence(count, result.place.name),
        "total_words": money(total),
        "councils_percent": (councils * 100 / total).quantize(Decimal("1"), ROUND_HALF_UP) if total else None,
        "rest_thousands": total - councils,
    }
