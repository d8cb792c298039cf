"""Guided submission through the pages: steps, drafts, bad input, abuse and the e-mail link."""

import re

import pytest
from django.core import mail

from samverkan.needs.models import Need, Status

TEXT = (
    "Vi har svårt att behålla undersköterskor i hemtjänsten. Många slutar efter ett år och "
    "vi hinner aldrig introducera de nya ordentligt."
)


def fill(client, steps: dict[str, dict]) -> None:
    for step, data in steps.items():
        url = "/sv/behov/nytt/" if step == "describe" else f"/sv/behov/nytt/{step}/"
        response = client.post(url, data)
        assert response.status_code == 302, response.context["form"].errors


ANSWERS = {
    "describe": {"text": TEXT, "title": ""},
    "who": {"organization_name": "Borås Stad", "municipality": "", "arena": ""},
    "help": {"forms": ["commissioned-education"], "timeframe": "half_year"},
    "contact": {
        "contact_name": "Karin Ek",
        "contact_email": "karin.ek@example.se",
        "notify": "immediate",
        "consent": "on",
        "website": "",
    },
}


@pytest.fixture
def answers(db):
    from samverkan.arenas.models import Arena
    from samverkan.places.models import Municipality

    who = dict(ANSWERS["who"])
    who["municipality"] = Municipality.objects.get(code="1490").pk
    who["arena"] = Arena.objects.get(slug="hb-kommunsamverkan").pk
    return {**ANSWERS, "who": who}


def test_an_anonymous_official_submits_and_confirms(
    client, answers, django_capture_on_commit_callbacks
):
    fill(client, answers)
    review = client.get("/sv/behov/nytt/kontrollera/")
    assert review.status_code == 200
    body = review.content.decode()
    assert "Behålla" in body or "undersköterskor" in body
    assert review.context["suggestions"], "suggestions are shown before sending"
    suggested = review.context["suggested_goals"]
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/sv/behov/nytt/kontrollera/", {"goals": suggested[:1]})
    need = Need.objects.get(contact_email="karin.ek@example.se")
    assert sent.url == f"/sv/behov/skickat/{need.reference}/"
    assert need.status == Status.UNCONFIRMED
    assert need.title.startswith("Vi har svårt att behålla")
    assert list(need.goals.values_list("number", flat=True)) == suggested[:1]
    receipt = client.get(sent.url).content.decode()
    assert "karin.ek@example.se" in receipt
    link = re.search(r"http://[^\s]+/bekrafta/[^\s]+/", mail.outbox[-1].body).group(0)
    path = link.split("8000", 1)[1]
    assert client.get(path).status_code == 200  # a button, not the confirmation itself
    need.refresh_from_db()
    assert need.status == Status.UNCONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(path)
    assert "hos koordinatorerna" in confirmed.content.decode()
    need.refresh_from_db()
    assert need.status == Status.OPEN
    replay = client.post(path)
    assert replay.status_code == 200
    assert "redan bekräftat" in replay.content.decode()


def test_a_partner_user_gets_prefilled_answers(client_as, demo_user):
    client = client_as("partner")
    client.post("/sv/behov/nytt/", {"text": TEXT})
    who = client.get("/sv/behov/nytt/who/")
    assert who.context["form"]["organization_name"].value() == "Borås kommun"
    from samverkan.places.models import Municipality

    assert who.context["form"]["municipality"].value() == Municipality.objects.get(code="1490").pk
    contact = client.get("/sv/behov/nytt/contact/")
    assert contact.context["form"]["contact_email"].value() == "partner@example.se"


def test_the_draft_is_kept_between_visits(client, answers):
    fill(client, {"describe": answers["describe"], "who": answers["who"]})
    again = client.get("/sv/behov/nytt/")
    assert again.context["form"]["text"].value() == TEXT
    assert Need.objects.filter(status=Status.DRAFT).count() == 1


@pytest.mark.parametrize(
    "step, data, field, message",
    [
        ("describe", {"text": ""}, "text", "Beskriv"),
        ("describe", {"text": "x" * 50_000}, "text", "5"),
        ("describe", {"text": "Hjälp <script>alert(1)</script>"}, "text", "HTML"),
    ],
)
def test_bad_input_is_shown_at_the_field_and_nothing_is_stored(
    client, db, step, data, field, message
):
    response = client.post("/sv/behov/nytt/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors)
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Need.objects.filter(status=Status.DRAFT).exists()


def test_an_unknown_collaboration_form_is_refused(client, answers):
    fill(client, {"describe": answers["describe"], "who": answers["who"]})
    response = client.post(
        "/sv/behov/nytt/help/", {"forms": ["flying-carpets"], "timeframe": "soon"}
    )
    assert response.status_code == 200
    assert "flying-carpets" in " ".join(response.context["form"].errors["forms"])
    need = Need.objects.get(status=Status.DRAFT)
    assert not need.forms.exists()


def test_dont_know_is_an_answer_but_nothing_is_not(client, answers):
    fill(client, {"describe": answers["describe"], "who": answers["who"]})
    nothing = client.post("/sv/behov/nytt/help/", {"timeframe": "soon"})
    assert nothing.status_code == 200
    assert nothing.context["form"].non_field_errors()
    dont_know = client.post("/sv/behov/nytt/help/", {"forms_unknown": "on", "timeframe": "soon"})
    assert dont_know.status_code == 302


def test_the_honeypot_stops_robots(client, answers):
    fill(client, {k: answers[k] for k in ("describe", "who", "help")})
    robot = client.post("/sv/behov/nytt/contact/", {**answers["contact"], "website": "http://spam"})
    assert robot.status_code == 200
    assert Need.objects.get(status=Status.DRAFT).contact_email == ""


def test_sending_is_rate_limited(client, answers, settings):
    settings.SAMVERKAN_NEEDS_RATE = "2/h"
    for _ in range(2):
        fill(client, answers)
        response = client.post("/sv/behov/nytt/kontrollera/", {})
        assert response.status_code == 302, response.context["form"].errors
    fill(client, answers)
    assert client.post("/sv/behov/nytt/kontrollera/", {}).status_code in (403, 429)
    assert Need.objects.filter(status=Status.UNCONFIRMED).count() == 2


def test_review_sends_back_to_a_missing_step(client, answers):
    fill(client, {"describe": answers["describe"]})
    response = client.get("/sv/behov/nytt/kontrollera/")
    assert response.url == "/sv/behov/nytt/who/"


def test_the_steps_read_the_same_in_english(client, db):
    response = client.get("/en/needs/new/")
    assert "What do you need help with?" in response.content.decode()


def test_coming_from_a_municipality_page_fills_in_the_municipality_and_arena(client, db):
    from samverkan.arenas.models import Arena
    from samverkan.places.models import Municipality

    client.get("/sv/behov/nytt/?kommun=1491")
    client.post("/sv/behov/nytt/", {"text": TEXT})
    who = client.get("/sv/behov/nytt/who/").context["form"]
    assert who["municipality"].value() == Municipality.objects.get(code="1491").pk
    assert who["arena"].value() == Arena.objects.get(slug="hb-kommunsamverkan").pk


def test_the_first_step_previews_who_could_help(client, db):
    preview = client.get("/sv/behov/nytt/forhandsvisning/", {"text": TEXT})
    assert preview.status_code == 200
    assert "Jenny Blom" in preview.content.decode()
    assert len(preview.context["suggestions"]) <= 3
    short = client.get("/sv/behov/nytt/forhandsvisning/", {"text": "hemtjänst"})
    assert short.context["suggestions"] == []
    page = client.get("/sv/behov/nytt/").content.decode()
    assert 'hx-get="/sv/behov/nytt/forhandsvisning/"' in page
