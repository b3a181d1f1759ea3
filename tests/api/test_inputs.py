"""Input any client can send is refused with a 422 naming the field, never a 500: NUL
characters anywhere (PostgreSQL cannot store them) and dates outside 2000..2100."""

import pytest

from core import clock
from tests.api import scheduling_world as sw

LOGIN = "/api/v1/auth/login"
TOKENS = "/api/v1/auth/tokens"


def _fields(response) -> list[str]:
    return [error["field"] for error in response.json().get("errors", [])]


@pytest.mark.parametrize("path", [LOGIN, TOKENS])
async def test_nul_in_the_login_email_is_422_naming_the_field(client, world, path) -> None:
    response = await client.post(path, json={"email": "advisor@oulu.fi\x00", "password": "x"})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert _fields(response) == ["email"]
    assert "NUL" in response.json()["errors"][0]["reason"]


async def test_nul_in_a_nested_key_or_a_list_is_422_naming_where(client, world) -> None:
    body = {"email": "a@b.fi", "password": "x", "extra": [{"ok": "yes"}, {"bad\x00": 1}]}
    response = await client.post(LOGIN, json=body)
    assert response.status_code == 422, response.text
    assert _fields(response) == ["extra.1.bad\\u0000"]


async def test_nul_in_a_query_parameter_is_422(client, world) -> None:
    response = await client.get(
        "/api/v1/clients", params={"phone": "+358401112223\x00"}, headers=world.operator.headers
    )
    assert response.status_code == 422, response.text
    assert _fields(response) == ["phone"]


async def test_nul_in_a_path_parameter_is_422(client, world) -> None:
    response = await client.get("/api/v1/municipalities/56%004")
    assert response.status_code == 422, response.text
    assert _fields(response) == ["code"]


async def test_an_escaped_backslash_before_u0000_is_plain_text(client, world) -> None:
    # The JSON text "\\u0000" is a backslash and five characters, not a NUL.
    response = await client.post(
        LOGIN,
        content=b'{"email": "a\\\\u0000@oulu.fi", "password": "x"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 401, response.text


@pytest.fixture
async def network(session):
    with clock.frozen(sw.NOW):
        yield await sw.build(session)


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"])
async def test_slot_search_far_from_now_is_422(client, network, day) -> None:
    params = sw.search_params(network, **{"from": day, "to": day})
    response = await client.get("/api/v1/slots", params=params)
    assert response.status_code == 422, response.text
    assert set(_fields(response)) == {"from", "to"}
    assert "2000-01-01 to 2100-12-31" in response.json()["errors"][0]["reason"]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
async def test_day_view_far_from_now_is_422(client, network, day) -> None:
    response = await client.get(
        "/api/v1/bookings", params={"on": day}, headers=network.finnish.headers
    )
    assert response.status_code == 422, response.text
    assert _fields(response) == ["on"]


async def test_slot_search_at_the_edges_of_the_range_answers(client, network) -> None:
    for day in ("2000-01-01", "2100-12-31"):
        params = sw.search_params(network, **{"from": day, "to": day})
        response = await client.get("/api/v1/slots", params=params)
        assert response.status_code == 200, response.text
