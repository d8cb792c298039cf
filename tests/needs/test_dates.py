"""Dates on the needs pages as Swedish and English readers write them: "2 december 2026"."""

from django.utils import timezone, translation
from django.utils.formats import date_format


def test_the_coordinators_need_page_writes_the_month_in_full_in_each_language(client_as, make_need):
    need = make_need("partner")
    sent = timezone.localtime(need.submitted_at)
    coordinator = client_as("coordinator")
    for language in ("sv", "en"):
        with translation.override(language):
            expected = date_format(sent, "j F Y")
            page = coordinator.get(need.get_absolute_url()).content.decode()
        assert expected in page, (language, expected)
