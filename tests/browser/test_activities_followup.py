"""Minutes and follow-up actions in a real browser: a coordinator reads the minutes of the
Tranemo visit, writes an action with the people search and marks it done on the list of open
actions; every page checked with axe in both languages. Visitors see no minutes."""

import pytest
from playwright.sync_api import Page, expect

from .conftest import Site, check_page, log_in

pytestmark = pytest.mark.browser

TRANEMO = {"sv": "Kommunbesök i Tranemo", "en": "Municipal visit to Tranemo"}
EARLIER = {"sv": "/sv/aktiviteter/?tidigare=1", "en": "/en/activities/?tidigare=1"}
THESIS_ACTION = "Skicka förslag på exjobb inom äldreomsorg"
# The coordinators' links, by address (Swedish addresses once translated, English before).
MINUTES_FORM = "a[href$='/minutes/'], a[href$='/protokoll/']"
NEW_ACTION = "a[href$='/actions/new/'], a[href$='/atgarder/ny/']"
FOLLOW_UP_LIST = "a[href$='/follow-up/'], a[href$='/uppfoljning/']"


def open_tranemo(page: Page, site: Site, lang: str) -> None:
    page.goto(site.url(EARLIER[lang]))
    page.get_by_role("link", name=TRANEMO[lang], exact=True).click()
    expect(page.locator("h1")).to_have_text(TRANEMO[lang])


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_coordinator_reads_the_minutes_and_follows_up_an_action(
    page: Page, site: Site, lang: str
) -> None:
    log_in(page, site, "koordinator@example.se")
    open_tranemo(page, site, lang)
    minutes = page.locator("section.followup")
    expect(minutes).to_contain_text(THESIS_ACTION)
    expect(minutes).to_contain_text("Göran Fält")
    check_page(page, f"activity-minutes-{lang}")

    minutes.locator(MINUTES_FORM).click()
    expect(page.locator("#id_discussion_sv")).to_contain_text("äldreomsorg")
    check_page(page, f"minutes-edit-{lang}")
    page.go_back()

    page.locator(NEW_ACTION).click()
    text = f"Boka uppföljningsmöte om VFU ({lang})"
    page.locator("#id_text").fill(text)
    page.locator("#id_owner_q").fill("fält")
    match = page.locator(".picker__choice", has_text="Göran Fält").first
    expect(match).to_be_visible()
    match.locator("input").check()
    page.locator("#id_due_date").fill("2027-01-15")
    check_page(page, f"action-edit-{lang}")
    page.locator(".form-actions button[type=submit]").click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.locator("section.followup")).to_contain_text(text)

    page.locator("section.followup").locator(FOLLOW_UP_LIST).click()
    row = page.locator("li.result", has_text=text)
    expect(row).to_be_visible()
    check_page(page, f"follow-up-actions-{lang}")
    row.locator("select").select_option("done")
    row.get_by_role("button").first.click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.locator("li.result", has_text=text)).to_have_count(0)  # done: no longer open


def test_visitors_see_no_minutes_of_a_public_visit(page: Page, site: Site) -> None:
    open_tranemo(page, site, "sv")
    expect(page.locator("section.followup")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text(THESIS_ACTION)
