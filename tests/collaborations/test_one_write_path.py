"""The page, the API and an import all write collaborations through the register's services."""

import json

from django.urls import reverse
from django.utils import translation

from samverkan.catalogue.models import CollaborationForm
from samverkan.collaborations.models import Collaboration
from samverkan.collaborations.services import CollaborationData
from samverkan.directory.models import Organization
from samverkan.kernel.importing import run_import
from samverkan.kernel.richtext import sanitize

XSS = (
    '<p>Hej</p><script>alert("x")</script><img src=x onerror="alert(1)">'
    '<a href="javascript:alert(1)">länk</a><p onclick="steal()">Klick</p>'
)


def new_url() -> str:
    with translation.override("sv"):
        return reverse("collaborations:new")


def through_the_web(client, title: str, description: str = ""):
    return client.post(
        new_url(),
        {
            "title_sv": title,
            "description_sv": description,
            "form": CollaborationForm.objects.get(slug="workshop").pk,
            "status": "planned",
            "leads": [Organization.objects.get(slug="hb").pk],
        },
    )


def through_the_api(client, title: str, description: str = ""):
    body = {
        "title_sv": title,
        "description_sv": description,
        "form": "workshop",
        "status": "planned",
        "parties": [{"organization": Organization.objects.get(slug="hb").pk, "role": "lead"}],
    }
    return client.post("/api/v1/collaborations", json.dumps(body), content_type="application/json")


def through_an_import(tmp_path, title: str, description: str = ""):
    record = {
        "title": title,
        "description": description,
        "form": "workshop",
        "status": "planned",
        "parties": ["Högskolan i Borås:lead"],
    }
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return run_import("collaborations", path)


def test_rich_text_is_sanitised_identically_on_the_web_the_api_and_an_import(client_as, tmp_path):
    coordinator = client_as("coordinator")
    assert through_the_web(coordinator, "Via webben", XSS).status_code == 302
    assert through_the_api(coordinator, "Via API:et", XSS).status_code == 201
    assert through_an_import(tmp_path, "Via import", XSS).ok
    stored = set(
        Collaboration.objects.filter(
            title_sv__in=["Via webben", "Via API:et", "Via import"]
        ).values_list("description_sv", flat=True)
    )
    assert stored == {sanitize(XSS)}
    (text,) = stored
    assert "script" not in text and "onerror" not in text and "javascript:" not in text
    assert "onclick" not in text and "<p>Klick</p>" in text


def test_a_rule_added_to_the_service_refuses_on_the_web_the_api_and_an_import(
    client_as, tmp_path, castles_refused
):
    refusal = castles_refused(CollaborationData)
    coordinator = client_as("coordinator")
    web = through_the_web(coordinator, "Workshop på slottet")
    assert web.status_code == 200 and web.context["form"].errors["title_sv"] == [refusal]
    api = through_the_api(coordinator, "Workshop på slottet")
    assert api.status_code == 400 and api.json()["detail"] == f"title_sv: {refusal}"
    report = through_an_import(tmp_path, "Workshop på slottet")
    assert [(e.line, e.field, e.message) for e in report.errors] == [(1, "title", refusal)]
    assert not Collaboration.objects.filter(title_sv="Workshop på slottet").exists()
    proposal = through_the_web(client_as("partner"), "Förslag om slottet")
    assert proposal.status_code == 200 and proposal.context["form"].errors["title_sv"]
    assert not Collaboration.objects.filter(title_sv="Förslag om slottet").exists()
