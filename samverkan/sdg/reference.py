"""Loads the goals and targets in ``sdg/data`` (see its README for sources and licences)."""

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def load_goals(apps: Any, schema_editor: Any = None) -> None:
    Goal = apps.get_model("sdg", "Goal")
    Target = apps.get_model("sdg", "Target")
    goals = {}
    for row in json.loads((DATA / "goals.json").read_text(encoding="utf-8")):
        goals[row["number"]], _ = Goal.objects.update_or_create(
            number=row["number"],
            defaults={key: value for key, value in row.items() if key != "number"},
        )
    targets = json.loads((DATA / "targets.json").read_text(encoding="utf-8"))
    for position, row in enumerate(targets, start=1):
        Target.objects.update_or_create(
            code=row["code"],
            defaults={
                "goal": goals[row["goal"]],
                "position": position,
                "title_sv": row["title_sv"],
                "title_en": row["title_en"],
            },
        )
