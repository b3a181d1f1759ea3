"""A participant as a test drives it: a signalling WebSocket and real aiortc peer connections
(a mesh), each sending a tone and listening for the others' tones."""

import asyncio
import contextlib
import fractions
import json
import math
import time
from array import array
from typing import Any

import av
import httpx
import websockets
from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamTrack
from aiortc.sdp import candidate_from_sdp

from video.peers import configuration

RATE = 48000
SAMPLES = 960  # 20 ms


class Tone(MediaStreamTrack):
    """A sine tone in real time, so that the far side can tell speech-like sound from silence."""

    kind = "audio"

    def __init__(self, hz: float = 440.0) -> None:
        super().__init__()
        self.hz = hz
        self.sent = 0
        self.started: float | None = None

    async def recv(self) -> av.AudioFrame:
        if self.started is None:
            self.started = time.monotonic()
        else:
            wait = self.started + self.sent / RATE - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
        samples = array(
            "h",
            (
                int(8000 * math.sin(2 * math.pi * self.hz * (self.sent + i) / RATE))
                for i in range(SAMPLES)
            ),
        )
        frame = av.AudioFrame(format="s16", layout="mono", samples=SAMPLES)
        frame.planes[0].update(samples.tobytes())
        frame.sample_rate = RATE
        frame.pts = self.sent
        frame.time_base = fractions.Fraction(1, RATE)
        self.sent += SAMPLES
        return frame


def loud(frame: av.AudioFrame) -> bool:
    samples = array("h", bytes(frame.planes[0]))
    return max((abs(s) for s in samples), default=0) > 1000


async def get_pass(base: str, *, client_token: str | None = None, room=None, person=None) -> dict:
    async with httpx.AsyncClient(base_url=base, headers={"Origin": base}) as http:
        if client_token is not None:
            response = await http.post(f"/b/{client_token}/room")
        else:
            response = await http.post(f"/api/v1/rooms/{room}/passes", headers=person.headers)
    response.raise_for_status()
    return response.json()


class Participant:
    """Joins a room, makes offers to those already in it (the newcomer offers), answers the
    rest, and counts loud audio frames from each other participant."""

    def __init__(self, site_base: str, room_id, token: str, *, origin: str | None = None) -> None:
        self.url = "ws" + site_base.removeprefix("http") + f"/api/v1/rooms/{room_id}/signal"
        self.origin = origin or site_base
        self.token = token
        self.ws: Any = None
        self.id: str | None = None
        self.messages: list[dict] = []
        self.pcs: dict[str, RTCPeerConnection] = {}
        self.loud: dict[str, int] = {}
        self.frames: dict[str, int] = {}
        self.ice: list[dict] = []
        self._reader: asyncio.Task | None = None
        self._tasks: set[asyncio.Task] = set()
        self._changed = asyncio.Condition()

    async def open(self) -> None:
        self.ws = await websockets.connect(self.url, additional_headers={"Origin": self.origin})

    async def send(self, message: dict) -> None:
        await self.ws.send(json.dumps(message))

    async def join(self) -> dict:
        """Open, send join, and start handling messages; return the welcome."""
        await self.open()
        await self.send({"type": "join", "token": self.token})
        self._reader = asyncio.create_task(self._read())
        return await self.wait_for("welcome")

    async def wait_for(self, kind: str, timeout: float = 10, **match: Any) -> dict:
        def found() -> dict | None:
            for message in self.messages:
                if message["type"] == kind and all(message.get(k) == v for k, v in match.items()):
                    return message
            return None

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(found), timeout)
        result = found()
        assert result is not None
        return result

    async def closed(self, timeout: float = 10) -> tuple[int, str]:
        """Wait for the server to close the connection; return its code and reason."""
        if self._reader is not None:  # the reader is reading: wait for its end
            await asyncio.wait_for(self.ws.wait_closed(), timeout)
        else:
            with contextlib.suppress(websockets.ConnectionClosed):
                while True:
                    await asyncio.wait_for(self.ws.recv(), timeout)
        return self.ws.close_code, self.ws.close_reason

    async def _read(self) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            async for raw in self.ws:
                message = json.loads(raw)
                await self._handle(message)
                async with self._changed:
                    self.messages.append(message)
                    self._changed.notify_all()
        async with self._changed:
            self._changed.notify_all()

    def _spawn(self, coro) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle(self, message: dict) -> None:
        kind = message["type"]
        if kind == "welcome":
            self.id = message["id"]
            self.ice = message["ice_servers"]
            for peer in message["peers"]:
                await self._offer(peer["id"])
        elif kind == "admitted":
            for peer in message["peers"]:
                await self._offer(peer["id"])
        elif kind == "offer":
            pc = self._pc(message["from"], replace=True)
            await pc.setRemoteDescription(RTCSessionDescription(message["sdp"], "offer"))
            await pc.setLocalDescription(await pc.createAnswer())
            await self.send(
                {"type": "answer", "to": message["from"], "sdp": pc.localDescription.sdp}
            )
        elif kind == "answer":
            pc = self.pcs[message["from"]]
            await pc.setRemoteDescription(RTCSessionDescription(message["sdp"], "answer"))
        elif kind == "candidate" and (message["candidate"] or {}).get("candidate"):
            init = message["candidate"]
            candidate = candidate_from_sdp(init["candidate"].split(":", 1)[1])
            candidate.sdpMid = init.get("sdpMid")
            candidate.sdpMLineIndex = init.get("sdpMLineIndex")
            pc = self.pcs.get(message["from"])
            if pc is not None:
                await pc.addIceCandidate(candidate)
        elif kind == "peer_left":
            pc = self.pcs.pop(message["id"], None)
            if pc is not None:
                await pc.close()

    def _pc(self, peer: str, *, replace: bool = False) -> RTCPeerConnection:
        old = self.pcs.get(peer)
        if old is not None and replace:
            self._spawn(old.close())
        pc = RTCPeerConnection(configuration(self.ice))
        self.pcs[peer] = pc
        pc.addTrack(Tone(330 + 110 * len(self.pcs)))
        self.loud.setdefault(peer, 0)

        @pc.on("track")
        def _listen(track: MediaStreamTrack) -> None:
            self._spawn(self._count(peer, track))

        return pc

    async def _offer(self, peer: str) -> None:
        pc = self._pc(peer)
        await pc.setLocalDescription(await pc.createOffer())
        await self.send({"type": "offer", "to": peer, "sdp": pc.localDescription.sdp})

    async def _count(self, peer: str, track: MediaStreamTrack) -> None:
        with contextlib.suppress(Exception):
            while True:
                frame = await track.recv()
                self.frames[peer] = self.frames.get(peer, 0) + 1
                if loud(frame):
                    self.loud[peer] = self.loud.get(peer, 0) + 1

    async def hears(self, peer: str, frames: int = 25, timeout: float = 15) -> bool:
        """Wait until ``frames`` loud audio frames (half a second) came from ``peer``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.loud.get(peer, 0) >= frames:
                return True
            await asyncio.sleep(0.05)
        return False

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        for pc in list(self.pcs.values()):
            await pc.close()
        for task in list(self._tasks):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
