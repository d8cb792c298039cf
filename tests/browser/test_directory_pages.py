"""The directory's pages in both languages, for visitors, experts and coordinators."""

import pytest
from playwright.sync_api import Page, expect

from .conftest import Site, check_page, log_in

pytestmark = pytest.mark.browser

LANGS = ["sv", "en"]
PATHS = {
    "people": ("/sv/personer/", "/en/people/"),
    "people-search": ("/sv/personer/?q=%C3%A4ldreomsorg", "/en/people/?q=%C3%A4ldreomsorg"),
    "organisations": ("/sv/organisationer/?kind=university", "/en/organisations/?kind=university"),
    "organisation-university": ("/sv/organisationer/hb/", "/en/organisations/hb/"),
    "organisation-unit": ("/sv/organisationer/hb-vard/", "/en/organisations/hb-vard/"),
    "municipality-contacts": ("/sv/kommuner/1465/", "/en/municipalities/1465/"),
    "municipality-association-fallback": ("/sv/kommuner/1440/", "/en/municipalities/1440/"),
}
COORDINATOR_PATHS = {
    "contact-form": ("/sv/kommuner/1465/kontakter/ny/", "/en/municipalities/1465/contacts/new/"),
    "contact-bulk": ("/sv/kontakter/utse/", "/en/contacts/assign/"),
    "duplicates": ("/sv/dubbletter/", "/en/duplicates/"),
}


def person_id(page: Page, site: Site, name: str) -> int:
    response = page.request.get(site.url(f"/api/v1/people?q={name}"))
    return response.json()["items"][0]["id"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(PATHS))
def test_directory_page(page: Page, site: Site, name: str, lang: str) -> None:
    response = page.goto(site.url(PATHS[name][LANGS.index(lang)]))
    assert response is not None and response.status == 200
    check_page(page, f"{name}-{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_expert_page_and_profile_form(page: Page, site: Site, lang: str) -> None:
    log_in(page, site, "expert@example.se")
    pk = person_id(page, site, "Jenny Blom")
    people, profile = ("personer", "profil") if lang == "sv" else ("people", "profile")
    page.goto(site.url(f"/{lang}/{people}/{pk}/"))
    check_page(page, f"person-{lang}")
    page.goto(site.url(f"/{lang}/{people}/{pk}/{profile}/"))
    check_page(page, f"profile-edit-{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_person_page_for_a_visitor(page: Page, site: Site, lang: str) -> None:
    page.goto(site.url(PATHS["people-search"][LANGS.index(lang)]))
    page.locator(".person-row .result__title a").first.click()
    expect(page.locator("h1")).to_be_visible()
    check_page(page, f"person-visitor-{lang}")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(COORDINATOR_PATHS))
def test_coordinator_page(page: Page, site: Site, name: str, lang: str) -> None:
    log_in(page, site, "koordinator@example.se")
    response = page.goto(site.url(COORDINATOR_PATHS[name][LANGS.index(lang)]))
    assert response is not None and response.status == 200
    check_page(page, f"{name}-{lang}")


def test_expert_edits_the_profile_and_visitors_see_it(page: Page, site: Site, browser) -> None:
    log_in(page, site, "expert@example.se")
    page.get_by_role("link", name="Ändra din expertprofil").click()
    page.get_by_label("Nyckelord").fill("äldreomsorg, hemtjänst, nattpass")
    page.get_by_role("button", name="Spara profilen").click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.get_by_text("nattpass", exact=True)).to_be_visible()
    visitor = browser.new_context().new_page()
    visitor.goto(site.url("/sv/personer/?q=nattpass"))
    expect(visitor.locator(".person-row")).to_have_count(1)
    expect(visitor.locator(".match-reasons")).to_contain_text("nattpass")
    visitor.context.close()


def test_profile_form_shows_errors_at_the_fields(page: Page, site: Site) -> None:
    log_in(page, site, "expert@example.se")
    page.get_by_role("link", name="Ändra din expertprofil").click()
    page.get_by_label("Expertis (svenska)").fill("")
    page.get_by_label("Expertis (engelska)").fill("")
    page.get_by_label("ORCID").fill("123")
    page.get_by_role("button", name="Spara profilen").click()
    expect(page.locator(".ds-error-summary")).to_be_visible()
    expect(page.locator("#id_profile-expertise_sv")).to_have_attribute("aria-invalid", "true")
    check_page(page, "profile-edit-errors-sv")


def test_coordinator_merges_a_likely_duplicate(page: Page, site: Site) -> None:
    log_in(page, site, "koordinator@example.se")
    page.goto(site.url("/sv/dubbletter/"))
    page.get_by_role("link", name="Jämför och slå ihop").first.click()
    check_page(page, "merge-confirm-sv")
    page.get_by_role("button", name="Slå ihop", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Malin Gustafsson")
    page.goto(site.url("/sv/dubbletter/"))
    expect(page.get_by_text("Malin Gustafsson")).to_have_count(0)


def test_coordinator_designates_a_contact_from_the_municipality_page(
    page: Page, site: Site
) -> None:
    log_in(page, site, "koordinator@example.se")
    page.goto(site.url("/sv/kommuner/0180/"))
    page.get_by_role("link", name="Utse en kontaktperson").click()
    page.get_by_label("Person", exact=True).fill("gustafsson")
    page.locator("input[name=person]").first.check()
    page.get_by_role("button", name="Utse").click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.locator(".contact-card--direct")).to_have_count(1)
