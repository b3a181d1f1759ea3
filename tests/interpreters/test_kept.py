"""Interpreters kept and told (issue 24): a moved session stays with the interpreter who
accepted it when she is free at the new time (one message, a new calendar file, one row on her
Offers tab); when she is busy it is offered again and the move's answer says so. Accepting
tells the advisor and the operator once, and every calendar file names her."""

from collections import Counter
from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar
from sqlalchemy import select

from access.models import StaffMember
from notifications import dispatch
from notifications.models import Message, MessageStatus
from scheduling.models import Booking, BusyInterval
from tests.api import scheduling_world as sw

DAY = "2026-03-25"


async def _somali(session, network, *emails: str):
    people = [await sw.interpreter(session, network.oulu.id, ("so",), email=e) for e in emails]
    await session.commit()
    return people


async def _slot(client, network, at: str, day: str = DAY) -> str:
    params = sw.search_params(network, language="so", **{"from": day, "to": day})
    found = await client.get("/api/v1/slots", params=params, headers=network.operator.headers)
    return next(s for s in found.json()["slots"] if s["starts_at"][11:16] == at)["slot"]


async def _book(client, network, at: str, phone: str) -> dict:
    body = sw.client_body(await _slot(client, network, at), preferred_language="so", phone=phone)
    made = await client.post("/api/v1/bookings", json=body, headers=network.operator.headers)
    assert made.status_code == 201, made.text
    return made.json()["booking"]


async def _offers(client, person) -> list[dict]:
    found = await client.get("/api/v1/offers", headers=person.headers)
    assert found.status_code == 200, found.text
    return found.json()


async def _accept(client, person, booking_id: str) -> dict:
    (offer,) = [o for o in await _offers(client, person) if o["booking_id"] == booking_id]
    taken = await client.post(f"/api/v1/offers/{offer['id']}/accept", headers=person.headers)
    assert taken.status_code == 200, taken.text
    return taken.json()


async def _move(client, network, booking_id: str, at: str) -> dict:
    moved = await client.post(
        f"/api/v1/bookings/{booking_id}/move",
        json={"slot": await _slot(client, network, at)},
        headers=network.operator.headers,
    )
    assert moved.status_code == 200, moved.text
    return moved.json()


def _local(instant: str) -> str:
    """An instant as Helsinki's wall clock reads it (HH:MM)."""
    return f"{datetime.fromisoformat(instant).astimezone(ZoneInfo('Europe/Helsinki')):%H:%M}"


async def _member(session, staff_id) -> StaffMember:
    member = await session.get(StaffMember, staff_id)
    assert member is not None
    return member


async def _mail(session, booking_id: str, to: str) -> list[Message]:
    return list(
        await session.scalars(
            select(Message)
            .where(Message.booking_id == UUID(booking_id), Message.recipient == to)
            .order_by(Message.created_at)
            .execution_options(populate_existing=True)
        )
    )


def _read_both(body: bytes) -> list[tuple[str, int, str]]:
    """(uid, sequence, description) of each event, as icalendar and as ical read it; the
    two must agree."""
    by_icalendar = [
        (str(e["UID"]), int(e["SEQUENCE"]), str(e["DESCRIPTION"]))
        for e in Calendar.from_ical(body).events
    ]
    by_ical = [
        (e.uid, e.sequence, e.description)
        for e in IcsCalendarStream.calendar_from_ics(body.decode()).events
    ]
    assert by_icalendar == by_ical
    return by_ical


async def test_accepting_tells_the_advisor_and_operator_once_and_the_calendar_names_her(
    client, session, network
) -> None:
    (helper,) = await _somali(session, network, "tulkki@oulu.fi")
    booking = await _book(client, network, "10:00", "+358401110001")
    route = f"/api/v1/bookings/{booking['id']}/calendar.ics"
    before = (await client.get(route, headers=network.operator.headers)).content
    [(_, sequence, text)] = _read_both(before)
    assert "interpreter needed" in text

    await _accept(client, helper, booking["id"])

    path = f"/api/v1/bookings/{booking['id']}"
    seen = (await client.get(path, headers=network.operator.headers)).json()
    name = (await _member(session, helper.id)).display_name
    assert seen["interpreter_id"] == str(helper.id) and seen["interpreter_accepted_at"]
    assert seen["interpreter_name"] == name
    stored = await session.get(Booking, UUID(booking["id"]), populate_existing=True)
    advisor_email = (await _member(session, stored.advisor_id)).email
    told = Counter(
        m.recipient
        for m in await session.scalars(
            select(Message).where(
                Message.booking_id == UUID(booking["id"]), Message.kind == "interpreter_accepted"
            )
        )
    )
    assert told == Counter({advisor_email: 1, network.operator.email: 1})
    # The advisor's updated invitation and the interpreter's own name her; SEQUENCE went up.
    mail = await _mail(session, booking["id"], advisor_email)
    (to_advisor,) = [m for m in mail if m.kind == "interpreter_accepted"]
    offered, to_her = await _mail(session, booking["id"], helper.email)
    assert (offered.kind, to_her.kind) == ("interpreter_offer", "confirmation")
    after = (await client.get(route, headers=network.operator.headers)).content
    for body in (dispatch.attachment_of(to_advisor), dispatch.attachment_of(to_her), after):
        [(uid, raised, text)] = _read_both(body)
        assert uid == booking["calendar_uid"] and raised > sequence
        assert f"interpreter: {name}" in text and "needed" not in text
    # The operator's message has no calendar: the session is not in her diary.
    (to_operator,) = await _mail(session, booking["id"], network.operator.email)
    assert to_operator.kind == "interpreter_accepted"
    assert dispatch.attachment_of(to_operator) is None
    assert "somali" in dispatch.preview(to_operator)


async def test_moved_to_a_time_she_is_free_she_keeps_it_and_is_told_once(
    client, session, network
) -> None:
    helper, other = await _somali(session, network, "tulkki@oulu.fi", "toinen@oulu.fi")
    booking = await _book(client, network, "10:00", "+358401110002")
    await _accept(client, helper, booking["id"])
    earlier = {m.id for m in await _mail(session, booking["id"], helper.email)}

    moved = await _move(client, network, booking["id"], "12:00")

    assert moved["interpreter_change"] == "kept"
    assert moved["interpreter_id"] == str(helper.id) and _local(moved["starts_at"]) == "12:00"
    assert moved["interpreter_accepted_at"] and not moved["interpreter_missing"]
    # One message to her, with the new calendar file at the new time naming her.
    (told,) = [m for m in await _mail(session, booking["id"], helper.email) if m.id not in earlier]
    assert told.kind == "moved" and told.status == MessageStatus.PENDING
    assert "12.00" in dispatch.preview(told)
    body = dispatch.attachment_of(told)
    assert b"METHOD:REQUEST" in body
    [(_, sequence, text)] = _read_both(body)
    assert sequence == moved["sequence"]
    assert (await _member(session, helper.id)).display_name in text
    # Her Offers tab: one row, accepted, at the new time; nobody else was asked again.
    (row,) = await _offers(client, helper)
    assert (row["status"], row["starts_at"]) == ("accepted", moved["starts_at"])
    assert [o["status"] for o in await _offers(client, other)] == ["withdrawn"]
    assert [m.kind for m in await _mail(session, booking["id"], other.email)] == [
        "interpreter_offer",
        "offer_withdrawn",
    ]
    held = list(
        await session.scalars(
            select(BusyInterval).where(BusyInterval.person_id == helper.id, BusyInterval.active)
        )
    )
    assert [h.starts_at.isoformat()[11:16] for h in held] == ["10:00"]  # 12:00 Helsinki


async def test_moved_to_a_time_she_is_busy_it_is_offered_again_and_the_answer_says_so(
    client, session, network
) -> None:
    helper, other = await _somali(session, network, "tulkki@oulu.fi", "toinen@oulu.fi")
    first = await _book(client, network, "10:00", "+358401110003")
    second = await _book(client, network, "12:00", "+358401110004")
    await _accept(client, helper, first["id"])
    await _accept(client, helper, second["id"])  # she is busy at 12:00 now

    moved = await _move(client, network, first["id"], "12:00")

    assert moved["interpreter_change"] == "reoffered"
    assert moved["interpreter_id"] is None and moved["interpreter_missing"]
    assert moved["interpreter_accepted_at"] is None
    # She is told she lost the 10:00 session (not "12:00 is no longer offered"), and her
    # calendar drops it; the other interpreter is offered the new time, in one row.
    (lost,) = [
        m for m in await _mail(session, first["id"], helper.email) if m.kind == "offer_withdrawn"
    ]
    assert "10.00" in dispatch.preview(lost) and "12.00" not in dispatch.preview(lost)
    assert b"METHOD:CANCEL" in dispatch.attachment_of(lost)
    mine = [o for o in await _offers(client, helper) if o["booking_id"] == first["id"]]
    assert [o["status"] for o in mine] == ["withdrawn"]
    theirs = [o for o in await _offers(client, other) if o["booking_id"] == first["id"]]
    assert [(o["status"], o["starts_at"]) for o in theirs] == [("open", moved["starts_at"])]
    assert theirs[0]["minutes"] == 45 and theirs[0]["organisation"] == network.oulu.name
    assert theirs[0]["advisor"] and theirs[0]["service_names"]


async def test_a_feed_names_the_interpreter(client, session, network) -> None:
    (helper,) = await _somali(session, network, "tulkki@oulu.fi")
    booking = await _book(client, network, "10:00", "+358401110005")
    await _accept(client, helper, booking["id"])
    link = await client.post("/api/v1/auth/me/calendar-feed", headers=helper.headers)
    feed = (await client.get(link.json()["url"].removeprefix("http://testserver"))).content
    [(uid, _, text)] = _read_both(feed)
    assert uid == booking["calendar_uid"]
    assert (await _member(session, helper.id)).display_name in text
