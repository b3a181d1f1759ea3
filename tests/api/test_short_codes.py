"""The short code an operator reads out: eight digits, kept only as a keyed hash, that open
the booking's link until it expires; a wrong one is 404, ten wrong from one address in a
minute are 429."""

import hashlib
from datetime import timedelta
from uuid import UUID, uuid4

import pytest
from sqlalchemy import select

from core.config import Settings
from notifications import links
from scheduling.models import Booking, ShortCodeAttempt
from tests.api import scheduling_world as sw

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
async def booked(client, network):
    slots = (await client.get("/api/v1/slots", params=sw.search_params(network))).json()["slots"]
    response = await client.post("/api/v1/bookings", json=sw.client_body(slots[0]["slot"]))
    assert response.status_code == 201, response.text
    return response.json()


def test_a_code_is_eight_digits_and_nothing_else() -> None:
    codes = {links.short_code("secret", booking_id=uuid4(), salt=str(n)) for n in range(2000)}
    assert all(len(code) == 8 and set(code) <= set("0123456789") for code in codes)
    assert len(codes) > 1990  # spread over the hundred million, not a few
    assert {code[0] for code in codes} == set("0123456789")  # leading zeros kept
    assert links.SHORT_CODE_ALPHABET == "0123456789"  # no letters: no l/I, O/0 to mix up
    assert links.typed_code(" 1234-56 78 ") == "12345678"
    assert links.grouped_code("01234567") == "0123 4567"


async def test_booking_answers_the_code_grouped_for_reading_out(booked) -> None:
    code = booked["short_code"]
    assert len(code) == 9 and code[4] == " " and code.replace(" ", "").isdigit()


async def test_the_code_is_kept_only_as_a_keyed_hash(booked, session, settings: Settings):
    code = booked["short_code"].replace(" ", "")
    row = await session.get(Booking, UUID(booked["booking"]["id"]))
    assert row is not None and row.short_code_hash is not None
    assert row.short_code_hash == links.short_code_hash(settings.secret_key, code)
    assert row.short_code_hash != hashlib.sha256(code.encode()).hexdigest()
    stored = " ".join(str(value) for value in row.model_dump().values())
    assert code not in stored and booked["short_code"] not in stored


async def test_the_code_opens_the_bookings_own_link(client, booked) -> None:
    response = await client.post("/code", json={"code": booked["short_code"]})
    assert response.status_code == 200, response.text
    assert response.headers["Cache-Control"] == "no-store"
    link = response.json()["link"]
    assert booked["client_link"].endswith(link)
    shown = await client.get(link, headers={"Accept": "application/json"})
    assert shown.status_code == 200 and shown.json()["starts_at"] == booked["booking"]["starts_at"]
    # As typed on a keypad, or said with dashes: the same booking.
    spaced = "-".join(booked["short_code"].replace(" ", ""))
    assert (await client.post("/code", json={"code": spaced})).json()["link"] == link


async def test_the_operator_sees_the_code_on_the_client_card(client, booked, network) -> None:
    client_id = booked["booking"]["client_id"]
    response = await client.get(
        f"/api/v1/clients/{client_id}/bookings", headers=network.operator.headers
    )
    assert response.status_code == 200, response.text
    (coming,) = response.json()
    assert coming["short_code"] == booked["short_code"]


async def test_a_wrong_code_is_not_found_and_says_which_field(client, booked) -> None:
    right = booked["short_code"].replace(" ", "")
    wrong = f"{(int(right) + 1) % 10**8:08d}"
    response = await client.post("/code", json={"code": wrong})
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "code"
    assert (await client.post("/code", json={"code": right[:7]})).status_code == 404


async def test_ten_wrong_codes_in_a_minute_hold_the_address_back(
    client, booked, frozen, session
) -> None:
    right = booked["short_code"]
    wrong = f"{(int(right.replace(' ', '')) + 7) % 10**8:08d}"
    for _ in range(10):
        assert (await client.post("/code", json={"code": wrong})).status_code == 404
    held = await client.post("/code", json={"code": right})
    assert held.status_code == 429
    assert 1 <= int(held.headers["Retry-After"]) <= 60
    assert len(list(await session.scalars(select(ShortCodeAttempt.id)))) == 10
    frozen.advance(timedelta(seconds=61))
    assert (await client.post("/code", json={"code": right})).status_code == 200


async def test_the_code_expires_with_the_link(client, booked, frozen, session) -> None:
    row = await session.get(Booking, UUID(booked["booking"]["id"]))
    assert row is not None
    frozen.advance(row.client_token_expires_at - sw.NOW)
    assert (await client.post("/code", json={"code": booked["short_code"]})).status_code == 404
    path = "/" + booked["client_link"].split("/", 3)[3]
    assert (await client.get(path, headers={"Accept": "application/json"})).status_code == 404


async def test_the_code_page_is_served(client) -> None:
    response = await client.get("/code")
    assert response.status_code == 200 and "code.js" in response.text
