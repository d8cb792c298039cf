"""``samverkan match TEXT``: the best experts, offerings and collaborations for a need."""

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from samverkan.matching.services import MATCH_KINDS, MatchError, match


class Command(BaseCommand):
    help = "Rank experts, offerings and collaborations for a text and say why."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", help="The need or question, in Swedish or English.")
        parser.add_argument(
            "--kind", choices=[*MATCH_KINDS, "all"], default="all", help="What to look for."
        )
        parser.add_argument("--top", type=int, default=10, help="How many results (1-100).")
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: object, **options: object) -> None:
        kinds = MATCH_KINDS if options["kind"] == "all" else (str(options["kind"]),)
        try:
            matches = match(str(options["text"]), kinds=kinds, top=int(options["top"]))
        except MatchError as error:
            raise CommandError(str(error), returncode=2) from error
        if matches.truncated:
            self.stderr.write(_("The text was long: only its beginning was used."))
        if options["json"]:
            payload = {"results": [result.as_dict() for result in matches.results]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        if not matches.results:
            self.stdout.write(_("Nothing found."))
        for number, result in enumerate(matches.results, 1):
            self.stdout.write(
                f"{number:>2}. [{result.kind}] {result.title} ({result.score:.2f})"
                + (f" — {result.subtitle}" if result.subtitle else "")
            )
            self.stdout.write(f"    {result.explanation}")
