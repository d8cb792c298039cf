"""``samverkan serve``: migrate when needed, then serve the site with Waitress."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


class Command(BaseCommand):
    help = "Apply pending migrations and serve the site (Waitress, static files by WhiteNoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: object, host: str, port: int, threads: int, **options: object) -> None:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write("Applying database migrations…")
            call_command("migrate", interactive=False, verbosity=0)
        from waitress import serve

        from samverkan.matching.engine import warm_up
        from samverkan.wsgi import application

        warm_up()
        self.stdout.write(self.style.SUCCESS(f"Serving on http://{host}:{port}/sv/"))
        serve(application, host=host, port=port, threads=threads, ident="samverkan")
