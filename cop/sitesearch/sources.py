"""Text and facet helpers for search sources. Each app defines its own sources (its search.py)
and registers them in its AppConfig.ready(); whatever a source's visible() excludes is never
indexed, so it cannot appear in results, facet counts or suggestions."""

from __future__ import annotations

import datetime
import html
import re

from django.utils import timezone
from wagtail.blocks import StreamValue

TAG_RE = re.compile(r"<[^>]+>")


def html_text(value: str) -> str:
    # Tags become spaces so that "<p>one</p><p>two</p>" does not read "onetwo".
    return html.unescape(TAG_RE.sub(" ", value or ""))


def text_of(*parts) -> str:
    """Plain text from rich text, StreamField values and strings."""
    out = []
    for part in parts:
        if part is None:
            continue
        if isinstance(part, StreamValue):
            out.append(html_text(_block_text([block.value for block in part])))
        else:
            out.append(html_text(str(getattr(part, "source", part))))
    return " ".join(" ".join(out).split())


def _block_text(value) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        return value
    if hasattr(value, "source"):  # RichText
        return value.source or ""
    if isinstance(value, StreamValue):
        return _block_text([block.value for block in value])
    if isinstance(value, dict) or hasattr(value, "items"):
        return " ".join(_block_text(v) for v in value.values())
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ListValue":
        return " ".join(_block_text(v) for v in value)
    return ""


def as_datetime(value) -> datetime.datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time(12, 0)))


def authority_type_label(code: str) -> str:
    from benchmarks.models import AuthorityType

    return dict(AuthorityType.choices).get(code, "")


def service_names() -> dict[str, str]:
    """RO service line names by code, the service areas content is tagged with. Read from benchmarks'
    one definition (as casestudies' SERVICE_AREAS is), so search never imports casestudies."""
    from benchmarks import ro

    return {key: ro.SERVICE_BY_KEY[key].name for key in ro.RSX_SERVICE_KEYS if key != ro.TOTAL_SERVICE}


def year_of(*dates) -> list[str]:
    for value in dates:
        if value:
            return [str(value.year)]
    return []
