"""The channels against real servers: a local HTTP SMS gateway and aiosmtpd for SMTP."""

import socket
import uuid
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from notifications.channels import OutboxOnly, Outgoing, SmsGateway, Smtp, mobile_number
from notifications.errors import NoGateway, PermanentFailure, TransientFailure, Undeliverable
from tests.notifications.gateway import TOKEN

INVITE = b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


def _outgoing(recipient: str = "+358401112223", **change) -> Outgoing:
    fields = {
        "message_id": uuid.uuid4(),
        "recipient": recipient,
        "text": "Neuvo: Aikasi on varattu: ma 30. maaliskuuta klo 9.00, videopuhelu. Ääkköset.",
        "subject": "Neuvo: Aikasi on varattu",
        "idempotency_key": f"confirmation:{uuid.uuid4()}:0:client",
        **change,
    }
    return Outgoing(**fields)


@pytest.fixture
async def sms(delivery_settings):
    channel = SmsGateway(delivery_settings)
    yield channel
    await channel.aclose()


async def test_gateway_gets_the_payload_key_and_credentials(sms, gateway) -> None:
    message = _outgoing("040 111 2223")
    sent = await sms.send(message)
    assert sent.provider_id == "sms-1"
    (request,) = gateway.requests
    assert request["key"] == message.idempotency_key
    assert request["payload"] == {
        "to": "+358401112223",
        "text": message.text,
        "reference": message.idempotency_key,
        "from": "Neuvo",
    }


async def test_the_same_key_twice_is_one_sms(sms, gateway) -> None:
    message = _outgoing()
    assert (await sms.send(message)).provider_id == (await sms.send(message)).provider_id
    assert len(gateway.requests) == 2 and len(gateway.delivered) == 1


async def test_a_payload_shape_from_configuration_cannot_be_broken_by_the_text(
    delivery_settings, gateway
) -> None:
    shaped = delivery_settings.model_copy(
        update={"sms_gateway_payload": '{"messages": [{"msisdn": "{to}", "body": "{text}"}]}'}
    )
    channel = SmsGateway(shaped)
    try:
        await channel.send(_outgoing(text='quote " and brace } and {to}'))
    finally:
        await channel.aclose()
    body = gateway.requests[0]["payload"]["messages"][0]
    assert body == {"msisdn": "+358401112223", "body": 'quote " and brace } and {to}'}


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, PermanentFailure),
        (403, PermanentFailure),
        (408, TransientFailure),
        (429, TransientFailure),
        (500, TransientFailure),
        (503, TransientFailure),
    ],
)
async def test_gateway_answers_map_to_permanent_or_transient(sms, gateway, status, error) -> None:
    gateway.failures = [status]
    with pytest.raises(error, match=str(status)):
        await sms.send(_outgoing())
    assert gateway.delivered == {}


async def test_a_slow_gateway_is_a_transient_failure(delivery_settings, gateway) -> None:
    gateway.delay = 1.0
    channel = SmsGateway(delivery_settings.model_copy(update={"sms_gateway_timeout": 0.2}))
    try:
        with pytest.raises(TransientFailure, match="in time"):
            await channel.send(_outgoing())
    finally:
        await channel.aclose()


async def test_an_unreachable_gateway_is_a_transient_failure(delivery_settings) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/send"  # nothing listens there
    channel = SmsGateway(delivery_settings.model_copy(update={"sms_gateway_url": url}))
    try:
        with pytest.raises(TransientFailure, match="reached"):
            await channel.send(_outgoing())
    finally:
        await channel.aclose()


async def test_wrong_credentials_are_a_permanent_failure(delivery_settings, gateway) -> None:
    channel = SmsGateway(delivery_settings.model_copy(update={"sms_gateway_token": "wrong"}))
    try:
        with pytest.raises(PermanentFailure, match="401"):
            await channel.send(_outgoing())
    finally:
        await channel.aclose()
    assert TOKEN != "wrong"


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("+35891234567", "not a mobile number"),  # a Helsinki landline
        ("+3584011", "not a valid phone number"),
        ("call me", "not a phone number"),
    ],
)
async def test_numbers_that_cannot_take_sms_are_undeliverable(sms, gateway, number, reason):
    with pytest.raises(Undeliverable, match=reason):
        await sms.send(_outgoing(number))
    assert gateway.requests == []


def test_mobile_numbers_are_given_in_e164() -> None:
    assert mobile_number("0401112223") == "+358401112223"
    assert mobile_number("+46 70 123 45 67") == "+46701234567"


async def test_outbox_only_sends_nothing_and_says_why() -> None:
    with pytest.raises(NoGateway, match="no SMS gateway configured"):
        await OutboxOnly("no SMS gateway configured").send(_outgoing())


class _Mailbox:
    def __init__(self, refuse: str | None = None) -> None:
        self.received: list = []
        self.refuse = refuse

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return self.refuse
        self.received.append(envelope)
        return "250 Message accepted"


@pytest.fixture
def mailbox():
    box = _Mailbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        box.port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    yield box
    controller.stop()


def _smtp(settings, mailbox) -> Smtp:
    return Smtp(
        settings.model_copy(
            update={
                "smtp_host": "127.0.0.1",
                "smtp_port": mailbox.port,
                "smtp_from": "Neuvo <neuvo@oulu.example>",
            }
        )
    )


async def test_smtp_delivers_utf8_text_with_the_invitation(settings, mailbox) -> None:
    message = _outgoing("advisor@oulu.example", attachment=INVITE, attachment_method="REQUEST")
    sent = await _smtp(settings, mailbox).send(message)
    envelope = mailbox.received[0]
    assert envelope.rcpt_tos == ["advisor@oulu.example"]
    mail = message_from_bytes(envelope.content, policy=policy.default)
    assert mail["Subject"] == "Neuvo: Aikasi on varattu"
    assert mail["Message-ID"] == sent.provider_id
    again = await _smtp(settings, mailbox).send(message)  # after a crash, say
    assert again.provider_id == sent.provider_id and sent.provider_id.endswith("@oulu.example>")
    assert mail.get_body(("plain",)).get_content().strip() == message.text
    (attachment,) = list(mail.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "REQUEST"
    assert (
        attachment.get_content().encode() == INVITE or attachment.get_payload(decode=True) == INVITE
    )


async def test_smtp_refusals_are_permanent_and_outages_transient(settings, mailbox) -> None:
    channel = _smtp(settings, mailbox)
    mailbox.refuse = "554 Transaction failed"
    with pytest.raises(PermanentFailure, match="554"):
        await channel.send(_outgoing("advisor@oulu.example"))
    mailbox.refuse = "451 Try again later"
    with pytest.raises(TransientFailure, match="451"):
        await channel.send(_outgoing("advisor@oulu.example"))
    with pytest.raises(Undeliverable, match="e-mail"):
        await channel.send(_outgoing("not an address"))
    mailbox.port = 1  # nothing listens
    with pytest.raises(TransientFailure, match="reached"):
        await _smtp(settings, mailbox).send(_outgoing("advisor@oulu.example"))


async def test_a_booking_sends_its_advisor_the_invitation_written_when_sent(
    client, network, sessions, delivery_settings, gateway, mailbox
) -> None:
    """Booked through the API, sent by the dispatcher through real SMTP: the advisor's
    e-mail carries the invitation, read back by an independent parser."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from ical.calendar_stream import IcsCalendarStream

    from notifications.channels import channels_from_settings
    from notifications.dispatch import Dispatcher
    from tests.notifications.conftest import book

    booked = await book(client, network, "2026-03-30", "09:00")  # the Monday after DST began
    settings = delivery_settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": mailbox.port}
    )
    dispatcher = Dispatcher(
        sessions=sessions,
        channels=channels_from_settings(settings),
        base_url=settings.base_url,
        secret=settings.secret_key,
    )
    try:
        assert await dispatcher.drain() == 2  # the client's SMS and the advisor's e-mail
    finally:
        await dispatcher.aclose()
    (envelope,) = mailbox.received
    mail = message_from_bytes(envelope.content, policy=policy.default)
    (attachment,) = list(mail.iter_attachments())
    assert attachment.get_param("method") == "REQUEST"
    body = attachment.get_payload(decode=True).decode("utf-8")
    calendar = IcsCalendarStream.calendar_from_ics(body)
    (event,) = calendar.events
    assert event.uid == f"{booked['booking']['id']}@neuvo"
    assert event.dtstart == datetime(2026, 3, 30, 9, 0, tzinfo=ZoneInfo("Europe/Helsinki"))
    assert calendar.method == "REQUEST"
