"""Phone sessions in the day view: the advisor gets the client's number, the interpreter never
does; calls are recorded (reached, no answer, wrong number) for phone sessions and video
sessions switched to the phone only, by those who may call."""

import pytest
from sqlalchemy import select

from access.models import AuditEvent
from tests.api import scheduling_world as sw

pytestmark = pytest.mark.usefixtures("frozen")

CLIENT_PHONE = "+358401112223"
DAY = "2026-03-30"
JSON = {"Accept": "application/json"}


async def _book(client, network, channel: str) -> dict:
    """An operator books the Finnish-only advisor for an Arabic client: an interpreter is needed."""
    params = sw.search_params(
        network, staff_id=str(network.finnish.id), channel=channel, **{"from": DAY, "to": DAY}
    )
    found = await client.get("/api/v1/slots", params=params, headers=network.operator.headers)
    slot = found.json()["slots"][0]
    made = await client.post(
        "/api/v1/bookings", json=sw.client_body(slot["slot"]), headers=network.operator.headers
    )
    assert made.status_code == 201, made.text
    body = made.json()
    return {**body["booking"], "path": "/b/" + body["client_link"].rsplit("/b/", 1)[1]}


@pytest.fixture
async def world(client, session):
    network = await sw.build(session)
    network.oulu.phone_e164 = "+35885550100"
    await session.commit()
    profile = {
        "kind": "interpreter",
        "languages": [{"language": "ar"}],
        "into_languages": ["fi"],
        "modes": ["phone", "video"],
        "phone": "040 555 0299",
    }
    put = await client.put(
        f"/api/v1/staff/{network.interpreter.id}/interpreter-profile",
        json=profile,
        headers=network.interpreter.headers,
    )
    assert put.status_code == 200 and put.json()["phone"] == "+358405550299", put.text
    return network


async def _accept(client, network, booking_id: str) -> None:
    offers = (await client.get("/api/v1/offers", headers=network.interpreter.headers)).json()
    offer = next(o for o in offers if o["booking_id"] == booking_id)
    accepted = await client.post(
        f"/api/v1/offers/{offer['id']}/accept", headers=network.interpreter.headers
    )
    assert accepted.status_code == 200, accepted.text


async def _day(client, person) -> list[dict]:
    response = await client.get("/api/v1/bookings", params={"on": DAY}, headers=person.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_the_advisor_sees_whom_to_call_and_the_interpreter_never_the_clients_number(
    client, world, session
):
    booking = await _book(client, world, "phone")
    await _accept(client, world, booking["id"])
    [mine] = await _day(client, world.finnish)
    phone = mine["phone"]
    assert phone["client_phone"] == CLIENT_PHONE and phone["client_phone_label"] == "040 1112223"
    assert phone["interpreter_joins"] == "phone" and phone["interpreter_phone"] == "+358405550299"
    assert mine["service_names"] == world.service.names and mine["language"] == "ar"
    # Her own day view, her offers and the booking itself: how she joins, never the number.
    answers = [
        await client.get("/api/v1/bookings", params={"on": DAY}, headers=world.interpreter.headers),
        await client.get("/api/v1/offers", headers=world.interpreter.headers),
        await client.get(f"/api/v1/bookings/{booking['id']}", headers=world.interpreter.headers),
    ]
    assert all(a.status_code == 200 for a in answers)
    for answer in answers:
        assert "1112223" not in answer.text and CLIENT_PHONE not in answer.text
    [hers] = answers[0].json()
    assert hers["phone"]["interpreter_joins"] == "phone" and hers["phone"]["client_phone"] is None
    assert hers["phone"]["calls"] == [] and hers["advisor_name"]
    # The advisor's look at the client's number is audited.
    looked = await session.scalar(
        select(AuditEvent.id).where(
            AuditEvent.actor_staff_id == world.finnish.id,
            AuditEvent.entity == "client",
            AuditEvent.action == "read",
        )
    )
    assert looked is not None


async def test_an_interpreter_with_no_number_joins_through_the_room(client, world):
    profile = {
        "kind": "interpreter",
        "languages": [{"language": "ar"}],
        "into_languages": ["fi"],
        "modes": ["phone", "video"],
    }
    await client.put(
        f"/api/v1/staff/{world.interpreter.id}/interpreter-profile",
        json=profile,
        headers=world.interpreter.headers,
    )
    booking = await _book(client, world, "phone")
    await _accept(client, world, booking["id"])
    [mine] = await _day(client, world.finnish)
    assert mine["phone"]["interpreter_joins"] == "room"
    assert mine["phone"]["interpreter_phone"] is None


async def test_calls_are_recorded_counted_and_refused_to_others(client, world):
    booking = await _book(client, world, "phone")
    path = f"/api/v1/bookings/{booking['id']}/calls"
    for outcome in ("no_answer", "no_answer"):
        tried = await client.post(path, json={"outcome": outcome}, headers=world.finnish.headers)
        assert tried.status_code == 201, tried.text
    reached = await client.post(path, json={"outcome": "reached"}, headers=world.operator.headers)
    assert reached.status_code == 201
    body = reached.json()
    assert [c["outcome"] for c in body["calls"]] == ["no_answer", "no_answer", "reached"]
    assert body["unanswered"] == 2 and body["calls"][0]["staff_id"] == str(world.finnish.id)
    [mine] = await _day(client, world.finnish)
    assert mine["phone"]["unanswered"] == 2 and len(mine["phone"]["calls"]) == 3
    # Not hers to call (the interpreter), another organisation's: as if there were no booking.
    await _accept(client, world, booking["id"])
    for person in (world.interpreter, world.outsider):
        refused = await client.post(path, json={"outcome": "reached"}, headers=person.headers)
        assert refused.status_code == 404, refused.text
    bad = await client.post(path, json={"outcome": "busy"}, headers=world.finnish.headers)
    assert bad.status_code == 422


async def test_a_video_session_is_called_only_once_switched_to_the_phone(client, world):
    booking = await _book(client, world, "video")
    path = f"/api/v1/bookings/{booking['id']}/calls"
    [before] = await _day(client, world.finnish)
    assert before["phone"] is None and before["channel"] == "video"
    early = await client.post(path, json={"outcome": "reached"}, headers=world.finnish.headers)
    assert early.status_code == 409
    link = await client.get(booking["path"], headers=JSON)
    assert link.json()["by_phone"] is False
    switched = await client.post(
        f"/api/v1/rooms/{booking['id']}/switch-to-phone", json={}, headers=world.finnish.headers
    )
    assert switched.status_code == 200, switched.text
    [after] = await _day(client, world.finnish)
    assert after["phone"]["switched_to_phone_at"] and after["phone"]["client_phone"] == CLIENT_PHONE
    called = await client.post(
        path, json={"outcome": "wrong_number"}, headers=world.finnish.headers
    )
    assert called.status_code == 201 and called.json()["calls"][0]["outcome"] == "wrong_number"
    # The client's page now says we call, from the organisation's number.
    view = (await client.get(booking["path"], headers=JSON)).json()
    assert view["by_phone"] is True and view["organisation_phone"] == "+35885550100"


async def test_the_client_page_of_a_phone_booking_gives_the_number_we_call_from(client, world):
    booking = await _book(client, world, "phone")
    view = (await client.get(booking["path"], headers=JSON)).json()
    assert view["by_phone"] is True and view["channel"] == "phone"
    assert view["organisation_phone"] == "+35885550100"
    assert view["organisation_phone_label"] == "08 5550100"
    assert CLIENT_PHONE not in str(view)
    services = (await client.get("/api/v1/services")).json()
    mine = next(s for s in services if s["id"] == str(world.service.id))
    assert mine["organisation_phone"] == "+35885550100"
