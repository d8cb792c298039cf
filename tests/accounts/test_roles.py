import pytest
from django.urls import reverse
from django.utils import translation

from samverkan.accounts.models import User
from samverkan.accounts.roles import Role, can_edit_arena, is_coordinator, roles_of
from samverkan.arenas.models import Arena


def test_each_demo_account_holds_its_role(demo_user):
    assert roles_of(demo_user("partner")) == [Role.PARTNER]
    assert roles_of(demo_user("expert")) == [Role.EXPERT]
    assert roles_of(demo_user("coordinator")) == [Role.COORDINATOR]
    assert roles_of(demo_user("arena_admin")) == [Role.COORDINATOR, Role.ARENA_ADMIN]
    assert Role.SYSTEM_ADMIN in roles_of(demo_user("system_admin"))


def test_visitor_and_inactive_accounts_hold_no_role(db, demo_user):
    from django.contrib.auth.models import AnonymousUser

    assert roles_of(AnonymousUser()) == [Role.VISITOR]
    coordinator = demo_user("coordinator")
    coordinator.is_active = False
    assert roles_of(coordinator) == [Role.VISITOR]


def test_roles_are_per_arena(demo_user, west_arena, boras_arena):
    admin = demo_user("arena_admin")
    assert can_edit_arena(admin, west_arena)
    assert not can_edit_arena(admin, boras_arena)
    assert is_coordinator(admin, west_arena) and not is_coordinator(admin, boras_arena)
    assert is_coordinator(demo_user("coordinator"), boras_arena)
    assert can_edit_arena(demo_user("system_admin"), boras_arena)


def settings_url(arena: Arena) -> str:
    with translation.override("sv"):
        return reverse("arenas:settings", kwargs={"slug": arena.slug})


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 302),
        ("partner", 403),
        ("expert", 403),
        ("coordinator", 403),
        ("arena_admin", 200),
        ("system_admin", 200),
    ],
)
def test_arena_settings_page_per_role(client_as, west_arena, role, status):
    response = client_as(role).get(settings_url(west_arena))
    assert response.status_code == status
    if role is None:
        assert "/sv/konto/logga-in/" in response["Location"]


def test_arena_admin_cannot_edit_another_arena(client_as, boras_arena):
    client = client_as("arena_admin")
    assert client.get(settings_url(boras_arena)).status_code == 403
    response = client.post(settings_url(boras_arena), {"name_sv": "Kapad"})
    assert response.status_code == 403
    boras_arena.refresh_from_db()
    assert boras_arena.name_sv != "Kapad"


def test_arena_admin_saves_settings_and_bad_colour_is_reported(client_as, west_arena):
    client = client_as("arena_admin")
    data = {
        "name_sv": "Västsvensk arena",
        "name_en": "West Swedish Arena",
        "description_sv": "Ny beskrivning.",
        "description_en": "New description.",
        "colour": "green",
        "contact_email": "arena@example.se",
        "website": "",
    }
    invalid = client.post(settings_url(west_arena), data)
    assert invalid.status_code == 200
    assert "colour" in invalid.context["form"].errors
    west_arena.refresh_from_db()
    assert west_arena.name_sv != "Västsvensk arena"
    saved = client.post(settings_url(west_arena), {**data, "colour": "#225588"})
    assert saved.status_code == 302
    west_arena.refresh_from_db()
    assert (west_arena.name_sv, west_arena.colour) == ("Västsvensk arena", "#225588")
    theme = client.get(reverse("arenas:theme", kwargs={"slug": west_arena.slug}))
    assert b"--arena-accent: #225588" in theme.content


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(None, False), ("partner", False), ("coordinator", False), ("system_admin", True)],
)
def test_admin_site_is_for_system_admins(client_as, role, allowed):
    response = client_as(role).get("/sv/admin/")
    assert (response.status_code == 200) is allowed


def test_create_superuser_normalises_email(db):
    user = User.objects.create_superuser("Someone@Example.SE", "a-long-password-1")
    assert user.email == "someone@example.se"
    assert user.is_staff and user.is_superuser
