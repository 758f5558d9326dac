"""What other apps show inside a group. Discussions, the library and events register a content
kind here from their AppConfig.ready(), so this app never imports them. The group's page, feed,
CSV export and API all read a group's content through this one registry, after
cop.communities.selectors.can_view_content has said yes.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class ContentItem:
    kind: str
    title: str
    url: str
    date: datetime.datetime | None = None
    summary: str = ""
    author: str = ""


@dataclass
class ContentKind:
    key: str
    label: str
    # items(group, limit) -> the newest visible items of this kind in the group.
    items: Callable[..., list[ContentItem]]
    # new_url(group) -> where a member adds one, or "" when members cannot add this kind.
    new_url: Callable[..., str] = lambda group: ""
    add_label: str = ""


_kinds: dict[str, ContentKind] = {}


def register(kind: ContentKind) -> ContentKind:
    _kinds[kind.key] = kind
    return kind


def kinds() -> list[ContentKind]:
    return list(_kinds.values())
