from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from samverkan.catalogue.models import CollaborationForm, Interest, Offering, OfferingStatus
from samverkan.catalogue.services import OfferingData, offering_save
from samverkan.collaborations.models import Collaboration
from samverkan.collaborations.services import CollaborationData, collaboration_register
from samverkan.directory.models import Organization


def url(name: str, lang: str = "sv", **kwargs: object) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def thesis_topic(db) -> Offering:
    return offering_save(
        None,
        OfferingData(
            title_sv="Exjobb: Varför slutar undersköterskor?",
            description_sv="<p>Vi vill förstå personalomsättningen.</p>",
            form=CollaborationForm.objects.get(slug="degree-project"),
            organization=Organization.objects.get(municipality__code="1490"),
            status=OfferingStatus.OPEN,
            expires_on=timezone.localdate() + timedelta(days=1),
            levels=["bachelor", "master"],
            how_to_apply_sv="<p>Mejla Reza Moradi.</p>",
        ),
    )


def test_expired_topic_leaves_public_lists_without_any_job(client, thesis_topic):
    assert thesis_topic in Offering.objects.public()
    assert client.get(url("catalogue:offering", pk=thesis_topic.pk)).status_code == 200
    ids = [o["id"] for o in client.get("/api/v1/offerings", {"limit": 500}).json()["items"]]
    assert thesis_topic.pk in ids
    # The day after the expiry date: nothing has run, the topic is simply no longer shown.
    thesis_topic.expires_on = timezone.localdate() - timedelta(days=1)
    thesis_topic.save()
    assert thesis_topic not in Offering.objects.public()
    page = client.get(url("catalogue:offerings"), {"q": "undersköterskor"})
    assert thesis_topic not in page.context["page"].object_list
    ids = [o["id"] for o in client.get("/api/v1/offerings", {"limit": 500}).json()["items"]]
    assert thesis_topic.pk not in ids
    assert client.get(f"/api/v1/offerings/{thesis_topic.pk}").status_code == 404
    assert client.get(url("catalogue:offering", pk=thesis_topic.pk)).status_code == 404


def test_the_poster_still_sees_an_expired_topic(client_as, thesis_topic):
    thesis_topic.expires_on = timezone.localdate() - timedelta(days=3)
    thesis_topic.save()
    poster = client_as("partner")  # a partner user of Borås kommun
    assert poster.get(url("catalogue:offering", pk=thesis_topic.pk)).status_code == 200
    assert (
        client_as("coordinator").get(url("catalogue:offering", pk=thesis_topic.pk)).status_code
        == 200
    )
    assert client_as("expert").get(url("catalogue:offering", pk=thesis_topic.pk)).status_code == 404


def test_rich_text_is_sanitised_on_every_page(client, thesis_topic):
    payload = (
        '<p>Hej</p><script>alert("x")</script><img src=x onerror="alert(1)">'
        '<a href="javascript:alert(1)">länk</a>'
    )
    thesis_topic.description_sv = payload  # as if written past the forms, e.g. in the admin
    thesis_topic.save()
    html = client.get(url("catalogue:offering", pk=thesis_topic.pk)).content.decode()
    assert "<p>Hej</p>" in html
    assert "<script>alert" not in html and "onerror" not in html and "javascript:" not in html
    api = client.get(f"/api/v1/offerings/{thesis_topic.pk}").json()
    assert "script" not in api["description_sv"] and "onerror" not in api["description_sv"]


def test_guide_editing_sanitises_and_is_for_coordinators(client_as, db):
    form = CollaborationForm.objects.get(slug="degree-project")
    edit = url("catalogue:form_edit", slug=form.slug)
    assert client_as(None).get(edit).status_code == 302
    assert client_as("partner").get(edit).status_code == 403
    coordinator = client_as("coordinator")
    data = {
        "name_sv": form.name_sv,
        "name_en": form.name_en,
        "description_sv": form.description_sv,
        "description_en": form.description_en,
    }
    for section in CollaborationForm.GUIDE_SECTIONS:
        data[f"{section}_sv"] = getattr(form, f"{section}_sv")
        data[f"{section}_en"] = getattr(form, f"{section}_en")
    data["what_sv"] = '<p>Ett examensarbete.</p><script>steal()</script><p onclick="x()">Klick</p>'
    assert coordinator.post(edit, data).status_code == 302
    form.refresh_from_db()
    assert form.what_sv == "<p>Ett examensarbete.</p><p>Klick</p>"
    page = coordinator.get(url("catalogue:form", slug=form.slug)).content.decode()
    assert "Ett examensarbete." in page and "steal()" not in page


def test_interest_is_stored_and_shown_to_the_poster_only(client, client_as, thesis_topic):
    page = url("catalogue:offering", pk=thesis_topic.pk)
    bad = client.post(page, {"name": "", "email": "nej"})
    assert bad.status_code == 200 and set(bad.context["interest_form"].errors) == {"name", "email"}
    assert not Interest.objects.exists()
    client.post(
        page,
        {
            "name": "Sara Student",
            "email": "sara@student.example.se",
            "message": "Jag är intresserad.",
        },
    )
    assert Interest.objects.get().offering == thesis_topic
    assert "sara@student.example.se" in client_as("partner").get(page).content.decode()
    assert "sara@student.example.se" not in client_as("expert").get(page).content.decode()


@pytest.mark.parametrize(
    ("role", "status"), [(None, 302), ("expert", 200), ("partner", 200), ("coordinator", 200)]
)
def test_who_may_post_an_offering(client_as, role, status):
    assert client_as(role).get(url("catalogue:offering_new")).status_code == status


def test_partner_posts_for_their_own_organisation_only(client_as, db):
    client = client_as("partner")
    own = Organization.objects.get(municipality__code="1490")
    other = Organization.objects.get(slug="hb")
    data = {
        "title_sv": "Praktikplats i miljöförvaltningen",
        "description_sv": "<p>Tio veckor.</p>",
        "form": CollaborationForm.objects.get(slug="internship").pk,
        "audience": "students",
        "status": "open",
        "organization": other.pk,
    }
    refused = client.post(url("catalogue:offering_new"), data)
    assert refused.status_code == 200 and "organization" in refused.context["form"].errors
    assert (
        client.post(url("catalogue:offering_new"), {**data, "organization": own.pk}).status_code
        == 302
    )
    assert Offering.objects.get(title_sv="Praktikplats i miljöförvaltningen").organization == own


def test_offering_list_queries_are_bounded(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        client.get(url("catalogue:offerings"))


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_what_can_we_do_together_prefers_similar_municipalities(client, db, lang):
    def collaboration(title: str, code: str) -> Collaboration:
        return collaboration_register(
            None,
            CollaborationData(
                title_sv=title,
                form=CollaborationForm.objects.get(slug="workshop"),
                status="completed",
                parties=[
                    (Organization.objects.get(slug="hb"), "lead"),
                    (Organization.objects.get(municipality__code=code), "partner"),
                ],
            ),
        )

    far = collaboration("Exempel i Lysekil", "1484")
    collaboration("Exempel i Tranemo", "1452")  # Sjuhärad, like Svenljunga
    response = client.get(url("catalogue:forms", lang), {"kommun": "1465"})
    assert response.status_code == 200
    examples = response.context["examples"]
    assert len(examples) == 6 and far not in examples
    sjuharad = set(Organization.objects.filter(municipality__associations__slug="sjuharad"))
    for example in examples:  # the demo has enough from Svenljunga's own association
        assert {p.organization for p in example.parties.all()} & sjuharad, example
    assert len(response.context["forms"]) == 11


def test_guide_page_shows_all_sections_and_the_readers_contacts(client, db):
    response = client.get(
        url("catalogue:form", "en", slug="commissioned-education"), {"kommun": "1465"}
    )
    sections = [s["key"] for s in response.context["sections"]]
    assert sections == ["what", "gives", "steps", "lead_time", "cost", "rules", "who"]
    html = response.content.decode()
    assert "2002:760" in html  # the ordinance that regulates commissioned education
    assert "@hb.example.se" in html  # Svenljunga's designated contact
