"""The ways a message leaves Neuvo: an HTTP SMS gateway, SMTP, or nowhere (the outbox).

Each channel sends one message and answers ``Sent`` with the provider's id, or raises
``Undeliverable`` (the address can never work), ``PermanentFailure`` (the provider refused
for good), ``TransientFailure`` (try again later) or ``NoGateway`` (nothing is configured to
send it: the outbox only). The message's idempotency key goes with
it: the gateway's ``Idempotency-Key`` header, the e-mail's ``Message-ID``.
"""

import copy
import hashlib
import json
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any, Protocol
from uuid import UUID

import aiohttp
import aiosmtplib

from core import phones
from core.config import Settings
from notifications.errors import NoGateway, PermanentFailure, TransientFailure, Undeliverable
from notifications.models import MessageChannel


@dataclass(frozen=True, slots=True)
class Outgoing:
    message_id: UUID
    recipient: str
    text: str
    subject: str
    idempotency_key: str
    attachment: bytes | None = None  # an iCalendar object
    attachment_method: str | None = None  # its METHOD: REQUEST or CANCEL


@dataclass(frozen=True, slots=True)
class Sent:
    provider_id: str


class Channel(Protocol):
    async def send(self, message: Outgoing) -> Sent: ...


class OutboxOnly:
    """The embedded default: nothing leaves; staff read the message in the console, where it
    says why it was not sent (never "sent")."""

    def __init__(self, reason: str = "no gateway configured") -> None:
        self.reason = reason

    async def send(self, message: Outgoing) -> Sent:
        raise NoGateway(self.reason)


def mobile_number(recipient: str) -> str:
    """The E.164 form of a number that can receive SMS; ``Undeliverable`` otherwise."""
    try:
        number = phones.parse(recipient)
    except ValueError as exc:
        raise Undeliverable(str(exc)) from exc
    if not phones.is_mobile(number):
        raise Undeliverable("not a mobile number: it cannot receive SMS")
    return phones.e164(number)


class SmsGateway:
    """An HTTP SMS gateway: a POST per message, its body shaped by ``SMS_GATEWAY_PAYLOAD``."""

    def __init__(self, settings: Settings) -> None:
        assert settings.sms_gateway_url
        self.url = settings.sms_gateway_url
        self.payload = json.loads(settings.sms_gateway_payload)
        self.id_field = settings.sms_gateway_id_field
        self.sender = settings.sms_sender
        self.headers = {"User-Agent": "Neuvo"}
        if settings.sms_gateway_token:
            self.headers["Authorization"] = f"Bearer {settings.sms_gateway_token}"
        self.auth = (
            aiohttp.BasicAuth(settings.sms_gateway_username, settings.sms_gateway_password or "")
            if settings.sms_gateway_username
            else None
        )
        self.timeout = aiohttp.ClientTimeout(total=settings.sms_gateway_timeout)
        self._client: aiohttp.ClientSession | None = None

    def body(self, to: str, message: Outgoing) -> Any:
        """The configured payload with the placeholders in its strings filled in (the JSON
        is parsed first, so no text can break out of its string)."""
        values = {
            "{to}": to,
            "{text}": message.text,
            "{key}": message.idempotency_key,
            "{sender}": self.sender,
        }

        def fill(node: Any) -> Any:
            if isinstance(node, str):
                for placeholder, value in values.items():
                    node = node.replace(placeholder, value)
                return node
            if isinstance(node, dict):
                return {key: fill(value) for key, value in node.items()}
            if isinstance(node, list):
                return [fill(value) for value in node]
            return node

        return fill(copy.deepcopy(self.payload))

    def _session(self) -> aiohttp.ClientSession:
        # Made on first use, inside the running loop; kept for its pooled connections.
        if self._client is None or self._client.closed:
            self._client = aiohttp.ClientSession(
                headers=self.headers, auth=self.auth, timeout=self.timeout
            )
        return self._client

    async def send(self, message: Outgoing) -> Sent:
        to = mobile_number(message.recipient)
        try:
            async with self._session().post(
                self.url,
                json=self.body(to, message),
                headers={"Idempotency-Key": message.idempotency_key},
            ) as response:
                status = response.status
                answer = await response.read()
        except TimeoutError as exc:
            raise TransientFailure("the SMS gateway did not answer in time") from exc
        except aiohttp.ClientError as exc:
            raise TransientFailure(f"the SMS gateway could not be reached: {exc}") from exc
        if status in (408, 429) or status >= 500:
            raise TransientFailure(f"the SMS gateway answered {status}")
        if status >= 400:
            raise PermanentFailure(f"the SMS gateway refused the message: {status}")
        try:
            provider_id = str(json.loads(answer).get(self.id_field) or "")
        except (ValueError, AttributeError):
            provider_id = ""
        return Sent(provider_id=provider_id or f"http-{status}")

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()


class Smtp:
    """E-mail through an SMTP server, with the calendar invitation attached for staff."""

    def __init__(self, settings: Settings) -> None:
        assert settings.smtp_host
        self.settings = settings

    def compose(self, message: Outgoing) -> EmailMessage:
        if "@" not in message.recipient or any(c.isspace() for c in message.recipient):
            raise Undeliverable("not an e-mail address")
        mail = EmailMessage()
        mail["From"] = self.settings.smtp_from
        mail["To"] = message.recipient
        mail["Subject"] = message.subject
        mail["Date"] = formatdate(localtime=False)
        # The same message sent again after a crash carries the same Message-ID.
        domain = self.settings.smtp_from.rpartition("@")[2].strip(">") or "neuvo.local"
        digest = hashlib.sha256(message.idempotency_key.encode("utf-8")).hexdigest()[:40]
        mail["Message-ID"] = f"<{digest}@{domain}>"
        mail["Auto-Submitted"] = "auto-generated"
        mail.set_content(message.text, charset="utf-8")
        if message.attachment is not None:
            method = message.attachment_method or "REQUEST"
            mail.add_attachment(
                message.attachment,
                maintype="text",
                subtype="calendar",
                filename="invite.ics" if method == "REQUEST" else "cancel.ics",
                params={"method": method, "charset": "utf-8"},
            )
        return mail

    async def send(self, message: Outgoing) -> Sent:
        mail = self.compose(message)
        settings = self.settings
        try:
            await aiosmtplib.send(
                mail,
                hostname=settings.smtp_host,
                port=settings.smtp_port,
                username=settings.smtp_username,
                password=settings.smtp_password,
                start_tls=settings.smtp_starttls,
                use_tls=settings.smtp_tls,
                tls_context=ssl.create_default_context() if settings.smtp_tls else None,
                timeout=settings.smtp_timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            raise Undeliverable("the mail server refused the address") from exc
        except aiosmtplib.SMTPResponseException as exc:
            if 500 <= exc.code < 600:
                raise PermanentFailure(f"the mail server refused: {exc.code}") from exc
            raise TransientFailure(f"the mail server answered {exc.code}") from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise TransientFailure(f"the mail server could not be reached: {exc}") from exc
        return Sent(provider_id=mail["Message-ID"])


NO_SMS_GATEWAY = "no SMS gateway configured"
NO_SMTP = "no SMTP server configured"


def channels_from_settings(settings: Settings) -> dict[MessageChannel, Channel]:
    """The configured channel for SMS and for e-mail, the outbox where none is configured."""
    return {
        MessageChannel.SMS: (
            SmsGateway(settings) if settings.sms_gateway_url else OutboxOnly(NO_SMS_GATEWAY)
        ),
        MessageChannel.EMAIL: Smtp(settings) if settings.smtp_host else OutboxOnly(NO_SMTP),
    }
