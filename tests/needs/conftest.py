"""Needs made through the workflow's own functions, as a submitter would make them."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from samverkan.arenas.models import Arena
from samverkan.catalogue.models import CollaborationForm
from samverkan.needs.models import Need
from samverkan.needs.services import confirm, confirmation_token, submit
from samverkan.places.models import Municipality

TEXT = (
    "Vi har svårt att behålla undersköterskor i hemtjänsten. Många slutar efter ett år och "
    "vi hinner aldrig introducera de nya ordentligt."
)


@pytest.fixture
def make_need(db, demo_user, django_capture_on_commit_callbacks):
    """``make_need(by="partner" | None, **fields)``: a sent need, confirmed when anonymous."""

    def make(by: str | None = "partner", arena: Arena | None = None, **fields) -> Need:
        municipality = fields.pop("municipality", None) or Municipality.objects.get(code="1490")
        user = demo_user(by) if by else AnonymousUser()
        need = Need(
            arena=arena or Arena.objects.get(slug="hb-kommunsamverkan"),
            title=fields.pop("title", "Behålla undersköterskor i hemtjänsten"),
            text=fields.pop("text", TEXT),
            organization_name=fields.pop("organization_name", "Borås Stad, vård och äldre"),
            municipality=municipality,
            contact_name=fields.pop("contact_name", "Karin Ek"),
            contact_email=fields.pop("contact_email", "karin.ek@example.se"),
            consent_at=timezone.now(),
            **fields,
        )
        if by:
            need.submitter = user
            need.organization = user.organization
        need.save()
        need.forms.set(CollaborationForm.objects.filter(slug="commissioned-education"))
        with django_capture_on_commit_callbacks(execute=True):
            submit(need, user)
        if not by:
            with django_capture_on_commit_callbacks(execute=True):
                confirm(confirmation_token(need))
        need.refresh_from_db()
        return need

    return make
