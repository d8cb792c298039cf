"""Showing why something matched, with the shared words marked."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()
PASSAGE = 220


@register.filter
def highlight(text: str, words: list[str]) -> SafeString:
    """``text`` escaped, cut to about 220 characters around the first shared word, with every
    shared word in ``<mark>``. Marking happens after escaping, so no markup from the text
    survives."""
    text = " ".join((text or "").split())
    pattern = (
        re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)
        if words
        else None
    )
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - PASSAGE // 3) if first and len(text) > PASSAGE else 0
    passage = text[start : start + PASSAGE]
    prefix = "…" if start else ""
    suffix = "…" if start + PASSAGE < len(text) else ""
    return mark_safe(f"{prefix}{marked(passage, words)}{suffix}")  # marked() escapes


@register.filter
def marked(text: str, words: list[str]) -> SafeString:
    """``text`` escaped, whole, with every shared word in ``<mark>`` (an explanation)."""
    escaped = escape(text)
    if words:
        pattern = re.compile(
            "|".join(re.escape(escape(w)) for w in sorted(words, key=len, reverse=True)), re.I
        )
        escaped = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped)
    return mark_safe(escaped)  # escaped above; only <mark> is added
