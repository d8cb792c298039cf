"""The needs flow in a real browser: the whole journey from an anonymous official's words to a
registered collaboration, and every needs page checked with axe."""

import re
import uuid

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from samverkan.needs.views.submission import step_url

from .conftest import Site, check_page, log_in

pytestmark = pytest.mark.browser

NOTE = "Intern: ring förvaltningschefen innan vi föreslår något."
UPDATE = "Vi har hittat två forskare som gärna träffar er i december."
ACCEPT_PERSON = 'ul[aria-labelledby="matches-expert"] button[value="accepted"]'


def sv_step(name: str) -> str:
    """A pattern for a step's address on the Swedish pages (its slug is translated)."""
    with translation.override("sv"):
        return f"**{step_url(name)}"


def last_link(site: Site, pattern: str) -> str:
    """The last link in the server's e-mail whose path matches ``pattern``, as a local path."""
    links = re.findall(r"https?://[^\s]+", site.mail())
    wanted = [link for link in links if re.search(pattern, link)]
    assert wanted, f"no e-mail with a link to {pattern}"
    return "/" + wanted[-1].split("/", 3)[3]


def test_from_an_officials_words_to_a_collaboration(page: Page, site: Site, browser) -> None:
    token = uuid.uuid4().hex[:6]
    text = (
        f"Vi har svårt att behålla sjuksköterskor i hemsjukvården ({token}). Många slutar efter "
        "ett år och vi hinner aldrig introducera de nya ordentligt."
    )
    # An anonymous official starts from the municipality's page.
    page.goto(site.url("/sv/kommuner/1491/"))
    page.locator(".call-to-action").get_by_role("link", name="Beskriv ett behov").click()
    check_page(page, "need-step-describe")
    page.get_by_label("Vad behöver ni hjälp med?").fill(text)
    page.get_by_role("button", name="Nästa").click()
    page.wait_for_url(sv_step("who"))
    expect(page.get_by_label("Kommun")).to_have_value(re.compile(r"\d+"))
    check_page(page, "need-step-who")
    page.get_by_label("Din organisation").fill("Ulricehamns kommun, vård och omsorg")
    page.get_by_role("button", name="Nästa").click()
    page.wait_for_url(sv_step("help"))
    check_page(page, "need-step-help")
    page.get_by_label("Uppdragsutbildning").check()
    page.get_by_role("button", name="Nästa").click()
    page.wait_for_url(sv_step("contact"))
    check_page(page, "need-step-contact")
    page.get_by_label("Ditt namn").fill("Karin Ek")
    page.get_by_label("Din e-post").fill(f"karin.{token}@example.se")
    page.get_by_label("Jag godkänner").check()
    page.get_by_role("button", name="Nästa").click()
    page.wait_for_url("**/kontrollera/")
    expect(page.locator(".result").first).to_be_visible()
    expect(page.locator(".match-why").first).to_contain_text(
        re.compile("^(Forskar om|Handlar om|Tidigare samverkan om|Liknar er text)")
    )
    check_page(page, "need-review")
    page.get_by_role("button", name="Skicka behovet").click()
    page.wait_for_url("**/skickat/**")
    reference = page.locator(".lead strong").inner_text()
    check_page(page, "need-sent")

    # The confirmation link in the e-mail: a button, and then the need is with the coordinators.
    page.goto(site.url(last_link(site, "/bekrafta/")))
    check_page(page, "need-confirm")
    page.get_by_role("button", name="Bekräfta och skicka behovet").click()
    expect(page.locator(".ds-alert")).to_contain_text(reference)

    # The coordinator assigns it, accepts two suggested people, notes and updates.
    coordinator = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    work = coordinator.new_page()
    work.console_errors = []
    log_in(work, site, "koordinator@example.se")
    work.goto(site.url("/sv/behov/inkorg/"))
    check_page(work, "need-inbox")
    work.get_by_role(
        "link", name=re.compile("Vi har svårt att behålla sjuksköterskor")
    ).first.click()
    expect(work.locator("h1")).to_contain_text("sjuksköterskor")
    work.locator("#id_assignee").select_option(label="Malin Gustafsson")
    work.get_by_role("button", name="Tilldela", exact=True).click()
    expect(work.locator(".ds-alert").first).to_contain_text("tilldelat")
    for _ in range(2):
        work.locator(ACCEPT_PERSON).first.click()
        expect(work.locator(".ds-alert").first).to_be_visible()
    expect(work.locator(".match-item--accepted")).to_have_count(2)
    work.locator("#note-text").fill(NOTE)
    work.get_by_role("button", name="Spara anteckningen").click()
    work.locator("#update-text").fill(UPDATE)
    work.get_by_role("button", name="Publicera uppdateringen").click()
    expect(work.locator(".timeline")).to_contain_text(NOTE)
    check_page(work, "need-workspace")

    # The submitter follows the link in the update e-mail: the update, never the note.
    page.goto(site.url(last_link(site, "/behov/folj/")))
    expect(page.locator(".timeline")).to_contain_text(UPDATE)
    assert NOTE not in page.content()
    check_page(page, "need-submitter")

    # Closed as a collaboration: a draft, shown on the municipality's page once it is published.
    work.get_by_role("button", name="Det blev en samverkan").click()
    expect(work.locator("h1")).to_have_text(re.compile("Granska samverkan|Check the collaboration"))
    check_page(work, "need-collaboration-review")
    page.goto(site.url("/sv/kommuner/1491/"))
    assert token not in page.content()
    work.get_by_role(
        "button", name=re.compile("Publicera samverkan|Publish the collaboration")
    ).click()
    page.goto(site.url("/sv/kommuner/1491/"))
    expect(page.locator("#collaboration-heading").locator("xpath=..")).to_contain_text(token)
    page.reload()
    assert NOTE not in page.content()
    coordinator.close()


@pytest.mark.parametrize(
    "path, name, account",
    [
        ("/sv/behov/", "needs-public", None),
        ("/en/needs/", "needs-public-en", None),
        ("/sv/behov/tavla/", "needs-board", "koordinator@example.se"),
        ("/en/needs/inbox/?show=all&sort=quiet", "needs-inbox-en", "koordinator@example.se"),
        ("/sv/behov/mina/", "needs-mine-partner", "partner@example.se"),
        ("/sv/behov/mina/", "needs-mine-expert", "expert@example.se"),
        ("/sv/behov/statusar/vastsvensk-arena/", "needs-states", "arenaadmin@example.se"),
        ("/en/needs/new/", "needs-step-en", None),
        ("/en/needs/board/", "needs-board-en", "koordinator@example.se"),
        ("/en/needs/mine/", "needs-mine-partner-en", "partner@example.se"),
        ("/en/needs/states/vastsvensk-arena/", "needs-states-en", "arenaadmin@example.se"),
        ("/en/needs/B-2026-0001/", "needs-workspace-en", "koordinator@example.se"),
    ],
)
def test_needs_pages_are_accessible(page: Page, site: Site, path, name, account) -> None:
    if account:
        log_in(page, site, account)
    page.goto(site.url(path))
    expect(page.locator("h1")).to_be_visible()
    check_page(page, name)


def test_a_public_challenge_and_an_experts_view(page: Page, site: Site) -> None:
    page.goto(site.url("/sv/behov/"))
    page.locator(".need-row a").first.click()
    expect(page.locator(".need-text")).to_be_visible()
    check_page(page, "need-public-detail")
    log_in(page, site, "expert@example.se")
    page.goto(site.url("/sv/behov/mina/"))
    page.locator("#suggested-heading").locator("xpath=..").get_by_role("link").first.click()
    expect(page.locator(".answer-box")).to_be_visible()
    check_page(page, "need-expert")
    page.get_by_role("button", name="Intresserad").click()
    expect(page.locator(".ds-alert").first).to_contain_text("Tack")


def test_the_answer_link_in_an_e_mail(page: Page, site: Site) -> None:
    """The coordinator contacts an accepted person; the link in their e-mail asks for the answer."""
    log_in(page, site, "koordinator@example.se")
    page.goto(site.url("/sv/behov/inkorg/?state=&show=open&sort=newest"))
    page.locator(".inbox-table a").first.click()
    page.locator(ACCEPT_PERSON).first.click()
    page.locator('.match-item button:text-matches("^Kontakta")').first.click()
    check_page(page, "need-contact-compose")
    page.locator(".contact-compose button[type=submit]").click()
    expect(page.locator(".ds-alert").first).to_contain_text("har fått behovet")
    page.context.clear_cookies()
    page.goto(site.url(last_link(site, "/behov/svara/")))
    expect(page.locator("h1")).to_contain_text("Kan du hjälpa till?")
    check_page(page, "need-answer-link")
    page.get_by_label("Inte för mig").check()
    page.get_by_role("button", name="Skicka svaret").click()
    expect(page.locator(".ds-alert").first).to_contain_text("Tack för svaret")
