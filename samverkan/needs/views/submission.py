"""Guided submission: a few short steps, each saved as a draft, then the suggestions with their
reasons before sending. Works without JavaScript; htmx only makes the steps smoother."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from samverkan.arenas.models import Arena
from samverkan.kernel import searchable
from samverkan.kernel.searchable import AnyUser
from samverkan.places.models import Municipality
from samverkan.sdg.models import Goal

from ..forms import STEPS, GoalsForm
from ..models import MAX_TEXT, Need, Status
from ..services import (
    SUGGESTION_KINDS,
    ConfirmationError,
    WorkflowError,
    confirm,
    draft_suggestions,
    missing_answers,
    need_create,
    need_submit,
    need_update,
)

SESSION_KEY = "needs_draft"
MUNICIPALITY_KEY = "needs_municipality"
PREVIEW_WORDS = 6  # fewer words say too little to suggest anybody
STEP_NAMES = [name for name, _label, _form in STEPS]
STEP_FORMS = {name: form for name, _label, form in STEPS}
# Each step's part of the address, in the page's language (/sv/behov/nytt/vem/); code and
# templates name the steps by their keys above.
STEP_SLUGS = {
    # Translators: a step of the need form in its web address: lower-case a-z, digits, hyphens.
    "describe": pgettext_lazy("web address", "describe"),
    # Translators: a step of the need form in its web address: lower-case a-z, digits, hyphens.
    "who": pgettext_lazy("web address", "who"),
    # Translators: a step of the need form in its web address: lower-case a-z, digits, hyphens.
    "help": pgettext_lazy("web address", "help"),
    # Translators: a step of the need form in its web address: lower-case a-z, digits, hyphens.
    "contact": pgettext_lazy("web address", "contact"),
}


def step_url(name: str) -> str:
    """The address of step ``name`` in the active language."""
    return reverse("needs:submit_step", kwargs={"step": str(STEP_SLUGS[name])})


def _step_named(slug: str) -> str | None:
    """The step whose slug in the active language is ``slug``; the key itself also names its
    step, so older and English addresses still lead to it."""
    by_slug = {str(STEP_SLUGS[name]): name for name in STEP_NAMES}
    return by_slug.get(slug) or (slug if slug in STEP_NAMES else None)


def _draft(request: HttpRequest) -> Need | None:
    """The draft this browser (or this user) is writing."""
    pk = request.session.get(SESSION_KEY)
    drafts = Need.objects.filter(status=Status.DRAFT)
    if pk:
        found = drafts.filter(pk=pk).first()
        if found and (found.submitter_id is None or found.submitter_id == request.user.pk):
            return found
    if request.user.is_authenticated:
        return drafts.filter(submitter=request.user).order_by("-updated_at").first()
    return None


def _initial(request: HttpRequest, step: str) -> dict:
    """What the submitter need not type again: a partner user's organisation and contact
    details, or the municipality whose page they came from."""
    user = request.user
    organization = user.organization if user.is_authenticated else None
    if step == "who":
        municipality = Municipality.objects.filter(
            code=request.session.get(MUNICIPALITY_KEY, "")
        ).first()
        if organization is not None:
            municipality = organization.municipality or organization.seat or municipality
        initial = {"organization_name": str(organization)} if organization else {}
        if municipality is not None:
            initial["municipality"] = municipality
            arena = Arena.objects.filter(
                is_active=True, memberships__organization__municipality=municipality
            ).first()
            if arena is not None:
                initial["arena"] = arena
        return initial
    if step == "contact" and user.is_authenticated:
        return {"contact_name": user.full_name, "contact_email": user.email}
    return {}


def _steps(current: str) -> list[dict]:
    """The steps for the progress list; "name" is what its links put in the address (the slug),
    "review" for the last step, which is never linked."""
    index = STEP_NAMES.index(current) if current in STEP_NAMES else len(STEP_NAMES)
    return [
        {"name": str(STEP_SLUGS.get(name, name)), "label": label, "number": number + 1}
        | {"done": number < index, "current": name == current}
        for number, (name, label, _form) in enumerate(
            [*STEPS, ("review", _("Check and send"), None)]
        )
    ]


@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, step: str = "") -> HttpResponse:
    """One step of the form, at its slug in the page's language; a link with the step's key
    (older links, an English address on a Swedish page) is sent on to that slug."""
    name = _step_named(step) if step else STEP_NAMES[0]
    if name is None:
        raise Http404
    if step and step != str(STEP_SLUGS[name]) and request.method == "GET":
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(step_url(name) + query)
    step = name
    if request.GET.get("kommun"):  # from a municipality's page: remembered for "who is asking"
        request.session[MUNICIPALITY_KEY] = request.GET["kommun"][:4]
    draft = _draft(request)
    if draft is None and step != "describe":
        return redirect("needs:submit")
    form_class = STEP_FORMS[step]
    saved = model_to_dict(draft, fields=list(form_class.base_fields)) if draft else {}
    # Prefilled values only where the draft has none.
    initial = {
        name: value for name, value in _initial(request, step).items() if not saved.get(name)
    }
    form = form_class(
        request.POST if request.method == "POST" else None, initial={**saved, **initial}
    )
    if request.method == "POST" and form.is_valid():
        answers = {name: value for name, value in form.cleaned_data.items() if name != "website"}
        try:
            if draft is None:
                need = need_create(request.user, **answers)
            else:
                need = need_update(draft, request.user, **answers)
        except ValidationError as error:
            _show(form, error)
        except WorkflowError:
            request.session.pop(SESSION_KEY, None)
            return redirect("needs:submit")
        else:
            request.session[SESSION_KEY] = need.pk
            following = STEP_NAMES.index(step) + 1
            if following < len(STEP_NAMES):
                return redirect(step_url(STEP_NAMES[following]))
            return redirect("needs:review")
    # Who could help, from the text written so far: under the text while it is written and on
    # the page after it, rendered here so that it shows without JavaScript too.
    shown = draft is not None and step in PREVIEW_STEPS and request.method == "GET"
    return render(
        request,
        "needs/submit_step.html",
        {
            "form": form,
            "step": step,
            "steps": _steps(step),
            "draft": draft,
            "preview": _preview(draft.text, request.user) if shown else [],
        },
    )


def _show(form: Form, error: ValidationError) -> None:
    """The service's errors at the fields this step asks for, any others above the form."""
    for field, errors in error.update_error_dict({}).items():
        form.add_error(field if field in form.fields else None, errors)


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=lambda g, r: settings.SAMVERKAN_NEEDS_RATE, method="POST", block=True)
def review(request: HttpRequest) -> HttpResponse:
    draft = _draft(request)
    if draft is None:
        return redirect("needs:submit")
    missing = _first_missing_step(draft)
    if missing:
        messages.info(request, _("A few answers are still missing."))
        return redirect(step_url(missing))
    found = draft_suggestions(draft, request.user)
    suggested = [goal for goal, _score in found.goals]
    form = GoalsForm(
        request.POST if request.method == "POST" else None,
        initial={"goals": Goal.objects.filter(number__in=suggested)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            need_submit(draft, request.user, goals=form.cleaned_data["goals"])
        except (ValidationError, WorkflowError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect("needs:review")
        request.session.pop(SESSION_KEY, None)
        request.session["needs_sent"] = draft.pk
        return redirect("needs:sent", reference=draft.reference)
    return render(
        request,
        "needs/submit_review.html",
        {
            "need": draft,
            "form": form,
            "suggestions": found.results,
            "suggested_goals": suggested,
            "steps": _steps("review"),
            "step_urls": {name: step_url(name) for name in STEP_NAMES},
        },
    )


def _first_missing_step(need: Need) -> str:
    """The first step whose question the draft has not answered yet."""
    missing = set(missing_answers(need))
    return next((name for name in STEP_NAMES if missing & set(STEP_FORMS[name].base_fields)), "")


def sent(request: HttpRequest, reference: str) -> HttpResponse:
    """The receipt: what happens next and when."""
    need = get_object_or_404(Need, reference=reference)
    if request.session.get("needs_sent") != need.pk and need.submitter_id != request.user.pk:
        raise Http404
    return render(request, "needs/submit_sent.html", {"need": need})


@require_http_methods(["GET", "POST"])
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation e-mail: a button, so that mail scanners that open links do
    not confirm on the reader's behalf."""
    if request.method == "GET":
        return render(request, "needs/confirm.html", {"token": token})
    try:
        need, opened = confirm(token)
    except ConfirmationError as error:
        return render(request, "needs/confirm.html", {"error": str(error)}, status=400)
    return render(request, "needs/confirm.html", {"need": need, "opened": opened, "done": True})


def start_over(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    return redirect(reverse("needs:submit"))


PREVIEW_SIZE = 3
PREVIEW_STEPS = ("describe", "who")


def _preview(text: str, user: AnyUser) -> list[searchable.Result]:
    """The best few suggestions for ``text`` (none for a text too short to say anything)."""
    text = text.strip()[:MAX_TEXT]
    if len(text.split()) < PREVIEW_WORDS:
        return []
    found = searchable.engine().rank(text, kinds=SUGGESTION_KINDS, top=PREVIEW_SIZE, user=user)
    return found[:PREVIEW_SIZE]


@require_http_methods(["GET"])
@ratelimit(key="ip", rate="60/m", block=True)
def preview(request: HttpRequest) -> HttpResponse:
    """While the first step is being written: who could help, refreshed as the text grows (an
    htmx fragment; the full suggestions come on the check page)."""
    suggestions = _preview(request.GET.get("text", ""), request.user)
    return render(request, "needs/includes/preview.html", {"suggestions": suggestions})
