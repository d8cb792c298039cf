"""The reminders about missing minutes and actions falling due: the daily job, run by the
scheduler and the worker over simulated days, sends each exactly once."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samverkan.activities import followup
from samverkan.activities.followup import ActionData, MinutesData, action_save, minutes_save
from samverkan.activities.jobs import send_reminders
from samverkan.activities.models import ActionStatus
from samverkan.activities.services import activity_cancel, activity_held
from samverkan.directory.models import Person
from samverkan.kernel import schedule
from samverkan.kernel.tasks import run_here

MINUTES_DAYS = 7
ACTION_DAYS = 3


@pytest.fixture
def reminders(settings, monkeypatch):
    """Jobs are rows of the test database, as in production, and only this job is scheduled."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SAMVERKAN_MINUTES_REMINDER_DAYS = MINUTES_DAYS
    settings.SAMVERKAN_ACTION_REMINDER_DAYS = ACTION_DAYS
    job = schedule.registered()["activities-reminders"]
    monkeypatch.setattr(schedule, "_registry", {job.name: job})


def run_day(monkeypatch, at: datetime) -> None:
    """The scheduler and a worker at ``at``: the due job, then the e-mail jobs it wrote."""
    monkeypatch.setattr(timezone, "now", lambda: at)
    schedule.run_due(at)
    while ready := list(DBTaskResult.objects.ready().values_list("id", flat=True)):
        run_here([str(job) for job in ready])


def minutes_reminders(title: str) -> int:
    """Reminders of the missing minutes of the activity called ``title`` (named in the subject)."""
    return sum(title in message.subject for message in mail.outbox)


def action_reminders(text: str) -> int:
    """Reminders of the action ``text`` (on a line of its own in the body)."""
    return sum(text in message.body.splitlines() for message in mail.outbox)


def yesterday_morning() -> datetime:
    day = timezone.localdate() - timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(9)))


@pytest.fixture
def ended(make_activity):
    """``ended(title)``: a workshop of the University of Borås's arena that was held yesterday."""

    def make(title: str):
        activity = make_activity(title_sv=title, starts_at=yesterday_morning())
        activity_held(None, activity)
        return activity

    return make


def test_the_reminders_are_a_daily_job_due_in_the_morning():
    job = schedule.registered()["activities-reminders"]
    assert job.task is send_reminders
    assert job.every == timedelta(days=1)
    assert job.period(timezone.make_aware(datetime(2026, 3, 2, 7, 59))).day == 1


def test_each_reminder_is_sent_once_over_many_days_and_twice_run_days(
    db, reminders, monkeypatch, ended
):
    missing = ended("Mötet utan protokoll")
    written = ended("Mötet med protokoll")
    minutes_save(None, written, MinutesData(discussion_sv="<p>Klart.</p>"))
    cancelled = ended("Mötet som ställdes in")
    activity_cancel(None, cancelled)
    owner = Person.objects.create(first_name="Åsa", last_name="Ansvarig", email="asa@example.se")
    silent = Person.objects.create(first_name="Utan", last_name="Adress")
    today = timezone.localdate()
    open_action = action_save(
        None,
        written,
        ActionData(text="Skicka förslag på exjobb", owner=owner, due_date=today + timedelta(10)),
    )
    action_save(
        None,
        written,
        ActionData(
            text="Boka nästa möte",
            owner=owner,
            due_date=today + timedelta(10),
            status=ActionStatus.DONE,
        ),
    )
    action_save(
        None,
        written,
        ActionData(text="Ring kommunen", owner=silent, due_date=today + timedelta(10)),
    )
    start = timezone.make_aware(datetime.combine(today, time(9)))
    for day in range(15):
        morning = start + timedelta(days=day)
        afternoon = morning + timedelta(hours=6)
        run_day(monkeypatch, morning)
        run_day(monkeypatch, afternoon)  # again, in the same period: the job does not run
        expected_minutes = int(missing.ends_at + timedelta(days=MINUTES_DAYS) <= morning)
        expected_action = int(day >= 10 - ACTION_DAYS)
        assert minutes_reminders("Mötet utan protokoll") == expected_minutes, day
        assert action_reminders("Skicka förslag på exjobb") == expected_action, day
    assert minutes_reminders("Mötet med protokoll") == 0
    assert minutes_reminders("Mötet som ställdes in") == 0
    assert action_reminders("Boka nästa möte") == action_reminders("Ring kommunen") == 0
    [minutes_mail] = [m for m in mail.outbox if "Mötet utan protokoll" in m.subject]
    assert minutes_mail.to == ["koordinator@example.se"]  # no creator: the arena's coordinators
    missing.refresh_from_db()
    assert missing.minutes_reminded_at is not None
    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()

    later = today + timedelta(days=30)
    action_save(
        None, written, ActionData(text=open_action.text, owner=owner, due_date=later), open_action
    )
    for day in range(24, 31):
        run_day(monkeypatch, start + timedelta(days=day))
    assert action_reminders("Skicka förslag på exjobb") == 2  # one for each due date


def test_a_second_run_of_the_job_finds_every_reminder_claimed(db, reminders, monkeypatch, ended):
    """What a second worker running the same job at the same moment would find."""
    held = ended("Mötet som två arbetare såg")
    owner = Person.objects.create(first_name="Åsa", last_name="Ansvarig", email="asa@example.se")
    due = timezone.localdate() + timedelta(days=MINUTES_DAYS + 2)
    action_save(None, held, ActionData(text="Skriv rapporten", owner=owner, due_date=due))
    later = timezone.now() + timedelta(days=MINUTES_DAYS + 1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert followup.remind_missing_minutes() >= 1 and followup.remind_action_owners() >= 1
    assert (followup.remind_missing_minutes(), followup.remind_action_owners()) == (0, 0)
    messages = [
        job.args_kwargs["args"]
        for job in DBTaskResult.objects.filter(task_path="samverkan.kernel.mail.send_email")
    ]
    assert sum("Mötet som två arbetare såg" in subject for subject, *_ in messages) == 1
    assert sum("Skriv rapporten" in body for _, body, *_ in messages) == 1


def test_a_meeting_that_ended_long_before_the_reminder_is_not_reminded_of(
    db, reminders, monkeypatch, ended
):
    ended("Mötet för länge sedan")
    too_late = timezone.now() + timedelta(days=MINUTES_DAYS) + followup.MINUTES_REMINDER_WINDOW
    run_day(monkeypatch, too_late + timedelta(days=1))
    assert minutes_reminders("Mötet för länge sedan") == 0


def test_the_creator_of_an_activity_is_the_one_reminded(
    db, reminders, monkeypatch, make_activity, demo_user
):
    from samverkan.activities.services import ActivityData, activity_save

    template = make_activity(starts_at=yesterday_morning())
    creator = demo_user("system_admin")  # not among the arena's coordinators
    data = ActivityData(
        title_sv="Mötet som Anna planerade",
        kind=template.kind,
        starts_at=template.starts_at,
        ends_at=template.ends_at,
        host=template.host,
        arena=template.arena,
    )
    activity_save(creator, data)
    run_day(monkeypatch, timezone.now() + timedelta(days=MINUTES_DAYS + 1))
    [reminder] = [m for m in mail.outbox if "Mötet som Anna planerade" in m.subject]
    assert reminder.to == [creator.email]
