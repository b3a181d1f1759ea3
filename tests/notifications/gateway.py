"""A real HTTP server standing in for an SMS gateway: it counts what it receives, drops a
request whose Idempotency-Key it has seen (as real gateways do), and can be told to fail."""

import asyncio
import itertools
import socket
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

TOKEN = "gateway-test-token"


@dataclass
class Gateway:
    url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)  # every request, repeats too
    delivered: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> first payload
    failures: list[int] = field(default_factory=list)  # statuses to answer before succeeding
    delay: float = 0.0
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None

    @property
    def attempts(self) -> Counter:
        return Counter(request["key"] for request in self.requests)

    async def start(self) -> "Gateway":
        app = web.Application()
        app.router.add_post("/send", self._send)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        self.url = f"http://127.0.0.1:{port}/send"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _send(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return web.json_response({"error": "unauthorised"}, status=401)
        payload = await request.json()
        key = request.headers.get("Idempotency-Key", "")
        self.requests.append({"key": key, "payload": payload})
        if self.failures:
            return web.json_response({"error": "try later"}, status=self.failures.pop(0))
        # Accepted on arrival: an answer lost on the way back (the sender died) leaves the
        # message delivered, and the sender's retry is recognised by its key.
        first = key not in self.delivered
        if first:
            self.delivered[key] = {**payload, "id": f"sms-{next(self._ids)}"}
        if self.delay:
            await asyncio.sleep(self.delay)
        return web.json_response({"id": self.delivered[key]["id"]}, status=201 if first else 200)
