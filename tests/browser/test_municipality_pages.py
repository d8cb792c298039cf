"""A municipal official's way in: finding the municipality, its contacts at every university that
works with it, and its association's page; in both languages, accessible, at 320 and 1280 px."""

import pytest
from playwright.sync_api import Page, expect

from .conftest import Site, check_page

pytestmark = pytest.mark.browser

LANGS = ["sv", "en"]
HOME = {"sv": "/sv/", "en": "/en/"}
TRANEMO = {"sv": "/sv/kommuner/1452/", "en": "/en/municipalities/1452/"}
FINDER = {"sv": "/sv/kommuner/", "en": "/en/municipalities/"}
SUBMIT = {"sv": "Sök", "en": "Find"}
UNIVERSITIES = {
    "sv": ["Högskolan i Borås", "Chalmers tekniska högskola", "Jönköping University"],
    "en": ["University of Borås", "Chalmers University of Technology", "Jönköping University"],
}


@pytest.mark.parametrize("lang", LANGS)
def test_home_finder_goes_straight_to_tranemo(page: Page, site: Site, lang: str) -> None:
    page.goto(site.url(HOME[lang]))
    page.locator("#find-municipality").fill("Tranemo kommun")
    page.locator(".find-municipality").get_by_role("button", name=SUBMIT[lang]).click()
    page.wait_for_url(f"**{TRANEMO[lang]}")
    expect(page.locator("h1")).to_have_text("Tranemo kommun")
    expect(page.locator("#site-search-q")).to_have_value("")


@pytest.mark.parametrize("lang", LANGS)
def test_tranemo_names_a_contact_at_each_university_that_works_with_it(
    page: Page, site: Site, lang: str
) -> None:
    response = page.goto(site.url(TRANEMO[lang]))
    assert response is not None and response.status == 200
    contacts = page.locator("section.contacts")
    for university in UNIVERSITIES[lang]:
        card = contacts.locator(
            "article.contact-card", has=page.get_by_role("heading", name=university)
        )
        expect(card).to_have_count(1)
        expect(card.locator(".contact-source")).not_to_be_empty()
        expect(card.locator("a[href^='mailto:']").first).to_be_visible()
    others = contacts.locator("details.other-universities")
    others.locator("summary").click()
    if lang == "en":
        expect(others.locator("summary")).to_contain_text("Other universities")
    expect(others.locator("li").first).to_be_visible()
    check_page(page, f"municipality-tranemo-{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_association_page_from_the_municipality_page(page: Page, site: Site, lang: str) -> None:
    page.goto(site.url(TRANEMO[lang]))
    page.locator(".facts").get_by_role(
        "link", name="Boråsregionen Sjuhärads kommunalförbund"
    ).click()
    expect(page.locator("h1")).to_have_text("Boråsregionen Sjuhärads kommunalförbund")
    members = page.locator("table.member-table tbody tr")
    expect(members).to_have_count(8)
    expect(page.locator("table.member-table").get_by_role("link", name="Tranemo")).to_be_visible()
    check_page(page, f"association-{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_finder_lists_a_regions_municipalities(page: Page, site: Site, lang: str) -> None:
    page.goto(site.url(FINDER[lang]) + "?q=Region+V%C3%A4stra+G%C3%B6taland")
    county = {"sv": "Västra Götalands län", "en": "Västra Götaland County"}[lang]
    expect(page.locator(".found-county")).to_contain_text(county)
    expect(page.locator("#site-search-q")).to_have_value("")
    expect(page.locator("#id_q")).to_have_value("Region Västra Götaland")
    check_page(page, f"municipalities-region-{lang}")
