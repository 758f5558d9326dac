"""Boundaries for the test world (tests/benchmarks/world.py): one square per council, on the layer
its type is drawn on, as the boundaries importer stores them."""

from benchmarks.models import Boundary

from .factories import ImportRunFactory

COUNTY_LAYER_TYPES = {"CTY", "UA", "MD", "LBO", "CC"}
DISTRICT_LAYER_TYPES = {"NMD", "UA", "MD", "LBO", "CC"}


def square(i: int) -> tuple[str, tuple[int, int, int, int]]:
    x, y = (i % 4) * 30, (i // 4) * 30
    return f"M{x} {y}l28 0 0 28-28 0z", (x, y, x + 28, y + 28)


def add_boundaries(authorities, *, leave_out=()) -> None:
    """Both layers for these councils (abolished ones too, unless left out)."""
    run = ImportRunFactory(dataset="boundaries", file_name="boundaries.topojson", year=None)
    rows = []
    for layer, types in (("counties", COUNTY_LAYER_TYPES), ("districts", DISTRICT_LAYER_TYPES)):
        for i, authority in enumerate(a for a in authorities if a.authority_type in types):
            if authority in leave_out:
                continue
            path, (x0, y0, x1, y1) = square(i)
            rows.append(
                Boundary(
                    layer=layer,
                    gss_code=authority.gss_code,
                    name=authority.name,
                    path=path,
                    min_x=x0,
                    min_y=y0,
                    max_x=x1,
                    max_y=y1,
                    source=run,
                )
            )
    Boundary.objects.bulk_create(rows)
