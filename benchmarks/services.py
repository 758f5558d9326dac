"""Writes for benchmarks reference data (official imports live in benchmarks/importers/)."""

from __future__ import annotations

from .ro import SERVICES
from .years import FinancialYear


def ensure_services() -> dict[str, int]:
    """Create or update the RO service lines from benchmarks.ro; returns {key: service id}. Idempotent.

    The one place service lines are written (the migration seeds a frozen copy; tests whose
    transactions flush tables call this through a fixture).
    """
    from .models import Service

    existing = {s.code: s for s in Service.objects.all()}
    for spec in SERVICES:
        fields = {
            "name": spec.name,
            "short_name": spec.short_name,
            "sort_order": spec.sort_order,
            "is_total": spec.is_total,
            "definition_notes": spec.definition_notes,
            "first_year": FinancialYear(spec.first_year) if spec.first_year else None,
            "last_year": FinancialYear(spec.last_year) if spec.last_year else None,
        }
        service = existing.get(spec.key)
        if service is None:
            existing[spec.key] = Service.objects.create(code=spec.key, **fields)
        elif any(getattr(service, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(service, k, v)
            service.save()
    return {code: s.id for code, s in existing.items()}
