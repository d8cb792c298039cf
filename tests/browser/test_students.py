"""The For students way in, a thesis topic's page and the thesis topic form, in both languages."""

import pytest
from playwright.sync_api import Page, expect

from .conftest import Site, check_page, log_in

pytestmark = pytest.mark.browser

LANGS = ["sv", "en"]
HOME = {"sv": "/sv/", "en": "/en/"}
OFFERING_NEW = {"sv": "/sv/erbjudanden/ny/", "en": "/en/offerings/new/"}
GUIDE = {
    "sv": "/sv/samverkansformer/degree-project/",
    "en": "/en/forms-of-collaboration/degree-project/",
}


def open_students_page(page: Page, site: Site, lang: str) -> None:
    """From the home page, as a student would (the link's text is checked in English only until
    the Swedish messages are compiled)."""
    page.goto(site.url(HOME[lang]))
    page.locator("a[href*='/for-stud']").first.click()
    expect(page.locator(".offering-row").first).to_be_visible()


@pytest.mark.parametrize("lang", LANGS)
def test_students_page_lists_and_filters_topics(page: Page, site: Site, lang: str) -> None:
    open_students_page(page, site, lang)
    if lang == "en":
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Thesis topics and student projects"
        )
    check_page(page, f"students-{lang}")
    page.locator("select[name=level]").select_option("bachelor")
    page.locator("select[name=kommun]").select_option("1490")
    page.locator(".filters button[type=submit]").click()
    expect(page.locator(".offering-row").first).to_be_visible()
    assert "level=bachelor" in page.url and "kommun=1490" in page.url
    check_page(page, f"students-filtered-{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_a_thesis_topic_says_level_subject_start_and_how_to_apply(
    page: Page, site: Site, lang: str
) -> None:
    open_students_page(page, site, lang)
    page.locator(".offering-row .result__title a").first.click()
    expect(page.locator("#apply-heading")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("2027")
    check_page(page, f"thesis-topic-{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_degree_project_guide_leads_to_posting_and_to_a_need(
    page: Page, site: Site, lang: str
) -> None:
    page.goto(site.url(GUIDE[lang]))
    expect(page.locator("#act-heading")).to_be_visible()
    check_page(page, f"guide-degree-project-{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_thesis_topic_form_refuses_a_topic_without_level(page: Page, site: Site, lang: str) -> None:
    log_in(page, site, "partner@example.se")
    page.goto(site.url(f"{OFFERING_NEW[lang]}?form=degree-project"))
    expect(page.locator("input[name=levels]").first).to_be_visible()
    check_page(page, f"thesis-form-{lang}")
    page.locator("input[name=title_sv]").fill("Exjobb om skolskjuts")
    page.locator("textarea[name=description_sv]").fill("Hur planeras skolskjutsen?")
    page.locator("input[type=radio][name=organization]").first.check()
    page.locator("form.form-stack button[type=submit]").click()
    errors = page.locator(".ds-validation-message")
    expect(errors.first).to_be_visible()
    if lang == "en":
        expect(page.locator("#id_levels_error")).to_contain_text(
            "Choose the level the degree project suits."
        )
    check_page(page, f"thesis-form-errors-{lang}")
