"""Arena pages with the arena's branding, and the settings page for its administrators."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from samverkan.accounts.roles import can_edit_arena

from .forms import ArenaSettingsForm
from .models import Arena, ArenaMembership


def arena_list(request: HttpRequest) -> HttpResponse:
    arenas = (
        Arena.objects.filter(is_active=True)
        .select_related("host")
        .annotate(member_count=Count("memberships"))
    )
    return render(request, "arenas/arena_list.html", {"arenas": arenas})


def arena_detail(request: HttpRequest, slug: str) -> HttpResponse:
    arena = get_object_or_404(
        Arena.objects.filter(is_active=True)
        .select_related("host")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=ArenaMembership.objects.select_related(
                    "organization", "organization__municipality"
                ),
            )
        ),
        slug=slug,
    )
    memberships = list(arena.memberships.all())
    return render(
        request,
        "arenas/arena_detail.html",
        {
            "arena": arena,
            "universities": [m for m in memberships if m.organization.kind == "university"],
            "municipalities": [m for m in memberships if m.organization.kind == "municipality"],
            "others": [
                m for m in memberships if m.organization.kind not in {"university", "municipality"}
            ],
            "can_edit": can_edit_arena(request.user, arena),
        },
    )


def arena_settings(request: HttpRequest, slug: str) -> HttpResponse:
    arena = get_object_or_404(Arena, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_edit_arena(request.user, arena):
        raise PermissionDenied
    form = ArenaSettingsForm(request.POST or None, request.FILES or None, instance=arena)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The arena's settings have been saved."))
        return redirect(arena)
    return render(request, "arenas/arena_settings.html", {"arena": arena, "form": form})


@cache_control(max_age=300, public=True)
def arena_theme(request: HttpRequest, slug: str) -> HttpResponse:
    """The arena's accent colour as a style sheet: the CSP forbids inline styles."""
    arena = get_object_or_404(Arena, slug=slug)
    css = f".arena-{arena.slug} {{ --arena-accent: {arena.colour}; }}\n"
    return HttpResponse(css, content_type="text/css")
