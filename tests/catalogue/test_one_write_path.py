"""The offering page, the API and an import all write offerings through ``offering_save``."""

import json

from django.urls import reverse
from django.utils import translation

from samverkan.catalogue.models import CollaborationForm, Offering
from samverkan.catalogue.services import OfferingData
from samverkan.directory.models import Organization
from samverkan.kernel.importing import Outcome, run_import
from samverkan.kernel.richtext import sanitize

XSS = (
    '<p>Hej</p><script>alert("x")</script><img src=x onerror="alert(1)">'
    '<a href="javascript:alert(1)">länk</a><p onclick="steal()">Klick</p>'
)


def new_url() -> str:
    with translation.override("sv"):
        return reverse("catalogue:offering_new")


def borås() -> Organization:
    return Organization.objects.get(municipality__code="1490")


def through_the_web(client, title: str, description: str = "<p>Tio veckor.</p>"):
    return client.post(
        new_url(),
        {
            "title_sv": title,
            "description_sv": description,
            "form": CollaborationForm.objects.get(slug="internship").pk,
            "audience": "students",
            "status": "open",
            "organization": borås().pk,
        },
    )


def through_the_api(client, title: str, description: str = "<p>Tio veckor.</p>"):
    body = {
        "title_sv": title,
        "description_sv": description,
        "form": "internship",
        "audience": "students",
        "status": "open",
        "organization": borås().pk,
    }
    return client.post("/api/v1/offerings", json.dumps(body), content_type="application/json")


def import_file(tmp_path, *records: dict):
    path = tmp_path / "o.jsonl"
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return run_import("offerings", path)


def record(title: str, description: str = "<p>Tio veckor.</p>", **fields: object) -> dict:
    return {
        "title": title,
        "description": description,
        "form": "internship",
        "organization": "Borås kommun",
        "audience": "students",
        "status": "open",
        **fields,
    }


def test_rich_text_is_sanitised_identically_on_the_web_the_api_and_an_import(client_as, tmp_path):
    partner = client_as("partner")  # posts for Borås kommun
    assert through_the_web(partner, "Via webben", XSS).status_code == 302
    assert through_the_api(partner, "Via API:et", XSS).status_code == 201
    assert import_file(tmp_path, record("Via import", XSS)).ok
    stored = set(
        Offering.objects.filter(
            title_sv__in=["Via webben", "Via API:et", "Via import"]
        ).values_list("description_sv", flat=True)
    )
    assert stored == {sanitize(XSS)}
    (text,) = stored
    assert "script" not in text and "onerror" not in text and "javascript:" not in text


def test_a_rule_added_to_the_service_refuses_on_the_web_the_api_and_an_import(
    client_as, tmp_path, castles_refused
):
    refusal = castles_refused(OfferingData)
    partner = client_as("partner")
    web = through_the_web(partner, "Praktik på slottet")
    assert web.status_code == 200 and web.context["form"].errors["title_sv"] == [refusal]
    api = through_the_api(partner, "Praktik på slottet")
    assert api.status_code == 400 and api.json()["detail"] == f"title_sv: {refusal}"
    report = import_file(tmp_path, record("Praktik på slottet"))
    assert [(e.line, e.field, e.message) for e in report.errors] == [(1, "title", refusal)]
    assert not Offering.objects.filter(title_sv="Praktik på slottet").exists()


def test_offering_import_is_all_or_nothing_and_a_reimport_is_unchanged(db, tmp_path):
    first = record("Praktik i miljöförvaltningen", external_id="off-1", sdgs=[11])
    assert import_file(tmp_path, first).counts[Outcome.CREATED] == 1
    assert import_file(tmp_path, first).counts[Outcome.UNCHANGED] == 1
    report = import_file(
        tmp_path,
        {**first, "external_id": "off-2"},
        {**first, "external_id": "off-3", "organization": "Ingenstans"},
        {**first, "external_id": "off-4", "starts_on": "2027-02-01", "ends_on": "2027-01-01"},
    )
    assert {(e.line, e.field) for e in report.errors} == {(2, "organization"), (3, "ends_on")}
    assert not Offering.objects.filter(external_id="off-2").exists()


def test_offering_export_imports_again_unchanged(cli, db, tmp_path):
    out = tmp_path / "o.csv"
    assert cli(["export", "offerings", "-o", str(out)]) == 0
    report = run_import("offerings", out)
    assert report.ok, report.errors[:3]
    assert report.counts[Outcome.CREATED] == 0 and report.counts[Outcome.UPDATED] == 0
