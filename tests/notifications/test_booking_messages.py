"""What a booking sends, when, and never twice: confirmations at once, reminders at local
times across DST, nothing for a cancelled session, only the new time for a moved one."""

from datetime import UTC, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from babel.dates import format_time
from sqlalchemy import select

from core import clock
from notifications import dispatch
from notifications.models import Message, MessageKind, MessageStatus
from notifications.templates import babel_locale
from tests.api import scheduling_world as sw
from tests.notifications.conftest import book

HELSINKI = ZoneInfo("Europe/Helsinki")


async def _messages(session, booking_id) -> list[Message]:
    session.expire_all()
    booking_id = UUID(str(booking_id))
    rows = await session.scalars(
        select(Message).where(Message.booking_id == booking_id).order_by(Message.due_at)
    )
    return list(rows)


def _local(message: Message) -> datetime:
    return message.due_at.astimezone(HELSINKI).replace(tzinfo=None)


async def test_booking_confirms_at_once_and_reminds_at_local_times_across_dst(
    client, network, session, dispatcher, gateway, frozen
) -> None:
    # Two days and two hours ahead: the two-day reminder crosses the night the clocks jump.
    network.service.reminder_minutes = [2 * 24 * 60, 120]
    await session.commit()
    booked = await book(client, network, "2026-03-30", "09:00")
    messages = await _messages(session, booked["booking"]["id"])
    client_sms = [m for m in messages if m.channel == "sms"]
    assert [(m.kind, _local(m)) for m in client_sms] == [
        (MessageKind.CONFIRMATION, datetime(2026, 3, 23, 10, 0)),  # now
        # Saturday 28 March 09:00 EET: the same wall time two days before, not 08:00.
        (MessageKind.REMINDER, datetime(2026, 3, 28, 9, 0)),
        # Two hours before 09:00 is 07:00, inside the quiet hours: moved to 08:00.
        (MessageKind.REMINDER, datetime(2026, 3, 30, 8, 0)),
    ]
    assert client_sms[1].due_at == datetime(2026, 3, 28, 7, 0, tzinfo=UTC)
    assert client_sms[2].due_at == datetime(2026, 3, 30, 5, 0, tzinfo=UTC)  # EEST by then
    staff = [m for m in messages if m.channel == "email"]
    assert [(m.kind, m.recipient_role) for m in staff] == [(MessageKind.CONFIRMATION, "staff")]
    assert "link_salt" not in staff[0].params and staff[0].attachment is None
    assert b"METHOD:REQUEST" in dispatch.attachment_of(staff[0])  # written when it is sent

    assert await dispatcher.drain() == 2  # the confirmation SMS and the advisor's e-mail
    assert len(gateway.delivered) == 1
    (confirmation,) = gateway.delivered.values()
    assert confirmation["to"] == "+358401112223"
    assert booked["client_link"] in confirmation["text"]
    nine = format_time(
        datetime(2026, 3, 30, 9, 0, tzinfo=HELSINKI), format="short", locale=babel_locale("ar")
    )
    assert nine in confirmation["text"].replace("\u202f", " ")

    frozen.advance(datetime(2026, 3, 28, 6, 59, tzinfo=UTC) - clock.now())
    assert await dispatcher.drain() == 0  # a minute early: nothing
    frozen.advance(timedelta(minutes=1))
    assert await dispatcher.drain() == 1
    frozen.advance(datetime(2026, 3, 30, 5, 0, tzinfo=UTC) - clock.now())
    assert await dispatcher.drain() == 1
    assert len(gateway.delivered) == 3 and len(gateway.requests) == 3
    found = await _messages(session, booked["booking"]["id"])
    assert {m.status for m in found if m.channel == "sms"} == {MessageStatus.SENT}, [
        (m.kind, m.last_error) for m in found
    ]
    # No SMTP server here: the advisor's invitation never left, and says so.
    (mail,) = [m for m in found if m.channel == "email"]
    assert (mail.status, mail.last_error) == (MessageStatus.NOT_SENT, "no SMTP server configured")


async def test_cancelled_booking_sends_no_reminder(
    client, network, session, dispatcher, gateway, frozen
) -> None:
    booked = await book(client, network, "2026-03-25", "10:00")
    await dispatcher.drain()
    link = "/b/" + booked["client_link"].rsplit("/b/", 1)[1]
    response = await client.post(link, json={"action": "cancel"})
    assert response.status_code == 200, response.text
    frozen.advance(timedelta(days=3))  # past every reminder and the session
    await dispatcher.drain()
    kinds = [
        m.kind for m in await _messages(session, booked["booking"]["id"]) if m.channel == "sms"
    ]
    statuses = {
        m.kind: m.status
        for m in await _messages(session, booked["booking"]["id"])
        if m.channel == "sms" and m.kind == MessageKind.REMINDER
    }
    assert statuses == {MessageKind.REMINDER: MessageStatus.CANCELLED}
    assert kinds.count(MessageKind.REMINDER) == 2
    texts = [payload["text"] for payload in gateway.delivered.values()]
    assert len(texts) == 2  # the confirmation and the cancellation, no reminder
    cancelled = [
        m for m in await _messages(session, booked["booking"]["id"]) if m.kind == "cancelled"
    ]
    assert {m.recipient_role for m in cancelled} == {"client", "staff"}
    staff_cancel = next(m for m in cancelled if m.recipient_role == "staff")
    assert b"METHOD:CANCEL" in dispatch.attachment_of(staff_cancel)
    assert booked["client_link"] in texts[1]  # where the cancellation can be heard, too


async def test_moved_booking_reminds_only_for_the_new_time(
    client, network, session, dispatcher, gateway, frozen
) -> None:
    booked = await book(client, network, "2026-03-25", "10:00")
    await dispatcher.drain()
    params = sw.search_params(network, **{"from": "2026-03-27", "to": "2026-03-27"})
    target = (await client.get("/api/v1/slots", params=params)).json()["slots"][0]
    link = "/b/" + booked["client_link"].rsplit("/b/", 1)[1]
    response = await client.post(link, json={"action": "move", "slot": target["slot"]})
    assert response.status_code == 200, response.text
    new_start = datetime.fromisoformat(target["starts_at"]).astimezone(UTC)
    # Walk the clock through both days, sending whatever falls due.
    while clock.now() < new_start:
        frozen.advance(timedelta(minutes=30))
        await dispatcher.drain()
    sent = [m for m in await _messages(session, booked["booking"]["id"]) if m.status == "sent"]
    # The confirmation and the move notice fall due at the same instant: either comes first.
    client_kinds = [m.kind for m in sent if m.recipient_role == "client"]
    assert sorted(client_kinds[:2]) == ["confirmation", "moved"]
    assert client_kinds[2:] == ["reminder", "reminder"]
    reminders = [m for m in sent if m.kind == "reminder"]
    assert all(m.session_starts_at == new_start for m in reminders)
    assert len(gateway.delivered) == 4


async def test_gateway_failing_twice_then_succeeding_delivers_once(
    client, network, session, dispatcher, gateway, frozen
) -> None:
    gateway.failures = [503, 500]
    booked = await book(client, network, "2026-03-25", "10:00")
    await dispatcher.drain()
    (sms,) = [
        m
        for m in await _messages(session, booked["booking"]["id"])
        if m.kind == "confirmation" and m.channel == "sms"
    ]
    assert sms.status == MessageStatus.PENDING and sms.attempts == 1
    assert sms.last_error == "the SMS gateway answered 503"
    assert sms.due_at == sw.NOW + timedelta(seconds=30)
    frozen.advance(timedelta(seconds=30))
    await dispatcher.drain()
    frozen.advance(timedelta(seconds=120))
    await dispatcher.drain()
    (sms,) = [
        m
        for m in await _messages(session, booked["booking"]["id"])
        if m.kind == "confirmation" and m.channel == "sms"
    ]
    assert sms.status == MessageStatus.SENT and sms.attempts == 3
    assert gateway.attempts[sms.idempotency_key] == 3
    assert len(gateway.delivered) == 1


async def test_refused_message_fails_and_shows_on_the_console(
    client, network, session, dispatcher, gateway, frozen
) -> None:
    gateway.failures = [400]
    booked = await book(client, network, "2026-03-25", "10:00")
    await dispatcher.drain()
    response = await client.get(
        "/api/v1/messages", params={"status": "failed"}, headers=network.operator.headers
    )
    assert response.status_code == 200, response.text
    (failed,) = response.json()
    assert failed["booking_id"] == booked["booking"]["id"]
    assert failed["last_error"] == "the SMS gateway refused the message: 400"
    # The operator may see this client: the number in full, and the code to read out.
    assert failed["recipient"] == "+358401112223"
    assert failed["short_code"] == booked["short_code"]
    assert "[link]" in failed["text"] and "/b/" not in failed["text"]  # the capability stays out
    again = await client.post(
        f"/api/v1/messages/{failed['id']}/send-again", headers=network.operator.headers
    )
    assert again.status_code == 200 and again.json()["status"] == "pending"
    await dispatcher.drain()
    assert len(gateway.delivered) == 1


async def test_a_number_that_cannot_take_sms_is_marked_undeliverable(
    client, network, session, dispatcher, gateway, frozen
) -> None:
    booked = await book(client, network, "2026-03-25", "10:00", phone="+35891234567")  # landline
    await dispatcher.drain()
    (sms,) = [
        m
        for m in await _messages(session, booked["booking"]["id"])
        if m.kind == "confirmation" and m.channel == "sms"
    ]
    assert sms.status == MessageStatus.UNDELIVERABLE
    assert sms.last_error == "not a mobile number: it cannot receive SMS"
    assert gateway.requests == []


async def test_a_booking_late_at_night_is_confirmed_in_the_morning(
    client, network, session, dispatcher, gateway, frozen
) -> None:
    frozen.advance(timedelta(hours=12))  # Monday 22:00 Helsinki
    booked = await book(client, network, "2026-03-25", "10:00")
    (sms,) = [
        m
        for m in await _messages(session, booked["booking"]["id"])
        if m.kind == "confirmation" and m.channel == "sms"
    ]
    assert _local(sms) == datetime(2026, 3, 24, 8, 0)
    assert await dispatcher.drain() == 1  # only the advisor's e-mail goes at night
    assert gateway.requests == []


async def test_a_language_without_texts_falls_back_and_the_outbox_records_it(
    client, network, session, dispatcher, gateway, frozen
) -> None:
    await sw.interpreter(session, network.oulu.id, ("vi",))  # nobody else speaks Vietnamese
    await session.commit()
    params = sw.search_params(network, language="vi", **{"from": "2026-03-25", "to": "2026-03-25"})
    slot = (await client.get("/api/v1/slots", params=params)).json()["slots"][0]
    body = sw.client_body(slot["slot"], preferred_language="vi", second_language="ru")
    response = await client.post("/api/v1/bookings", json=body)
    assert response.status_code == 201, response.text
    await dispatcher.drain()
    (sms,) = [
        m
        for m in await _messages(session, response.json()["booking"]["id"])
        if m.kind == "confirmation" and m.channel == "sms"
    ]
    assert sms.status == MessageStatus.SENT
    assert sms.fallback == "no confirmation text in vi; sent in the second language ru"
    (payload,) = gateway.delivered.values()
    assert payload["text"].startswith("Neuvo: Вы записаны")
