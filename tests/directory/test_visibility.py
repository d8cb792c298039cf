import pytest
from django.contrib.auth.models import AnonymousUser

from samverkan.directory.models import Person
from samverkan.directory.visibility import can_edit_person, can_view_profile, visible_people


def test_visitors_see_only_public_consenting_profiles(experts):
    visible = set(visible_people(AnonymousUser()).filter(pk__in=[p.pk for p in experts.values()]))
    assert visible == {experts["public"]}
    assert can_view_profile(AnonymousUser(), experts["public"].profile)
    assert not can_view_profile(AnonymousUser(), experts["no_consent"].profile)


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("partner", {"public", "no_consent", "members"}),
        ("expert", {"public", "no_consent", "members"}),
        ("coordinator", {"public", "no_consent", "members", "coordinators"}),
        ("system_admin", {"public", "no_consent", "members", "coordinators"}),
    ],
)
def test_profiles_visible_per_role(demo_user, experts, role, sees):
    user = demo_user(role)
    visible = {name for name, person in experts.items() if can_view_profile(user, person.profile)}
    assert visible == sees


def test_an_expert_sees_and_edits_their_own_profile(demo_user, experts):
    expert = demo_user("expert")
    Person.objects.filter(user=expert).update(user=None)
    hidden = experts["coordinators"]
    hidden.user = expert
    hidden.save()
    assert can_view_profile(expert, hidden.profile)
    assert can_edit_person(expert, hidden)
    assert not can_edit_person(expert, experts["public"])
    assert can_edit_person(demo_user("coordinator"), experts["public"])
    assert not can_edit_person(demo_user("partner"), experts["public"])
