"""The Global Goals: an index by dimension and one page per goal with its targets."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Dimension, Goal


def goal_list(request: HttpRequest) -> HttpResponse:
    goals = list(Goal.objects.all())
    dimensions = [
        {"dimension": dimension, "goals": [g for g in goals if g.dimension == dimension.value]}
        for dimension in Dimension
    ]
    return render(request, "sdg/goal_list.html", {"goals": goals, "dimensions": dimensions})


def goal_detail(request: HttpRequest, number: int) -> HttpResponse:
    goal = get_object_or_404(Goal, number=number)
    neighbours = {
        "previous": Goal.objects.filter(number__lt=number).order_by("-number").first(),
        "next": Goal.objects.filter(number__gt=number).order_by("number").first(),
    }
    return render(
        request,
        "sdg/goal_detail.html",
        {
            "goal": goal,
            "targets": goal.targets.all(),
            "breadcrumb_trail": [
                {"label": _("The Global Goals"), "url": reverse("sdg:goal_list")},
                {"label": str(goal), "url": ""},
            ],
            **neighbours,
        },
    )
