"""The needs API: submission, reading by role, and the coordinators' operations."""

import pytest
from django.core import mail

from samverkan.needs import services
from samverkan.needs.models import Need, Status

SECRET = "Intern anteckning som aldrig får synas utåt."
PAYLOAD = {
    "text": "Vi behöver hjälp att minska matsvinnet i våra skolkök och vill mäta det.",
    "organization_name": "Alingsås kommun",
    "municipality": "1489",
    "forms": ["student-project"],
    "contact_name": "Per Lind",
    "contact_email": "per.lind@example.se",
    "consent": True,
}


def post(client, path, data):
    return client.post(path, data, content_type="application/json")


def test_an_anonymous_submission_waits_for_the_e_mail(client, db):
    response = post(client, "/api/v1/needs", PAYLOAD)
    assert response.status_code == 201, response.json()
    body = response.json()
    need = Need.objects.get(reference=body["reference"])
    assert need.status == Status.UNCONFIRMED
    assert body["title"].startswith("Vi behöver hjälp")
    assert body["forms"] == ["student-project"]
    assert body["sdgs"], "the suggested goals are kept when none are given"
    assert body["contact_email"] is None and body["history"] is None


@pytest.mark.parametrize(
    "change, field",
    [
        ({"text": ""}, "text"),
        ({"text": "x" * 50_000}, "text"),
        ({"text": "Hjälp <script>alert(1)</script>"}, "text"),
        ({"forms": ["flying-carpets"]}, "forms"),
        ({"municipality": "9999"}, "municipality"),
        ({"consent": False}, "consent"),
        ({"sdgs": [18]}, "sdgs"),
    ],
)
def test_bad_input_is_a_400_and_nothing_is_stored(client, db, change, field):
    before = Need.objects.count()
    response = post(client, "/api/v1/needs", {**PAYLOAD, **change})
    assert response.status_code == 400
    assert field in response.json()["detail"]
    assert Need.objects.count() == before


def test_submissions_are_rate_limited(client, db, settings):
    settings.SAMVERKAN_NEEDS_RATE = "2/h"
    before = Need.objects.count()
    assert [post(client, "/api/v1/needs", PAYLOAD).status_code for _ in range(3)] == [201, 201, 429]
    assert Need.objects.count() == before + 2


@pytest.fixture
def need(make_need, demo_user):
    made = make_need("partner")
    services.add_note(made, SECRET, demo_user("coordinator"))
    services.post_update(made, "Vi har hittat en forskare.", demo_user("coordinator"))
    return made


@pytest.mark.parametrize("role", [None, "expert", "arena_admin"])
def test_others_cannot_read_a_private_need(client_as, need, role):
    response = client_as(role).get(f"/api/v1/needs/{need.reference}")
    if role == "expert" and need.matches.filter(person__user__email="expert@example.se").exists():
        assert response.status_code == 200
    else:
        assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_the_submitters_side_reads_updates_but_never_notes(client_as, need):
    response = client_as("partner").get(f"/api/v1/needs/{need.reference}")
    assert response.status_code == 200
    body = response.json()
    assert [u["text"] for u in body["updates"] if u["kind"] == "update"] == [
        "Vi har hittat en forskare."
    ]
    assert SECRET not in response.content.decode()
    listing = client_as("partner").get("/api/v1/needs").content.decode()
    assert need.reference in listing and SECRET not in listing


def test_public_needs_are_listed_for_everybody(client, make_need):
    public = make_need(None, is_public=True, contact_email="a@example.se")
    private = make_need(None, contact_email="b@example.se")
    body = client.get("/api/v1/needs").json()
    references = [item["reference"] for item in body["items"]]
    assert public.reference in references and private.reference not in references
    assert "a@example.se" not in str(body)


def test_coordinators_work_through_the_api(client_as, need, demo_user):
    client = client_as("coordinator")
    detail = client.get(f"/api/v1/needs/{need.reference}").json()
    assert SECRET in [event["text"] for event in detail["history"]]
    matched = need.arena.need_states.get(name_en="Matched")
    mail.outbox.clear()
    response = post(client, f"/api/v1/needs/{need.reference}/state", {"state": matched.pk})
    assert response.status_code == 200 and response.json()["internal_state"] == "Matchat"
    coordinator = demo_user("coordinator")
    assigned = post(client, f"/api/v1/needs/{need.reference}/assign", {"assignee": coordinator.pk})
    assert assigned.json()["assignee"] == coordinator.email
    note = post(client, f"/api/v1/needs/{need.reference}/notes", {"text": "Andra noten."})
    assert note.status_code == 200
    update = post(client, f"/api/v1/needs/{need.reference}/updates", {"text": "Nytt möte."})
    assert update.status_code == 200
    match_id = detail["matches"][0]["id"]
    decided = post(
        client,
        f"/api/v1/needs/{need.reference}/matches/{match_id}/decision",
        {"decision": "accepted"},
    )
    assert decided.json()["matches"][0]["decision"] == "accepted"
    bad_state = post(client, f"/api/v1/needs/{need.reference}/state", {"state": 999999})
    assert bad_state.status_code == 400
    wrong = post(
        client, f"/api/v1/needs/{need.reference}/assign", {"assignee": demo_user("partner").pk}
    )
    assert wrong.status_code == 400


@pytest.mark.parametrize("role", [None, "partner", "expert", "arena_admin"])
def test_only_coordinators_change_needs_through_the_api(client_as, need, role):
    response = post(client_as(role), f"/api/v1/needs/{need.reference}/notes", {"text": "Hej"})
    assert response.status_code in (401, 403, 404)
    assert need.events.filter(kind="note").count() == 1


@pytest.mark.parametrize("role", [None, "coordinator"])
def test_the_list_costs_the_same_queries_for_5_or_50_needs(
    client_as, role, django_assert_max_num_queries
):
    client = client_as(role)
    client.get("/api/v1/needs?limit=5")
    with django_assert_max_num_queries(20) as small:
        assert len(client.get("/api/v1/needs?limit=5").json()["items"]) == 5
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        assert len(client.get("/api/v1/needs?limit=50").json()["items"]) > 5
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.parametrize(
    "title, stored",
    [
        ("Matsvinn\ni skolköken", "Matsvinn i skolköken"),
        ("Matsvinn\r\n\ti  skolköken\x00\x1b", "Matsvinn i skolköken"),
        ("Matsvinn\u2028i skolköken\x85", "Matsvinn i skolköken"),
    ],
)
def test_a_headline_with_control_characters_is_stored_on_one_line(
    client_as, title, stored, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client_as("partner"), "/api/v1/needs", {**PAYLOAD, "title": title})
    assert response.status_code == 201, response.json()
    assert response.json()["title"] == stored
    assert f"{response.json()['reference']}: {stored}" in [m.subject for m in mail.outbox][-1]


def test_control_characters_in_the_text_are_dropped_but_line_breaks_kept(client, db):
    text = "Vi behöver hjälp\x00 med matsvinnet.\r\nVi vill mäta det\x07 i alla skolkök."
    response = post(client, "/api/v1/needs", {**PAYLOAD, "text": text})
    assert response.status_code == 201, response.json()
    assert response.json()["text"] == (
        "Vi behöver hjälp med matsvinnet.\nVi vill mäta det i alla skolkök."
    )


def test_a_failure_while_sending_stores_nothing(client_as, monkeypatch):
    def broken(need, user):
        raise RuntimeError("the ranking failed")

    monkeypatch.setattr(services, "_store_suggestions", broken)
    before = Need.objects.count()
    with pytest.raises(RuntimeError):
        post(client_as("partner"), "/api/v1/needs", PAYLOAD)
    assert Need.objects.count() == before
