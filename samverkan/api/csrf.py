"""CSRF protection for every write made with a session cookie, whatever the body's content type.

django-ninja exempts its views from Django's CSRF middleware and checks the token only for
operations declared with cookie authentication. An operation open to visitors that still acts as
the logged-in user (``POST /needs``) would then accept a cross-site form posting ``text/plain``.
"""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from ninja.errors import HttpError
from ninja.utils import check_csrf

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def session_writes_need_csrf(operation: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Reject an unsafe request made with a logged-in session and no valid CSRF token (403).

    Visitors and callers without a session are not affected, and neither are operations marked
    ``csrf_exempt`` because they only compute and change nothing.
    """
    if getattr(operation, "csrf_exempt", False):
        return operation

    @wraps(operation)
    def checked(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        unsafe = request.method not in SAFE_METHODS and request.user.is_authenticated
        if unsafe and check_csrf(request) is not None:
            raise HttpError(403, "CSRF token missing or wrong: send it in the X-CSRFToken header.")
        return operation(request, *args, **kwargs)

    return checked
