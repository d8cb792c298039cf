"""``samverkan sdg-suggest TEXT``: the Global Goals a text addresses, with scores."""

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samverkan.matching.api_goals import suggestion_payload
from samverkan.matching.goals import short_title, suggest


class Command(BaseCommand):
    help = "Suggest the Global Goals (and clear targets) that a Swedish or English text addresses."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", help="The text, in Swedish or English.")
        parser.add_argument("--json", action="store_true", help="Print JSON, as the API does.")

    def handle(self, *args: object, **options: object) -> None:
        try:
            suggestion = suggest(str(options["text"]))
        except ValueError as error:
            raise CommandError(str(error), returncode=2) from error
        if suggestion.truncated:
            self.stderr.write(_("The text was long: only its beginning was used."))
        if options["json"]:
            payload = suggestion_payload(suggestion)
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        if not suggestion.goals:
            self.stdout.write(_("No goal stands out in this text."))
        language = get_language() or "sv"
        for goal, score in suggestion.goals:
            self.stdout.write(f"{goal:>2}. {short_title(goal, language)} ({score:.2f})")
        for code, score in suggestion.targets:
            self.stdout.write(_("Target %(code)s (%(score).2f)") % {"code": code, "score": score})
