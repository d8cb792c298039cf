"""The OpenAPI document declares the errors every operation can answer with.

The exception handlers (``errors``) and the CSRF check (``csrf``) apply to every operation, so the
error responses they produce are declared here once instead of on each operation: 400 for any
operation that reads parameters or a body, 404 for one with an object in its path, 403 for a write
a session must send its CSRF token with, and 401 for one that requires a log-in. An operation's
own declaration of the same status is kept.
"""

from http import HTTPStatus
from typing import Any

from ninja import NinjaAPI, Schema
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from samverkan.api.csrf import SAFE_METHODS
from samverkan.kernel.schemas import ErrorOut


def error_statuses(operation: Operation) -> set[int]:
    """The error statuses the shared handlers and checks can give this operation."""
    sources = {model.__ninja_param_source__ for model in operation.models}
    statuses = {400} if sources else set()
    if "path" in sources:
        statuses.add(404)
    if set(operation.methods) - SAFE_METHODS and not operation.csrf_exempt:
        statuses.add(403)
    if operation.auth_callbacks:
        statuses.add(401)
    return statuses


class ErrorResponse(Schema):
    """The shape ninja documents a response model in, so that the error is a reference."""

    response: ErrorOut


class ErrorsDeclared(OpenAPISchema):
    def responses(self, operation: Operation) -> dict[int, dict[str, Any]]:
        declared = super().responses(operation)
        missing = error_statuses(operation) - set(declared)
        if not missing:
            return declared
        schema = self._create_schema_from_model(ErrorResponse, mode="serialization")[0]
        content = {self.api.renderer.media_type: {"schema": schema}}
        for status in sorted(missing):
            declared[status] = {"description": HTTPStatus(status).phrase, "content": content}
        return dict(sorted(declared.items()))


class DocumentedAPI(NinjaAPI):
    """The project's API: its OpenAPI document lists the shared error responses."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return ErrorsDeclared(api=self, path_prefix=path_prefix)
