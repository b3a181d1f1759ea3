"""Without an SMS gateway or an SMTP server nothing leaves the server, and the outbox says so:
"not sent", with the reason, never "sent"; the console shows it, and who may see the client
reads the number and the code to read out instead of the link."""

from uuid import UUID

import pytest
from sqlalchemy import select

from access.models import AuditEvent
from core.config import Settings
from notifications.channels import channels_from_settings
from notifications.dispatch import Dispatcher
from notifications.models import Message, MessageStatus
from tests.notifications.conftest import book


@pytest.fixture
async def outbox_only(sessions, settings: Settings):
    assert not settings.sms_gateway_url and not settings.smtp_host
    found = Dispatcher(
        sessions=sessions,
        channels=channels_from_settings(settings),
        base_url=settings.base_url,
        secret=settings.secret_key,
    )
    yield found
    await found.aclose()


async def _messages(session, booking_id: str) -> list[Message]:
    session.expire_all()
    rows = await session.scalars(select(Message).where(Message.booking_id == UUID(booking_id)))
    return list(rows)


async def test_without_a_gateway_a_message_is_not_sent_and_says_why(
    client, network, session, outbox_only, frozen
) -> None:
    booked = await book(client, network, "2026-03-25", "10:00")
    assert await outbox_only.drain() == 2
    found = {
        m.channel.value: m
        for m in await _messages(session, booked["booking"]["id"])
        if m.kind == "confirmation"
    }
    assert found["sms"].status == MessageStatus.NOT_SENT
    assert found["sms"].last_error == "no SMS gateway configured"
    assert found["sms"].sent_at is None and found["sms"].provider_id is None
    assert found["email"].status == MessageStatus.NOT_SENT
    assert found["email"].last_error == "no SMTP server configured"
    assert await outbox_only.drain() == 0  # not sent is an end: not tried again by itself


async def test_the_console_lists_it_as_not_sent_with_the_number_and_the_code(
    client, network, session, outbox_only, frozen
) -> None:
    booked = await book(client, network, "2026-03-25", "10:00")
    await outbox_only.drain()
    response = await client.get(
        "/api/v1/messages", params={"status": "not_sent"}, headers=network.operator.headers
    )
    assert response.status_code == 200, response.text
    (sms,) = [m for m in response.json() if m["channel"] == "sms" and m["kind"] == "confirmation"]
    assert sms["status"] == "not_sent" and sms["last_error"] == "no SMS gateway configured"
    assert sms["recipient"] == "+358401112223"
    assert sms["short_code"] == booked["short_code"]
    assert sms["client_id"] == booked["booking"]["client_id"]
    assert "[link]" in sms["text"] and "/b/" not in sms["text"]
    looks = await session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.client_id == UUID(booked["booking"]["client_id"]),
            AuditEvent.action == "read_messages",
        )
    )
    assert list(looks) == ["read_messages"]
    # Staff e-mail keeps its address masked: it is no client's.
    (mail,) = [m for m in response.json() if m["channel"] == "email"]
    assert "…" in mail["recipient"] and mail["short_code"] is None


async def test_a_not_sent_message_can_be_sent_again(
    client, network, session, outbox_only, frozen
) -> None:
    booked = await book(client, network, "2026-03-25", "10:00")
    await outbox_only.drain()
    (sms,) = [
        m
        for m in await _messages(session, booked["booking"]["id"])
        if m.channel == "sms" and m.kind == "confirmation"
    ]
    again = await client.post(
        f"/api/v1/messages/{sms.id}/send-again", headers=network.operator.headers
    )
    assert again.status_code == 200 and again.json()["status"] == "pending"


async def test_the_link_is_sent_again_by_sms_through_the_outbox(
    client, network, session, outbox_only, frozen
) -> None:
    booked = await book(client, network, "2026-03-25", "10:00")
    await outbox_only.drain()
    response = await client.post(
        "/api/v1/messages/link-again",
        json={"booking_id": booked["booking"]["id"]},
        headers=network.operator.headers,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["kind"] == "confirmation" and body["channel"] == "sms"
    assert body["recipient"] == "+358401112223" and body["status"] == "pending"
    assert await outbox_only.drain() == 1
    sms = [
        m
        for m in await _messages(session, booked["booking"]["id"])
        if m.channel == "sms" and m.kind == "confirmation"
    ]
    assert len(sms) == 2 and {m.status for m in sms} == {MessageStatus.NOT_SENT}
    assert sms[0].params["link_salt"] == sms[1].params["link_salt"]  # the same link
    # Another organisation's admin finds no such booking.
    other = await client.post(
        "/api/v1/messages/link-again",
        json={"booking_id": booked["booking"]["id"]},
        headers=network.outsider.headers,
    )
    assert other.status_code == 404


async def test_an_advisor_cannot_read_the_outbox(client, network, frozen) -> None:
    response = await client.get("/api/v1/messages", headers=network.arabic.headers)
    assert response.status_code == 403
