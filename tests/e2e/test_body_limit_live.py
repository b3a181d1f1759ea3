"""A running server refuses an oversized body from its claimed length, before reading it."""

import socket
import time
from urllib.parse import urlsplit


def test_a_live_server_refuses_a_100_mb_claim_before_reading_it(live_server: str) -> None:
    """Four anonymous 100 MB bodies used to grow the process by 800 MB: now the claim alone
    is refused, before the body is read."""
    address = urlsplit(live_server)
    for _ in range(4):
        started = time.monotonic()
        with socket.create_connection((address.hostname, address.port), timeout=5) as raw:
            raw.sendall(
                b"POST /api/v1/bookings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 104857600\r\n\r\n" + b"{" + b" " * 1023
            )
            head = raw.recv(4096).decode("latin-1")
        assert head.startswith("HTTP/1.1 413"), head
        assert time.monotonic() - started < 3.0  # it was read in full: seconds per 100 MB
