"""The OpenAPI document, saying what the API does: problem responses where they occur, and
how staff authenticate.

FastAPI declares only each route's success and a 422 in its own shape; every error here is an
RFC 9457 problem (``api/errors.py``). This adds, per operation, the problems it can answer,
read from what the route depends on: 401 and 403 where a staff member is (or may be) the
caller, 403 on writes (CSRF and foreign origins), 404 where a path, a query or a body names
a record (an id, a slot), 409 on writes (conflicts), 400 and 422 where input is parsed, 429
on log-in, and a problem for anything else (``default``).
"""

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI, routing
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi

from api import deps
from api.errors import PROBLEM

WRITES = frozenset({"post", "put", "patch", "delete"})
RATE_LIMITED = frozenset(
    {
        ("/api/v1/auth/login", "post"),
        ("/api/v1/auth/tokens", "post"),
        ("/api/v1/auth/password-reset", "post"),
        ("/api/v1/auth/me/password", "post"),
    }
)
SECURITY = [{"bearer": []}, {"session": []}]

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details; `errors` names each input at fault.",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "reason"],
                "properties": {"field": {"type": "string"}, "reason": {"type": "string"}},
            },
        },
    },
}
SCHEMES = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "A token from `POST /api/v1/auth/tokens`.",
    },
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": deps.SESSION_COOKIE,
        "description": "The console's session from `POST /api/v1/auth/login`; writes also "
        f"send `{deps.CSRF_HEADER}`.",
    },
}
REASONS = {
    "400": "The body could not be read",
    "401": "Not logged in, or the session has ended",
    "403": "The caller's role does not allow this, or the request came from a foreign page",
    "404": "No such record, or not one the caller may see",
    "409": "It collides with the current state (taken, closed, already there)",
    "422": "Invalid input: `errors` names each field and says why",
    "429": "Too many tries: wait `Retry-After` seconds",
    "default": "Any other problem",
}


def _calls(dependant: Dependant) -> Iterator[object]:
    for sub in dependant.dependencies:
        yield sub.call
        yield from _calls(sub)


def _problem(code: str) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "description": REASONS[code],
        "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    if code == "429":
        answer["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
    return answer


def _names_a_record(name: str) -> bool:
    return name.endswith(("_id", "_ids")) or name == "slot"  # a slot names its service


def _body_fields(operation: dict[str, Any], schemas: dict[str, Any]) -> list[str]:
    """The top-level field names of the operation's JSON body."""
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    if "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
    return list(schema.get("properties", {}))


def _codes(
    route: routing.APIRoute, method: str, operation: dict[str, Any], schemas: dict[str, Any]
) -> set[str]:
    calls = set(_calls(route.dependant))
    staff, maybe_staff = deps.current_actor in calls, deps.optional_actor in calls
    parameters = operation.get("parameters", [])
    body = "requestBody" in operation
    names_a_record = any(
        p["in"] == "path" or _names_a_record(p["name"]) for p in parameters
    ) or any(_names_a_record(name) for name in _body_fields(operation, schemas))
    codes = {"default"}
    if body:
        codes |= {"400", "422"}
    if parameters:
        codes.add("422")
    if staff or maybe_staff:
        codes |= {"401", "403"}
    if method in WRITES:
        codes |= {"403", "409"}
    if names_a_record:
        codes.add("404")
    if (route.path_format, method) in RATE_LIMITED:
        codes.add("429")
    return codes


def document(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document of ``app``, built once."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, summary=app.summary, routes=app.routes
    )
    for context in routing.iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, routing.APIRoute) or not route.include_in_schema:
            continue
        for method in (m.lower() for m in route.methods):
            operation = schema["paths"][route.path_format][method]
            responses = operation["responses"]
            for code in _codes(route, method, operation, schema["components"]["schemas"]):
                responses[code] = _problem(code)
            calls = set(_calls(route.dependant))
            if deps.current_actor in calls:
                operation["security"] = SECURITY
            elif deps.optional_actor in calls:
                operation["security"] = [{}, *SECURITY]
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    schemas["Problem"] = PROBLEM_SCHEMA
    components["securitySchemes"] = SCHEMES
    app.openapi_schema = schema
    return schema


def install(app: FastAPI) -> None:
    """Serve ``document`` at ``/openapi.json``."""
    app.openapi = lambda: document(app)  # type: ignore[method-assign]
