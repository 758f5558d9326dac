"""Turn a post's Markdown into safe HTML, with @mentions of real members linked to their page."""

import re

from django.urls import reverse

from cop.core.sanitise import render_markdown

CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)
MENTION_IN_TEXT = re.compile(r"(?<![\w@/\[])@([A-Za-z0-9][\w.+-]{0,149}[\w+-]|[A-Za-z0-9])")


def render_post(body: str) -> str:
    from cop.members.models import User

    names = {m for m in MENTION_IN_TEXT.findall(body or "")}
    if names:
        existing = {
            u.lower(): u
            for u in User.objects.filter(username__in=names, is_active=True, deleted_at__isnull=True).values_list(
                "username", flat=True
            )
        }

        def link(match):
            username = existing.get(match.group(1).lower())
            if username is None:
                return match.group(0)
            # The Markdown link goes through the same sanitiser as everything else.
            return f"[@{username}]({reverse('members:detail', args=[username])})"

        if existing:
            # Code keeps its @ signs as typed.
            parts = CODE.split(body)
            body = "".join(part if index % 2 else MENTION_IN_TEXT.sub(link, part) for index, part in enumerate(parts))
    return render_markdown(body)
