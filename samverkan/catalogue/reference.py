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
