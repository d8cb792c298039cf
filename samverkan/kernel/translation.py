"""Content written by people is stored once per language; these helpers pick the reader's."""

from collections.abc import Callable

from django.utils import translation
from django.utils.translation import get_language


def active_language() -> str:
    return (get_language() or "sv").split("-")[0]


def localized(obj: object, field: str) -> str:
    """``obj.<field>_en`` for English readers when it is filled in, otherwise the Swedish text."""
    if active_language() == "en":
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, f"{field}_sv", "") or getattr(obj, f"{field}_en", "")


def in_english(text: Callable[..., object], *args: object) -> str:
    """``text(*args)`` as English readers see it: what is stored in both languages (a search
    subtitle) is built once per language from the localized names."""
    with translation.override("en"):
        return str(text(*args))
