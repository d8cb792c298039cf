"""A need that ends with people in touch, in a real browser: the expert answers interested, the
coordinator hears of it, puts the two in touch, the submitter replies, and the collaboration the
need became is public only once the coordinator has checked it. Every new page through axe, in
Swedish and English."""

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from .conftest import Site, check_page, log_in
from .test_needs import last_link

pytestmark = pytest.mark.browser

ACCEPT_PERSON = 'ul[aria-labelledby="matches-expert"] button[value="accepted"]'


def test_a_need_ends_with_people_in_touch(page: Page, site: Site, browser) -> None:
    token = uuid.uuid4().hex[:6]
    # The partner user describes a need (logged in: it goes to the coordinators at once).
    log_in(page, site, "partner@example.se")
    page.goto(site.url("/en/needs/new/"))
    page.get_by_label("What do you need help with?").fill(
        f"We find it hard to keep assistant nurses in home care ({token}). Many leave after a "
        "year and we never have time to introduce the new ones properly."
    )
    page.get_by_role("button", name="Next").click()
    page.wait_for_url("**/who/")
    page.get_by_label("Your organisation").fill("Borås Stad, vård och äldre")
    page.get_by_role("button", name="Next").click()
    page.wait_for_url("**/help/")
    page.locator('input[name="forms"]').first.check()
    page.get_by_role("button", name="Next").click()
    page.wait_for_url("**/contact/")
    page.get_by_label("Your name").fill("Karin Ek")
    page.get_by_label("Your e-mail").fill(f"karin.{token}@example.se")
    page.get_by_label("Your role").fill("Development lead")
    page.locator('input[name="consent"]').check()
    page.get_by_role("button", name="Next").click()
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/sent/**")
    reference = page.locator(".lead strong").inner_text()

    # The coordinator accepts a person and writes to them in their own words.
    coordinator = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    work = coordinator.new_page()
    work.console_errors = []
    log_in(work, site, "koordinator@example.se")
    need_url = site.url(f"/en/needs/{reference}/")
    work.goto(need_url)
    work.locator(ACCEPT_PERSON).first.click()
    expert = work.locator(".match-item--accepted .result__title").first.inner_text()
    work.locator('.match-item--accepted button:text-matches("^Contact")').first.click()
    expect(work.locator("h1")).to_contain_text(expert)
    check_page(work, "need-contact-compose-en")
    work.locator("#id_message").fill(f"Hello, could you help Borås ({token})?")
    work.locator(".contact-compose button[type=submit]").click()
    expect(work.locator(".ds-alert").first).to_be_visible()

    # The expert answers interested from the e-mail; the coordinator is told and sees a marker.
    answer = browser.new_context(locale="sv-SE").new_page()
    answer.goto(site.url(last_link(site, "/answer/|/svara/")))
    answer.locator("#answer-yes").check()
    answer.locator("main form button[type=submit]").click()
    expect(answer.locator(".ds-alert").first).to_be_visible()
    assert f"{expert} is interested in {reference}" in site.mail() or (
        f"{expert} är intresserad av {reference}" in site.mail()
    )
    work.goto(site.url("/en/needs/inbox/"))
    row = work.locator("tr", has_text=reference)
    expect(row.locator(".news-badge")).to_be_visible()
    check_page(work, "need-inbox-news-en")

    # One action puts the two in touch; both mailboxes hold the other's details.
    work.goto(need_url)
    expect(work.locator("#handover-heading")).to_be_visible()
    check_page(work, "need-workspace-handover-en")
    work.locator("#handover-heading").locator("xpath=..").locator("button").click()
    expect(work.locator(".ds-alert").first).to_be_visible()
    mailbox = site.mail()
    assert "Karin Ek" in mailbox and "Development lead" in mailbox
    assert f"karin.{token}@example.se" in mailbox or "partner@example.se" in mailbox
    assert expert in mailbox

    # The submitter sees the people put in touch and replies on the need's page.
    page.goto(site.url(f"/en/needs/{reference}/"))
    expect(page.locator("#people-heading").locator("xpath=..")).to_contain_text(expert)
    expect(page.locator("#handler-heading").locator("xpath=..")).to_be_visible()
    check_page(page, "need-submitter-in-touch-en")
    page.goto(site.url(f"/sv/behov/{reference}/"))
    check_page(page, "need-submitter-in-touch")
    page.locator("#id_text").fill(f"We have forty assistant nurses ({token}).")
    page.locator("#reply-heading").locator("xpath=..").locator("button").click()
    expect(page.locator(".timeline")).to_contain_text("forty assistant nurses")
    work.goto(site.url("/en/needs/inbox/"))
    expect(work.locator("tr", has_text=reference).locator(".news-badge")).to_be_visible()
    work.goto(need_url)
    expect(work.locator(".timeline")).to_contain_text("forty assistant nurses")

    # Closing gives a draft; it is public once the coordinator has checked and published it.
    work.locator("#close-heading").locator("xpath=..").locator("form").first.locator(
        "button"
    ).click()
    expect(work.locator("h1")).to_have_text(re.compile("Check the collaboration|Granska"))
    check_page(work, "need-collaboration-review-en")
    work.locator(".language-switch a[hreflang=sv]").click()
    expect(work.locator("html")).to_have_attribute("lang", "sv")
    check_page(work, "need-collaboration-review-sv")
    visitor = browser.new_context(locale="sv-SE").new_page()
    visitor.goto(site.url("/en/collaborations/?q=" + token))
    assert token not in visitor.locator("main").inner_text()
    work.locator("main form button[type=submit]").first.click()
    visitor.reload()
    expect(visitor.locator("main")).to_contain_text(token)
    coordinator.close()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_link_again_page(page: Page, site: Site, language: str) -> None:
    path = "/en/needs/link-again/" if language == "en" else "/sv/behov/lanken-igen/"
    page.goto(site.url(path))
    check_page(page, f"needs-link-again-{language}")
    page.locator("#id_email").fill("nobody@example.se")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".ds-alert").first).to_be_visible()
