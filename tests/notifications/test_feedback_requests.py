"""After a completed session the client is asked, once, how it went: one SMS with their link,
through the local SMS gateway, never in the quiet hours, and not again when the job runs twice
or after they answered."""

from datetime import UTC, datetime, timedelta
from uuid import UUID

from sqlalchemy import select

from core import clock
from notifications.models import Message, MessageKind, MessageStatus
from scheduling import jobs
from tests.notifications.conftest import book


async def _requests(session, booking_id: str) -> list[Message]:
    session.expire_all()
    rows = await session.scalars(
        select(Message).where(
            Message.booking_id == UUID(booking_id), Message.kind == MessageKind.FEEDBACK
        )
    )
    return list(rows)


def _feedback_texts(gateway) -> list[str]:
    return [
        payload["text"] for key, payload in gateway.delivered.items() if key.startswith("feedback:")
    ]


async def _complete(client, network, made: dict) -> None:
    path = f"/api/v1/bookings/{made['booking']['id']}/status"
    done = await client.post(path, json={"status": "completed"}, headers=network.admin.headers)
    assert done.status_code == 200, done.text


async def test_a_completed_session_asks_for_feedback_once_with_the_link(
    client, network, session, sessions, dispatcher, gateway, frozen
) -> None:
    made = await book(client, network, "2026-03-30", "10:00")
    ends = datetime.fromisoformat(made["booking"]["ends_at"]).astimezone(UTC)
    frozen.advance(ends + timedelta(minutes=5) - clock.now())
    await dispatcher.drain()  # the confirmation and the reminders
    assert await jobs.ask_for_feedback({"sessions": sessions}) == 0  # not completed yet
    await _complete(client, network, made)
    # The job runs twice (a worker restarted, or two of them): one message all the same.
    assert await jobs.ask_for_feedback({"sessions": sessions}) == 1
    assert await jobs.ask_for_feedback({"sessions": sessions}) == 0
    (request,) = await _requests(session, made["booking"]["id"])
    assert request.due_at == ends + timedelta(minutes=15)
    await dispatcher.drain()
    assert _feedback_texts(gateway) == []  # not yet: a quarter of an hour after the end
    frozen.advance(timedelta(minutes=10))
    assert await dispatcher.drain() == 1
    assert await dispatcher.drain() == 0
    assert await jobs.ask_for_feedback({"sessions": sessions}) == 0  # sent: never again
    assert await dispatcher.drain() == 0
    assert [key for key in gateway.attempts if key.startswith("feedback:")] == [
        request.idempotency_key
    ]
    assert gateway.attempts[request.idempotency_key] == 1
    (text,) = _feedback_texts(gateway)
    assert made["client_link"] in text and "كيف كانت؟" in text  # in the session's Arabic
    # The link opens the page that takes the one answer.
    token = made["client_link"].rsplit("/", 1)[-1]
    page = await client.get(f"/b/{token}", headers={"accept": "application/json"})
    assert page.json()["can_give_feedback"] is True


async def test_a_session_ending_before_the_quiet_hours_is_asked_at_eight(
    client, network, session, sessions, dispatcher, gateway, frozen
) -> None:
    made = await book(client, network, "2026-03-30", "14:00")
    await dispatcher.drain()
    # The advisor marks it completed late in the evening (22:00 in Helsinki, EEST).
    frozen.advance(datetime(2026, 3, 30, 19, 0, tzinfo=UTC) - clock.now())
    await _complete(client, network, made)
    await dispatcher.drain()  # the reminders
    assert await jobs.ask_for_feedback({"sessions": sessions}) == 1
    (request,) = await _requests(session, made["booking"]["id"])
    assert request.due_at == datetime(2026, 3, 31, 5, 0, tzinfo=UTC)  # 08:00 the next morning
    assert await dispatcher.drain() == 0
    frozen.advance(datetime(2026, 3, 31, 4, 59, tzinfo=UTC) - clock.now())
    assert await dispatcher.drain() == 0 and _feedback_texts(gateway) == []
    frozen.advance(timedelta(minutes=1))
    assert await dispatcher.drain() == 1
    assert len(_feedback_texts(gateway)) == 1


async def test_an_answer_before_the_morning_takes_the_question_back(
    client, network, session, sessions, dispatcher, gateway, frozen
) -> None:
    made = await book(client, network, "2026-03-30", "14:00")
    await dispatcher.drain()
    frozen.advance(datetime(2026, 3, 30, 19, 0, tzinfo=UTC) - clock.now())
    await _complete(client, network, made)
    assert await jobs.ask_for_feedback({"sessions": sessions}) == 1
    token = made["client_link"].rsplit("/", 1)[-1]
    answered = await client.post(f"/b/{token}/feedback", json={"score": "good"})
    assert answered.status_code == 201, answered.text
    (request,) = await _requests(session, made["booking"]["id"])
    assert request.status == MessageStatus.CANCELLED
    frozen.advance(datetime(2026, 3, 31, 6, 0, tzinfo=UTC) - clock.now())
    await dispatcher.drain()
    assert _feedback_texts(gateway) == []
