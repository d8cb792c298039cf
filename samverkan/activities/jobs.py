"""The activities' periodic job: the reminders about missing minutes and actions falling due."""

from datetime import timedelta

from django_tasks import task

from samverkan.kernel import schedule

REMINDER_HOUR = timedelta(hours=8)  # in the morning, when the day's work is planned


@task
def send_reminders() -> int:
    """Each reminder claims itself in its own transaction with its e-mail (see ``followup``), so
    a job run twice, or by two workers at once, sends none twice."""
    from .followup import remind_action_owners, remind_missing_minutes

    return remind_missing_minutes() + remind_action_owners()


def register_jobs() -> None:
    schedule.register(
        "activities-reminders", send_reminders, every=timedelta(days=1), offset=REMINDER_HOUR
    )
