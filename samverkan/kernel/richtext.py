"""Rich text written by people (guides, descriptions) is stored and shown as sanitised HTML.

Only a small set of tags survives: paragraphs, lists, emphasis, links (http, https, mailto) and
sub-headings. Text is sanitised when it is saved and again when it is shown, so that text that
reached the database another way (the admin, an import) cannot carry a script to a page either.
"""

import html
import re

import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "a", "h3"}
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize(text: str) -> str:
    return nh3.clean(text or "", tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES)


def render(text: str) -> SafeString:
    """Sanitised HTML; plain text without tags becomes paragraphs."""
    if text and not re.search(r"<[a-z][^>]*>", text, re.I):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        text = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return mark_safe(sanitize(text))  # sanitised by nh3, so safe to mark


def list_html(items: list[str]) -> str:
    """A numbered list of plain-text steps as HTML."""
    return "<ol>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ol>"


def plain_text(text: str) -> str:
    """The words of a rich text without markup, one line per block, for indexing and e-mail."""
    blocks = re.sub(r"</(p|li|h3)>|<br\s*/?>", "\n", text or "", flags=re.I)
    return html.unescape(nh3.clean(blocks, tags=set())).strip()
