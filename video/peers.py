"""The server's own WebRTC peers (aiortc): the device test, which reflects a client's audio
and video back to them and reports round-trip time and packet loss.

Every peer connection is registered, closed when it fails, when its time is up, and when the
process shuts down; there are never more than the configured number at once.
"""

import asyncio
import contextlib
import ipaddress
import logging
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field

from aiortc import RTCConfiguration, RTCIceServer, RTCPeerConnection, RTCSessionDescription
from aiortc.contrib.media import MediaRelay
from aiortc.mediastreams import MediaStreamTrack

from video.errors import BadOffer, DeviceTestNotFound, DeviceTestsBusy, DeviceTestsPerCaller

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


def reachable_candidates(sdp: str) -> str:
    """``sdp`` without the candidates the server must never send to: loopback, private,
    link-local, multicast or unspecified addresses, and names other than mDNS ``.local`` ones
    (the server would look them up). A real browser behind a NAT is still reached: its public
    address comes as a server-reflexive or relay candidate, or is learnt from its checks."""
    kept = []
    for line in sdp.splitlines(keepends=True):
        if line.startswith("a=candidate:") and not _public(line):
            continue
        kept.append(line)
    return "".join(kept)


def _public(candidate: str) -> bool:
    parts = candidate.split()
    if len(parts) < 6:
        return False
    address = parts[4]
    if address.endswith(".local"):
        return True
    try:
        found = ipaddress.ip_address(address)
    except ValueError:
        return False
    return found.is_global and not found.is_multicast


@dataclass(slots=True)
class _Test:
    pc: RTCPeerConnection
    started: float
    holder: str = ""
    address: str = ""
    kinds: list[str] = field(default_factory=list)
    timer: asyncio.TimerHandle | None = None


class DeviceTests:
    """A registry of echo peers, at most ``limit`` at once, each for at most ``lifetime`` s,
    at most ``per_holder`` for one room pass and ``per_address`` from one network address.
    Without ``private_candidates`` (production), the server never sends to a loopback,
    private or link-local address a browser's offer names."""

    def __init__(
        self,
        *,
        limit: int,
        lifetime: float,
        per_holder: int = 2,
        per_address: int = 4,
        private_candidates: bool = True,
    ) -> None:
        self.limit = limit
        self.lifetime = lifetime
        self.per_holder = per_holder
        self.per_address = per_address
        self.private_candidates = private_candidates
        self._tests: dict[str, _Test] = {}
        self._relay = MediaRelay()
        self._closing: set[asyncio.Task] = set()

    def __len__(self) -> int:
        return len(self._tests)

    async def start(
        self,
        *,
        sdp: str,
        kind: str,
        ice_servers: list[dict],
        holder: str = "",
        address: str = "",
    ) -> tuple[str, str]:
        """Answer a browser's offer with a peer that sends each received track back.
        Returns the test's id and the answer's SDP (with its candidates: no trickling)."""
        if kind != "offer":
            raise BadOffer("a device test starts with an offer", field="type")
        self._check_room(holder, address)
        if not self.private_candidates:
            sdp = reachable_candidates(sdp)
        test_id = secrets.token_urlsafe(16)
        pc = RTCPeerConnection(configuration(ice_servers))
        test = _Test(pc=pc, started=time.monotonic(), holder=holder, address=address)
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

    def _check_room(self, holder: str, address: str) -> None:
        """Refuse a test past any limit: the whole pool's, the pass's, the address's."""
        if len(self._tests) >= self.limit:
            raise DeviceTestsBusy("every device test is taken; try again in a minute")
        holders = Counter(t.holder for t in self._tests.values())
        addresses = Counter(t.address for t in self._tests.values())
        if holder and holders[holder] >= self.per_holder:
            raise DeviceTestsPerCaller(
                f"this pass has {self.per_holder} device tests running: end one first"
            )
        if address and addresses[address] >= self.per_address:
            raise DeviceTestsPerCaller(
                f"{self.per_address} device tests run from this address: end one first"
            )

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
