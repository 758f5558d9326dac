"""Database writes for the ONS boundaries (one layer per file): parse first, replace the layer's
outlines in one transaction, skip a file already loaded (same SHA-256), record provenance."""

from __future__ import annotations

import time

from django.db import transaction

from benchmarks.models import Boundary, Dataset

from .base import read_source
from .boundaries import parse_topojson
from .services import ImportResult, _already_loaded, _finish_run, _new_run, _purge_cache, _unchanged_result


def import_boundaries(path, *, force: bool = False) -> ImportResult:
    started = time.monotonic()
    source = read_source(path)
    if not force and (
        run := _already_loaded(Dataset.BOUNDARIES, source, None, lambda r: Boundary.objects.filter(source=r).exists())
    ):
        return _unchanged_result(run, source, started)
    parsed = parse_topojson(source)
    with transaction.atomic():
        run = _new_run(Dataset.BOUNDARIES, source, title=f"ONS boundaries ({parsed.layer}), December 2023")
        Boundary.objects.filter(layer=parsed.layer).delete()
        Boundary.objects.bulk_create(
            [
                Boundary(
                    layer=parsed.layer,
                    gss_code=area.gss_code,
                    name=area.name,
                    path=area.path,
                    min_x=area.bbox[0],
                    min_y=area.bbox[1],
                    max_x=area.bbox[2],
                    max_y=area.bbox[3],
                    source=run,
                )
                for area in parsed.areas
            ],
            batch_size=500,
        )
        _finish_run(
            run,
            parsed.report,
            started,
            rows_read=len(parsed.areas) + len(parsed.skipped),
            rows_loaded=len(parsed.areas),
            values=len(parsed.areas),
            skipped=len(parsed.skipped),
        )
        _purge_cache()
    return ImportResult(run=run, report=parsed.report, seconds=time.monotonic() - started)
