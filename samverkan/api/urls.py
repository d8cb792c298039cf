"""The public JSON API (``/api/v1/``): one NinjaAPI, one router per domain app."""

from samverkan import __version__
from samverkan.activities.api import router as activities_router
from samverkan.activities.api_followup import router as followup_router
from samverkan.api import errors
from samverkan.api.csrf import session_writes_need_csrf
from samverkan.api.openapi import DocumentedAPI
from samverkan.arenas.api import router as arenas_router
from samverkan.catalogue.api import router as catalogue_router
from samverkan.collaborations.api import router as collaborations_router
from samverkan.directory.api import router as directory_router
from samverkan.directory.api_people import router as people_router
from samverkan.matching.api import router as matching_router
from samverkan.matching.api_goals import router as goal_suggestions_router
from samverkan.needs.api import router as needs_router
from samverkan.places.api import router as places_router
from samverkan.sdg.api import router as sdg_router

api = DocumentedAPI(
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
api.add_router("/sdg/", goal_suggestions_router)
api.add_router("/", arenas_router)
api.add_router("/", activities_router)
api.add_router("/", followup_router)
api.add_router("/", matching_router)
api.add_router("/", needs_router)

api.add_decorator(session_writes_need_csrf)
errors.install(api)
