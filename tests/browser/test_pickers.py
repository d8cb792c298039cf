"""Pickers in a real browser: matches follow the typing, Enter searches in place, and without
JavaScript the Search button lists the matches; checked with axe in both languages."""

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import DESKTOP, Site, check_page, log_in

pytestmark = pytest.mark.browser

CONTACT_FORM = {
    "sv": "/sv/kommuner/0180/kontakter/ny/",
    "en": "/en/municipalities/0180/contacts/new/",
}
OFFERING_FORM = {"sv": "/sv/erbjudanden/ny/", "en": "/en/offerings/new/"}
INBOX = {"sv": "/sv/behov/inkorg/", "en": "/en/needs/inbox/"}
LABELS = {
    "sv": {"person": "Person", "designate": "Utse", "add": "Lägg till", "hb": "Högskolan i Borås"},
    "en": {"person": "Person", "designate": "Designate", "add": "Add", "hb": "University of Borås"},
}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_typing_lists_people_with_their_university_and_enter_does_not_send_the_form(
    page: Page, site: Site, lang: str
) -> None:
    log_in(page, site, "koordinator@example.se")
    page.goto(site.url(CONTACT_FORM[lang]))
    address = page.url
    search = page.get_by_label(LABELS[lang]["person"], exact=True)
    search.fill("gustafsson")
    match = page.locator(".picker__choice", has_text="Malin Gustafsson").first
    expect(match).to_be_visible()
    expect(match.locator(".picker__detail")).to_contain_text(LABELS[lang]["hb"])
    search.press("Enter")
    expect(match).to_be_visible()
    assert page.url == address
    check_page(page, f"picker-contact-{lang}")
    match.locator("input").check()
    page.get_by_role("button", name=LABELS[lang]["designate"], exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Malin Gustafsson")


def test_without_javascript_the_search_button_lists_the_matches(
    browser: Browser, site: Site
) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": DESKTOP, "height": 900}
    )
    page = context.new_page()
    page.console_errors = []  # type: ignore[attr-defined]
    log_in(page, site, "koordinator@example.se")
    page.goto(site.url(CONTACT_FORM["sv"]))
    expect(page.locator(".picker__choice")).to_have_count(0)
    page.get_by_label("Person", exact=True).fill("gustafsson")
    page.locator("main").get_by_role("button", name="Sök", exact=True).click()
    expect(page.locator(".ds-validation-message")).to_have_count(0)
    match = page.locator(".picker__choice", has_text="Malin Gustafsson").first
    expect(match).to_be_visible()
    expect(page.get_by_label("Person", exact=True)).to_have_value("gustafsson")
    match.locator("input").check()
    page.get_by_role("button", name="Utse", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Malin Gustafsson")
    context.close()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_coordinator_adds_an_expert_to_a_need_by_typing(
    page: Page, site: Site, lang: str
) -> None:
    log_in(page, site, "koordinator@example.se")
    page.goto(site.url(INBOX[lang]))
    page.locator("table tbody td a").first.click()
    search = page.locator("#add_person_q")
    search.fill("blom")
    match = page.locator("#add_person_choices .picker__choice", has_text="Jenny Blom")
    expect(match).to_be_visible()
    check_page(page, f"picker-workspace-{lang}")
    match.locator("input").check()
    page.locator("section[aria-labelledby=add-heading]").get_by_role(
        "button", name=LABELS[lang]["add"], exact=True
    ).click()
    expect(page.get_by_role("status")).to_contain_text("Jenny Blom")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_posting_an_offering_for_a_unit_found_by_typing(page: Page, site: Site, lang: str) -> None:
    log_in(page, site, "koordinator@example.se")
    page.goto(site.url(OFFERING_FORM[lang]))
    page.locator("#id_organization_q").fill("vårdvetenskap")
    match = page.locator("#id_organization_choices .picker__choice").first
    expect(match).to_be_visible()
    expect(match.locator(".picker__detail")).not_to_be_empty()
    check_page(page, f"picker-offering-{lang}")
