"""The site's own pages: home and the statements every Swedish public service must publish."""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samverkan.arenas.models import Arena
from samverkan.sdg.models import Goal


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "site/home.html",
        {
            "arenas": Arena.objects.filter(is_active=True)
            .select_related("host")
            .annotate(member_count=Count("memberships")),
            "goals": Goal.objects.all(),
        },
    )


def health(request: HttpRequest) -> HttpResponse:
    """Liveness probe for load balancers; touches nothing, so it is also the benchmark baseline."""
    return HttpResponse("ok", content_type="text/plain")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "site/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "site/privacy.html")
