"""Snippets with the searched words marked. Text is escaped first, then marked, so nothing
from the indexed content (or the query) can inject markup."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TOKEN_RE = re.compile(r"([^\W_]+)", re.UNICODE)
SNIPPET_WORDS = 36
WINDOW_CHARS = 1200


def _stem_match(word: str, term: str) -> bool:
    """A forgiving match, close to what the engines' stemmers do ("budgets" ~ "budget")."""
    if word == term:
        return True
    shortest = min(len(word), len(term))
    if shortest < 4:
        return False
    needed = max(4, shortest - 2)
    return word[:needed] == term[:needed]


def _matches(word: str, terms: list[str]) -> bool:
    lowered = word.lower()
    return any(_stem_match(lowered, term) for term in terms)


def snippet(text: str, terms: list[str], words: int = SNIPPET_WORDS, from_start: bool = False) -> SafeString:
    """About `words` words of `text` around the first searched word, escaped, with <mark>s."""
    text = text or ""
    clipped_start = clipped_end = False
    if not from_start and len(text) > WINDOW_CHARS:
        # Only tokenise a window around the first searched word, not a whole long document.
        lowered = text.lower()
        positions = [lowered.find(term[: max(4, len(term) - 2)]) for term in terms]
        first = min((p for p in positions if p >= 0), default=0)
        start = max(0, first - WINDOW_CHARS // 4)
        clipped_start, clipped_end = start > 0, start + WINDOW_CHARS < len(text)
        text = text[start : start + WINDOW_CHARS]
    text = " ".join(text.split())
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    pieces = TOKEN_RE.split(text)
    word_positions = [i for i in range(1, len(pieces), 2)]
    first_hit = next((n for n, i in enumerate(word_positions) if terms and _matches(pieces[i], terms)), 0)
    start_word = 0 if from_start else max(0, first_hit - 8)
    end_word = min(len(word_positions), start_word + words)
    start = word_positions[start_word] if word_positions else 0
    end = word_positions[end_word - 1] + 2 if word_positions else len(pieces)
    out = []
    for i in range(start, min(end, len(pieces))):
        piece = pieces[i]
        if i % 2 == 1 and terms and _matches(piece, terms):
            out.append(f"<mark>{escape(piece)}</mark>")
        else:
            out.append(escape(piece))
    result = "".join(out).strip()
    if start_word > 0 or clipped_start:
        result = "… " + result
    if end_word < len(word_positions) or clipped_end:
        result = result + " …"
    return mark_safe(result)  # noqa: S308 - every piece was escaped above


def highlight_title(title: str, terms: list[str]) -> SafeString:
    return snippet(title, terms, words=10_000, from_start=True)
