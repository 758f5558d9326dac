"""Writes for benchmarks reference data (official imports live in benchmarks/importers/)."""

from __future__ import annotations

from .importers.taxonomy import SERVICES
from .years import FinancialYear


def ensure_services() -> dict[str, int]:
    """Create or update the RO service lines; returns {code: service id}. Idempotent."""
    from .models import Service

    existing = {s.code: s for s in Service.objects.all()}
    for spec in SERVICES:
        fields = {
            "name": spec["name"],
            "short_name": spec.get("short_name", ""),
            "sort_order": spec["sort_order"],
            "is_total": spec.get("is_total", False),
            "definition_notes": spec.get("definition_notes", ""),
            "first_year": FinancialYear(spec["first_year"]) if spec.get("first_year") else None,
            "last_year": FinancialYear(spec["last_year"]) if spec.get("last_year") else None,
        }
        service = existing.get(spec["code"])
        if service is None:
            existing[spec["code"]] = Service.objects.create(code=spec["code"], **fields)
        elif any(getattr(service, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(service, k, v)
            service.save()
    return {code: s.id for code, s in existing.items()}
