"""Needs made through the workflow's own functions, as a submitter would make them."""

import pytest
from django.contrib.auth.models import AnonymousUser

from samverkan.arenas.models import Arena
from samverkan.catalogue.models import CollaborationForm
from samverkan.needs.models import Need
from samverkan.needs.services import confirm, confirmation_token, need_create, need_submit
from samverkan.places.models import Municipality

TEXT = (
    "Vi har svårt att behålla undersköterskor i hemtjänsten. Många slutar efter ett år och "
    "vi hinner aldrig introducera de nya ordentligt."
)


@pytest.fixture
def make_need(db, demo_user, django_capture_on_commit_callbacks):
    """``make_need(by="partner" | None, **answers)``: a sent need, confirmed when anonymous."""

    def make(by: str | None = "partner", arena: Arena | None = None, **answers) -> Need:
        user = demo_user(by) if by else AnonymousUser()
        with django_capture_on_commit_callbacks(execute=True):
            need = need_create(
                user,
                arena=arena or Arena.objects.get(slug="hb-kommunsamverkan"),
                title=answers.pop("title", "Behålla undersköterskor i hemtjänsten"),
                text=answers.pop("text", TEXT),
                organization_name=answers.pop("organization_name", "Borås Stad, vård och äldre"),
                municipality=answers.pop("municipality", None)
                or Municipality.objects.get(code="1490"),
                contact_name=answers.pop("contact_name", "Karin Ek"),
                contact_email=answers.pop("contact_email", "karin.ek@example.se"),
                forms=CollaborationForm.objects.filter(slug="commissioned-education"),
                consent=True,
                **answers,
            )
            need_submit(need, user)
        if not by:
            with django_capture_on_commit_callbacks(execute=True):
                confirm(confirmation_token(need))
        need.refresh_from_db()
        return need

    return make


@pytest.fixture
def unconfirmed_need(db):
    """``unconfirmed_need(email)``: a need sent without an account, its e-mail not confirmed."""

    def make(contact_email: str = "a@example.se") -> Need:
        anonymous = AnonymousUser()
        need = need_create(
            anonymous,
            text="Ett behov av hjälp med matsvinnet i skolköken.",
            organization_name="Alingsås kommun",
            municipality=Municipality.objects.get(code="1489"),
            forms_unknown=True,
            contact_name="Per Lind",
            contact_email=contact_email,
            consent=True,
        )
        return need_submit(need, anonymous)

    return make
