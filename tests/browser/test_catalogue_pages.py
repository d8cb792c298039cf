"""Guides, offerings and the register of collaborations in both languages."""

import pytest
from playwright.sync_api import Page, expect

from .conftest import Site, check_page, log_in

pytestmark = pytest.mark.browser

LANGS = ["sv", "en"]
PATHS = {
    "together": ("/sv/samverkansformer/", "/en/forms-of-collaboration/"),
    "together-for-boras": (
        "/sv/samverkansformer/?kommun=1490",
        "/en/forms-of-collaboration/?kommun=1490",
    ),
    "guide": (
        "/sv/samverkansformer/commissioned-education/?kommun=1465",
        "/en/forms-of-collaboration/commissioned-education/?kommun=1465",
    ),
    "offerings": ("/sv/erbjudanden/", "/en/offerings/"),
    "collaborations": ("/sv/samverkan/", "/en/collaborations/"),
    "collaborations-boras": ("/sv/samverkan/?kommun=1490", "/en/collaborations/?kommun=1490"),
}
SIGNED_IN = {
    "offering-new": ("partner@example.se", "/sv/erbjudanden/ny/", "/en/offerings/new/"),
    "collaboration-new": ("koordinator@example.se", "/sv/samverkan/ny/", "/en/collaborations/new/"),
    "guide-edit": (
        "koordinator@example.se",
        "/sv/samverkansformer/degree-project/andra/",
        "/en/forms-of-collaboration/degree-project/edit/",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(PATHS))
def test_catalogue_page(page: Page, site: Site, name: str, lang: str) -> None:
    response = page.goto(site.url(PATHS[name][LANGS.index(lang)]))
    assert response is not None and response.status == 200
    check_page(page, f"{name}-{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_detail_pages(page: Page, site: Site, lang: str) -> None:
    page.goto(site.url(PATHS["offerings"][LANGS.index(lang)]))
    page.locator(".offering-row a").first.click()
    expect(page.locator(".guide")).to_be_visible()
    check_page(page, f"offering-{lang}")
    page.goto(site.url(PATHS["collaborations"][LANGS.index(lang)]))
    page.locator(".collaboration-row .result__title a").first.click()
    expect(page.locator(".guide")).to_be_visible()
    check_page(page, f"collaboration-{lang}")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(SIGNED_IN))
def test_signed_in_page(page: Page, site: Site, name: str, lang: str) -> None:
    email, *paths = SIGNED_IN[name]
    log_in(page, site, email)
    response = page.goto(site.url(paths[LANGS.index(lang)]))
    assert response is not None and response.status == 200
    check_page(page, f"{name}-{lang}")


def test_municipality_page_shows_the_matrix_and_it_leads_to_the_collaborations(
    page: Page, site: Site
) -> None:
    page.goto(site.url("/sv/kommuner/1490/"))
    matrix = page.locator("table.matrix")
    expect(matrix).to_be_visible()
    matrix.locator("td a").first.click()
    expect(page.locator(".collaboration-row").first).to_be_visible()
    assert "kommun=1490" in page.url and "university=" in page.url


def test_a_student_shows_interest_in_a_thesis_topic(page: Page, site: Site) -> None:
    page.goto(site.url("/sv/erbjudanden/?form=degree-project&posted_by=municipality"))
    page.locator(".offering-row a").first.click()
    page.get_by_label("Namn").fill("Sara Student")
    page.get_by_label("E-post").fill("sara@student.example.se")
    page.get_by_role("button", name="Skicka").click()
    expect(page.get_by_role("status")).to_be_visible()
