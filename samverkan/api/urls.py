"""The public JSON API (``/api/v1/``): one NinjaAPI, one router per domain app."""

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from samverkan import __version__
from samverkan.arenas.api import router as arenas_router
from samverkan.catalogue.api import router as catalogue_router
from samverkan.collaborations.api import router as collaborations_router
from samverkan.directory.api import router as directory_router
from samverkan.directory.api_people import router as people_router
from samverkan.matching.api import router as matching_router
from samverkan.needs.api import router as needs_router
from samverkan.places.api import router as places_router
from samverkan.sdg.api import router as sdg_router

api = NinjaAPI(
    title="Samverkan API",
    version="1",
    description=(
        "Open data about collaboration between universities and municipalities: places, "
        "organisations and the Global Goals. Lists are paginated with `limit` and `offset` and "
        "report the total `count`. Errors are JSON objects with a `detail` field."
    ),
    openapi_extra={"info": {"x-samverkan-version": __version__}},
    urls_namespace="api",
)
api.add_router("/", places_router)
api.add_router("/", directory_router)
api.add_router("/", people_router)
api.add_router("/", catalogue_router)
api.add_router("/", collaborations_router)
api.add_router("/sdg/", sdg_router)
api.add_router("/", arenas_router)
api.add_router("/", matching_router)
api.add_router("/", needs_router)


def _describe(error: dict) -> str:
    location = ".".join(str(part) for part in error.get("loc", []) if part not in {"query", "path"})
    return f"{location}: {error.get('msg', 'invalid value')}" if location else error["msg"]


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Malformed input is the caller's error: 400 with a readable message per field."""
    return api.create_response(
        request,
        {"detail": "; ".join(_describe(error) for error in exc.errors), "errors": exc.errors},
        status=400,
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "Authentication required."}, status=401)
