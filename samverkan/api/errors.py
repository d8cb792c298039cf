"""Every API error is a JSON object with a ``detail`` field, also when nothing in the API raised it.

The exception handlers turn a caller's mistake that surfaces as an exception (a malformed body, a
number out of range, an invalid value) into a 400 instead of a server error. The error views
replace Django's HTML pages for paths under ``/api/`` (``handler404`` and the others in the root
URL configuration), so an unknown path or a failure outside an operation is JSON as well.
"""

import logging

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    BadRequest,
    ObjectDoesNotExist,
    PermissionDenied,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import got_request_exception
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.views import defaults
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

logger = logging.getLogger("django.request")
API_PREFIX = "/api/"
SERVER_ERROR = "Internal server error; the error has been logged."


def _describe(error: dict) -> str:
    location = ".".join(str(part) for part in error.get("loc", []) if part not in {"query", "path"})
    return f"{location}: {error.get('msg', 'invalid value')}" if location else error["msg"]


def objections(error: DjangoValidationError) -> str:
    """``field: message; field: message`` (a message about no one field stands alone)."""
    return "; ".join(
        message if field == NON_FIELD_ERRORS else f"{field}: {message}"
        for field, messages in error.update_error_dict({}).items()
        for message in DjangoValidationError(messages).messages
    )


def install(api: NinjaAPI) -> None:
    """Register the handlers that map exceptions to JSON errors on the API."""

    def respond(request: HttpRequest, status: int, detail: str, **extra: object) -> HttpResponse:
        return api.create_response(request, {"detail": detail, **extra}, status=status)

    @api.exception_handler(ValidationError)
    def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        """Malformed input is the caller's error: 400 with a readable message per field."""
        detail = "; ".join(_describe(error) for error in exc.errors)
        return respond(request, 400, detail, errors=exc.errors)

    @api.exception_handler(DjangoValidationError)
    def rejected_by_a_rule(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        """A service's objections: 400 with each message after the field it concerns."""
        return respond(request, 400, objections(exc))

    @api.exception_handler(MultiPartParserError)
    @api.exception_handler(BadRequest)
    @api.exception_handler(SuspiciousOperation)
    def unreadable_request(request: HttpRequest, exc: Exception) -> HttpResponse:
        """A body that cannot be parsed (a multipart body without a boundary, too large)."""
        return respond(request, 400, f"The request cannot be read: {exc}")

    @api.exception_handler(ValueError)
    @api.exception_handler(OverflowError)
    @api.exception_handler(DataError)
    def value_out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
        """A value the database cannot hold, such as an id beyond 64 bits or a NUL character in
        a PostgreSQL text. Logged with its traceback, because a wrong value can also come from the
        code rather than the caller."""
        logger.warning("Bad request: %s", request.path, exc_info=exc)
        return respond(request, 400, "A value in the request is malformed or out of range.")

    @api.exception_handler(Http404)
    @api.exception_handler(ObjectDoesNotExist)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        message = str(exc) if isinstance(exc, Http404) else ""
        return respond(request, 404, message or "Not found.")

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(request, 401, "Authentication required.")

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, 403, str(exc) or "Forbidden.")

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        """Logged like Django logs a failed request (and re-raised by the test client), but
        answered in JSON."""
        got_request_exception.send(sender=None, request=request)
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exc,
            extra={"status_code": 500, "request": request},
        )
        return respond(request, 500, SERVER_ERROR)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": str(exception) or "Forbidden."}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": SERVER_ERROR}, status=500)
    return defaults.server_error(request)
