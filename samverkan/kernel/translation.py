"""Content written by people is stored once per language; these helpers pick the reader's."""

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
