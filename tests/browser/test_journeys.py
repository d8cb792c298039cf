"""Journeys through the site as a visitor and as a logged-in user, with and without JavaScript."""

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import DESKTOP, Site, log_in

pytestmark = pytest.mark.browser


def test_find_your_municipality_from_home(page: Page, site: Site) -> None:
    page.goto(site.url("/sv/"))
    page.get_by_label("Din kommun").fill("svenljunga")
    page.get_by_role("region", name="Hitta din kontakt").get_by_role("button", name="Sök").click()
    page.get_by_role("link", name="Svenljunga").first.click()
    expect(page.locator("h1")).to_have_text("Svenljunga kommun")
    expect(page.get_by_text("Högskolan i Borås arena för kommunsamverkan")).to_be_visible()


def test_filtering_updates_the_list_without_reloading(page: Page, site: Site) -> None:
    page.goto(site.url("/sv/kommuner/"))
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Kommunalförbund").select_option(label="Fyrbodals kommunalförbund")
    expect(page.locator(".result-count")).to_have_text("14 kommuner")
    assert page.evaluate("window.notReloaded") is True
    assert "association=fyrbodal" in page.url  # the filtered view can be shared


def test_everything_works_without_javascript(browser: Browser, site: Site) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": DESKTOP, "height": 900}
    )
    page = context.new_page()
    page.goto(site.url("/sv/kommuner/"))
    page.get_by_label("Län").select_option(label="Hallands län")
    page.get_by_role("button", name="Visa").click()
    expect(page.locator(".result-count")).to_have_text("6 kommuner")
    page.get_by_role("link", name="Kungsbacka").click()
    expect(page.locator("h1")).to_have_text("Kungsbacka kommun")
    page.get_by_role("link", name="In English").click()
    expect(page.locator("h1")).to_have_text("Kungsbacka kommun")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    context.close()


def test_arena_admin_changes_the_arena_and_sees_the_result(page: Page, site: Site) -> None:
    log_in(page, site, "arenaadmin@example.se")
    expect(page.get_by_text("Arenaadministratör")).to_be_visible()
    page.goto(site.url("/sv/arenor/vastsvensk-arena/"))
    page.get_by_role("link", name="Ändra arenans inställningar").click()
    page.get_by_label("Beskrivning (svenska)").fill("Arenan samlar lärosäten och kommuner i väst.")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Arenan samlar lärosäten och kommuner i väst.")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("sparade")


def test_coordinator_cannot_open_arena_settings(page: Page, site: Site) -> None:
    log_in(page, site, "koordinator@example.se")
    response = page.goto(site.url("/sv/arenor/vastsvensk-arena/installningar/"))
    assert response is not None and response.status == 403
    expect(page.locator("h1")).to_have_text("Du har inte behörighet till den här sidan")


def test_log_out(page: Page, site: Site) -> None:
    log_in(page, site, "partner@example.se")
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("link", name="Logga in")).to_be_visible()
