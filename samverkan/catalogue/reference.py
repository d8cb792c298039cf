"""Seeds the forms of collaboration from ``catalogue/data/collaboration_forms.json``."""

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def load_forms(apps: Any, schema_editor: Any = None) -> None:
    CollaborationForm = apps.get_model("catalogue", "CollaborationForm")
    rows = json.loads((DATA / "collaboration_forms.json").read_text(encoding="utf-8"))
    for position, row in enumerate(rows, start=1):
        CollaborationForm.objects.update_or_create(
            slug=row["slug"], defaults={**row, "position": position}
        )


def load_guides(apps: Any, schema_editor: Any = None) -> None:
    """The guide to each form (``catalogue/data/guides.json``), stored as sanitised HTML."""
    from samverkan.kernel.richtext import list_html, render

    CollaborationForm = apps.get_model("catalogue", "CollaborationForm")
    rows = json.loads((DATA / "guides.json").read_text(encoding="utf-8"))
    for row in rows:
        values = {}
        for key, value in row.items():
            if key == "slug":
                continue
            values[key] = list_html(value) if key.startswith("steps_") else str(render(value))
        CollaborationForm.objects.filter(slug=row["slug"]).update(**values)
