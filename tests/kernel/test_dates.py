"""Periods written as people write them, in each language."""

from datetime import date

import pytest
from django.utils import translation

from samverkan.kernel.templatetags.dates import DASH, period

CASES = [
    # start, end, precision, Swedish, English ("-" stands for the en dash)
    (date(2025, 1, 1), date(2025, 12, 31), "year", "2025", "2025"),
    (date(2025, 3, 1), date(2027, 6, 30), "year", "2025-2027", "2025-2027"),
    (date(2025, 3, 1), None, "year", "2025-", "2025-"),
    (None, date(2027, 6, 30), "year", "-2027", "-2027"),
    (date(2026, 12, 2), date(2026, 12, 2), "day", "2 december 2026", "2 December 2026"),
    (date(2026, 5, 3), date(2026, 5, 31), "day", "3-31 maj 2026", "3-31 May 2026"),
    (date(2026, 3, 3), date(2026, 5, 31), "day", "3 mars - 31 maj 2026", "3 March - 31 May 2026"),
    (
        date(2025, 9, 1),
        date(2026, 5, 31),
        "day",
        "1 september 2025 - 31 maj 2026",
        "1 September 2025 - 31 May 2026",
    ),
    (date(2026, 9, 1), None, "day", "1 september 2026 -", "1 September 2026 -"),
    (None, None, "day", "", ""),
]


@pytest.mark.parametrize(("start", "end", "precision", "sv", "en"), CASES)
def test_a_period_says_what_both_ends_share_once(start, end, precision, sv, en):
    for language, expected in (("sv", sv), ("en", en)):
        with translation.override(language):
            assert period(start, end, precision) == expected.replace("-", DASH)
