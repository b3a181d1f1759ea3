"""The server's own WebRTC peers (aiortc): the device test, which reflects a client's audio
and video back to them and reports round-trip time and packet loss.

Every peer connection is registered, closed when it fails, when its time is up, and when the
process shuts down; there are never more than the configured number at once.
"""

import asyncio
import contextlib
import logging
import secrets
import time
from dataclasses import dataclass, field

from aiortc import RTCConfiguration, RTCIceServer, RTCPeerConnection, RTCSessionDescription
from aiortc.contrib.media import MediaRelay
from aiortc.mediastreams import MediaStreamTrack

from video.errors import BadOffer, DeviceTestNotFound, DeviceTestsBusy

log = logging.getLogger(__name__)


def configuration(ice_servers: list[dict]) -> RTCConfiguration:
    """An aiortc configuration from browser-style ``iceServers`` (never the public default)."""
    return RTCConfiguration(
        iceServers=[
            RTCIceServer(
                urls=server["urls"],
                username=server.get("username"),
                credential=server.get("credential"),
            )
            for server in ice_servers
        ]
    )


@dataclass(slots=True)
class _Test:
    pc: RTCPeerConnection
    started: float
    kinds: list[str] = field(default_factory=list)
    timer: asyncio.TimerHandle | None = None


class DeviceTests:
    """A registry of echo peers, at most ``limit`` at once, each for at most ``lifetime`` s."""

    def __init__(self, *, limit: int, lifetime: float) -> None:
        self.limit = limit
        self.lifetime = lifetime
        self._tests: dict[str, _Test] = {}
        self._relay = MediaRelay()
        self._closing: set[asyncio.Task] = set()

    def __len__(self) -> int:
        return len(self._tests)

    async def start(self, *, sdp: str, kind: str, ice_servers: list[dict]) -> tuple[str, str]:
        """Answer a browser's offer with a peer that sends each received track back.
        Returns the test's id and the answer's SDP (with its candidates: no trickling)."""
        if kind != "offer":
            raise BadOffer("a device test starts with an offer", field="type")
        if len(self._tests) >= self.limit:
            raise DeviceTestsBusy("every device test is taken; try again in a minute")
        test_id = secrets.token_urlsafe(16)
        pc = RTCPeerConnection(configuration(ice_servers))
        test = _Test(pc=pc, started=time.monotonic())
        self._tests[test_id] = test

        @pc.on("track")
        def _echo(track: MediaStreamTrack) -> None:
            test.kinds.append(track.kind)
            pc.addTrack(self._relay.subscribe(track, buffered=False))

        @pc.on("connectionstatechange")
        async def _state() -> None:
            if pc.connectionState in ("failed", "closed"):
                await self.close(test_id)

        try:
            await pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="offer"))
            if not any(t.kind in ("audio", "video") for t in pc.getTransceivers()):
                raise ValueError("it offers neither audio nor video")
            answer = await pc.createAnswer()
            await pc.setLocalDescription(answer)
        except Exception as exc:  # aiortc raises ValueError and friends for a bad SDP
            await self.close(test_id)
            raise BadOffer(f"the offer could not be used: {exc}"[:200], field="sdp") from exc
        loop = asyncio.get_running_loop()
        test.timer = loop.call_later(self.lifetime, self._expire, test_id)
        return test_id, pc.localDescription.sdp

    def _expire(self, test_id: str) -> None:
        task = asyncio.create_task(self.close(test_id))
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    async def report(self, test_id: str) -> dict:
        """Connection state, round-trip time and packet loss in both directions, per kind."""
        test = self._tests.get(test_id)
        if test is None:
            raise DeviceTestNotFound("no such device test (it may have ended)")
        stats = await test.pc.getStats()
        kinds: dict[str, dict] = {}
        for item in stats.values():
            name = type(item).__name__
            if name == "RTCInboundRtpStreamStats":
                entry = kinds.setdefault(item.kind, {})
                entry["received"] = item.packetsReceived
                entry["lost_on_the_way_in"] = max(item.packetsLost, 0)
                entry["jitter_ms"] = round(item.jitter * 1000, 1) if item.jitter else None
            elif name == "RTCRemoteInboundRtpStreamStats":
                entry = kinds.setdefault(item.kind, {})
                entry["round_trip_ms"] = (
                    round(item.roundTripTime * 1000, 1) if item.roundTripTime else None
                )
                entry["lost_on_the_way_back"] = max(item.packetsLost, 0)
                entry["loss_back"] = round(item.fractionLost, 3)
        for entry in kinds.values():
            received = entry.get("received", 0)
            lost = entry.get("lost_on_the_way_in", 0)
            entry["loss_in"] = round(lost / (received + lost), 3) if received + lost else None
        rtts = [e["round_trip_ms"] for e in kinds.values() if e.get("round_trip_ms")]
        return {
            "state": test.pc.connectionState,
            "seconds": round(time.monotonic() - test.started, 1),
            "round_trip_ms": min(rtts) if rtts else None,
            "kinds": kinds,
        }

    async def close(self, test_id: str) -> None:
        test = self._tests.pop(test_id, None)
        if test is None:
            return
        if test.timer is not None:
            test.timer.cancel()
        with contextlib.suppress(Exception):
            await test.pc.close()

    async def close_all(self) -> None:
        for test_id in list(self._tests):
            await self.close(test_id)
        for task in list(self._closing):
            with contextlib.suppress(Exception):
                await task
