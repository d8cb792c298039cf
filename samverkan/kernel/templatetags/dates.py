"""Periods as people write them, in the active language's month names, joined by an en dash:
"2025" (not "2025 to 2025"), "3 to 31 maj 2026", "3 mars to 31 maj 2026"."""

from datetime import date

from django import template
from django.utils.formats import date_format

register = template.Library()
DASH = "\u2013"  # en dash


@register.simple_tag
def period(start: date | None, end: date | None, precision: str = "day") -> str:
    """A period from ``start`` to ``end`` (either may be missing) without repeating what both
    share: one year once, one month and year once. ``precision="year"`` gives years only.
    """
    if precision == "year":
        first, last = (str(day.year) if day else "" for day in (start, end))
        if first == last:
            return first
        return f"{first}{DASH}{last}"
    if not start or not end:
        day = start or end
        if day is None:
            return ""
        text = date_format(day, "j F Y")
        return f"{text} {DASH}" if start else f"{DASH} {text}"
    if start == end:
        return date_format(start, "j F Y")
    if start.year != end.year:
        return f"{date_format(start, 'j F Y')} {DASH} {date_format(end, 'j F Y')}"
    if start.month != end.month:
        return f"{date_format(start, 'j F')} {DASH} {date_format(end, 'j F Y')}"
    return f"{start.day}{DASH}{date_format(end, 'j F Y')}"
