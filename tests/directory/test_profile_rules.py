"""The profile page, imports and the demo change expert profiles through ``profile_update``."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from samverkan.directory.models import Person, Visibility
from samverkan.directory.services import ProfileData, profile_update
from samverkan.kernel.importing import run_import

CONSENT_NEEDED = ProfileData(visibility=Visibility.PUBLIC).errors(consent=False)["consent"]


def test_the_consent_rule_refuses_alike_on_the_page_and_in_an_import(
    client_as, demo_user, tmp_path
):
    person = demo_user("expert").person
    phone = person.phone
    with translation.override("sv"):
        edit = reverse("directory:profile_edit", kwargs={"pk": person.pk})
    refused = client_as("expert").post(
        edit,
        {
            "profile-expertise_sv": "Jag forskar om nattarbete.",
            "profile-availability": "available",
            "profile-visibility": "public",
            "person-phone": "070-000 00 00",
        },
    )
    assert refused.status_code == 200
    assert refused.context["profile_form"].errors["consent"] == CONSENT_NEEDED
    person.refresh_from_db()
    assert person.phone == phone  # nothing of the refused page is stored
    record = {
        "external_id": "hb-9",
        "name": "Nora Nattarbete",
        "email": "nora@example.se",
        "organization": "Högskolan i Borås",
        "expertise": "Jag forskar om nattarbete.",
        "visibility": "public",
    }
    path = tmp_path / "e.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    report = run_import("experts", path)
    assert [(e.line, e.field, e.message) for e in report.errors] == [
        (1, "consent", CONSENT_NEEDED[0])
    ]
    assert not Person.objects.filter(external_id="hb-9").exists()


def test_consent_time_is_kept_while_consent_stands_and_cleared_when_withdrawn(demo_user):
    person = demo_user("expert").person
    public = ProfileData(expertise_sv="Nattarbete.", visibility=Visibility.PUBLIC)
    profile, _changed = profile_update(None, person, public, consent=True)
    given = profile.consent_at
    assert given is not None
    profile, changed = profile_update(None, person, public, consent=True)
    assert profile.consent_at == given and not changed
    members = ProfileData(expertise_sv="Nattarbete.", visibility=Visibility.MEMBERS)
    profile, changed = profile_update(None, person, members, consent=False)
    assert profile.consent_at is None and changed


@pytest.mark.parametrize("role", ["partner", "expert"])
def test_only_those_who_may_edit_a_person_change_their_profile(demo_user, role):
    someone_else = Person.objects.filter(profile__isnull=False).exclude(user__isnull=False).first()
    with pytest.raises(PermissionDenied):
        profile_update(demo_user(role), someone_else, ProfileData(), consent=False)
