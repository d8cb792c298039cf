"""Visit planning: each member municipality's last and next visit in a fixed number of queries,
the ones not visited within ``SAMVERKAN_VISIT_INTERVAL_MONTHS`` marked, a round of visits planned
all or nothing, and only the arena's coordinators let in."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.activities.models import Activity, ActivityKind, Status
from samverkan.activities.planning import (
    Order,
    PlannedVisit,
    RoundData,
    RoundInvalid,
    arena_municipalities,
    months_before,
    plan_visit_round,
)
from samverkan.activities.services import ActivityData, activity_cancel, activity_save
from samverkan.directory.models import Organization
from samverkan.places.models import MunicipalAssociation, Municipality

pytestmark = pytest.mark.django_db


def _plan_url(arena) -> str:
    return reverse("activities:plan_arena", kwargs={"slug": arena.slug})


def _round_url(arena) -> str:
    return reverse("activities:plan_arena_round", kwargs={"slug": arena.slug})


def _visit_kind() -> ActivityKind:
    return ActivityKind.objects.get(slug="municipal-visit", arena=None)


def _visit(arena, municipality: Municipality, starts_at: datetime) -> Activity:
    return activity_save(
        None,
        ActivityData(
            title_sv=f"Kommunbesök i {municipality.name}",
            kind=_visit_kind(),
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            host=arena.host or Organization.objects.get(slug="gu"),
            arena=arena,
            organizations=[municipality.organization],
        ),
    )


def _rows(client, arena, order: str = "") -> list:
    query = f"?ordning={order}" if order else ""
    response = client.get(_plan_url(arena) + query)
    assert response.status_code == 200
    return response.context["rows"]


def _row(rows, municipality):
    return next(row for row in rows if row.municipality == municipality)


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 5, 31, 9), 3, datetime(2026, 2, 28, 9)),
        (datetime(2028, 5, 31, 9), 3, datetime(2028, 2, 29, 9)),
        (datetime(2026, 1, 15, 9), 1, datetime(2025, 12, 15, 9)),
        (datetime(2026, 12, 4, 9), 12, datetime(2025, 12, 4, 9)),
    ],
)
def test_months_before_counts_calendar_months(moment, months, expected):
    assert months_before(moment, months) == expected


def test_the_plan_marks_municipalities_not_visited_within_the_setting(
    client_as, west_arena, settings
):
    visited, never = list(arena_municipalities(west_arena).order_by("name")[:2])
    _visit(west_arena, visited, timezone.now() - timedelta(days=150))  # about five months
    client = client_as("coordinator")

    settings.SAMVERKAN_VISIT_INTERVAL_MONTHS = 12
    rows = _rows(client, west_arena)
    assert not _row(rows, visited).overdue
    assert _row(rows, never).overdue
    assert "No visit in" not in client.get(_plan_url(west_arena)).content.decode()

    settings.SAMVERKAN_VISIT_INTERVAL_MONTHS = 4
    rows = _rows(client, west_arena)
    assert _row(rows, visited).overdue
    page = client.get(_plan_url(west_arena), headers={"accept-language": "en"})
    assert page.context["overdue"] == len(rows)


def test_the_plan_names_the_last_and_next_visit_and_leaves_out_cancelled_ones(
    client_as, west_arena
):
    municipality = arena_municipalities(west_arena).order_by("name").first()
    now = timezone.now()
    last = _visit(west_arena, municipality, now - timedelta(days=40))
    _visit(west_arena, municipality, now - timedelta(days=400))
    upcoming = _visit(west_arena, municipality, now + timedelta(days=20))
    activity_cancel(None, _visit(west_arena, municipality, now + timedelta(days=10)))
    activity_cancel(None, _visit(west_arena, municipality, now - timedelta(days=5)))

    row = _row(_rows(client_as("coordinator"), west_arena), municipality)

    assert (row.last_visit, row.next_visit) == (last, upcoming)


def test_the_arena_plan_counts_only_the_arenas_own_visits(client_as, west_arena, boras_arena):
    """A visit the University of Borås's arena makes to a West Swedish member is not the West
    Swedish arena's visit."""
    municipality = arena_municipalities(west_arena).order_by("name").first()
    _visit(boras_arena, municipality, timezone.now() - timedelta(days=30))
    assert _row(_rows(client_as("coordinator"), west_arena), municipality).last_visit is None


def test_longest_unvisited_comes_first(client_as, west_arena):
    first, second, third = list(arena_municipalities(west_arena).order_by("name")[:3])
    now = timezone.now()
    _visit(west_arena, first, now - timedelta(days=30))
    _visit(west_arena, second, now - timedelta(days=300))
    _visit(west_arena, third, now - timedelta(days=100))
    client = client_as("coordinator")

    rows = _rows(client, west_arena, Order.UNVISITED)

    unvisited = [row for row in rows if row.last_visit is None]
    assert len(unvisited) == len(rows) - 3
    assert rows[: len(unvisited)] == unvisited
    assert [row.municipality for row in rows[len(unvisited) :]] == [second, third, first]
    by_name = [row.municipality for row in _rows(client, west_arena, Order.NAME)]
    assert by_name == list(arena_municipalities(west_arena).order_by("name", "pk"))


def _queries(client, url: str) -> int:
    client.get(url)  # the session and the caches warm up
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_number_of_municipalities(
    client_as, west_arena, boras_arena
):
    assert arena_municipalities(west_arena).count() > 3 * arena_municipalities(boras_arena).count()
    for municipality in arena_municipalities(west_arena)[:5]:
        _visit(west_arena, municipality, timezone.now() - timedelta(days=60))
        _visit(west_arena, municipality, timezone.now() + timedelta(days=60))
    client = client_as("coordinator")
    for page in (_plan_url, _round_url):
        assert _queries(client, page(boras_arena)) == _queries(client, page(west_arena))


def _round_post(rows: list[tuple[Municipality, str, str, str]], **shared: object) -> dict:
    data = {
        "visits-TOTAL_FORMS": str(len(rows)),
        "visits-INITIAL_FORMS": str(len(rows)),
        "visits-MIN_NUM_FORMS": "0",
        "visits-MAX_NUM_FORMS": "1000",
        "kind": str(_visit_kind().pk),
        "is_public": "on",
        **shared,
    }
    for index, (municipality, day, starts, ends) in enumerate(rows):
        data[f"visits-{index}-municipality"] = municipality.code
        if day:
            data.update(
                {
                    f"visits-{index}-visit": "on",
                    f"visits-{index}-day": day,
                    f"visits-{index}-starts": starts,
                    f"visits-{index}-ends": ends,
                }
            )
    return data


def test_a_round_plans_one_visit_per_chosen_municipality(client_as, demo_user, boras_arena):
    skipped, *chosen = list(arena_municipalities(boras_arena).order_by("name")[:4])
    year = timezone.now().year + 1
    coordinator = demo_user("coordinator")
    host = boras_arena.host
    post = _round_post(
        [(skipped, "", "", "")]
        + [(m, f"{year}-03-{10 + i}", "09:00", "11:30") for i, m in enumerate(chosen)],
        arena=str(boras_arena.pk),
        host=str(host.pk),
    )
    before = Activity.objects.count()

    response = client_as("coordinator").post(_round_url(boras_arena), post)

    assert response.status_code == 302
    assert Activity.objects.count() == before + len(chosen)
    planned = Activity.objects.order_by("-pk")[: len(chosen)]
    assert {a.organizations.get().municipality for a in planned} == set(chosen)
    for activity in planned:
        assert activity.kind.is_visit and activity.arena == boras_arena and activity.host == host
        assert activity.created_by == coordinator and activity.status == Status.PLANNED
        local = timezone.localtime(activity.starts_at, timezone.get_default_timezone())
        assert (local.year, local.month, local.hour) == (year, 3, 9)
    rows = _rows(client_as("coordinator"), boras_arena)
    assert {_row(rows, m).next_visit for m in chosen} == set(planned)


def test_one_wrong_visit_saves_none_and_names_its_row_and_field(client_as, boras_arena):
    first, second, third = list(arena_municipalities(boras_arena).order_by("name")[:3])
    year = timezone.now().year + 1
    post = _round_post(
        [
            (first, f"{year}-03-10", "09:00", "11:00"),
            (second, f"{year}-03-11", "13:00", "12:00"),  # ends before it starts
            (third, f"{year}-03-12", "09:00", "11:00"),
        ],
        arena=str(boras_arena.pk),
        host=str(boras_arena.host_id),
    )
    before = Activity.objects.count()

    response = client_as("coordinator").post(_round_url(boras_arena), post)

    assert response.status_code == 400
    assert Activity.objects.count() == before
    rows = response.context["formset"].forms
    assert list(rows[1].errors) == ["ends"]
    assert not rows[0].errors and not rows[2].errors
    assert "visits-0-day" in response.content.decode()  # the rows come back filled in


def test_a_failure_inside_activity_save_rolls_back_the_visits_before_it(
    boras_arena, castles_refused
):
    """The second visit breaks a rule of ``activity_save`` itself, after the first was saved."""
    castles_refused(ActivityData)
    first = Municipality.objects.get(name="Borås")
    castle = Municipality.objects.get(name="Tranemo")
    castle.name = "Tranemo slott"  # the title becomes "Kommunbesök i Tranemo slott"
    day = timezone.localdate() + timedelta(days=30)
    data = RoundData(
        arena=boras_arena,
        host=boras_arena.host,
        kind=_visit_kind(),
        visits=[
            PlannedVisit(first, day, _hour(9), _hour(11)),
            PlannedVisit(castle, day, _hour(13), _hour(15)),
        ],
    )
    before = Activity.objects.count()
    with pytest.raises(RoundInvalid) as refused:
        plan_visit_round(None, data)
    assert list(refused.value.rows) == [1]
    assert Activity.objects.count() == before


def _hour(hour: int):
    return datetime.min.time().replace(hour=hour)


def test_a_round_without_any_municipality_is_refused(client_as, boras_arena):
    post = _round_post(
        [(m, "", "", "") for m in arena_municipalities(boras_arena)],
        arena=str(boras_arena.pk),
        host=str(boras_arena.host_id),
    )
    response = client_as("coordinator").post(_round_url(boras_arena), post)
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()


def test_the_round_form_ticks_the_municipalities_chosen_on_the_plan(client_as, boras_arena):
    chosen = arena_municipalities(boras_arena).order_by("name").first()
    response = client_as("coordinator").get(_round_url(boras_arena) + f"?kommun={chosen.code}")
    ticked = [row.row.municipality for row in response.context["formset"] if row.initial["visit"]]
    assert ticked == [chosen]


@pytest.mark.parametrize("url", [_plan_url, _round_url])
def test_anonymous_visitors_are_sent_to_log_in(client_as, boras_arena, url):
    response = client_as(None).get(url(boras_arena))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("url", [_plan_url, _round_url])
def test_the_other_arenas_coordinator_is_refused(client_as, boras_arena, url):
    """The demo's arena admin coordinates the West Swedish arena only."""
    assert client_as("arena_admin").get(url(boras_arena)).status_code == 403
    assert client_as("expert").get(url(boras_arena)).status_code == 403


def test_the_other_arenas_coordinator_cannot_post_a_round(client_as, demo_user, boras_arena):
    municipality = arena_municipalities(boras_arena).first()
    day = (timezone.localdate() + timedelta(days=30)).isoformat()
    post = _round_post(
        [(municipality, day, "09:00", "11:00")],
        arena=str(boras_arena.pk),
        host=str(boras_arena.host_id),
    )
    before = Activity.objects.count()
    assert client_as("arena_admin").post(_round_url(boras_arena), post).status_code == 403
    assert Activity.objects.count() == before
    with pytest.raises(PermissionDenied):
        plan_visit_round(
            demo_user("arena_admin"),
            RoundData(
                arena=boras_arena,
                host=boras_arena.host,
                kind=_visit_kind(),
                visits=[PlannedVisit(municipality, timezone.localdate(), _hour(9), _hour(11))],
            ),
        )


def test_an_association_is_planned_by_coordinators_of_an_arena_with_members_in_it(client_as):
    sjuharad = MunicipalAssociation.objects.get(slug="sjuharad")
    url = reverse("activities:plan_association", kwargs={"slug": sjuharad.slug})
    round_url = reverse("activities:plan_association_round", kwargs={"slug": sjuharad.slug})
    response = client_as("coordinator").get(url)
    assert response.status_code == 200
    assert len(response.context["rows"]) == sjuharad.members.count()
    assert client_as("coordinator").get(round_url).status_code == 200
    assert client_as("arena_admin").get(url).status_code == 403
    assert client_as(None).get(url).status_code == 302


def test_the_arena_and_association_pages_link_to_the_plan_for_coordinators(client_as, boras_arena):
    sjuharad = MunicipalAssociation.objects.get(slug="sjuharad")
    plan = _plan_url(boras_arena)
    association_plan = reverse("activities:plan_association", kwargs={"slug": sjuharad.slug})
    arena_page = boras_arena.get_absolute_url()
    assert plan in client_as("coordinator").get(arena_page).content.decode()
    assert plan not in client_as("arena_admin").get(arena_page).content.decode()
    assert plan not in client_as(None).get(arena_page).content.decode()
    association_page = sjuharad.get_absolute_url()
    assert association_plan in client_as("coordinator").get(association_page).content.decode()
    assert association_plan not in client_as(None).get(association_page).content.decode()


def test_the_association_plan_reads_in_the_same_number_of_queries_whatever_its_size(
    client_as, west_arena
):
    small = MunicipalAssociation.objects.get(slug="sjuharad")  # with the demo's visits
    large = MunicipalAssociation.objects.get(slug="fyrbodal")
    assert large.members.count() > small.members.count()
    for municipality in arena_municipalities(west_arena).filter(associations=large)[:4]:
        _visit(west_arena, municipality, timezone.now() - timedelta(days=90))
    client = client_as("coordinator")
    for name in ("plan_association", "plan_association_round"):
        urls = [reverse(f"activities:{name}", kwargs={"slug": a.slug}) for a in (small, large)]
        assert _queries(client, urls[0]) == _queries(client, urls[1])


def test_an_association_round_is_planned_only_in_an_arena_with_members_in_it(
    client_as, boras_arena, west_arena
):
    sjuharad = MunicipalAssociation.objects.get(slug="sjuharad")
    url = reverse("activities:plan_association_round", kwargs={"slug": sjuharad.slug})
    municipality = sjuharad.members.get(name="Tranemo")
    day = (timezone.localdate() + timedelta(days=60)).isoformat()
    before = Activity.objects.count()

    elsewhere = _round_post(
        [(municipality, day, "09:00", "11:00")],
        arena=str(west_arena.pk),
        host=str(boras_arena.host_id),
    )
    refused = client_as("coordinator").post(url, elsewhere)
    assert refused.status_code == 400
    assert "arena" in refused.context["form"].errors
    assert Activity.objects.count() == before

    here = {**elsewhere, "arena": str(boras_arena.pk)}
    assert client_as("coordinator").post(url, here).status_code == 302
    visit = Activity.objects.latest("pk")
    assert visit.arena == boras_arena
    assert visit.organizations.get().municipality == municipality
