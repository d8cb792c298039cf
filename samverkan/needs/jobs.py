"""The needs' periodic job: the daily summary to submitters who chose one."""

from datetime import timedelta

from django.db import transaction
from django_tasks import task

from samverkan.kernel import schedule

DIGEST_HOUR = timedelta(hours=17)  # the summary covers the working day


@task
def send_digests() -> int:
    """One transaction: each summary's e-mail job and the mark that its changes were sent
    commit together, so a failure neither loses a summary nor sends one twice."""
    from .services import send_daily_digests

    with transaction.atomic():
        return send_daily_digests()


def register_jobs() -> None:
    schedule.register("needs-digest", send_digests, every=timedelta(days=1), offset=DIGEST_HOUR)
