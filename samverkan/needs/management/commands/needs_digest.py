"""``samverkan needs-digest``: send the day's summary to submitters who chose one (run daily)."""

from django.core.management.base import BaseCommand

from samverkan.needs.services import send_daily_digests


class Command(BaseCommand):
    help = "E-mail each submitter who chose a daily summary the public changes to their needs."

    def handle(self, *args: object, **options: object) -> None:
        sent = send_daily_digests()
        self.stdout.write(f"Summaries sent for {sent} needs.")
