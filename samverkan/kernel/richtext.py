"""Rich text written by people (guides, descriptions) is stored and shown as sanitised HTML.

Only a small set of tags survives: paragraphs, lists, emphasis, links (http, https, mailto) and
sub-headings. A :class:`RichTextField` sanitises its value whenever the model is saved, whoever
saves it (a page, the API, an import, the admin), so forms and API schemas only parse; ``render``
sanitises again when the text is shown, for text that reached the database past ``save()``.
"""

import html
import re

import nh3
from django.db import models
from django.utils.safestring import SafeString, mark_safe

TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "a", "h3"}
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize(text: str) -> str:
    return nh3.clean(text or "", tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES)


class RichTextField(models.TextField):
    """A text column that holds sanitised HTML: the value is cleaned just before it is written,
    and ``to_python`` gives what would be stored (to compare incoming text with stored text)."""

    def to_python(self, value: object) -> str:
        return sanitize(super().to_python(value))

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = self.to_python(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


def as_stored(model: type[models.Model], name: str, value: object) -> object:
    """``value`` as the field ``name`` of ``model`` would store it (rich text sanitised), to tell
    whether saving would change anything."""
    field = model._meta.get_field(name)
    return field.to_python(value) if isinstance(field, RichTextField) else value


def render(text: str) -> SafeString:
    """Sanitised HTML; plain text without tags becomes paragraphs (a stored plain text has its
    ``&`` and ``<`` escaped already, so it is unescaped before it is escaped once)."""
    if text and not re.search(r"<[a-z][^>]*>", text, re.I):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        text = "".join(f"<p>{html.escape(html.unescape(p))}</p>" for p in paragraphs)
    return mark_safe(sanitize(text))  # sanitised by nh3, so safe to mark


def list_html(items: list[str]) -> str:
    """A numbered list of plain-text steps as HTML."""
    return "<ol>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ol>"


def plain_text(text: str) -> str:
    """The words of a rich text without markup, one line per block, for indexing and e-mail."""
    blocks = re.sub(r"</(p|li|h3)>|<br\s*/?>", "\n", text or "", flags=re.I)
    return html.unescape(nh3.clean(blocks, tags=set())).strip()
