"""The municipality page says when the university last visited and when it comes next."""

from datetime import timedelta

from django.utils import timezone, translation

from samverkan.activities.models import ActivityKind, Status
from samverkan.activities.services import activity_cancel
from samverkan.directory.models import Organization


def page(client, code: str, lang: str = "sv") -> str:
    with translation.override(lang):
        return client.get(
            f"/{lang}/{'kommuner' if lang == 'sv' else 'municipalities'}/{code}/"
        ).content.decode()


def test_tranemos_page_shows_its_last_visit_and_that_none_is_planned(client, db):
    html = page(client, "1452")
    assert "Senaste besök" in html and "3 juni 2026" in html
    assert "Inte planerat än" in html
    english = page(client, "1452", "en")
    assert "Last visit" in english and "3 June 2026" in english


def test_a_planned_visit_is_the_next_and_a_cancelled_one_is_not(client, make_activity):
    tranemo = Organization.objects.get(municipality__code="1452")
    visit = make_activity(
        title_sv="Höstens kommunbesök i Tranemo",
        kind=ActivityKind.objects.get(slug="municipal-visit", arena=None),
        starts_at=timezone.now() + timedelta(days=30),
        organizations=[tranemo],
    )
    assert "Höstens kommunbesök i Tranemo" in page(client, "1452")
    activity_cancel(None, visit)
    visit.refresh_from_db()
    assert visit.status == Status.CANCELLED
    assert "Inte planerat än" in page(client, "1452")


def test_the_section_costs_the_same_queries_for_few_or_many_activities(
    client, make_activity, django_assert_max_num_queries
):
    tranemo = Organization.objects.get(municipality__code="1452")
    address = "/sv/kommuner/1452/"
    client.get(address)
    with django_assert_max_num_queries(60) as context:
        client.get(address)
    budget = len(context.captured_queries)
    for days in range(1, 8):
        make_activity(starts_at=timezone.now() + timedelta(days=days), organizations=[tranemo])
    with django_assert_max_num_queries(budget):
        client.get(address)
