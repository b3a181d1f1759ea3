"""A real SMTP server on loopback (aiosmtpd in its own thread) that keeps what it is sent, for
the tests that read an e-mail as its recipient would: the invitation and reset links."""

import re
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


class Mailbox:
    def __init__(self) -> None:
        self.received: list = []
        self.port = 0

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope)
        return "250 Message accepted"

    def mails(self, to: str) -> list[EmailMessage]:
        """Every e-mail to ``to``, oldest first, parsed."""
        return [
            message_from_bytes(envelope.content, policy=policy.default)  # type: ignore[misc]
            for envelope in self.received
            if to in envelope.rcpt_tos
        ]

    def wait_for(self, to: str, count: int = 1, seconds: float = 30) -> EmailMessage:
        """The ``count``-th e-mail to ``to``, once it has come (the server sends after its
        commit, in the background)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = self.mails(to)
            if len(found) >= count:
                return found[count - 1]
            time.sleep(0.1)
        raise AssertionError(f"no e-mail number {count} to {to} in {seconds} s")


def text_of(mail: EmailMessage) -> str:
    return mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def link_in(mail: EmailMessage) -> str:
    """The password link in an e-mail."""
    found = re.search(r"https?://\S+/password#t=[A-Za-z0-9_-]+", text_of(mail))
    assert found, text_of(mail)
    return found.group(0)


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    box = Mailbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        box.port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()
