"""Compare two publications of the same year's net current expenditure (RS workbook vs RSX CSV). Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..base import Report

ROUNDING = Decimal("1")  # figures are published in £ thousand, each rounded on its own
Figures = dict[tuple[str, str], Decimal | None]  # (E-code, service key) -> £ thousand (None: not submitted)
_ABSENT = object()


@dataclass
class Comparison:
    agree_exactly: int = 0
    agree_within_rounding: int = 0
    disagreements: list[str] = field(default_factory=list)

    def add_to(self, report: Report) -> None:
        report.count(
            "rs_rsx_figures_compared", self.agree_exactly + self.agree_within_rounding + len(self.disagreements)
        )
        report.count("rs_rsx_agree_exactly", self.agree_exactly)
        report.count("rs_rsx_agree_within_1k_rounding", self.agree_within_rounding)
        report.count("rs_rsx_disagreements", len(self.disagreements))
        report.details["rs_rsx_disagreements"] = list(self.disagreements)


def _text(value) -> str:
    if value is _ABSENT:
        return "absent"
    if value is None:
        return "not submitted"
    return f"{Decimal(value).quantize(Decimal('0.001')).normalize():f}"


def _agreement(rs, rsx) -> str:
    """'exact', 'rounding' or 'differs'. Exact allows for SQLite's 8-byte floats (15 significant digits)."""
    if rs is _ABSENT or rsx is _ABSENT or rs is None or rsx is None:
        return "exact" if rs is rsx or (rs is None and rsx is None) else "differs"
    difference = abs(Decimal(rs) - Decimal(rsx))
    if difference <= abs(Decimal(rsx)) * Decimal("1e-14"):
        return "exact"
    return "rounding" if difference <= ROUNDING else "differs"


def compare_figures(rs: Figures, rsx: Figures) -> Comparison:
    """Every (body, service) either publication has; the same text whichever was imported first."""
    result = Comparison()
    for key in sorted(set(rs) | set(rsx)):
        a, b = rs.get(key, _ABSENT), rsx.get(key, _ABSENT)
        verdict = _agreement(a, b)
        if verdict == "exact":
            result.agree_exactly += 1
        elif verdict == "rounding":
            result.agree_within_rounding += 1
        else:
            result.disagreements.append(f"{key[0]} line {key[1]}: RS {_text(a)}, RSX {_text(b)}")
    return result
