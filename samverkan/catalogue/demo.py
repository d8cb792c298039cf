"""The catalogue's part of the demo (``demo_data/offerings.json``): about 40 offerings and thesis
topics (with level, subject, start and how to apply), three of them already expired, saved through
``offering_save``. Needs the directory's demo (the organisations that post them and the experts and
municipal staff to contact)."""

import json
from pathlib import Path

from samverkan.directory.models import Organization, Person
from samverkan.directory.services import municipality_organization
from samverkan.kernel.richtext import render
from samverkan.places.models import Municipality
from samverkan.sdg.models import Goal

from .models import CollaborationForm, Offering
from .services import OfferingData, offering_save

DATA = Path(__file__).resolve().parent / "demo_data"


def _poster(posted_by: dict) -> Organization:
    """A municipality by SCB code, a university unit or a university, by slug."""
    if "municipality" in posted_by:
        return municipality_organization(Municipality.objects.get(code=posted_by["municipality"]))
    return Organization.objects.get(slug=posted_by.get("unit") or posted_by["university"])


def load_offerings() -> None:
    forms = {form.slug: form for form in CollaborationForm.objects.all()}
    goals = {goal.number: goal for goal in Goal.objects.all()}
    rows = json.loads((DATA / "offerings.json").read_text(encoding="utf-8"))
    for row in rows:
        external_id = f"demo:{row['key']}"
        contact = row["contact_expert"]
        offering_save(
            None,
            OfferingData(
                title_sv=row["title_sv"],
                title_en=row["title_en"],
                description_sv=str(render(row["description_sv"])),
                description_en=str(render(row["description_en"])),
                form=forms[row["form"]],
                organization=_poster(row["posted_by"]),
                contact=Person.objects.get(external_id=f"demo:{contact}") if contact else None,
                audience=row["audience"],
                status=row["status"],
                starts_on=row["starts_on"],
                ends_on=row["ends_on"],
                expires_on=row["expires_on"],
                levels=row.get("levels", []),
                subject_sv=row.get("subject_sv", ""),
                subject_en=row.get("subject_en", ""),
                start_term=row.get("start_term", ""),
                start_year=row.get("start_year"),
                how_to_apply_sv=str(render(row.get("how_to_apply_sv", ""))),
                how_to_apply_en=str(render(row.get("how_to_apply_en", ""))),
                goals=[goals[number] for number in row["sdgs"]],
                external_id=external_id,
            ),
            Offering.objects.filter(external_id=external_id).first(),
        )
