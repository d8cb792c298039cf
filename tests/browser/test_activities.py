"""An activity's page and registration without an account, by keyboard only; the waiting list
when the workshop is full; checked with axe in both languages."""

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import Site, check_page

pytestmark = pytest.mark.browser

FULL_WORKSHOP = {
    "sv": "Workshop: Hur behåller vi undersköterskorna?",
    "en": "Workshop: How do we keep our assistant nurses?",
}
OPEN_WORKSHOP = {
    "sv": "Workshop: Grön energi i kommunernas fastigheter",
    "en": "Workshop: Green energy in municipal buildings",
}
WORDS = {
    "sv": {
        "name": "Ditt namn",
        "email": "Din e-post",
        "consent": "Jag godkänner",
        "registered": "Du är anmäld",
        "cancel": "Avboka min anmälan",
        "cancelled": "avbokad",
        "waiting": "Ställ dig på reservlistan",
    },
    "en": {
        "name": "Your name",
        "email": "Your e-mail",
        "consent": "I agree",
        "registered": "You are registered",
        "cancel": "Cancel my registration",
        "cancelled": "cancelled",
        "waiting": "Join the waiting list",
    },
}


def open_activity(site: Site, page: Page, title: str, lang: str) -> None:
    """From the list of activities to the demo activity called ``title``."""
    page.goto(site.url("/sv/aktiviteter/" if lang == "sv" else "/en/activities/"))
    page.get_by_role("link", name=title).click()
    expect(page.locator("h1")).to_have_text(title)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_registering_by_keyboard_and_cancelling_by_the_link(
    page: Page, site: Site, lang: str
) -> None:
    words = WORDS[lang]
    open_activity(site, page, OPEN_WORKSHOP[lang], lang)
    check_page(page, f"activity-{lang}")
    page.get_by_label(words["name"]).focus()
    page.keyboard.type("Karin Ek")
    page.keyboard.press("Tab")
    page.keyboard.type(f"karin.ek.{lang}@example.se")
    page.get_by_label(re.compile(words["consent"])).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name=re.compile(r"^(Anmäl dig|Register)$")).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(words["registered"])
    check_page(page, f"activity-registration-{lang}")
    page.get_by_role("button", name=words["cancel"]).click()
    expect(page.get_by_role("status")).to_contain_text(words["cancelled"])


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_full_workshop_offers_the_waiting_list(page: Page, site: Site, lang: str) -> None:
    page.goto(site.url("/sv/aktiviteter/" if lang == "sv" else "/en/activities/"))
    check_page(page, f"activities-{lang}")
    open_activity(site, page, FULL_WORKSHOP[lang], lang)
    expect(page.get_by_role("heading", name=WORDS[lang]["waiting"])).to_be_visible()
    check_page(page, f"activity-full-{lang}")
