"""A squarified treemap (Bruls, Huizing and van Wijk, 2000) laid out in pure Python for server-drawn SVG.

Input: (label, value) pairs with positive values; output: one rectangle per item, in the same
order as the values sorted largest first, filling the width × height box exactly.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tile:
    label: str
    value: float
    x: float
    y: float
    width: float
    height: float
    colour: str = ""

    @property
    def shows_label(self) -> bool:
        return self.width >= 60 and self.height >= 22

    @property
    def label_x(self) -> float:
        return round(self.x + 4, 2)

    @property
    def label_y(self) -> float:
        return round(self.y + 16, 2)


def _worst(row: list[float], side: float) -> float:
    total = sum(row)
    if total <= 0 or side <= 0:
        return float("inf")
    return max(max(side * side * r / (total * total), (total * total) / (side * side * r)) for r in row)


def _place_row(row, x, y, width, height, out):
    """Lay ``row`` (label, value, area) along the shorter side; return the box that is left."""
    area = sum(a for _l, _v, a in row)
    if width >= height:
        column = area / height if height else 0
        offset = y
        for label, value, a in row:
            h = a / column if column else 0
            out.append((label, value, x, offset, column, h))
            offset += h
        return x + column, y, width - column, height
    band = area / width if width else 0
    offset = x
    for label, value, a in row:
        w = a / band if band else 0
        out.append((label, value, offset, y, w, band))
        offset += w
    return x, y + band, width, height - band


def squarify(items, width: float, height: float, palette: tuple = ()) -> list[Tile]:
    items = sorted(((str(label), float(value)) for label, value in items if value and value > 0), key=lambda i: -i[1])
    total = sum(v for _l, v in items)
    if not items or total <= 0:
        return []
    scaled = [(label, value, value * width * height / total) for label, value in items]
    out: list = []
    x, y, w, h = 0.0, 0.0, float(width), float(height)
    row: list = []
    for item in scaled:
        side = min(w, h)
        if not row or _worst([a for *_r, a in row] + [item[2]], side) <= _worst([a for *_r, a in row], side):
            row.append(item)
            continue
        x, y, w, h = _place_row(row, x, y, w, h, out)
        row = [item]
    if row:
        _place_row(row, x, y, w, h, out)
    colours = palette or ("#1d70b8",)
    return [
        Tile(label, value, round(tx, 2), round(ty, 2), round(tw, 2), round(th, 2), colours[i % len(colours)])
        for i, (label, value, tx, ty, tw, th) in enumerate(out)
    ]
