"""A suggested person's name leads to their page wherever the need flow shows it, but only when
the reader may open that page (a link to a 404 is worse than no link)."""

import re

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from samverkan.arenas.models import Arena
from samverkan.directory.models import ExpertProfile, Person, Visibility
from samverkan.kernel.searchable import Result
from samverkan.places.models import Municipality

from .conftest import TEXT


def person_url(pk: int) -> str:
    with translation.override("en"):
        return reverse("directory:person", kwargs={"pk": pk})


def linked_names(body: str) -> dict[str, str]:
    """The suggestions' titles that are links, with their targets."""
    return {
        title: href
        for href, title in re.findall(
            r'<p class="result__title"><a href="([^"]+)">([^<]+)</a></p>', body
        )
    }


def hidden_expert() -> ExpertProfile:
    """A person whose profile is for logged-in users only and who is nobody's contact."""
    person = Person.objects.create(first_name="Hedda", last_name="Intern", email="h@example.se")
    return ExpertProfile.objects.create(
        person=person, expertise_sv="Äldreomsorg.", visibility=Visibility.MEMBERS
    )


def test_the_check_page_links_each_suggested_person_to_their_page(client, db):
    answers = {
        "": {"text": TEXT, "title": ""},
        "who/": {
            "organization_name": "Borås Stad",
            "municipality": Municipality.objects.get(code="1490").pk,
            "arena": Arena.objects.get(slug="hb-kommunsamverkan").pk,
        },
        "help/": {"forms": ["commissioned-education"], "timeframe": "half_year"},
        "contact/": {
            "contact_name": "Karin Ek",
            "contact_email": "karin.ek@example.se",
            "notify": "immediate",
            "consent": "on",
            "website": "",
        },
    }
    for step, data in answers.items():
        assert client.post(f"/en/needs/new/{step}", data).status_code == 302
    page = client.get("/en/needs/new/check/")
    experts = [result for result in page.context["suggestions"] if result.kind == "expert"]
    assert experts, "the demo has public experts on elderly care"
    people = dict(
        ExpertProfile.objects.filter(pk__in=[r.id for r in experts]).values_list("pk", "person")
    )
    links = linked_names(page.content.decode())
    for result in experts:
        assert links[result.title] == person_url(people[result.id])


def test_the_suggestion_list_links_a_person_only_for_readers_who_may_see_them(db, demo_user):
    profile = hidden_expert()
    suggestion = Result("expert", profile.pk, "", "Hedda Intern", "", 1.0)
    offering = Result("offering", 1, "", "Ett erbjudande", "", 0.5)
    context = {"suggestions": [suggestion, offering]}
    with translation.override("en"):
        visitor = render_to_string(
            "needs/includes/suggestion_groups.html", {**context, "user": AnonymousUser()}
        )
        partner = render_to_string(
            "needs/includes/suggestion_groups.html", {**context, "user": demo_user("partner")}
        )
    assert "Hedda Intern" in visitor
    assert linked_names(visitor) == {}
    assert linked_names(partner) == {"Hedda Intern": person_url(profile.person_id)}


def test_linking_the_suggested_people_takes_the_same_queries_for_one_or_many(db, demo_user):
    profiles = list(ExpertProfile.objects.order_by("pk")[:8])
    user = demo_user("partner")

    def queries(count: int) -> int:
        suggestions = [Result("expert", p.pk, "", str(p.person), "", 1.0) for p in profiles]
        with CaptureQueriesContext(connection) as captured:
            render_to_string(
                "needs/includes/suggestion_groups.html",
                {"suggestions": suggestions[:count], "user": user},
            )
        return len(captured)

    assert queries(1) == queries(len(profiles))


def test_the_preview_links_a_person_only_for_readers_who_may_see_them(db, demo_user):
    profile = hidden_expert()
    suggestions = [Result("expert", profile.pk, "", "Hedda Intern", "", 1.0)]
    with translation.override("en"):
        visitor = render_to_string(
            "needs/includes/preview.html", {"suggestions": suggestions, "user": AnonymousUser()}
        )
        member = render_to_string(
            "needs/includes/preview.html",
            {"suggestions": suggestions, "user": demo_user("expert")},
        )
    assert "Hedda Intern" in visitor and "<a " not in visitor
    assert f'<a href="{person_url(profile.person_id)}"' in member


def test_the_coordinators_workspace_links_suggested_people_to_their_pages(
    client_as, make_need, django_assert_max_num_queries
):
    need = make_need()
    people = list(need.matches.filter(person__isnull=False))
    assert people, "the need's text matches experts in the demo"
    client = client_as("coordinator")
    with translation.override("en"):
        workspace_url = reverse("needs:detail", kwargs={"reference": need.reference})
    body = client.get(workspace_url).content.decode()
    links = linked_names(body)
    for match in people:
        assert links[match.title] == person_url(match.person_id)
    unlinked = need.matches.filter(person__isnull=True).exclude(kind="expert")
    assert not any(match.title in links for match in unlinked)
