"""``samverkan reindex``: bring the search index up to date (only changed objects are embedded)."""

from django.core.management.base import BaseCommand, CommandParser

from samverkan.kernel import searchable
from samverkan.matching.indexing import reindex


class Command(BaseCommand):
    help = "Rebuild the search and matching index; unchanged objects are skipped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind", choices=searchable.kinds(), action="append", help="Only this kind."
        )

    def handle(self, *args: object, **options: object) -> None:
        for kind in options["kind"] or searchable.kinds():
            changed = reindex(kind)
            self.stdout.write(f"{kind}: {changed}")
