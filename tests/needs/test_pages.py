"""Who sees which need, and the coordinators' pages, through the views."""

import pytest
from django.core import mail
from django.urls import reverse

from samverkan.arenas.models import Arena
from samverkan.directory.models import ExpertProfile, Organization
from samverkan.needs import services
from samverkan.needs.models import Decision, Need, NeedMatch, Response, SavedView
from samverkan.places.models import Municipality

SECRET = "Intern: kommunen har sagt upp två avtal i år, var försiktig."


@pytest.fixture
def needs(make_need, demo_user):
    """A need from Borås (the partner's organisation), one from Alingsås published as an open
    challenge, each with an internal note; the demo expert is suggested for the first only."""
    borås = make_need("partner", title="Introduktion i hemtjänsten")
    alingsås = make_need(
        None,
        title="Minska matsvinnet i skolköken",
        text="Vi slänger för mycket mat i skolköken och vill mäta och minska matsvinnet.",
        municipality=Municipality.objects.get(code="1489"),
        organization_name="Alingsås kommun",
        contact_email="per.lind@example.se",
        is_public=True,
    )
    coordinator = demo_user("coordinator")
    expert = ExpertProfile.objects.get(person__user__email="expert@example.se")
    NeedMatch.objects.filter(need=alingsås, person=expert.person).delete()
    services.add_expert(borås, expert, coordinator)
    for need in (borås, alingsås):
        services.add_note(need, SECRET, coordinator)
        services.post_update(need, "Vi letar efter rätt personer.", coordinator)
    return {"borås": borås, "alingsås": alingsås}


def test_a_partner_user_sees_only_their_organisations_needs(client_as, needs):
    client = client_as("partner")
    assert client.get(needs["borås"].get_absolute_url()).status_code == 200
    mine = client.get("/sv/behov/mina/").content.decode()
    assert needs["borås"].title in mine
    assert needs["alingsås"].title not in mine
    # The Alingsås need is public, so the partner sees its public face only.
    public = client.get(needs["alingsås"].get_absolute_url()).content.decode()
    assert "Vi letar efter rätt personer" not in public
    private = make_private(needs["alingsås"])
    assert client.get(private.get_absolute_url()).status_code == 404


def make_private(need: Need) -> Need:
    Need.objects.filter(pk=need.pk).update(is_public=False)
    need.refresh_from_db()
    return need


def test_an_expert_sees_only_needs_they_are_suggested_for(client_as, needs):
    client = client_as("expert")
    page = client.get(needs["borås"].get_absolute_url())
    assert page.status_code == 200
    assert "Du föreslogs för det här behovet" in page.content.decode()
    assert client.get(make_private(needs["alingsås"]).get_absolute_url()).status_code == 404
    suggestion = needs["borås"].matches.get(person__user__email="expert@example.se")
    services.decide(suggestion, Decision.REJECTED, suggestion.decided_by)
    assert client.get(needs["borås"].get_absolute_url()).status_code == 404


def test_a_visitor_sees_only_public_needs(client, needs):
    listing = client.get("/sv/behov/").content.decode()
    assert needs["alingsås"].title in listing
    assert needs["borås"].title not in listing
    assert client.get(needs["borås"].get_absolute_url()).status_code == 404
    page = client.get(needs["alingsås"].get_absolute_url()).content.decode()
    assert needs["alingsås"].title in page
    assert "per.lind@example.se" not in page  # contact details are never published


@pytest.mark.parametrize("role", [None, "partner", "expert", "arena_admin"])
def test_internal_notes_never_reach_a_non_coordinator(client_as, needs, role):
    client = client_as(role)
    pages = [need.get_absolute_url() for need in needs.values()] + [
        "/sv/behov/",
        "/sv/behov/mina/" if role else "/sv/behov/",
    ]
    for path in pages:
        response = client.get(path)
        assert SECRET not in response.content.decode(), (role, path)


def test_the_submitters_own_link_shows_updates_but_no_notes(client, needs):
    need = needs["alingsås"]
    link = services.submitter_url(need).split("8000", 1)[1]
    page = client.get(link).content.decode()
    assert "Vi letar efter rätt personer" in page
    assert SECRET not in page
    assert client.get("/sv/behov/folj/forged/").status_code == 404


def test_coordinators_see_notes_and_act(
    client_as, needs, demo_user, django_capture_on_commit_callbacks
):
    client = client_as("coordinator")
    need = needs["borås"]
    page = client.get(need.get_absolute_url()).content.decode()
    assert SECRET in page
    url = f"{need.get_absolute_url()}"
    assert (
        client.post(url + "assign/", {"assignee": demo_user("coordinator").pk}).status_code == 302
    )
    need.refresh_from_db()
    assert need.assignee == demo_user("coordinator")
    # Adding a person by hand moved the need to Matched by itself; the coordinator moves it on.
    dialogue = need.arena.need_states.get(name_en="In dialogue")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url + "state/", {"state": dialogue.pk, "text": "Två forskare är intresserade."})
    need.refresh_from_db()
    assert need.state == dialogue
    assert any("Två forskare" in m.body for m in mail.outbox)
    suggestion = need.matches.filter(decision=Decision.SUGGESTED).first()
    client.post(url + "decide/", {"match": suggestion.pk, "decision": "accepted"})
    suggestion.refresh_from_db()
    assert suggestion.decision == Decision.ACCEPTED
    bad = client.post(url + "note/", {"text": ""})
    assert bad.status_code == 302
    assert need.events.filter(kind="note").count() == 1


@pytest.mark.parametrize("role", [None, "partner", "expert", "arena_admin"])
def test_others_cannot_act_on_a_need(client_as, needs, role):
    need = needs["borås"]
    response = client_as(role).post(need.get_absolute_url() + "note/", {"text": "Hej"})
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert "/logga-in/" in response.url or "login" in response.url
    assert need.events.filter(kind="note").count() == 1


def test_the_inbox_filters_sorts_and_flags_quiet_needs(client_as, needs, settings):
    client = client_as("coordinator")
    everything = client.get("/sv/behov/inkorg/")
    assert everything.status_code == 200
    newest = [row["need"] for row in everything.context["rows"]][:2]
    assert set(newest) == set(needs.values())
    alingsås = client.get("/sv/behov/inkorg/", {"municipality": "1489"})
    found = [r["need"] for r in alingsås.context["rows"]]
    assert needs["alingsås"] in found and needs["borås"] not in found
    assert all(need.municipality.code == "1489" for need in found)
    nobody = client.get("/sv/behov/inkorg/", {"assignee": "none"})
    assert all(row["need"].assignee is None for row in nobody.context["rows"])
    by_words = client.get("/sv/behov/inkorg/", {"q": needs["borås"].reference})
    assert [r["need"] for r in by_words.context["rows"]] == [needs["borås"]]
    oldest = client.get("/sv/behov/inkorg/", {"sort": "oldest"}).context["rows"]
    assert oldest[0]["need"].submitted_at <= oldest[-1]["need"].submitted_at
    assert not any(row["quiet"] for row in everything.context["rows"][:2])
    settings.SAMVERKAN_NEEDS_QUIET_DAYS = -1  # everything counts as quiet
    quiet = client.get("/sv/behov/inkorg/")
    assert all(row["quiet"] for row in quiet.context["rows"])
    assert "Ingen uppdatering på länge" in quiet.content.decode()


def test_a_coordinator_of_one_arena_sees_only_its_needs(client_as, make_need):
    west = make_need("partner", arena=Arena.objects.get(slug="vastsvensk-arena"))
    borås = make_need("partner")
    page = client_as("arena_admin").get("/sv/behov/inkorg/")
    shown = [row["need"] for row in page.context["rows"]]
    assert west in shown and borås not in shown
    assert {need.arena.slug for need in shown} == {"vastsvensk-arena"}
    assert client_as("arena_admin").get(borås.get_absolute_url()).status_code == 404


def test_saved_views_and_bulk_assignment(client_as, needs, demo_user):
    client = client_as("coordinator")
    client.post("/sv/behov/inkorg/vyer/", {"name": "Alingsås", "query": "municipality=1489"})
    view = SavedView.objects.get(user=demo_user("coordinator"))
    assert "Alingsås" in client.get("/sv/behov/inkorg/").content.decode()
    response = client.post(
        "/sv/behov/inkorg/tilldela/",
        {"needs": [n.reference for n in needs.values()], "assignee": demo_user("coordinator").pk},
    )
    assert response.status_code == 302
    for need in needs.values():
        need.refresh_from_db()
        assert need.assignee == demo_user("coordinator")
    client.post(f"/sv/behov/inkorg/vyer/{view.pk}/ta-bort/")
    assert not SavedView.objects.exists()


def test_the_board_groups_open_needs_by_state(client_as, needs):
    page = client_as("coordinator").get("/sv/behov/tavla/")
    assert page.status_code == 200
    columns = {
        column["state"].name_en: column["count"]
        for board in page.context["boards"]
        for column in board["columns"]
    }
    assert columns["Received"] >= 2
    cards = [
        c["need"] for b in page.context["boards"] for col in b["columns"] for c in col["cards"]
    ]
    assert set(needs.values()) <= set(cards)


@pytest.mark.parametrize("path", ["/sv/behov/inkorg/", "/sv/behov/tavla/"])
def test_coordinator_pages_stay_within_a_query_budget(
    client_as, make_need, path, django_assert_max_num_queries
):
    for _ in range(3):
        make_need("partner")
    client = client_as("coordinator")
    client.get(path)
    with django_assert_max_num_queries(20):
        client.get(path)
    for _ in range(6):
        make_need("partner")
    with django_assert_max_num_queries(20):
        client.get(path)


def test_pages_for_visitors_stay_within_a_query_budget(
    client, make_need, django_assert_max_num_queries
):
    for _ in range(4):
        make_need(None, is_public=True, contact_email="a@example.se")
    with django_assert_max_num_queries(12):
        client.get("/sv/behov/")


def test_the_workspace_stays_within_a_query_budget(client_as, needs, django_assert_max_num_queries):
    client = client_as("coordinator")
    with django_assert_max_num_queries(30):
        client.get(needs["borås"].get_absolute_url())


def test_an_expert_answers_by_link_and_on_the_page(client, client_as, needs, demo_user):
    need = needs["borås"]
    suggestion = need.matches.get(person__user__email="expert@example.se")
    token = services.answer_token(suggestion)
    page = client.get(f"/sv/behov/svara/{token}/?svar=interested")
    assert page.status_code == 200
    assert 'value="interested" checked' in page.content.decode()
    client.post(f"/sv/behov/svara/{token}/", {"response": "interested", "comment": "Gärna!"})
    suggestion.refresh_from_db()
    assert suggestion.response == Response.INTERESTED
    assert client.get("/sv/behov/svara/nonsense/").status_code == 400
    client_as("expert").post(need.get_absolute_url() + "svara/", {"response": "not_for_me"})
    suggestion.refresh_from_db()
    assert suggestion.response == Response.NOT_FOR_ME


def test_only_arena_admins_edit_the_states(client_as, demo_user):
    west = Arena.objects.get(slug="vastsvensk-arena")
    assert client_as("coordinator").get(f"/sv/behov/statusar/{west.slug}/").status_code == 403
    admin = client_as("arena_admin")
    page = admin.get(f"/sv/behov/statusar/{west.slug}/")
    assert page.status_code == 200
    formset = page.context["formset"]
    data = {
        "form-TOTAL_FORMS": str(len(formset.forms)),
        "form-INITIAL_FORMS": str(len(formset.initial_forms)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for index, form in enumerate(formset.forms):
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if isinstance(value, bool):
                if value:
                    data[f"form-{index}-{name}"] = "on"
            elif value is not None:
                data[f"form-{index}-{name}"] = value
    data["form-0-name_sv"] = "Nytt"
    last = len(formset.forms) - 1
    data.update(
        {
            f"form-{last}-name_sv": "Pausat",
            f"form-{last}-name_en": "Paused",
            f"form-{last}-colour": "#777777",
            f"form-{last}-position": "35",
        }
    )
    assert admin.post(f"/sv/behov/statusar/{west.slug}/", data).status_code == 302
    names = list(west.need_states.values_list("name_sv", flat=True))
    assert names[0] == "Nytt" and "Pausat" in names


def test_a_closed_collaboration_appears_on_the_municipality_page(client, client_as, needs):
    need = needs["borås"]
    coordinator = client_as("coordinator")
    coordinator.post(need.get_absolute_url() + "close/", {"form": need.forms.first().pk})
    need.refresh_from_db()
    assert need.collaboration is not None
    municipality = Organization.objects.get(municipality__code="1490").municipality
    # A draft until the coordinator has checked it; then it is on the municipality's page.
    assert (
        need.collaboration.title not in client.get(municipality.get_absolute_url()).content.decode()
    )
    collaboration = need.collaboration
    review = reverse("needs:collaboration_review", kwargs={"reference": need.reference})
    parties = list(collaboration.parties.values_list("organization_id", flat=True))
    published = coordinator.post(
        review,
        {
            "title_sv": collaboration.title_sv,
            "starts_on": collaboration.starts_on.isoformat(),
            "parties": parties,
        },
    )
    assert published.status_code == 302, published.content.decode()[-3000:]
    page = client.get(municipality.get_absolute_url()).content.decode()
    assert need.collaboration.title in page


def test_open_challenges_are_found_by_the_search(
    client, make_need, demo_user, django_capture_on_commit_callbacks
):
    token = "fladdermusinventering"
    text = f"Vi vill göra en {token} i kommunens parker och behöver studenter som hjälper till."
    public = make_need(None, text=text, is_public=True, contact_email="a@example.se")
    private = make_need(None, text=text, contact_email="b@example.se")
    found = client.get("/sv/sok/", {"q": token, "kind": "need"}).context["results"]
    ids = [hit.result.id for group in found.groups for hit in group.hits]
    assert public.pk in ids and private.pk not in ids
    with django_capture_on_commit_callbacks(execute=True):
        services.close_without_collaboration(public, demo_user("coordinator"), "Ingen kunde.")
    again = client.get("/sv/sok/", {"q": token, "kind": "need"}).context["results"]
    assert not [hit for group in again.groups for hit in group.hits if hit.result.id == public.pk]


@pytest.mark.parametrize("role", ["partner", "expert"])
def test_submitter_and_expert_pages_stay_within_a_query_budget(
    client_as, needs, role, django_assert_max_num_queries
):
    client = client_as(role)
    with django_assert_max_num_queries(20):
        client.get("/sv/behov/mina/")
    with django_assert_max_num_queries(25):
        client.get(needs["borås"].get_absolute_url())
