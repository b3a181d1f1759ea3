"""Booking: by clients and operators, idempotent, fairly assigned, never overlapping; the
client link shows, cancels and moves; statuses are audited."""

from datetime import timedelta
from uuid import UUID

import pytest
from sqlalchemy import func, select

from access.models import AuditEvent
from core import tokens
from scheduling.models import Booking, BusyInterval, Client
from tests.api import scheduling_world as sw

# The clock stands at the scheduling world's Monday morning in every test here.
pytestmark = pytest.mark.usefixtures("frozen")


async def _slots(client, network, **change):
    response = await client.get("/api/v1/slots", params=sw.search_params(network, **change))
    return response.json()["slots"]


async def _book(client, slot, headers=None, **change):
    return await client.post(
        "/api/v1/bookings", json=sw.client_body(slot, **change), headers=headers or {}
    )


async def _count(session, model=Booking):
    return await session.scalar(select(func.count()).select_from(model))


async def test_client_books_a_slot_and_gets_a_link(client, network, session):
    slot = (await _slots(client, network))[0]
    response = await _book(client, slot["slot"])
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["booking"]["starts_at"] == "2026-03-24T07:00:00Z"
    assert body["booking"]["advisor_id"] == str(network.arabic.id)  # own language first
    assert body["booking"]["own_language"] and not body["booking"]["needs_interpreter"]
    token = body["client_link"].rsplit("/b/", 1)[1]
    stored = await session.get(Booking, UUID(body["booking"]["id"]))
    assert stored.client_token_hash == tokens.hash_token(token) and token not in str(
        stored.model_dump()
    )
    people = set(await session.scalars(select(BusyInterval.person_id)))
    assert people == {network.arabic.id, stored.client_id}


async def test_booked_slot_leaves_the_other_advisor_and_needs_an_interpreter(client, network):
    first = (await _slots(client, network))[0]
    await _book(client, first["slot"])
    again = (await _slots(client, network))[0]
    assert again["starts_at"] == first["starts_at"] and again["needs_interpreter"]
    second = await _book(client, again["slot"], phone="+358401112224")
    assert second.json()["booking"]["advisor_id"] == str(network.finnish.id)
    third = await _book(client, again["slot"], phone="+358401112225")
    assert third.status_code == 409
    problem = third.json()
    assert problem["type"] == "/problems/slot-unavailable"
    assert problem["next_slots"] and problem["next_slots"][0]["starts_at"] > first["starts_at"]
    # Each says, as the search does, whether an advisor speaks the language or one interprets.
    searched = {s["starts_at"]: s["own_language"] for s in await _slots(client, network)}
    assert all(
        isinstance(n["own_language"], bool) and n["own_language"] == searched[n["starts_at"]]
        for n in problem["next_slots"]
    ), (problem["next_slots"], searched)


async def test_next_slot_from_a_409_can_be_booked(client, network):
    slot = (await _slots(client, network))[0]["slot"]
    await _book(client, slot)
    await _book(client, slot, phone="+358401112224")
    refused = await _book(client, slot, phone="+358401112225")
    offered = refused.json()["next_slots"][0]["slot"]
    assert (await _book(client, offered, phone="+358401112225")).status_code == 201


async def test_fair_assignment_spreads_a_day_between_advisors(client, network, session):
    await sw.interpreter(session, network.oulu.id, ("so",))  # neither advisor speaks Somali
    await sw.interpreter(session, network.oulu.id, ("so",))
    await session.commit()
    slots = await _slots(client, network, language="so")
    first = await _book(client, slots[0]["slot"], preferred_language="so")
    second = await _book(client, slots[1]["slot"], preferred_language="so", phone="+358401112224")
    advisors = {first.json()["booking"]["advisor_id"], second.json()["booking"]["advisor_id"]}
    assert advisors == {str(network.arabic.id), str(network.finnish.id)}


async def test_same_idempotency_key_and_body_returns_the_first_booking(client, network, session):
    slot = (await _slots(client, network))[0]["slot"]
    headers = {"Idempotency-Key": "retry-0001-abcdef"}
    first = await _book(client, slot, headers=headers)
    again = await _book(client, slot, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert await _count(session) == 1


async def test_same_idempotency_key_with_another_body_is_422(client, network, session):
    slot = (await _slots(client, network))[0]["slot"]
    headers = {"Idempotency-Key": "retry-0002-abcdef"}
    await _book(client, slot, headers=headers)
    other = await _book(client, slot, headers=headers, phone="+358409998887")
    assert other.status_code == 422 and other.json()["type"] == "/problems/idempotency-key-reused"
    assert await _count(session) == 1


async def test_operator_books_for_a_known_client(client, network):
    created = await client.post(
        "/api/v1/clients",
        json={"preferred_language": "ar", "home_municipality_code": "615"},
        headers=network.operator.headers,
    )
    slot = (await _slots(client, network))[0]["slot"]
    response = await client.post(
        "/api/v1/bookings",
        json={"slot": slot, "client_id": created.json()["id"]},
        headers=network.operator.headers,
    )
    assert response.status_code == 201, response.text
    assert response.json()["booking"]["client_id"] == created.json()["id"]


async def test_client_cannot_be_in_two_sessions_at_once(client, network):
    slot = (await _slots(client, network))[0]["slot"]
    await _book(client, slot)
    same_client_again = await _book(client, slot)
    assert same_client_again.status_code in (409,)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda ref: ref[:-2] + ("AA" if not ref.endswith("AA") else "BB"),
        lambda ref: ref.split(".")[0][:-4] + "abcd." + ref.split(".")[1],
        lambda ref: "garbage-that-is-long-enough",
    ],
)
async def test_tampered_slot_reference_is_422(client, network, session, mangle):
    slot = (await _slots(client, network))[0]["slot"]
    response = await _book(client, mangle(slot))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "slot"
    assert await _count(session) == 0


async def test_slot_from_another_search_is_422(client, network, session):
    slot = (await _slots(client, network))[0]["slot"]  # searched for Pudasjärvi, Arabic
    response = await _book(client, slot, home_municipality_code="564")
    assert response.status_code == 422
    response = await _book(client, slot, preferred_language="so")
    assert response.status_code == 422
    assert await _count(session) == 0


async def test_booking_in_the_past_or_inside_the_notice_is_422(client, network, frozen, session):
    slot = (await _slots(client, network))[0]  # Tuesday 09:00 local
    frozen.advance(timedelta(hours=22, minutes=30))  # Tuesday 08:30 local
    inside = await _book(client, slot["slot"])
    assert inside.status_code == 422 and "ahead" in inside.json()["detail"]
    frozen.advance(timedelta(hours=2))
    past = await _book(client, slot["slot"])
    assert past.status_code == 422 and "passed" in past.json()["detail"]
    assert await _count(session) == 0


async def test_a_phone_number_may_hold_three_coming_sessions(client, network):
    slots = await _slots(client, network)
    statuses = [(await _book(client, s["slot"])).status_code for s in slots[:8:2]]
    assert statuses == [201, 201, 201, 409]


async def test_booking_change_is_audited(client, network, session):
    slot = (await _slots(client, network))[0]["slot"]
    await _book(client, slot, headers=network.operator.headers)
    actions = list(
        await session.scalars(select(AuditEvent.action).where(AuditEvent.entity == "booking"))
    )
    assert actions == ["book"]


async def test_operator_bookings_with_one_phone_are_one_client_who_cannot_be_booked_twice(
    client, network, session
):
    slot = (await _slots(client, network))[0]["slot"]
    first = await _book(client, slot, headers=network.operator.headers, phone="040 111 2223")
    again = await _book(client, slot, headers=network.operator.headers, second_language="fi")
    assert first.status_code == 201, first.text
    assert again.status_code == 409 and again.json()["type"] == "/problems/client-busy"
    assert await _count(session, Client) == 1


async def test_a_public_booking_finds_the_person_an_operator_recorded(client, network, session):
    recorded = await client.post(
        "/api/v1/clients",
        json={"preferred_language": "fi", "second_language": "ar", "email": "Mai@Example.fi"},
        headers=network.operator.headers,
    )
    assert recorded.status_code == 201, recorded.text
    slot = (await _slots(client, network))[0]["slot"]
    body = {"slot": slot, "client": {"preferred_language": "ar", "email": "mai@example.fi"}}
    booked = await client.post("/api/v1/bookings", json=body)
    assert booked.status_code == 201, booked.text
    assert booked.json()["booking"]["client_id"] == recorded.json()["id"]
    assert booked.json()["booking"]["language"] == "ar"
    stored = await session.get(Client, UUID(recorded.json()["id"]))
    assert stored.preferred_language == "fi"  # what a public caller sends changes no client
