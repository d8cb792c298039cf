from django import template

from samverkan.directory.forms import LANGUAGES

register = template.Library()
LANGUAGE_NAMES = dict(LANGUAGES)


@register.filter
def language_names(codes: list[str]) -> str:
    """["sv", "en"] → "Swedish, English" in the reader's language."""
    return ", ".join(str(LANGUAGE_NAMES.get(code, code)) for code in codes)
