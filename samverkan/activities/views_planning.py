"""Visit planning for an arena or an association of local authorities: the member
municipalities with their last and next visit, and a round of visits planned in one form."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samverkan.arenas.models import Arena
from samverkan.places.models import MunicipalAssociation

from .forms_planning import RoundForm, add_round_errors, round_data, visit_rows
from .planning import (
    Order,
    RoundInvalid,
    Scope,
    arena_scope,
    association_scope,
    plan_visit_round,
    round_hosts,
    visit_interval_months,
    visit_kinds,
)

ORDERS = [
    (Order.UNVISITED, gettext_lazy("Longest unvisited first")),
    (Order.NAME, gettext_lazy("Name")),
    (Order.NEXT, gettext_lazy("Next visit")),
]


def _scoped(
    find: Callable[[HttpRequest, str], Scope],
) -> Callable[[Callable[[HttpRequest, Scope], HttpResponse]], Callable[..., HttpResponse]]:
    """Log in first; then the plan's scope, or 403 for someone who may not plan it."""

    def decorate(view: Callable[[HttpRequest, Scope], HttpResponse]) -> Callable[..., HttpResponse]:
        def wrapped(request: HttpRequest, slug: str) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return view(request, find(request, slug))

        wrapped.__doc__ = view.__doc__
        return wrapped

    return decorate


def _arena(request: HttpRequest, slug: str) -> Scope:
    return arena_scope(request.user, get_object_or_404(Arena, slug=slug, is_active=True))


def _association(request: HttpRequest, slug: str) -> Scope:
    return association_scope(request.user, get_object_or_404(MunicipalAssociation, slug=slug))


def plan(request: HttpRequest, scope: Scope) -> HttpResponse:
    order = request.GET.get("ordning", Order.UNVISITED)
    order = order if order in Order.ALL else Order.UNVISITED
    rows = scope.rows(order)
    return render(
        request,
        "activities/planning/plan.html",
        {
            "scope": scope,
            "rows": rows,
            "overdue": sum(row.overdue for row in rows),
            "months": visit_interval_months(),
            "order": order,
            "orders": ORDERS,
            "breadcrumb_trail": [
                {"label": scope.name, "url": scope.back_url},
                {"label": _("Visit planning"), "url": ""},
            ],
        },
    )


def plan_round(request: HttpRequest, scope: Scope) -> HttpResponse:
    """GET ``?kommun=<code>`` ticks the municipalities chosen on the plan; POST plans the round."""
    rows = scope.rows(Order.UNVISITED)
    post = request.POST if request.method == "POST" else None
    form = RoundForm(
        post,
        user=request.user,
        scope_arenas=scope.arenas,
        hosts=round_hosts(scope.arenas),
        kinds=visit_kinds(scope.arenas),
        initial={"people": [request.user.person.pk] if hasattr(request.user, "person") else []},
    )
    formset = visit_rows(rows, set(request.GET.getlist("kommun")), post)
    if post is not None and not form.searching and form.is_valid() & formset.is_valid():
        try:
            planned = plan_visit_round(request.user, round_data(form, formset))
        except RoundInvalid as error:
            add_round_errors(form, formset, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s municipal visit is planned.",
                    "%(count)s municipal visits are planned.",
                    len(planned),
                )
                % {"count": len(planned)},
            )
            return redirect(scope.url)
    chosen = [row for row in formset if row.is_chosen]
    others = [row for row in formset if not row.is_chosen] if chosen else []
    return render(
        request,
        "activities/planning/round.html",
        {
            "scope": scope,
            "form": form,
            "formset": formset,
            "chosen_rows": chosen or list(formset),
            "other_rows": others,
            "others_open": any(row.errors for row in others),
            "unlisted": [row for row in rows if not row.can_be_visited],
            "breadcrumb_trail": [
                {"label": scope.name, "url": scope.back_url},
                {"label": _("Visit planning"), "url": scope.url},
                {"label": _("Plan a round of visits"), "url": ""},
            ],
        },
        status=400 if post is not None and not form.searching else 200,
    )


arena_plan = _scoped(_arena)(plan)
arena_round = _scoped(_arena)(plan_round)
association_plan = _scoped(_association)(plan)
association_round = _scoped(_association)(plan_round)
