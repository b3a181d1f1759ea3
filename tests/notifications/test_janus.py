"""The phone bridge's Janus client against Debian's Janus and a `sipp` phone on loopback, with
an aiortc peer as the advisor's browser: the call rings, is answered with an SDP answer, audio
goes to the phone and comes back, and hanging up ends it with a BYE the phone answers."""

import asyncio
import socket
from pathlib import Path

import pytest
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.contrib.media import MediaPlayer

from notifications import janus
from notifications.errors import BridgeFailed
from tests import janus_sip
from tests.conftest import REQUIRE_SERVICES

pytestmark = pytest.mark.skipif(
    not (janus_sip.JANUS and janus_sip.SIPP) and not REQUIRE_SERVICES,
    reason="janus and sipp are not installed (apt-get install janus sip-tester)",
)


def test_sip_uri_puts_the_number_in_the_template() -> None:
    uri = janus.sip_uri("sip:{number}@trunk.example.fi;user=phone", "+358405553361")
    assert uri == "sip:+358405553361@trunk.example.fi;user=phone"


def test_a_guest_identity_sends_no_register_and_a_trunk_one_carries_its_credentials() -> None:
    guest = janus._register(
        janus.Trunk(uri="sip:{number}@t", identity="sip:{caller}@t", caller="+35885550100")
    )
    assert guest == {"request": "register", "username": "sip:+35885550100@t", "type": "guest"}
    registered = janus._register(
        janus.Trunk(
            uri="sip:{number}@t",
            identity="sip:neuvo@t",
            caller="x",
            proxy="sip:t:5060",
            register=True,
            authuser="neuvo",
            secret="s3cret",
        )
    )
    assert registered["secret"] == "s3cret" and "type" not in registered
    assert registered["proxy"] == "sip:t:5060" and registered["authuser"] == "neuvo"


async def _answer_of(bridge: janus.Janus, leg: janus.Leg, happened: list[janus.Event]) -> str:
    for _ in range(100):
        for event in happened:
            if event.answer_sdp:
                return event.answer_sdp
            assert event.kind not in ("hangup", "error", "gone"), event
        await asyncio.sleep(0.1)
        happened = await bridge.events(leg)
    raise AssertionError("the phone never answered")


async def test_a_call_is_answered_carries_audio_both_ways_and_hangs_up(tmp_path: Path) -> None:
    with (
        janus_sip.janus(tmp_path / "janus") as url,
        janus_sip.phone(tmp_path / "phone") as phone,
    ):
        pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        pc.addTrack(MediaPlayer("sine=frequency=440", format="lavfi").audio)
        frames: list[object] = []
        readers: list[asyncio.Future] = []

        @pc.on("track")
        def _heard(track) -> None:
            async def read() -> None:
                while True:
                    frames.append(await track.recv())

            readers.append(asyncio.ensure_future(read()))

        await pc.setLocalDescription(await pc.createOffer())
        bridge = janus.Janus(url)
        trunk = janus.Trunk(
            uri=f"sip:{{number}}@127.0.0.1:{phone.port}",
            identity="sip:{caller}@127.0.0.1",
            caller="+35885550100",
        )
        leg, happened = await bridge.dial(
            trunk=trunk, number="+358405553361", offer_sdp=pc.localDescription.sdp
        )
        answer = await _answer_of(bridge, leg, happened)
        await pc.setRemoteDescription(RTCSessionDescription(sdp=answer, type="answer"))
        for _ in range(100):
            if phone.relay.from_phone > 50 and len(frames) > 50:
                break
            await asyncio.sleep(0.1)
        assert phone.relay.to_phone > 50 and phone.relay.from_phone > 50  # the phone heard
        assert len(frames) > 50  # and the browser heard the phone
        assert await bridge.events(leg) == []  # nothing new: still on the call
        ended = await bridge.hang_up(leg)
        assert [e.kind for e in ended] == ["hangup"] and ended[0].code == 200
        assert await asyncio.to_thread(phone.wait) == 0  # sipp got the BYE, as scripted
        assert [e.kind for e in await bridge.events(leg)] == ["gone"]
        await pc.close()


async def test_an_unreachable_janus_is_a_bridge_failure() -> None:
    bridge = janus.Janus(f"http://127.0.0.1:{janus_sip.free_port()}/janus", timeout=2)
    trunk = janus.Trunk(uri="sip:{number}@127.0.0.1", identity="sip:n@127.0.0.1", caller="n")
    with pytest.raises(BridgeFailed):
        await bridge.dial(trunk=trunk, number="+358405553361", offer_sdp="v=0")


def _registering(phone: janus_sip.Phone, proxy: str, secret: str) -> janus.Trunk:
    return janus.Trunk(
        uri=f"sip:{{number}}@127.0.0.1:{phone.port}",
        identity="sip:neuvo@127.0.0.1",
        caller="+35885550100",
        proxy=proxy,
        register=True,
        authuser="neuvo",
        secret=secret,
    )


async def test_a_trunk_with_registration_takes_the_digest_then_the_call_is_answered(
    tmp_path: Path,
) -> None:
    with (
        janus_sip.janus_server(tmp_path / "janus") as server,
        janus_sip.registrar(tmp_path / "registrar", user="neuvo", password="s3cret") as registrar,
        janus_sip.phone(tmp_path / "phone") as phone,
    ):
        pc = await janus_sip.offer()
        bridge = janus.Janus(server.url)
        trunk = _registering(phone, registrar.proxy, "s3cret")
        leg, happened = await bridge.dial(
            trunk=trunk, number="+358405553361", offer_sdp=pc.localDescription.sdp
        )
        # challenged, then taken with the digest of the right password; only then the INVITE
        assert registrar.answers() == ["SIP/2.0 401 Unauthorized", "SIP/2.0 200 OK"]
        assert registrar.authorised_as() == ["neuvo"]
        assert "v=0" in await _answer_of(bridge, leg, happened)
        assert phone.invited == 1
        ended = await bridge.hang_up(leg)
        assert [e.kind for e in ended] == ["hangup"] and ended[0].code == 200
        assert await asyncio.to_thread(phone.wait) == 0
        assert server.sessions() == []
        await pc.close()


@pytest.mark.parametrize("rechallenge", [False, True], ids=["forbidden", "challenged-again"])
async def test_a_wrong_secret_is_refused_before_any_call_and_leaves_nothing_in_janus(
    tmp_path: Path, rechallenge: bool
) -> None:
    """The registrar answers the wrong digest with 403, or (as Asterisk and Kamailio do) with
    a new challenge, which Janus's SIP stack gives up on as 904: either way the refusal names
    the credentials, no INVITE leaves, and Janus holds no session."""
    with (
        janus_sip.janus_server(tmp_path / "janus") as server,
        janus_sip.registrar(
            tmp_path / "registrar", user="neuvo", password="s3cret", rechallenge=rechallenge
        ) as registrar,
        janus_sip.phone(tmp_path / "phone") as phone,
    ):
        pc = await janus_sip.offer()
        bridge = janus.Janus(server.url)
        trunk = _registering(phone, registrar.proxy, "wrong")
        with pytest.raises(BridgeFailed) as refused:
            await bridge.dial(
                trunk=trunk, number="+358405553361", offer_sdp=pc.localDescription.sdp
            )
        said = str(refused.value)
        assert said.startswith("the SIP trunk refused Neuvo's registration: ")
        assert ("403 Forbidden" in said) != rechallenge and ("904" in said) == rechallenge
        assert "NEUVO_SIP_SECRET" in said
        refusal = "SIP/2.0 401 Unauthorized" if rechallenge else "SIP/2.0 403 Forbidden"
        assert registrar.answers() == ["SIP/2.0 401 Unauthorized", refusal]
        assert registrar.authorised_as() == ["neuvo"]
        assert server.sessions() == []
        assert phone.invited == 0 and phone.process.poll() is None  # never rang
        await pc.close()


async def test_a_registrar_that_never_answers_is_refused_after_the_wait(tmp_path: Path) -> None:
    with (
        janus_sip.janus_server(tmp_path / "janus") as server,
        janus_sip.phone(tmp_path / "phone") as phone,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent,
    ):
        silent.bind(("127.0.0.1", 0))
        silent.settimeout(5)
        bridge = janus.Janus(server.url, register_wait=1.5)
        trunk = _registering(phone, f"sip:127.0.0.1:{silent.getsockname()[1]}", "s3cret")
        pc = await janus_sip.offer()
        with pytest.raises(BridgeFailed, match="registrar did not answer"):
            await bridge.dial(
                trunk=trunk, number="+358405553361", offer_sdp=pc.localDescription.sdp
            )
        assert silent.recv(4096).startswith(b"REGISTER ")  # it was asked
        assert server.sessions() == [] and phone.invited == 0
        await pc.close()
