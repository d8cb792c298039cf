"""Two coordinators changing the same need at once: the change is made once.

Each request reads the need before the service's transaction starts, so the second one holds a
copy from before the first one's change. The services lock the row and read it again; on SQLite
writing transactions run one after the other, which the stale copies below reproduce, and on
PostgreSQL two threads with their own connections race for real.
"""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from samverkan.catalogue.models import CollaborationForm
from samverkan.collaborations.models import Collaboration
from samverkan.needs import services
from samverkan.needs.models import Decision, EventKind, Need, Response
from samverkan.needs.services import WorkflowError


def stale_copies(need: Need) -> tuple[Need, Need]:
    return Need.objects.get(pk=need.pk), Need.objects.get(pk=need.pk)


def test_closing_a_need_twice_at_once_makes_one_collaboration(make_need, demo_user):
    need = make_need("partner")
    coordinator = demo_user("coordinator")
    form = CollaborationForm.objects.get(slug="commissioned-education")
    first, second = stale_copies(need)
    made = services.close_as_collaboration(first, coordinator, form)
    with pytest.raises(WorkflowError):
        services.close_as_collaboration(second, coordinator, form)
    assert Collaboration.objects.filter(description_sv=need.text).count() == 1
    assert second.collaboration_id == made.pk
    assert need.events.filter(kind=EventKind.CLOSED).count() == 1


def test_the_same_state_change_twice_at_once_is_made_once(make_need, demo_user):
    need = make_need("partner")
    coordinator = demo_user("coordinator")
    matched = need.arena.need_states.get(name_en="Matched")
    first, second = stale_copies(need)
    services.change_state(first, matched, coordinator, "Vi har hittat forskare.")
    with pytest.raises(WorkflowError):
        services.change_state(second, matched, coordinator, "Vi har hittat forskare.")
    assert need.events.filter(kind=EventKind.STATE).count() == 1


def test_closing_without_a_collaboration_twice_at_once_is_made_once(make_need, demo_user):
    need = make_need("partner")
    coordinator = demo_user("coordinator")
    first, second = stale_copies(need)
    services.close_without_collaboration(first, coordinator, "Ingen kunde ta sig an det.")
    with pytest.raises(WorkflowError):
        services.close_without_collaboration(second, coordinator, "Ingen kunde ta sig an det.")
    assert need.events.filter(kind=EventKind.CLOSED).count() == 1


def test_the_same_assignment_decision_contact_and_answer_again_change_nothing(make_need, demo_user):
    need = make_need("partner")
    coordinator = demo_user("coordinator")
    first, second = stale_copies(need)
    assert services.assign(first, coordinator, coordinator) is not None
    assert services.assign(second, coordinator, coordinator) is None
    suggestion = need.matches.filter(kind="expert", person__isnull=False).first()
    copies = [type(suggestion).objects.get(pk=suggestion.pk) for _ in range(2)]
    for copy in copies:
        services.decide(copy, Decision.ACCEPTED, coordinator)
    copies = [type(suggestion).objects.get(pk=suggestion.pk) for _ in range(2)]
    services.contact(copies[0], coordinator)
    with pytest.raises(WorkflowError):
        services.contact(copies[1], coordinator)
    for copy in copies:
        services.respond(copy, Response.INTERESTED, "Gärna.")
    counts = {kind: need.events.filter(kind=kind).count() for kind in EventKind.values}
    assert counts[EventKind.ASSIGNED] == 1
    assert counts[EventKind.MATCH] == 1
    assert counts[EventKind.CONTACTED] == 1
    assert counts[EventKind.RESPONSE] == 1


# --- PostgreSQL: two connections at once ------------------------------------------------------


def in_thread(work: Callable[[], object]) -> object:
    """Run ``work`` on a connection of its own, committed at once, outside the test's
    transaction."""

    def run() -> object:
        try:
            return work()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


def race(work: Callable[[], object]) -> list[object]:
    """``work`` in two threads that start together, each with its own connection; what each
    returned, or the ``WorkflowError`` it raised."""
    start = threading.Barrier(2)

    def run(prepared: Callable[[], object]) -> object:
        try:
            start.wait(timeout=10)
            return prepared()
        except WorkflowError as error:
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(run, [work(), work()]))


@pytest.fixture
def committed_need(db, demo_user):
    """A sent need that other connections see, removed again after the test."""
    if connection.vendor != "postgresql":
        pytest.skip("needs two connections at once: SQLite runs writers one after the other")
    partner = demo_user("partner")

    def make() -> Need:
        need = services.need_create(
            partner,
            text="Vi vill förstå varför undersköterskorna slutar i hemtjänsten efter ett år.",
            organization_name="Borås kommun",
            municipality=partner.organization.municipality,
            forms=CollaborationForm.objects.filter(slug="commissioned-education"),
            contact_name="Karin Ek",
            contact_email="karin.ek@example.se",
            consent=True,
        )
        return services.need_submit(need, partner)

    need = in_thread(make)
    yield need

    def remove() -> None:
        Collaboration.objects.filter(description_sv=need.text).delete()
        Need.objects.filter(pk=need.pk).delete()

    in_thread(remove)


def test_two_coordinators_closing_at_once_on_postgresql_make_one_collaboration(
    committed_need, demo_user
):
    coordinator = demo_user("coordinator")
    form = CollaborationForm.objects.get(slug="commissioned-education")

    def close() -> Callable[[], object]:
        need = Need.objects.get(pk=committed_need.pk)  # read before either one writes
        return lambda: services.close_as_collaboration(need, coordinator, form)

    outcomes = in_thread(lambda: race(close))
    assert sum(isinstance(outcome, Collaboration) for outcome in outcomes) == 1
    assert sum(isinstance(outcome, WorkflowError) for outcome in outcomes) == 1
    assert Collaboration.objects.filter(description_sv=committed_need.text).count() == 1
    assert committed_need.events.filter(kind=EventKind.CLOSED).count() == 1


def test_the_same_state_change_at_once_on_postgresql_is_made_once(committed_need, demo_user):
    coordinator = demo_user("coordinator")
    matched = committed_need.arena.need_states.get(name_en="Matched")

    def change() -> Callable[[], object]:
        need = Need.objects.get(pk=committed_need.pk)
        return lambda: services.change_state(need, matched, coordinator)

    outcomes = in_thread(lambda: race(change))
    assert sum(isinstance(outcome, WorkflowError) for outcome in outcomes) == 1
    assert committed_need.events.filter(kind=EventKind.STATE).count() == 1
