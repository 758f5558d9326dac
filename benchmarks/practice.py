"""Good practice shown beside benchmarking figures: case studies and discussion threads about a
service line.

benchmarks is the lower layer (case studies and discussions read its service lines), so it never
imports those apps. Each registers its provider here in its AppConfig.ready() with a direct
import, so a renamed selector fails at start-up instead of silently emptying the page section.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Provider = Callable[[str], Iterable]
_PROVIDERS: dict[str, Provider] = {}


def register(kind: str, provider: Provider) -> None:
    """kind: "case_studies" (items with .title and .url) or "threads" (.title and .get_absolute_url())."""
    _PROVIDERS[kind] = provider


def provider(kind: str) -> Provider | None:
    """The registered provider, or None when the app that provides it is not installed."""
    return _PROVIDERS.get(kind)
