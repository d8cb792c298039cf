"""``samverkan needs-digest``: send the day's summaries now.

``samverkan schedule`` enqueues the same job (``needs-digest``) once a day, so a cron entry for
this command is no longer needed; it stays for sending by hand.
"""

from django.core.management.base import BaseCommand

from samverkan.needs.jobs import send_digests


class Command(BaseCommand):
    help = "E-mail each submitter who chose a daily summary the public changes to their needs."

    def handle(self, *args: object, **options: object) -> None:
        sent = send_digests.call()
        self.stdout.write(f"Summaries sent for {sent} needs.")
