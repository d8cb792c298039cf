"""The demo year of activities: the Sjuhärad visit round and a fully booked workshop."""

from datetime import date

from django.utils import timezone

from samverkan.activities.demo import load_activities
from samverkan.activities.models import Activity, RegistrationStatus, Status


def test_the_spring_round_visited_tranemo_on_3_june_and_vargarda_on_4_june(db):
    visits = Activity.objects.filter(kind__slug="municipal-visit", status=Status.HELD)
    days = {
        visit.organizations.get().name_sv: timezone.localtime(visit.starts_at).date()
        for visit in visits
    }
    assert days["Tranemo kommun"] == date(2026, 6, 3)
    assert days["Vårgårda kommun"] == date(2026, 6, 4)
    assert len(days) == 8


def test_the_competence_workshop_is_full_with_one_waiting(db):
    workshop = Activity.objects.get(external_id="demo:workshop-kompetens")
    statuses = list(workshop.registrations.values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == workshop.capacity
    assert statuses.count(RegistrationStatus.WAITING) == 1
    assert workshop.ends_at > timezone.now()


def test_loading_the_demo_again_changes_nothing(db):
    before = list(Activity.objects.values_list("pk", "sequence", "updated_at"))
    load_activities()
    assert list(Activity.objects.values_list("pk", "sequence", "updated_at")) == before
