"""The search pages in both languages: from the header box to grouped results and one kind."""

import pytest
from playwright.sync_api import Page, expect

from .conftest import Site, check_page

pytestmark = pytest.mark.browser

LANGS = {"sv": ("/sv/", "Sök", "Experter"), "en": ("/en/", "Search", "Experts")}


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_search_from_the_header_to_one_kind(page: Page, site: Site, lang: str) -> None:
    home, button, experts = LANGS[lang]
    page.goto(site.url(home))
    header = page.locator("form.site-search")
    # A few search words list every hit (a described need shows only the strong ones).
    header.get_by_role("searchbox").fill("undersköterskor i hemtjänsten")
    header.get_by_role("button", name=button).click()
    expect(page.locator("#group-expert")).to_contain_text(experts)
    expect(page.locator("#group-offering")).to_be_visible()
    expect(page.locator(".match-why mark").first).to_be_visible()
    check_page(page, f"search-grouped-{lang}")

    page.locator("#group-expert").locator("xpath=..").get_by_role(
        "link", name=experts.lower()
    ).click()
    expect(page.locator("#id_kind")).to_have_value("expert")
    expect(page.locator(".search-group")).to_have_count(1)
    check_page(page, f"search-experts-{lang}")


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_search_page_without_a_query_offers_examples(page: Page, site: Site, lang: str) -> None:
    page.goto(site.url(LANGS[lang][0] + ("sok/" if lang == "sv" else "search/")))
    page.locator(".search-examples a").first.click()
    expect(page.locator(".search-group").first).to_be_visible()
    check_page(page, f"search-empty-{lang}")
