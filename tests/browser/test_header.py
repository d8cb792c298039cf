"""The header on narrow and wide screens: a menu button below 640 px, the whole menu above."""

import pytest
from playwright.sync_api import Page, expect

from .conftest import NARROWEST, SCREENSHOTS, Site, axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_menu_folds_behind_a_button_on_a_narrow_screen(page: Page, site: Site, lang: str):
    page.set_viewport_size({"width": NARROWEST, "height": 800})
    page.goto(site.url(f"/{lang}/"))
    button = page.locator(".site-menu-toggle")
    menu = page.locator("#site-nav")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"header-menu-closed-{lang}-{NARROWEST}.png")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    page.screenshot(path=SCREENSHOTS / f"header-menu-open-{lang}-{NARROWEST}.png")
    assert axe_violations(page) == []
    menu.get_by_role("link").first.click()
    expect(page).not_to_have_url(site.url(f"/{lang}/"))


def test_a_wide_screen_shows_the_whole_menu_and_no_button(page: Page, site: Site):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site.url("/sv/"))
    expect(page.locator(".site-menu-toggle")).to_be_hidden()
    expect(page.locator("#site-nav")).to_be_visible()


def test_a_checkbox_reached_by_keyboard_shows_its_focus(page: Page, site: Site):
    page.goto(site.url("/en/people/"))
    checkbox = page.locator("input[type=checkbox]").first
    checkbox.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    outline = checkbox.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline == "solid"
