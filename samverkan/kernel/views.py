"""The one view the toolkit serves: the choices of a picker while the user types."""

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_GET

from .picker import get_picker, render_choices

NAME = re.compile(r"^[\w-]{1,80}$")


@require_GET
@login_required
def pick(request: HttpRequest, name: str) -> HttpResponse:
    """Every form with a picker is behind a log-in; so is what it lists."""
    try:
        picker = get_picker(name)
    except KeyError as error:
        raise Http404 from error
    field, widget_id = request.GET.get("field", ""), request.GET.get("id", "")
    if not NAME.match(field) or (widget_id and not NAME.match(widget_id)):
        return HttpResponseBadRequest("field and id must be form field names")
    return HttpResponse(render_choices(picker, request.user, request.GET))
