"""The phone-number reader the pages ask: typed in, the one parse (core.phones) out.

The router is mounted on a bare app with the error table, as create_app mounts it."""

import httpx
import pytest
from fastapi import FastAPI

from api import errors
from api.routes import phones


@pytest.fixture
async def client():
    app = FastAPI()
    errors.install(app)
    app.include_router(phones.router)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


@pytest.mark.parametrize(
    ("typed", "e164", "mobile"),
    [
        ("040 123 4567", "+358401234567", True),
        ("+358 40 123 4567", "+358401234567", True),
        ("00358401234567", "+358401234567", True),
        ("(09) 310 1691", "+35893101691", False),
        ("+46 70 123 45 67", "+46701234567", True),
    ],
)
async def test_a_typed_number_is_answered_in_its_international_form(client, typed, e164, mobile):
    response = await client.get("/api/v1/phone-numbers", params={"number": typed})
    assert response.status_code == 200
    assert response.json() == {"e164": e164, "mobile": mobile}


@pytest.mark.parametrize("typed", ["12", "040", "not a number", "+999 123"])
async def test_a_number_that_cannot_be_one_is_a_422_problem_naming_the_field(client, typed):
    response = await client.get("/api/v1/phone-numbers", params={"number": typed})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"].endswith("/problems/invalid-input")
    assert [error["field"] for error in problem["errors"]] == ["number"]


async def test_a_missing_number_is_a_422_problem(client):
    response = await client.get("/api/v1/phone-numbers")
    assert response.status_code == 422
