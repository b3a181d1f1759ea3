"""Errors of the notifications domain: why a message could not be rendered or sent, and
what the console may not do with one."""

from core.errors import NeuvoError


class NotificationError(NeuvoError):
    """Base of the notifications domain's errors."""


class UnknownTemplate(NotificationError):
    """No template of that kind exists in any language."""


class Undeliverable(NotificationError):
    """The address cannot receive this message (not a mobile number, not an e-mail address):
    never sent, never retried; a person must find another way to reach the recipient."""


class PermanentFailure(NotificationError):
    """The provider refused the message for good (a 4xx answer, a 5xx SMTP reply)."""


class TransientFailure(NotificationError):
    """The provider could not take the message now (5xx, a timeout): try again later."""


class NoGateway(NotificationError):
    """No SMS gateway (or no SMTP server) is configured: nothing leaves the server. The
    message is kept as not sent, to be read in the console and sent again once there is one."""


class MissingAudio(NotificationError):
    """A part of a call has no audio in the message's language: an SMS is sent instead."""


class MessageNotFound(NotificationError):
    """No such message in the outbox, or not one the caller may see."""


class MessageNotFailed(NotificationError):
    """Only a failed, undeliverable or not sent message can be sent again."""


class BridgeFailed(NotificationError):
    """Janus (the phone bridge) did not answer, or refused the call; ``code`` is Janus's."""

    def __init__(self, message: str, *, code: object = None) -> None:
        super().__init__(message, code=code)
        self.code = code


class WebhookRefused(NotificationError):
    """A voice provider's webhook whose secret is not the one its URL was given with."""


class VoiceCallNotFound(NotificationError):
    """No such voice call (or not the call the provider names), or audio no longer served."""
