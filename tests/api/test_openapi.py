import importlib
import pkgutil
from collections import defaultdict

import pytest
from ninja import Schema

import samverkan
from samverkan.api.urls import api

SCHEMA = api.get_openapi_schema()
OPERATIONS = [
    (method.upper(), path, operation)
    for path, methods in SCHEMA["paths"].items()
    for method, operation in methods.items()
]
IDS = [f"{method} {path}" for method, path, _ in OPERATIONS]
ERROR_REF = "#/components/schemas/ErrorOut"


def project_schemas() -> dict[str, set[str]]:
    """Schema class name -> the modules defining a schema of that name, in every API module."""
    for module in pkgutil.walk_packages(samverkan.__path__, "samverkan."):
        if module.name.rsplit(".", 1)[-1].startswith("api"):
            importlib.import_module(module.name)
    found: dict[str, set[str]] = defaultdict(set)
    pending = list(Schema.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("samverkan."):
            found[cls.__name__].add(cls.__module__)
    return found


def test_no_two_api_schemas_share_a_name():
    """The document names its components by class name, so a second class of the same name
    silently replaces the first in every operation that uses either."""
    shared = {name: modules for name, modules in project_schemas().items() if len(modules) > 1}
    assert not shared


def test_the_match_operation_documents_its_ranked_results():
    response = SCHEMA["paths"]["/api/v1/match"]["post"]["responses"][200]
    ref = response["content"]["application/json"]["schema"]["$ref"]
    component = SCHEMA["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    assert {"results", "truncated", "mode"} <= set(component["properties"])


def error_ref(operation: dict, status: int) -> str | None:
    response = operation["responses"].get(status)
    return response and response["content"]["application/json"]["schema"].get("$ref")


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=IDS)
def test_an_operation_that_reads_input_declares_the_400_error(method, path, operation):
    if operation.get("parameters") or "requestBody" in operation:
        assert error_ref(operation, 400) == ERROR_REF


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=IDS)
def test_an_operation_on_one_object_declares_the_404_error(method, path, operation):
    if any(parameter["in"] == "path" for parameter in operation.get("parameters", [])):
        assert error_ref(operation, 404) == ERROR_REF


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=IDS)
def test_a_write_declares_the_403_error_of_a_missing_csrf_token(method, path, operation):
    computes_only = path in {"/api/v1/match", "/api/v1/sdg/suggest"}
    if method != "GET" and not computes_only:
        assert error_ref(operation, 403) == ERROR_REF


def test_every_declared_error_is_an_error_object():
    for method, path, operation in OPERATIONS:
        for status in operation["responses"]:
            if int(status) >= 400:
                assert error_ref(operation, status) == ERROR_REF, f"{method} {path} {status}"
