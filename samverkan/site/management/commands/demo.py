"""``samverkan demo``: load (or refresh) the demo data set and print the demo log-ins."""

from django.core.management.base import BaseCommand

from samverkan.matching.indexing import track_updates, wait_for_updates
from samverkan.needs.demo import load_demo_needs
from samverkan.site.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo
from samverkan.site.management.database import migrate_if_needed


class Command(BaseCommand):
    help = "Load the demo data set (idempotent) and print the demo accounts."

    def handle(self, *args: object, **options: object) -> None:
        track_updates()
        migrate_if_needed(self.stdout)
        counts = load_demo()
        # The needs' suggestions come from the search index: its jobs for the commit above run
        # here unless a worker has them.
        wait_for_updates()
        counts["needs"] = load_demo_needs()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {summary}."))
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for demo in DEMO_ACCOUNTS:
            self.stdout.write(f"  {demo.email:<26} {demo.role:<13} {demo.description}")
