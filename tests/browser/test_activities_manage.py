"""A coordinator plans an activity on the page (choosing the host with the picker, without
JavaScript's help), then looks at a workshop's registrations and a network meeting's invitations
and the confirmation before cancelling; every page checked with axe in both languages."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from .conftest import Site, check_page, log_in

pytestmark = pytest.mark.browser

FULL_WORKSHOP = {
    "sv": "Workshop: Hur behåller vi undersköterskorna?",
    "en": "Workshop: How do we keep our assistant nurses?",
}
NETWORK_MEETING = {
    "sv": "Nätverksträff för högskolekoordinatorer i Sjuhärad",
    "en": "Network meeting for the university coordinators of Sjuhärad",
}


def address(lang: str, name: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(f"activities:{name}", kwargs=kwargs or None)


def open_activity(page: Page, site: Site, lang: str, title: str) -> None:
    page.goto(site.url(address(lang, "list")))
    page.get_by_role("link", name=title, exact=True).click()
    expect(page.locator("h1")).to_have_text(title)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_coordinator_plans_an_activity_and_cancels_it_after_confirming(
    page: Page, site: Site, lang: str
) -> None:
    log_in(page, site, "koordinator@example.se")
    page.goto(site.url(address(lang, "list")))
    page.locator(f"a[href='{address(lang, 'new')}']").click()
    check_page(page, f"activity-new-{lang}")
    title = f"Planeringsmöte om VFU ({lang})"
    page.locator("[name=title_sv]").fill(title)
    borås = page.locator("[name=arena] option", has_text="Borås").get_attribute("value")
    page.locator("[name=arena]").select_option(borås)
    page.locator("[name=kind]").select_option(index=1)
    page.locator("[name=starts_on]").fill("2031-03-12")
    page.locator("[name=starts_time]").fill("13:00")
    page.locator("[name=ends_on]").fill("2031-03-12")
    page.locator("[name=ends_time]").fill("12:00")  # before the start: refused at the field
    page.locator("[name=host_q]").fill("borås")
    page.locator("button[name=_search][value=host]").click()
    page.locator("input[name=host]").first.check()
    page.locator("[name=registration][value=open]").check()
    page.locator("form.form-wide button[type=submit]:not([name])").click()
    expect(page.locator("#id_ends_on_error")).to_be_visible()
    check_page(page, f"activity-new-errors-{lang}", status=400)
    page.console_errors.clear()  # type: ignore[attr-defined]  # the refusal's own 400
    page.locator("[name=ends_time]").fill("15:00")
    page.locator("form.form-wide button[type=submit]:not([name])").click()
    expect(page.locator("h1")).to_have_text(title)
    check_page(page, f"activity-managed-{lang}")
    pk = int(page.url.rstrip("/").rsplit("/", 1)[-1])
    page.locator(f"a[href='{address(lang, 'cancel', pk=pk)}']").click()
    check_page(page, f"activity-cancel-{lang}")
    page.locator("button[name=confirm]").click()
    expect(page.locator(".ds-alert[data-color=danger]")).to_be_visible()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_registrations_and_invitations_pages(page: Page, site: Site, lang: str) -> None:
    log_in(page, site, "koordinator@example.se")
    open_activity(page, site, lang, FULL_WORKSHOP[lang])
    pk = int(page.url.rstrip("/").rsplit("/", 1)[-1])
    page.locator(f"a[href='{address(lang, 'registrations', pk=pk)}']").click()
    expect(page.locator("table tbody tr")).to_have_count(12)
    check_page(page, f"activity-registrations-{lang}")
    page.locator("a[href*='status=waiting']").click()
    expect(page.locator("table tbody tr")).to_have_count(1)
    open_activity(page, site, lang, NETWORK_MEETING[lang])
    pk = int(page.url.rstrip("/").rsplit("/", 1)[-1])
    page.locator(f"a[href='{address(lang, 'invitations', pk=pk)}']").click()
    page.locator("[name=emails]").fill(f"gast.{lang}@example.se\ninte en adress")
    page.locator("form.form-stack button[type=submit]:not([name])").click()
    expect(page.locator("#id_emails_error")).to_be_visible()
    page.console_errors.clear()  # type: ignore[attr-defined]  # the refusal's own 400
    page.locator("[name=emails]").fill(f"gast.{lang}@example.se")
    page.locator("form.form-stack button[type=submit]:not([name])").click()
    expect(page.locator("table tbody")).to_contain_text(f"gast.{lang}@example.se")
    check_page(page, f"activity-invitations-{lang}")
    invitation = address("sv", "invitation", pk=pk, token="-")[: -len("-/")]
    links = re.findall(r"https?://\S+", site.mail())
    link = "/" + next(link for link in reversed(links) if invitation in link).split("/", 3)[3]
    page.goto(site.url(link))
    expect(page.locator("[name=email]")).to_have_value(f"gast.{lang}@example.se")
    check_page(page, f"activity-invitation-{lang}")
