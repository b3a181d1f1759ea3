"""Call-back requests through the API: a client's "call me" (bad numbers refused, nothing
queued), the operators' queue with who is free now, three unanswered tries and one SMS, a
booking made from a request that closes it in the same step (or is not made), another
organisation's request hidden, the figures."""

from uuid import UUID

import pytest
from sqlalchemy import func, select

from notifications.models import Message, MessageKind
from scheduling.models import Booking, CallbackRequest, CallbackStatus
from tests import factories
from tests.api import scheduling_world as sw

pytestmark = pytest.mark.usefixtures("frozen")

MOBILE = "040 765 4321"


async def _ask(client, network, phone: str = MOBILE, **change):
    body = {"phone": phone, "language": "ti", **change}
    return await client.post("/api/v1/callbacks", json=body)


async def _count(session, model=CallbackRequest, *where) -> int:
    return await session.scalar(select(func.count()).select_from(model).where(*where))


async def _queue(client, person) -> list[dict]:
    response = await client.get("/api/v1/callbacks", headers=person.headers)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("phone", ["12345", "08 5550100", "not a number", "+358 40"])
async def test_a_malformed_or_fixed_line_number_is_422_and_nothing_is_queued(
    client, network, session, phone
):
    response = await _ask(client, network, phone)
    assert response.status_code == 422, response.text
    assert "phone" in response.text
    assert await _count(session) == 0


async def test_a_request_is_received_with_roughly_when_and_joins_the_queue(
    client, network, session
):
    network.oulu.phone_e164 = "+35885550100"
    await session.commit()
    response = await _ask(client, network, topic="housing")
    assert response.status_code == 201, response.text
    received = response.json()
    # Monday 10:00 in Helsinki, advisors open 09-15: the call comes today.
    assert received["today"] is True and received["expected_on"] == "2026-03-23"
    assert received["organisation_phone_label"] == "08 5550100"
    assert "phone" not in received  # the number is not echoed back
    queued = await _queue(client, network.operator)
    assert [(q["language"], q["phone"], q["topic"]) for q in queued] == [
        ("ti", "+358407654321", "housing")
    ]
    assert queued[0]["due"] is True and queued[0]["attempts"] == 0
    # Nobody speaks Tigrinya: no own-language advisor, no interpreter free.
    assert (queued[0]["own_language_free"], queued[0]["interpreter_free"]) == (False, False)


async def test_the_queue_says_who_speaks_the_language_and_is_free_now(client, network):
    assert (await _ask(client, network, language="ar")).status_code == 201
    [arabic] = await _queue(client, network.operator)
    assert (arabic["own_language_free"], arabic["interpreter_free"]) == (True, True)


async def test_one_open_request_per_number_and_service(client, network):
    assert (await _ask(client, network)).status_code == 201
    again = await _ask(client, network, "+358407654321")
    assert again.status_code == 409, again.text
    for_service = await _ask(client, network, service_id=str(network.service.id))
    assert for_service.status_code == 201  # another service: its own request
    assert (await _ask(client, network, service_id=str(network.service.id))).status_code == 409


async def test_requests_are_capped_per_number_and_per_address(client, network, session):
    services = [network.service.id]
    for slug in ("kaksi", "kolme"):
        services.append((await factories.service(session, network.oulu.id, slug)).id)
    await session.commit()
    for service_id in services:
        assert (await _ask(client, network, service_id=str(service_id))).status_code == 201
    fourth = await _ask(client, network)
    assert fourth.status_code == 409 and "several" in fourth.json()["detail"]
    for n in range(7):  # ten open from this address now
        assert (await _ask(client, network, f"+35850{n:07d}")).status_code == 201
    eleventh = await _ask(client, network, "+358509999999")
    assert eleventh.status_code == 409 and "from here" in eleventh.json()["detail"]
    assert await _count(session) == 10


async def test_three_unanswered_tries_give_up_and_put_one_sms_in_the_outbox(
    client, network, session
):
    network.oulu.phone_e164 = "+35885550100"
    await session.commit()
    assert (await _ask(client, network)).status_code == 201
    [request] = await _queue(client, network.operator)
    path = f"/api/v1/callbacks/{request['id']}/attempts"
    for attempt in (1, 2, 3):
        tried = await client.post(
            path, json={"outcome": "no_answer"}, headers=network.operator.headers
        )
        assert tried.status_code == 200, tried.text
        assert tried.json()["attempts"] == attempt
        assert tried.json()["sms_sent"] is (attempt == 3)
        if attempt < 3:
            assert tried.json()["due"] is False  # tried again later
    assert tried.json()["status"] == "gave_up"
    fourth = await client.post(
        path, json={"outcome": "no_answer"}, headers=network.operator.headers
    )
    assert fourth.status_code == 409
    sms = (
        await session.scalars(select(Message).where(Message.kind == MessageKind.CALLBACK_MISSED))
    ).all()
    assert [(m.recipient, m.language, m.params["phone"]) for m in sms] == [
        ("+358407654321", "ti", "08 5550100")
    ]
    assert await _queue(client, network.operator) == []


async def test_helped_closes_the_request(client, network, session):
    assert (await _ask(client, network)).status_code == 201
    [request] = await _queue(client, network.operator)
    helped = await client.post(
        f"/api/v1/callbacks/{request['id']}/attempts",
        json={"outcome": "helped"},
        headers=network.arabic.headers,  # an advisor may answer the queue too
    )
    assert helped.status_code == 200 and helped.json()["status"] == "helped"
    row = await session.get(CallbackRequest, UUID(request["id"]))
    assert row.closed_by_staff_id == network.arabic.id


async def _first_slot(client, network) -> str:
    found = await client.get(
        "/api/v1/slots", params=sw.search_params(network), headers=network.operator.headers
    )
    assert found.status_code == 200, found.text
    return found.json()["slots"][0]["slot"]


async def _book_from(client, person, request_id: str, slot: str, **change):
    body = {**sw.client_body(slot, **change), "callback_request_id": request_id}
    return await client.post("/api/v1/bookings", json=body, headers=person.headers)


async def test_a_booking_from_a_request_closes_it_in_the_same_step(client, network, session):
    assert (await _ask(client, network, sw.client_body("x")["client"]["phone"])).status_code == 201
    [request] = await _queue(client, network.operator)
    made = await _book_from(
        client, network.operator, request["id"], await _first_slot(client, network)
    )
    assert made.status_code == 201, made.text
    booking_id = made.json()["booking"]["id"]
    row = await session.get(CallbackRequest, UUID(request["id"]))
    await session.refresh(row)
    assert row.status == CallbackStatus.BOOKED and str(row.booked_booking_id) == booking_id
    assert row.closed_by_staff_id == network.operator.id and row.attempts == 1
    assert await _queue(client, network.operator) == []
    # Closed now: a second booking from it is refused, and nothing is booked.
    again = await _book_from(
        client, network.operator, request["id"], await _first_slot(client, network)
    )
    assert again.status_code == 409, again.text
    assert await _count(session, Booking) == 1
    # The old second call is gone: the booking closes the request by itself.
    old = await client.post(
        f"/api/v1/callbacks/{request['id']}/booked",
        json={"booking_id": booking_id},
        headers=network.operator.headers,
    )
    assert old.status_code in (404, 405)


async def test_a_retried_booking_from_a_request_gives_the_first_booking_back(
    client, network, session
):
    assert (await _ask(client, network, "+358401112223")).status_code == 201
    [request] = await _queue(client, network.operator)
    body = {
        **sw.client_body(await _first_slot(client, network)),
        "callback_request_id": request["id"],
    }
    key = {**network.operator.headers, "Idempotency-Key": "callback-retry-1"}
    first = await client.post("/api/v1/bookings", json=body, headers=key)
    second = await client.post("/api/v1/bookings", json=body, headers=key)
    assert (first.status_code, second.status_code) == (201, 201), second.text
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert second.json()["booking"]["id"] == first.json()["booking"]["id"]
    assert await _count(session, Booking) == 1


async def test_a_booking_for_another_number_is_refused_and_leaves_the_request_open(
    client, network, session
):
    assert (await _ask(client, network)).status_code == 201  # MOBILE asked
    [request] = await _queue(client, network.operator)
    made = await _book_from(
        client, network.operator, request["id"], await _first_slot(client, network)
    )
    assert made.status_code == 422, made.text  # client_body books +358401112223
    assert "callback_request_id" in made.text
    assert await _count(session, Booking) == 0
    [still] = await _queue(client, network.operator)
    assert still["id"] == request["id"] and still["attempts"] == 0


async def test_a_booking_from_another_organisations_request_is_refused(client, network, session):
    assert (await _ask(client, network, "+358401112223")).status_code == 201
    [request] = await _queue(client, network.operator)
    slot = await _first_slot(client, network)
    outsider = await _book_from(client, network.outsider, request["id"], slot)
    assert outsider.status_code == 404, outsider.text
    public = await client.post(
        "/api/v1/bookings", json={**sw.client_body(slot), "callback_request_id": request["id"]}
    )
    assert public.status_code == 404, public.text  # a client's own booking answers none
    unknown = await _book_from(client, network.operator, str(network.service.id), slot)
    assert unknown.status_code == 404, unknown.text
    assert await _count(session, Booking) == 0
    assert [q["id"] for q in await _queue(client, network.operator)] == [request["id"]]


async def test_another_organisations_request_is_not_found(client, network, session):
    assert (await _ask(client, network)).status_code == 201
    [request] = await _queue(client, network.operator)
    assert await _queue(client, network.outsider) == []
    tried = await client.post(
        f"/api/v1/callbacks/{request['id']}/attempts",
        json={"outcome": "helped"},
        headers=network.outsider.headers,
    )
    assert tried.status_code == 404
    row = await session.get(CallbackRequest, UUID(request["id"]))
    assert row.status == CallbackStatus.OPEN and row.attempts == 0


async def test_an_interpreter_may_not_read_the_queue(client, network):
    response = await client.get("/api/v1/callbacks", headers=network.interpreter.headers)
    assert response.status_code == 403


async def test_figures_count_requests_and_the_same_day_share(client, network):
    for phone in ("+358401000001", "+358401000002"):
        assert (await _ask(client, network, phone)).status_code == 201
    first = (await _queue(client, network.operator))[0]
    await client.post(
        f"/api/v1/callbacks/{first['id']}/attempts",
        json={"outcome": "helped"},
        headers=network.operator.headers,
    )
    figures = await client.get("/api/v1/callbacks/figures", headers=network.admin.headers)
    assert figures.status_code == 200, figures.text
    found = figures.json()
    assert (found["requests"], found["called_back_same_day"], found["same_day_share"]) == (
        2,
        1,
        0.5,
    )
    assert (found["helped"], found["open"]) == (1, 1)


async def test_a_request_from_the_booking_link_takes_the_bookings_number(client, network):
    slots = (await client.get("/api/v1/slots", params=sw.search_params(network))).json()["slots"]
    made = (await client.post("/api/v1/bookings", json=sw.client_body(slots[0]["slot"]))).json()
    token = made["client_link"].rsplit("/", 1)[1]
    asked = await client.post(f"/b/{token}/callback", json={"topic": "booking"})
    assert asked.status_code == 201, asked.text
    [request] = await _queue(client, network.operator)
    assert (request["phone"], request["language"], request["source"]) == (
        "+358401112223",
        "ar",
        "booking_link",
    )
    assert request["booking_id"] == made["booking"]["id"]
    assert (await client.post("/b/not-a-token/callback", json={})).status_code == 404


async def test_the_offer_says_whether_a_language_is_booked_by_ear(client):
    somali = await client.get("/api/v1/callbacks/offer", params={"language": "so"})
    assert somali.json() == {"language": "so", "path_heard": False}
    finnish = await client.get("/api/v1/callbacks/offer", params={"language": "fi"})
    assert finnish.json()["path_heard"] is True
    assert (
        await client.get("/api/v1/callbacks/offer", params={"language": "xx"})
    ).status_code == 422
