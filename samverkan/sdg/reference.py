"""The goals and targets in ``sdg/data`` (see its README for sources and licences)."""

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


@cache
def goal_rows() -> tuple[dict[str, Any], ...]:
    """The 17 goals as in ``goals.json``, read once per process."""
    return tuple(json.loads((DATA / "goals.json").read_text(encoding="utf-8")))


@cache
def target_rows() -> tuple[dict[str, Any], ...]:
    """The 169 targets as in ``targets.json``, in their order."""
    return tuple(json.loads((DATA / "targets.json").read_text(encoding="utf-8")))


def load_goals(apps: Any, schema_editor: Any = None) -> None:
    Goal = apps.get_model("sdg", "Goal")
    Target = apps.get_model("sdg", "Target")
    goals = {}
    for row in goal_rows():
        goals[row["number"]], _ = Goal.objects.update_or_create(
            number=row["number"],
            defaults={key: value for key, value in row.items() if key != "number"},
        )
    for position, row in enumerate(target_rows(), start=1):
        Target.objects.update_or_create(
            code=row["code"],
            defaults={
                "goal": goals[row["goal"]],
                "position": position,
                "title_sv": row["title_sv"],
                "title_en": row["title_en"],
            },
        )
