"""Visit planning and personal calendar feeds in a real browser: a coordinator goes from the arena
page to the plan, chooses a municipality and plans its visit with the keyboard only; an account
makes a calendar address, reads it and stops it. Checked with axe in both languages."""

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import Site, check_page, log_in

pytestmark = pytest.mark.browser

ARENA = {"sv": "/sv/arenor/hb-kommunsamverkan/", "en": "/en/arenas/hb-kommunsamverkan/"}
FEEDS = {"sv": "/sv/aktiviteter/mina-kalendrar/", "en": "/en/activities/my-calendars/"}
# Each language plans a visit to its own municipality, so the two runs do not meet.
MUNICIPALITY = {"sv": "Bollebygd", "en": "Herrljunga"}
WORDS = {
    "sv": {
        "plan": "Planera kommunbesök",
        "choose": "Välj",
        "round": "Planera en besöksrunda",
        "visit": "Besök",
        "day": "Dag",
        "save": "Planera besöken",
        "planned": "1 kommunbesök är planerat.",
        "make": "Skapa en ny kalenderadress",
        "address": "Kalenderadress",
        "stop": "Stoppa",
        "stopped": "fungerar inte längre",
    },
    "en": {
        "plan": "Plan municipal visits",
        "choose": "Choose",
        "round": "Plan a round of visits",
        "visit": "Visit",
        "day": "Day",
        "save": "Plan the visits",
        "planned": "1 municipal visit is planned.",
        "make": "Make a new calendar address",
        "address": "Calendar address",
        "stop": "Stop",
        "stopped": "no longer works",
    },
}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_coordinator_plans_a_visit_from_the_arena_page_with_the_keyboard(
    page: Page, site: Site, lang: str
) -> None:
    words, name = WORDS[lang], MUNICIPALITY[lang]
    log_in(page, site, "koordinator@example.se")
    page.goto(site.url(ARENA[lang]))
    page.get_by_role("link", name=words["plan"]).click()
    check_page(page, f"visit-plan-{lang}")

    page.get_by_label(f"{words['choose']} {name}", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name=words["round"]).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(words["round"])
    row = page.locator("fieldset.visit-row", has=page.get_by_text(name, exact=True))
    expect(row.get_by_label(f"{words['visit']} {name}")).to_be_checked()
    check_page(page, f"visit-round-{lang}")

    row.get_by_label(words["day"], exact=True).focus()
    page.keyboard.type("03122030")  # headless Chromium's date field: month, day, year
    expect(row.get_by_label(words["day"], exact=True)).to_have_value("2030-03-12")
    page.get_by_role("button", name=words["save"]).focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text(words["planned"])
    planned = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name))
    expect(planned).to_contain_text("2030")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_an_account_makes_reads_and_stops_a_calendar_address(
    page: Page, site: Site, lang: str
) -> None:
    words = WORDS[lang]
    log_in(page, site, "expert@example.se")
    page.goto(site.url(FEEDS[lang]))
    page.get_by_role("button", name=words["make"]).click()
    address = page.get_by_role("textbox", name=words["address"], exact=True).input_value()
    assert re.search(r"/[\w-]{40,}\.ics$", address)
    check_page(page, f"calendar-feeds-{lang}")

    feed = page.request.get(address)
    assert feed.status == 200
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"

    page.goto(site.url(FEEDS[lang]))
    page.get_by_role("button", name=words["stop"]).first.click()
    expect(page.get_by_role("status")).to_contain_text(words["stopped"])
    assert page.request.get(address).status == 404
