"""The register's part of the demo (``demo_data/collaborations.json``): about 80 collaborations
across the 50 municipalities and six universities, registered through
``collaboration_register``. Needs the directory's demo (the parties and the people)."""

import json
from pathlib import Path

from samverkan.catalogue.models import CollaborationForm
from samverkan.directory.models import Organization, Person
from samverkan.directory.services import municipality_organization
from samverkan.kernel.richtext import render
from samverkan.places.models import Municipality
from samverkan.sdg.models import Goal

from .models import Collaboration
from .services import CollaborationData, collaboration_register

DATA = Path(__file__).resolve().parent / "demo_data"
REGION = "vastra-gotalandsregionen"


def _party(party: dict) -> Organization:
    """The region, a municipality by SCB code or a university by slug."""
    if party.get("region"):
        return Organization.objects.get(slug=REGION)
    if "municipality" in party:
        return municipality_organization(Municipality.objects.get(code=party["municipality"]))
    return Organization.objects.get(slug=party["university"])


def load_collaborations() -> None:
    forms = {form.slug: form for form in CollaborationForm.objects.all()}
    goals = {goal.number: goal for goal in Goal.objects.all()}
    rows = json.loads((DATA / "collaborations.json").read_text(encoding="utf-8"))
    for row in rows:
        external_id = f"demo:{row['key']}"
        collaboration_register(
            None,
            CollaborationData(
                title_sv=row["title_sv"],
                title_en=row["title_en"],
                description_sv=str(render(row["description_sv"])),
                description_en=str(render(row["description_en"])),
                form=forms[row["form"]],
                status=row["status"],
                starts_on=row["starts_on"],
                ends_on=row["ends_on"],
                funding_sv=row["funding_sv"],
                funding_en=row["funding_en"],
                outcomes_sv=str(render(row["outcomes_sv"])),
                outcomes_en=str(render(row["outcomes_en"])),
                parties=[(_party(party), party["role"]) for party in row["parties"]],
                goals=[goals[number] for number in row["sdgs"]],
                people=[Person.objects.get(external_id=f"demo:{key}") for key in row["people"]],
                links=[(link["title"], link["url"]) for link in row["links"]],
                external_id=external_id,
            ),
            Collaboration.objects.filter(external_id=external_id).first(),
        )
