"""The activities' part of the demo (``demo_data/activities.json``), planned through
``activity_save`` and filled with registrations through ``register`` and, for some of the visits,
minutes and follow-up actions through ``followup``, without e-mail. Needs the
directory's and the arenas' demo."""

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.utils import timezone

from samverkan.arenas.models import Arena
from samverkan.directory.models import Organization, Person
from samverkan.kernel.mail import silenced
from samverkan.kernel.text import ascii_fold
from samverkan.sdg.models import Goal

from .followup import MINUTES_TEXTS, ActionData, MinutesData, action_save, minutes_save
from .models import Activity, ActivityKind, Minutes, Status
from .services import ActivityData, RegistrationData, activity_held, activity_save, register

DATA = Path(__file__).resolve().parent / "demo_data"
FIRST_NAMES = ["Anna", "Erik", "Maria", "Johan", "Sara", "Karl", "Lena", "Ahmed", "Elin", "Omar"]
LAST_NAMES = ["Lind", "Berg", "Nilsson", "Hassan", "Ek", "Holm", "Sandberg", "Öberg", "Lund"]


def _day(row: dict) -> date:
    if "date" in row:
        return date.fromisoformat(row["date"])
    return timezone.localdate() + timedelta(days=row["in_days"])


# Days nobody plans a meeting on: weekends and these public holidays and eves (month, day).
DAYS_OFF = {(1, 1), (1, 6), (5, 1), (6, 6), (12, 24), (12, 25), (12, 26), (12, 31)}


def _working_day(day: date) -> date:
    """A coming activity dated from the day the demo is loaded moves to the next working day."""
    while day.weekday() >= 5 or (day.month, day.day) in DAYS_OFF:
        day += timedelta(days=1)
    return day


def _at(day: date, clock: str) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.fromisoformat(clock)))


def load_activities() -> int:
    kinds = {kind.slug: kind for kind in ActivityKind.objects.filter(arena=None)}
    rows = json.loads((DATA / "activities.json").read_text(encoding="utf-8"))
    with silenced():
        for row in rows:
            external_id = f"demo:{row['key']}"
            if Activity.objects.filter(external_id=external_id).exists():
                continue  # loaded before: a second run changes nothing, not even the sequence
            day = _day(row) if "date" in row else _working_day(_day(row))
            data = ActivityData(
                title_sv=row["title_sv"],
                title_en=row.get("title_en", ""),
                description_sv=row.get("description_sv", ""),
                description_en=row.get("description_en", ""),
                agenda_sv=row.get("agenda_sv", ""),
                kind=kinds[row["kind"]],
                starts_at=_at(day, row["start"]),
                ends_at=_at(day, row["end"]),
                address=row.get("address", ""),
                online_url=row.get("online_url", ""),
                host=Organization.objects.get(slug=row["host"]),
                arena=Arena.objects.get(slug=row["arena"]),
                organizations=list(Organization.objects.filter(slug__in=row["organizations"])),
                goals=list(Goal.objects.filter(number__in=row.get("goals", []))),
                is_public=row["is_public"],
                registration=row["registration"],
                capacity=row.get("capacity"),
                waiting_list=row.get("waiting_list", True),
                external_id=external_id,
            )
            activity = activity_save(None, data)
            if row["status"] == Status.HELD:
                activity_held(None, activity)
            for number in range(row.get("registrations", 0)):
                first = FIRST_NAMES[number % len(FIRST_NAMES)]
                last = LAST_NAMES[number % len(LAST_NAMES)]
                register(
                    activity,
                    RegistrationData(
                        name=f"{first} {last}",
                        email=ascii_fold(f"{first}.{last}.{number}@kommun.example.se").lower(),
                        organization_name=data.organizations[
                            number % len(data.organizations)
                        ].name_sv,
                    ),
                )
        for row in rows:
            if "minutes" in row:
                _load_minutes(Activity.objects.get(external_id=f"demo:{row['key']}"), row)
    return Activity.objects.count()


def _load_minutes(activity: Activity, row: dict) -> None:
    """The minutes and follow-up actions of a held activity, once: an activity that has its
    minutes already is left as it is."""
    if Minutes.objects.filter(activity=activity).exists():
        return
    minutes = row["minutes"]
    people = {
        person.external_id: person
        for person in Person.objects.filter(
            external_id__in=[*minutes["attendees"], *(a["owner"] for a in minutes["actions"])]
        )
    }
    minutes_save(
        None,
        activity,
        MinutesData(
            attendees=[people[key] for key in minutes["attendees"]],
            other_attendees=minutes.get("other_attendees", ""),
            **{name: minutes.get(name, "") for name in MINUTES_TEXTS},
        ),
    )
    for action in minutes["actions"]:
        action_save(
            None,
            activity,
            ActionData(
                text=action["text"],
                owner=people[action["owner"]],
                due_date=_day(action),
                status=action["status"],
            ),
        )
