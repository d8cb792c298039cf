"""The timelines of a municipality and an organisation: reached from their pages, filtered by
kind and year with the plain form and paged, checked with axe in both languages."""

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import Site, check_page

pytestmark = pytest.mark.browser

TRANEMO = {"sv": "/sv/kommuner/1452/", "en": "/en/municipalities/1452/"}
HB = {"sv": "/sv/organisationer/hb/", "en": "/en/organisations/hb/"}


def open_timeline(page: Page, site: Site, address: str) -> None:
    """From a page's short timeline to the whole one, by its link."""
    page.goto(site.url(address))
    section = page.locator("section[aria-labelledby=timeline-heading]")
    expect(section.locator("ol.timeline li").first).to_be_visible()
    section.locator("a").last.click()
    expect(page.locator("form.filters")).to_be_visible()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_municipalitys_timeline_filtered_to_one_years_needs(
    page: Page, site: Site, lang: str
) -> None:
    open_timeline(page, site, TRANEMO[lang])
    expect(page.locator("ol.timeline")).to_contain_text("2026")
    check_page(page, f"timeline-municipality-{lang}")
    page.locator("input[name=kind][value=need]").check()
    page.locator("select[name=year]").select_option("2026")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"kind=need&year=2026"))
    entries = page.locator("ol.timeline li")
    expect(entries.first).to_be_visible()
    for number in range(entries.count()):
        expect(entries.nth(number)).to_contain_text(re.compile(r"2026.*B-2026-", re.DOTALL))
    expect(page.locator("input[name=kind][value=need]")).to_be_checked()
    check_page(page, f"timeline-municipality-filtered-{lang}")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_an_organisations_timeline_pages_through_its_history(
    page: Page, site: Site, lang: str
) -> None:
    open_timeline(page, site, HB[lang])
    first = page.locator("ol.timeline li").first.inner_text()
    check_page(page, f"timeline-organization-{lang}")
    page.locator("a[rel=next]").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator("ol.timeline li").first).not_to_have_text(first)
    check_page(page, f"timeline-organization-page-2-{lang}")
