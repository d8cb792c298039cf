"""Guided submission through the pages: steps, drafts, bad input, abuse and the e-mail link."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from samverkan.kernel import searchable
from samverkan.needs import services
from samverkan.needs.models import MAX_TEXT, Need, Status
from samverkan.needs.views.submission import step_url

TEXT = (
    "Vi har svårt att behålla undersköterskor i hemtjänsten. Många slutar efter ett år och "
    "vi hinner aldrig introducera de nya ordentligt."
)


def sv_step(name: str) -> str:
    """A step's address on the Swedish pages (its slug is translated)."""
    with translation.override("sv"):
        return step_url(name)


def fill(client, steps: dict[str, dict]) -> None:
    for step, data in steps.items():
        url = "/sv/behov/nytt/" if step == "describe" else sv_step(step)
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
    who = client.get(sv_step("who"))
    assert who.context["form"]["organization_name"].value() == "Borås kommun"
    from samverkan.places.models import Municipality

    assert who.context["form"]["municipality"].value() == Municipality.objects.get(code="1490").pk
    contact = client.get(sv_step("contact"))
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
    response = client.post(sv_step("help"), {"forms": ["flying-carpets"], "timeframe": "soon"})
    assert response.status_code == 200
    assert "flying-carpets" in " ".join(response.context["form"].errors["forms"])
    need = Need.objects.get(status=Status.DRAFT)
    assert not need.forms.exists()


def test_dont_know_is_an_answer_but_nothing_is_not(client, answers):
    fill(client, {"describe": answers["describe"], "who": answers["who"]})
    nothing = client.post(sv_step("help"), {"timeframe": "soon"})
    assert nothing.status_code == 200
    assert nothing.context["form"].non_field_errors()
    dont_know = client.post(sv_step("help"), {"forms_unknown": "on", "timeframe": "soon"})
    assert dont_know.status_code == 302


def test_the_honeypot_stops_robots(client, answers):
    fill(client, {k: answers[k] for k in ("describe", "who", "help")})
    robot = client.post(sv_step("contact"), {**answers["contact"], "website": "http://spam"})
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
    assert response.url == sv_step("who")


def test_the_steps_read_the_same_in_english(client, db):
    response = client.get("/en/needs/new/")
    assert "What do you need help with?" in response.content.decode()


def test_coming_from_a_municipality_page_fills_in_the_municipality_and_arena(client, db):
    from samverkan.arenas.models import Arena
    from samverkan.places.models import Municipality

    client.get("/sv/behov/nytt/?kommun=1491")
    client.post("/sv/behov/nytt/", {"text": TEXT})
    who = client.get(sv_step("who")).context["form"]
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


PAYLOAD = {
    "text": "Vi behöver hjälp att minska matsvinnet i våra skolkök och vill mäta det.",
    "organization_name": "Alingsås kommun",
    "municipality": "1489",
    "forms": ["student-project"],
    "contact_name": "Per Lind",
    "contact_email": "per.lind@example.se",
    "consent": True,
}


def test_the_pages_the_api_and_the_fixtures_run_the_same_rule(
    client, answers, make_need, monkeypatch
):
    rule = "En regel som bara tjänsten känner till."

    def changed_rule(text: str) -> str:
        raise ValidationError(rule)

    monkeypatch.setattr(services, "validate_text", changed_rule)
    before = Need.objects.count()
    page = client.post("/sv/behov/nytt/", answers["describe"])
    assert page.context["form"].errors["text"] == [rule]
    api = client.post("/api/v1/needs", PAYLOAD, content_type="application/json")
    assert api.status_code == 400
    assert api.json()["detail"] == f"text: {rule}"
    with pytest.raises(ValidationError, match=rule):
        make_need("partner")
    assert Need.objects.count() == before


def test_the_api_and_the_page_take_the_same_longest_text(client, db):
    longest = "x" * MAX_TEXT
    too_long = client.post("/sv/behov/nytt/", {"text": longest + "x"})
    assert too_long.context["form"].errors["text"]
    assert client.post("/sv/behov/nytt/", {"text": longest}).status_code == 302
    api = "/api/v1/needs"
    json = "application/json"
    assert (
        client.post(api, {**PAYLOAD, "text": longest + "x"}, content_type=json).status_code == 400
    )
    assert client.post(api, {**PAYLOAD, "text": longest}, content_type=json).status_code == 201


class Calls:
    """Counts the calls of the search engine's ranking and goal suggestions, as the needs flow
    makes them (through the kernel's ``SearchEngine``)."""

    def __init__(self, monkeypatch) -> None:
        self.counts = {"rank": 0, "suggest_goals": 0}
        engine = searchable.engine()
        counting = searchable.SearchEngine(
            rank=self._counting("rank", engine.rank),
            suggest_goals=self._counting("suggest_goals", engine.suggest_goals),
            goal_names=engine.goal_names,
        )
        monkeypatch.setattr(searchable, "_engines", [counting])

    def _counting(self, name, function):
        def counted(*args, **kwargs):
            self.counts[name] += 1
            return function(*args, **kwargs)

        return counted


REVIEW = "/sv/behov/nytt/kontrollera/"


def test_checking_sending_and_confirming_rank_the_text_once(
    client, answers, monkeypatch, django_capture_on_commit_callbacks
):
    calls = Calls(monkeypatch)
    fill(client, answers)
    shown = client.get(REVIEW).context["suggestions"]
    client.get(REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(REVIEW, {}).status_code == 302
    need = Need.objects.get(contact_email="karin.ek@example.se")
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm(services.confirmation_token(need))
    assert calls.counts == {"rank": 1, "suggest_goals": 1}
    stored = set(need.matches.values_list("kind", "object_id"))
    assert stored == {(result.kind, result.id) for result in shown}
    need.refresh_from_db()
    assert need.suggestions == {}, "the kept ranking goes once the need is open"


def test_a_changed_answer_ranks_the_draft_again(client, answers, monkeypatch):
    calls = Calls(monkeypatch)
    fill(client, answers)
    client.get(REVIEW)
    fill(client, {"describe": {"text": TEXT + " Vi vill också pröva mentorskap.", "title": ""}})
    client.get(REVIEW)
    assert calls.counts == {"rank": 2, "suggest_goals": 2}
    fill(client, {"help": {"forms": ["joint-research"], "timeframe": "soon"}})
    client.get(REVIEW)
    assert calls.counts["rank"] == 3


def test_a_headline_with_line_breaks_is_made_one_line_before_it_is_stored(
    client_as, answers, django_capture_on_commit_callbacks
):
    client = client_as("partner")
    fill(client, {**answers, "describe": {"text": TEXT, "title": "Rad ett\r\nRad\ttvå\x07"}})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(REVIEW, {}).status_code == 302
    need = Need.objects.get(title="Rad ett Rad två")
    assert need.status == Status.OPEN
    subjects = [message.subject for message in mail.outbox]
    assert any(subject.endswith(": Rad ett Rad två") for subject in subjects), subjects
