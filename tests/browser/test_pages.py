"""Every page in both languages: reachable, accessible (axe), responsive, photographed."""

import pytest
from playwright.sync_api import Page, expect

from .conftest import Site, check_page, log_in

pytestmark = pytest.mark.browser

PUBLIC_PAGES = {
    "home": ("/sv/", "/en/"),
    "municipalities": ("/sv/kommuner/", "/en/municipalities/"),
    "municipality": ("/sv/kommuner/1490/", "/en/municipalities/1490/"),
    "municipality-without-arena": ("/sv/kommuner/0180/", "/en/municipalities/0180/"),
    "goals": ("/sv/globala-malen/", "/en/global-goals/"),
    "goal": ("/sv/globala-malen/7/", "/en/global-goals/7/"),
    "arenas": ("/sv/arenor/", "/en/arenas/"),
    "arena": ("/sv/arenor/hb-kommunsamverkan/", "/en/arenas/hb-kommunsamverkan/"),
    "login": ("/sv/konto/logga-in/", "/en/account/login/"),
    "password-reset": ("/sv/konto/losenord/aterstall/", "/en/account/password/reset/"),
    "password-reset-sent": (
        "/sv/konto/losenord/aterstall/skickat/",
        "/en/account/password/reset/sent/",
    ),
    "password-reset-bad-link": (
        "/sv/konto/losenord/aterstall/MQ/fel-token/",
        "/en/account/password/reset/MQ/bad-token/",
    ),
    "accessibility": ("/sv/tillganglighet/", "/en/accessibility/"),
    "privacy": ("/sv/personuppgifter/", "/en/privacy/"),
}

ACCOUNT_PAGES = {
    "account": ("/sv/konto/", "/en/account/"),
    "password-change": ("/sv/konto/losenord/", "/en/account/password/"),
    "arena-settings": (
        "/sv/arenor/vastsvensk-arena/installningar/",
        "/en/arenas/vastsvensk-arena/settings/",
    ),
}


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name", sorted(PUBLIC_PAGES))
def test_public_page(page: Page, site: Site, name: str, lang: str) -> None:
    path = PUBLIC_PAGES[name][0 if lang == "sv" else 1]
    response = page.goto(site.url(path))
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("h1")).to_have_count(1)
    check_page(page, f"{name}-{lang}")


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name", sorted(ACCOUNT_PAGES))
def test_page_for_logged_in_arena_admin(page: Page, site: Site, name: str, lang: str) -> None:
    log_in(page, site, "arenaadmin@example.se")
    response = page.goto(site.url(ACCOUNT_PAGES[name][0 if lang == "sv" else 1]))
    assert response is not None and response.status == 200
    check_page(page, f"{name}-{lang}")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_not_found_page(page: Page, site: Site, lang: str) -> None:
    response = page.goto(site.url(f"/{lang}/no-such-page/"))
    assert response is not None and response.status == 404
    check_page(page, f"not-found-{lang}", status=404)


def test_invalid_log_in_shows_the_error_accessibly(page: Page, site: Site) -> None:
    page.goto(site.url("/sv/konto/logga-in/"))
    page.get_by_label("E-postadress").fill("partner@example.se")
    page.get_by_label("Lösenord").fill("fel")
    page.get_by_role("button", name="Logga in").click()
    expect(page.locator(".ds-error-summary")).to_be_visible()
    check_page(page, "login-error-sv")
