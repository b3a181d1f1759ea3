"""The device test's registry of server peers: at most the configured number at once, each
closed when its time is up, when its connection fails, and all at shutdown."""

import asyncio

import pytest
from aiortc import RTCPeerConnection, RTCSessionDescription

from tests.video.peer import Tone
from video.errors import BadOffer, DeviceTestNotFound, DeviceTestsBusy, DeviceTestsPerCaller
from video.peers import DeviceTests, configuration, reachable_candidates


async def _offer() -> tuple[RTCPeerConnection, str]:
    pc = RTCPeerConnection(configuration([]))
    pc.addTrack(Tone())
    await pc.setLocalDescription(await pc.createOffer())
    return pc, pc.localDescription.sdp


async def test_no_more_than_the_limit_at_once_and_all_closed_at_shutdown():
    tests = DeviceTests(limit=2, lifetime=60)
    clients = []
    try:
        for _ in range(2):
            pc, sdp = await _offer()
            clients.append(pc)
            await tests.start(sdp=sdp, kind="offer", ice_servers=[])
        pc, sdp = await _offer()
        clients.append(pc)
        with pytest.raises(DeviceTestsBusy):
            await tests.start(sdp=sdp, kind="offer", ice_servers=[])
        assert len(tests) == 2
        await tests.close_all()
        assert len(tests) == 0
    finally:
        for pc in clients:
            await pc.close()


async def test_a_test_ends_when_its_time_is_up():
    tests = DeviceTests(limit=2, lifetime=0.3)
    pc, sdp = await _offer()
    try:
        test_id, _ = await tests.start(sdp=sdp, kind="offer", ice_servers=[])
        assert len(tests) == 1
        await asyncio.sleep(0.6)
        assert len(tests) == 0
        with pytest.raises(DeviceTestNotFound):
            await tests.report(test_id)
    finally:
        await pc.close()
        await tests.close_all()


async def test_a_test_ends_when_its_connection_fails():
    tests = DeviceTests(limit=2, lifetime=60)
    pc, sdp = await _offer()
    try:
        test_id, answer = await tests.start(sdp=sdp, kind="offer", ice_servers=[])
        await pc.setRemoteDescription(RTCSessionDescription(answer, "answer"))
        for _ in range(100):
            if (await tests.report(test_id))["state"] == "connected":
                break
            await asyncio.sleep(0.05)
        await tests._tests[test_id].pc.close()  # the way a failed connection ends
        for _ in range(50):
            if len(tests) == 0:
                break
            await asyncio.sleep(0.05)
        assert len(tests) == 0
    finally:
        await pc.close()
        await tests.close_all()


@pytest.mark.parametrize(("sdp", "kind"), [("v=0\r\nnonsense", "offer"), ("v=0", "answer")])
async def test_a_bad_offer_is_refused_and_leaves_nothing_behind(sdp, kind):
    tests = DeviceTests(limit=2, lifetime=60)
    with pytest.raises(BadOffer):
        await tests.start(sdp=sdp, kind=kind, ice_servers=[])
    assert len(tests) == 0


async def test_one_pass_or_one_address_cannot_take_the_pool():
    tests = DeviceTests(limit=20, lifetime=60, per_holder=2, per_address=3)
    clients = []

    async def start(holder: str, address: str) -> None:
        pc, sdp = await _offer()
        clients.append(pc)
        await tests.start(sdp=sdp, kind="offer", ice_servers=[], holder=holder, address=address)

    try:
        await start("client:a", "198.51.100.7")
        await start("client:a", "198.51.100.7")
        with pytest.raises(DeviceTestsPerCaller, match="this pass"):
            await start("client:a", "198.51.100.8")
        await start("client:b", "198.51.100.7")
        with pytest.raises(DeviceTestsPerCaller, match="this address"):
            await start("client:c", "198.51.100.7")
        await start("client:c", "203.0.113.9")  # another caller still gets one
        assert len(tests) == 4
    finally:
        await tests.close_all()
        for pc in clients:
            await pc.close()


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("a=candidate:1 1 udp 2130706431 93.184.216.34 50000 typ host", True),
        ("a=candidate:1 1 udp 2130706431 1c9f-guid.local 50000 typ host", True),
        ("a=candidate:1 1 udp 2130706431 127.0.0.2 8324 typ host", False),
        ("a=candidate:1 1 udp 2130706431 0.0.0.0 8325 typ host", False),
        ("a=candidate:1 1 udp 2130706431 10.1.2.3 50000 typ host", False),
        ("a=candidate:1 1 udp 2130706431 192.168.1.20 50000 typ host", False),
        ("a=candidate:1 1 udp 2130706431 169.254.1.1 50000 typ host", False),
        ("a=candidate:1 1 udp 2130706431 ::1 50000 typ host", False),
        ("a=candidate:1 1 udp 2130706431 fe80::1 50000 typ host", False),
        ("a=candidate:1 1 udp 2130706431 224.0.0.1 50000 typ host", False),
        ("a=candidate:1 1 udp 2130706431 intranet.example 50000 typ host", False),
    ],
)
def test_candidates_the_server_must_not_reach_are_left_out(line, kept):
    sdp = f"v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n{line}\r\na=end-of-candidates\r\n"
    assert (line in reachable_candidates(sdp)) is kept


async def _stun_to(private_candidates: bool, wait: float = 2.0) -> int:
    """Datagrams the server's peer sends to a candidate at 127.0.0.2 named in an offer."""
    loop = asyncio.get_running_loop()
    received: list[bytes] = []

    class Listen(asyncio.DatagramProtocol):
        def datagram_received(self, data, addr):  # type: ignore[no-untyped-def]
            received.append(data)

    transport, _ = await loop.create_datagram_endpoint(Listen, local_addr=("127.0.0.2", 0))
    port = transport.get_extra_info("sockname")[1]
    tests = DeviceTests(limit=2, lifetime=60, private_candidates=private_candidates)
    pc, sdp = await _offer()
    lines = [line for line in sdp.splitlines() if not line.startswith("a=candidate:")]
    at = next(i for i, line in enumerate(lines) if line.startswith("a=mid:")) + 1
    lines.insert(at, f"a=candidate:9 1 udp 2130706431 127.0.0.2 {port} typ host")
    try:
        await tests.start(sdp="\r\n".join(lines) + "\r\n", kind="offer", ice_servers=[])
        await asyncio.sleep(wait)
    finally:
        await tests.close_all()
        await pc.close()
        transport.close()
    return len(received)


async def test_in_production_the_server_sends_nothing_to_a_loopback_candidate():
    assert await _stun_to(private_candidates=True) > 0  # the probe hears a peer that may
    assert await _stun_to(private_candidates=False) == 0
