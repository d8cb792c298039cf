"""Checks on every request and response that Django's own middleware does not make: response
headers that SecurityMiddleware does not set, and request data that no view can use."""

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, QueryDict, UnreadablePostError

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# The API's browsable documentation page (Swagger UI) needs inline start-up code.
RELAXED_PATHS = ("/api/v1/docs",)


class SecurityHeadersMiddleware:
    """Adds a strict Content-Security-Policy and a Permissions-Policy to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(RELAXED_PATHS):
            response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


NUL = "\x00"


def _holds_nul(data: QueryDict) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in data.lists())


class RejectNulMiddleware:
    """Answers 400 Bad Request when the path, the query string or the form data (keys or values)
    holds a NUL character.

    PostgreSQL cannot hold a NUL in a text, so such a value raises ``ValueError`` wherever it
    reaches a query, a server error on any page. No link or form of the site makes one, so it is
    refused before a view runs. The error is raised, not answered here, so that the root URL
    configuration's ``handler400`` gives it the shape of the path (JSON under the API). JSON
    bodies are left to the API, which cleans or refuses their values field by field.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path or _holds_nul(request.GET) or _holds_nul(self._form_data(request)):
            raise BadRequest("The request holds a NUL character.")
        return self.get_response(request)

    @staticmethod
    def _form_data(request: HttpRequest) -> QueryDict:
        """The posted form. A multipart body Django cannot parse raises its own 400 here; a body
        cut off by the client is refused too, where the view would otherwise find an empty form."""
        try:
            return request.POST
        except UnreadablePostError as error:
            raise BadRequest(f"The request body cannot be read: {error}") from error
