"""The OpenAPI document declares the problems each operation answers, and its schemas agree
with what the API sends (wall times, language codes, either client or client_id)."""

import json

import pytest


@pytest.fixture
async def document(client) -> dict:
    return (await client.get("/openapi.json")).json()


def _operations(document: dict):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


async def test_every_error_answer_is_declared_as_a_problem(document) -> None:
    for path, method, operation in _operations(document):
        for code, answer in operation["responses"].items():
            if code == "default" or code.startswith("4"):
                assert list(answer["content"]) == ["application/problem+json"], (path, method)
    assert "HTTPValidationError" not in json.dumps(document)


@pytest.mark.parametrize(
    ("path", "method", "codes"),
    [
        ("/api/v1/staff/{staff_id}", "patch", {"400", "401", "403", "404", "409", "422"}),
        ("/api/v1/auth/tokens", "post", {"400", "403", "409", "422", "429"}),
        ("/api/v1/slots", "get", {"401", "403", "404", "422"}),
        ("/api/v1/languages", "get", set()),
    ],
)
async def test_an_operation_declares_the_problems_it_can_answer(document, path, method, codes):
    declared = set(document["paths"][path][method]["responses"]) - {"default"}
    assert declared - {"200", "201", "204"} == codes


async def test_staff_operations_declare_how_to_authenticate(document) -> None:
    assert set(document["components"]["securitySchemes"]) == {"bearer", "session"}
    assert {"bearer": []} in document["paths"]["/api/v1/staff"]["get"]["security"]
    assert {} in document["paths"]["/api/v1/slots"]["get"]["security"]  # public, or staff
    assert "security" not in document["paths"]["/api/v1/languages"]["get"]


async def test_no_schema_declares_format_time_which_needs_an_offset(document) -> None:
    assert '"format": "time"' not in json.dumps(document)
    rule = document["components"]["schemas"]["RuleRead"]["properties"]["starts"]
    assert rule["pattern"].startswith("^([01][0-9]|2[0-3])")


async def test_rules_the_schema_can_hold_are_in_it(document) -> None:
    schemas = document["components"]["schemas"]
    assert schemas["BookingCreate"]["oneOf"] == [
        {"required": ["client"]},
        {"required": ["client_id"]},
    ]
    assert schemas["ClientLinkAction"]["then"] == {"required": ["slot"]}
    language = schemas["ClientCreate"]["properties"]["preferred_language"]
    assert "ar" in language["enum"] and "" not in language["enum"]
