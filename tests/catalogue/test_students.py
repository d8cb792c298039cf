"""Thesis topics students can use: level, subject, start and how to apply, and the For students
page that lists them."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from samverkan.catalogue.models import CollaborationForm, Offering, OfferingStatus
from samverkan.catalogue.services import OfferingData, offering_save
from samverkan.directory.models import Organization
from samverkan.kernel.importing import run_import

LEVEL_REFUSAL = "Choose the level the degree project suits."
APPLY_REFUSAL = "Tell students how to apply, in Swedish."


def url(name: str, lang: str = "en", **kwargs: object) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def borås() -> Organization:
    return Organization.objects.get(municipality__code="1490")


def topic(
    title: str,
    organization: Organization,
    form: str = "degree-project",
    audience: str = "students",
    status: str = OfferingStatus.OPEN,
    **fields: object,
) -> Offering:
    defaults = {"levels": ["master"], "how_to_apply_sv": "<p>Mejla oss.</p>"}
    return offering_save(
        None,
        OfferingData(
            title_sv=title,
            description_sv="<p>Ett exjobb.</p>",
            form=CollaborationForm.objects.get(slug=form),
            organization=organization,
            audience=audience,
            status=status,
            expires_on=timezone.localdate() + timedelta(days=30),
            **{**defaults, **fields},
        ),
    )


def web_body(**fields: object) -> dict:
    return {
        "title_sv": "Exjobb om skolskjuts",
        "description_sv": "<p>Hur planeras skolskjutsen?</p>",
        "form": CollaborationForm.objects.get(slug="degree-project").pk,
        "audience": "students",
        "status": "open",
        "organization": borås().pk,
        **fields,
    }


def api_body(**fields: object) -> dict:
    return {
        "title_sv": "Exjobb om skolskjuts",
        "description_sv": "<p>Hur planeras skolskjutsen?</p>",
        "form": "degree-project",
        "audience": "students",
        "status": "open",
        "organization": borås().pk,
        **fields,
    }


def import_record(tmp_path, **fields: object):
    record = {
        "title": "Exjobb om skolskjuts",
        "description": "Hur planeras skolskjutsen?",
        "form": "degree-project",
        "organization": "Borås kommun",
        "status": "open",
        **fields,
    }
    path = tmp_path / "o.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return run_import("offerings", path)


def post_json(client, path: str, body: dict):
    return client.post(path, json.dumps(body), content_type="application/json")


def test_a_degree_project_without_level_or_how_to_apply_is_refused_everywhere(client_as, tmp_path):
    partner = client_as("partner")  # posts for Borås kommun
    with translation.override("en"):
        web = partner.post(url("catalogue:offering_new"), web_body())
    assert web.status_code == 200
    assert web.context["form"].errors["levels"] == [LEVEL_REFUSAL]
    assert web.context["form"].errors["how_to_apply_sv"] == [APPLY_REFUSAL]
    api = partner.post(
        "/api/v1/offerings",
        json.dumps(api_body()),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert api.status_code == 400
    assert api.json()["detail"] == f"levels: {LEVEL_REFUSAL}; how_to_apply_sv: {APPLY_REFUSAL}"
    with translation.override("en"):
        report = import_record(tmp_path)
    assert [(e.line, e.field, e.message) for e in report.errors] == [
        (1, "levels", LEVEL_REFUSAL),
        (1, "how_to_apply", APPLY_REFUSAL),
    ]
    assert not Offering.objects.filter(title_sv="Exjobb om skolskjuts").exists()


def test_other_kinds_need_no_level(client_as):
    partner = client_as("partner")
    internship = CollaborationForm.objects.get(slug="internship").pk
    assert partner.post(url("catalogue:offering_new"), web_body(form=internship)).status_code == 302


def test_a_degree_project_with_its_details_is_saved_alike_from_web_api_and_import(
    client_as, tmp_path
):
    partner = client_as("partner")
    details = {
        "levels": ["master", "bachelor"],
        "subject_sv": "Samhällsplanering",
        "subject_en": "Urban planning",
        "start_term": "spring",
        "start_year": 2027,
        "how_to_apply_sv": "<p>Mejla Reza.</p>",
    }
    web = partner.post(url("catalogue:offering_new"), web_body(title_sv="Via webben", **details))
    assert web.status_code == 302
    api = post_json(partner, "/api/v1/offerings", api_body(title_sv="Via API:et", **details))
    assert api.status_code == 201
    body = api.json()
    assert body["levels"] == ["bachelor", "master"] and body["subject_en"] == "Urban planning"
    assert body["start_term"] == "spring" and body["start_year"] == 2027
    imported = {
        **{k: v for k, v in details.items() if k not in {"subject_sv", "how_to_apply_sv"}},
        "subject": details["subject_sv"],
        "how_to_apply": details["how_to_apply_sv"],
    }
    assert import_record(tmp_path, title="Via import", **imported).ok
    stored = Offering.objects.filter(title_sv__in=["Via webben", "Via API:et", "Via import"])
    assert stored.count() == 3
    assert {
        (tuple(o.levels), o.subject_sv, o.start_term, o.start_year, o.how_to_apply_sv)
        for o in stored
    } == {(("bachelor", "master"), "Samhällsplanering", "spring", 2027, "<p>Mejla Reza.</p>")}
    offering = stored.first()
    with translation.override("en"):
        assert offering.start == "Spring 2027"
        assert offering.level_labels == ["Bachelor's level", "Master's level"]


def test_start_term_and_year_go_together(client_as, tmp_path):
    partner = client_as("partner")
    api = post_json(
        partner,
        "/api/v1/offerings",
        api_body(levels=["master"], how_to_apply_sv="Mejla oss.", start_term="autumn"),
    )
    assert api.status_code == 400 and api.json()["detail"].startswith("start_year: ")
    report = import_record(tmp_path, levels=["master"], how_to_apply="Mejla oss.", start_year=2027)
    assert [(e.line, e.field) for e in report.errors] == [(1, "start_term")]
    unknown = import_record(tmp_path, levels=["licentiate"], how_to_apply="Mejla oss.")
    assert [(e.line, e.field.split(".")[0]) for e in unknown.errors] == [(1, "levels")]


def test_a_patch_keeps_the_degree_project_rules(client_as):
    offering = topic("Exjobb att ändra", borås())
    path = f"/api/v1/offerings/{offering.pk}"
    partner = client_as("partner")
    emptied = partner.patch(path, json.dumps({"levels": []}), content_type="application/json")
    assert emptied.status_code == 400 and emptied.json()["detail"].startswith("levels: ")
    changed = partner.patch(
        path,
        json.dumps({"levels": ["phd"], "start_term": "autumn", "start_year": 2028}),
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["levels"] == ["phd"]
    cleared = partner.patch(
        path, json.dumps({"start_term": None, "start_year": None}), content_type="application/json"
    )
    assert cleared.status_code == 200 and cleared.json()["start_term"] is None
    offering.refresh_from_db()
    assert offering.levels == ["phd"] and offering.start == ""


def test_the_offering_form_is_prefilled_from_a_guide_link(client_as):
    response = client_as("partner").get(url("catalogue:offering_new"), {"form": "degree-project"})
    form = response.context["form"]
    assert form["form"].value() == CollaborationForm.objects.get(slug="degree-project").pk
    assert form["audience"].value() == "students"
    assert 'name="levels"' in response.content.decode()


def test_detail_page_tells_students_level_subject_start_and_how_to_apply(client, db):
    offering = topic(
        "Exjobb om laddplatser",
        borås(),
        levels=["bachelor", "master"],
        subject_en="Urban planning",
        start_term="autumn",
        start_year=2027,
        how_to_apply_sv="<p>Mejla Reza.</p>",
        how_to_apply_en="<p>E-mail Reza.</p>",
    )
    html = client.get(url("catalogue:offering", pk=offering.pk)).content.decode()
    assert "Bachelor&#x27;s level, Master&#x27;s level" in html
    assert "Urban planning" in html and "Autumn 2027" in html
    assert "How to apply" in html and "<p>E-mail Reza.</p>" in html


@pytest.fixture
def topics(db) -> dict[str, Offering]:
    """Topics for the For students page: Borås's own, one of a university based in Borås, one of
    Tranemo, and some that students must not see."""
    hb = Organization.objects.get(slug="hb")
    tranemo = Organization.objects.get(municipality__code="1452")
    chalmers = Organization.objects.get(slug="chalmers")
    return {
        "borås": topic("Exjobb om hemtjänsten", borås(), subject_sv="Vårdvetenskap"),
        "hb": topic(
            "Studentprojekt om textilåtervinning",
            hb,
            form="student-project",
            audience="everyone",
            levels=["bachelor"],
            subject_en="Textile recycling",
        ),
        "tranemo": topic("Exjobb om rekrytering", tranemo, levels=["bachelor", "phd"]),
        "for municipalities": topic(
            "Studentprojekt söker kommun", chalmers, "student-project", "municipalities"
        ),
        "draft": topic("Exjobb i utkast", borås(), status=OfferingStatus.DRAFT),
        "workshop": topic("Workshop för studenter", borås(), form="workshop"),
    }


def listed(client, **params: str) -> set[str]:
    response = client.get(url("catalogue:students"), {"page": "1", **params})
    assert response.status_code == 200
    mine = {
        "Exjobb om hemtjänsten",
        "Studentprojekt om textilåtervinning",
        "Exjobb om rekrytering",
        "Studentprojekt söker kommun",
        "Exjobb i utkast",
        "Workshop för studenter",
    }
    return {o.title_sv for o in response.context["page"].paginator.object_list} & mine


def test_students_see_open_topics_and_projects_meant_for_them(client, topics):
    assert listed(client) == {
        "Exjobb om hemtjänsten",
        "Studentprojekt om textilåtervinning",
        "Exjobb om rekrytering",
    }


def test_students_filter_by_municipality_subject_level_and_kind(client, topics):
    # Borås: its own organisation's topics and those of a university based there.
    assert listed(client, kommun="1490") == {
        "Exjobb om hemtjänsten",
        "Studentprojekt om textilåtervinning",
    }
    assert listed(client, kommun="1452") == {"Exjobb om rekrytering"}
    assert listed(client, q="vårdvetenskap") == {"Exjobb om hemtjänsten"}
    assert listed(client, q="textile") == {"Studentprojekt om textilåtervinning"}
    assert listed(client, q="rekrytering") == {"Exjobb om rekrytering"}  # the title too
    assert listed(client, level="phd") == {"Exjobb om rekrytering"}
    assert listed(client, level="bachelor", kommun="1490") == {
        "Studentprojekt om textilåtervinning"
    }
    assert listed(client, kind="student-project") == {"Studentprojekt om textilåtervinning"}


@pytest.mark.parametrize("typed", ["VÅRDVETENSKAP", "vardvetenskap", "Vårdvet"])
def test_the_subject_is_found_whatever_the_case_and_without_a_ring_on_the_a(client, topics, typed):
    assert listed(client, q=typed) == {"Exjobb om hemtjänsten"}


def test_an_unknown_filter_value_shows_every_topic_with_the_error(client, topics):
    response = client.get(url("catalogue:students"), {"level": "licentiate"})
    assert response.status_code == 200 and "level" in response.context["form"].errors


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_students_page_query_count_does_not_grow_and_it_paginates(
    client, db, lang, django_assert_max_num_queries
):
    hb = Organization.objects.get(slug="hb")
    for number in range(45):
        topic(f"Exjobb nummer {number}", hb, subject_sv="Ämne")
    with django_assert_max_num_queries(10):
        response = client.get(url("catalogue:students", lang), {"q": "Ämne"})
    page = response.context["page"]
    assert page.paginator.count == 45 and len(page.object_list) == 20
    assert "page=2" in response.content.decode()


def test_home_and_guides_lead_to_the_students_page_and_to_posting(client, db):
    home = client.get("/en/").content.decode()
    assert url("catalogue:students") in home
    for slug in ("degree-project", "commissioned-education"):
        html = client.get(url("catalogue:form", slug=slug)).content.decode()
        assert f"{url('catalogue:offering_new')}?form={slug}" in html
        assert url("needs:submit") in html
    degree = client.get(url("catalogue:form", slug="degree-project")).content.decode()
    assert url("catalogue:students") in degree


@pytest.mark.parametrize(("role", "status"), [(None, 302), ("partner", 200)])
def test_posting_a_thesis_topic_keeps_the_rules_of_who_may_post(client_as, role, status):
    assert (
        client_as(role).get(url("catalogue:offering_new"), {"form": "degree-project"}).status_code
        == status
    )
