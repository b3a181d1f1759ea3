"""The device test's registry of server peers: at most the configured number at once, each
closed when its time is up, when its connection fails, and all at shutdown."""

import asyncio

import pytest
from aiortc import RTCPeerConnection, RTCSessionDescription

from tests.video.peer import Tone
from video.errors import BadOffer, DeviceTestNotFound, DeviceTestsBusy
from video.peers import DeviceTests, configuration


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
