import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from samverkan.catalogue.models import CollaborationForm
from samverkan.collaborations.models import Collaboration, Review
from samverkan.collaborations.services import (
    CollaborationData,
    collaboration_approve,
    collaboration_propose,
    collaboration_register,
)
from samverkan.directory.models import Organization
from samverkan.kernel.importing import Outcome, run_import
from samverkan.kernel.templatetags.dates import DASH


def url(name: str, lang: str = "sv", **kwargs: object) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def add_collaboration(
    form_slug: str, university_slug: str, code: str = "1490", **fields: object
) -> Collaboration:
    return collaboration_register(
        None,
        CollaborationData(
            title_sv=fields.pop("title_sv", f"{form_slug} {university_slug}"),
            form=CollaborationForm.objects.get(slug=form_slug),
            status="ongoing",
            parties=[
                (Organization.objects.get(slug=university_slug), "lead"),
                (Organization.objects.get(municipality__code=code), "partner"),
            ],
            **fields,
        ),
    )


def test_boras_page_shows_the_matrix_with_links(client, db):
    add_collaboration("degree-project", "hb")
    add_collaboration("degree-project", "hb")
    add_collaboration("joint-research", "chalmers")
    response = client.get(url("site:municipality", code="1490"))
    matrix = response.context["collaboration_matrix"]
    cells = {(row["form"].slug, u.slug): n for row in matrix.rows for u, n in row["cells"]}
    assert cells[("degree-project", "hb")] >= 2
    assert cells[("joint-research", "chalmers")] >= 1
    html = response.content.decode()
    assert "?kommun=1490&amp;university=hb&amp;form=degree-project" in html


def test_matrix_queries_do_not_grow_with_collaborations(client, db, django_assert_max_num_queries):
    page = url("site:municipality", code="1490")
    add_collaboration("degree-project", "hb")
    client.get(page)
    with django_assert_max_num_queries(30) as context:
        client.get(page)
    before = len(context.captured_queries)
    for index in range(15):
        add_collaboration(
            ["workshop", "guest-lecture", "network"][index % 3], ["hb", "gu", "hv"][index % 3]
        )
    with django_assert_max_num_queries(before):
        client.get(page)


def test_partner_proposals_wait_for_a_coordinator(client, client_as, db):
    form = CollaborationForm.objects.get(slug="workshop")
    partner = client_as("partner")
    response = partner.post(
        url("collaborations:new"),
        {
            "title_sv": "Workshop om trygghet",
            "form": form.pk,
            "status": "planned",
            "leads": [Organization.objects.get(slug="hb").pk],
        },
    )
    assert response.status_code == 302
    proposal = Collaboration.objects.get(title_sv="Workshop om trygghet")
    assert proposal.review == Review.PROPOSED
    assert set(proposal.parties.values_list("organization__municipality__code", flat=True)) >= {
        "1490"
    }
    assert client.get(url("collaborations:detail", pk=proposal.pk)).status_code == 404
    assert partner.get(url("collaborations:detail", pk=proposal.pk)).status_code == 200
    assert partner.post(url("collaborations:approve", pk=proposal.pk)).status_code == 403
    client_as("coordinator").post(url("collaborations:approve", pk=proposal.pk))
    assert client.get(url("collaborations:detail", pk=proposal.pk)).status_code == 200


@pytest.mark.parametrize(
    ("role", "status"), [(None, 302), ("expert", 403), ("partner", 200), ("coordinator", 200)]
)
def test_who_may_add_collaborations(client_as, role, status):
    assert client_as(role).get(url("collaborations:new")).status_code == status


def test_collaborations_api_filters(client, db):
    c = add_collaboration("municipal-phd", "ju", code="1465")
    body = client.get(
        "/api/v1/collaborations", {"municipality": "1465", "form": "municipal-phd"}
    ).json()
    assert c.pk in [item["id"] for item in body["items"]]
    assert client.get("/api/v1/collaborations", {"form": "castle"}).status_code == 400
    assert client.get("/api/v1/collaborations", {"status": "dreaming"}).status_code == 400
    assert client.get("/api/v1/collaborations/0").status_code == 404


def test_import_all_or_nothing_and_reimport_unchanged(db, tmp_path):
    record = {
        "external_id": "col-1",
        "title": "Textilåtervinning i Sjuhärad",
        "form": "joint-research",
        "status": "ongoing",
        "starts_on": "2026-01-01",
        "sdgs": [12],
        "parties": ["Högskolan i Borås:lead", "Borås kommun:partner"],
        "links": ["Rapport|https://example.se/rapport"],
    }
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run_import("collaborations", path).counts[Outcome.CREATED] == 1
    assert run_import("collaborations", path).counts[Outcome.UNCHANGED] == 1
    bad = tmp_path / "bad.jsonl"
    rows = [
        {**record, "external_id": "col-2"},
        {**record, "external_id": "col-3", "parties": ["Ingenstans:lead"]},
        {**record, "external_id": "col-4", "form": "castle", "sdgs": [18]},
    ]
    bad.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    report = run_import("collaborations", bad)
    assert {(e.line, e.field) for e in report.errors} == {
        (2, "parties"),
        (3, "form"),
        (3, "sdgs.0"),
    }
    assert not Collaboration.objects.filter(external_id="col-2").exists()


def test_export_round_trip(cli, db, tmp_path):
    add_collaboration("workshop", "hv", external_id="x-9")
    out = tmp_path / "c.csv"
    assert cli(["export", "collaborations", "-o", str(out)]) == 0
    report = run_import("collaborations", out)
    assert report.ok, report.errors[:3]
    assert report.counts[Outcome.CREATED] == 0


def test_approving_twice_is_harmless_and_only_for_coordinators(client_as, demo_user):
    partner = demo_user("partner")
    proposal = collaboration_propose(
        partner,
        CollaborationData(
            title_sv="Förslag: trygghetsvandring",
            form=CollaborationForm.objects.get(slug="workshop"),
            status="planned",
            parties=[(Organization.objects.get(slug="hb"), "lead")],
        ),
    )
    assert proposal.review == Review.PROPOSED and proposal.proposed_by == partner
    assert (proposal.organizations.filter(pk=partner.organization_id)).exists()
    with pytest.raises(PermissionDenied):
        collaboration_approve(partner, proposal)
    coordinator = client_as("coordinator")
    for _ in range(2):
        response = coordinator.post(url("collaborations:approve", pk=proposal.pk))
        assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.review == Review.APPROVED


def test_a_period_within_one_year_reads_as_that_year_and_the_detail_in_swedish_dates(client, db):
    collaboration = add_collaboration(
        "workshop",
        "hb",
        title_sv="Ettårig workshopserie",
        starts_on=date(2025, 3, 3),
        ends_on=date(2025, 5, 31),
    )
    listing = client.get(url("collaborations:list"), {"q": "Ettårig"}).content.decode()
    assert " · 2025</p>" in listing and f"2025{DASH}2025" not in listing
    detail = client.get(collaboration.get_absolute_url()).content.decode()
    assert f"3 mars {DASH} 31 maj 2025" in detail
    with translation.override("en"):
        english = client.get(collaboration.get_absolute_url()).content.decode()
    assert f"3 March {DASH} 31 May 2025" in english
