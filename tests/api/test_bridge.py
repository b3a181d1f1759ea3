"""Phone sessions bridged from the console, through the API: the advisor's browser (an aiortc
peer here; Chromium in tests/e2e/test_phone_bridge.py) posts its offer, Neuvo dials the client
through Janus's SIP plugin to a `sipp` phone on loopback, the answer comes back, audio flows,
and the call's start, answer, end and outcome stay on the session. Who may not call the
client cannot place the call; without a SIP connection there is only the tel: link."""

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import httpx
import pytest
from aiortc import RTCSessionDescription
from sqlalchemy import select

from core.config import Settings
from scheduling.models import BookingCall, CallOutcome
from tests import janus_sip
from tests.api.test_booking_calls import CLIENT_PHONE, DAY, _accept, _book, _day
from tests.api.test_booking_calls import world as world  # the fixture
from tests.conftest import REQUIRE_SERVICES

pytestmark = pytest.mark.usefixtures("frozen")
HAVE_STACK = bool(janus_sip.JANUS and janus_sip.SIPP)
needs_stack = pytest.mark.skipif(
    not HAVE_STACK and not REQUIRE_SERVICES, reason="apt-get install janus sip-tester"
)
OFFER = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n"


@pytest.fixture
def phone(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[janus_sip.Phone]:
    ring = getattr(request, "param", 300)
    with janus_sip.phone(tmp_path / "phone", ring_ms=ring) as found:
        yield found


@pytest.fixture
def settings(settings: Settings, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator:
    """The test's settings with Janus and the phone as the trunk, for tests that ask for it
    (``@pytest.mark.parametrize("settings", ["sip"], indirect=True)``)."""
    if getattr(request, "param", None) != "sip":
        yield settings
        return
    phone: janus_sip.Phone = request.getfixturevalue("phone")
    with janus_sip.janus(tmp_path / "janus") as url:
        yield settings.model_copy(
            update={
                "janus_url": url,
                "sip_uri": f"sip:{{number}}@127.0.0.1:{phone.port}",
                "sip_ring_seconds": 30,
            }
        )


SIP = pytest.mark.parametrize("settings", ["sip"], indirect=True)


_offer = janus_sip.offer  # the advisor's browser, its offer made


async def test_without_a_sip_connection_there_is_the_tel_link_only(client, world):
    booking = await _book(client, world, "phone")
    [mine] = await _day(client, world.finnish)
    assert mine["phone"]["client_phone"] == CLIENT_PHONE  # the tel: link's number
    assert mine["phone"]["bridge"] is False
    path = f"/api/v1/bookings/{booking['id']}/bridge"
    refused = await client.post(path, json={"sdp": OFFER}, headers=world.finnish.headers)
    assert refused.status_code == 409, refused.text
    assert refused.json()["type"].endswith("no-phone-bridge")


@needs_stack
@SIP
async def test_who_may_not_call_the_client_cannot_place_the_call(client, world, phone, session):
    booking = await _book(client, world, "phone")
    await _accept(client, world, booking["id"])
    path = f"/api/v1/bookings/{booking['id']}/bridge"
    for person in (world.interpreter, world.outsider):  # hers to interpret; another organisation
        refused = await client.post(path, json={"sdp": OFFER}, headers=person.headers)
        assert refused.status_code == 404, refused.text
    [hers] = (
        await client.get("/api/v1/bookings", params={"on": DAY}, headers=world.interpreter.headers)
    ).json()
    assert hers["phone"]["bridge"] is False and hers["phone"]["client_phone"] is None
    assert await session.scalar(select(BookingCall.id)) is None  # nothing dialled, nothing kept
    assert phone.process.poll() is None and phone.relay.to_phone == 0  # the phone never rang


async def _follow(client, path: str, headers: dict, want: str) -> dict:
    for _ in range(100):
        answer = await client.get(path, headers=headers)
        assert answer.status_code == 200, answer.text
        if answer.json()["state"] == want:
            return answer.json()
        await asyncio.sleep(0.1)
    raise AssertionError(f"the call never got to {want}: {answer.json()}")


@needs_stack
@SIP
async def test_the_advisor_calls_the_client_through_neuvo_and_the_call_is_kept(
    client, world, phone, session, frozen
):
    booking = await _book(client, world, "phone")
    await _accept(client, world, booking["id"])
    [mine] = await _day(client, world.finnish)
    assert mine["phone"]["bridge"] is True and mine["phone"]["ice_servers"] == []
    pc = await _offer()
    heard: list[object] = []
    pc.on("track", lambda track: heard.append(track))
    base = f"/api/v1/bookings/{booking['id']}/bridge"
    headers = world.finnish.headers
    placed = await client.post(base, json={"sdp": pc.localDescription.sdp}, headers=headers)
    assert placed.status_code == 201, placed.text
    assert CLIENT_PHONE not in placed.text and "1112223" not in placed.text
    call = placed.json()["call"]
    assert call["bridged"] is True and call["outcome"] is None
    again = await client.post(base, json={"sdp": pc.localDescription.sdp}, headers=headers)
    assert again.status_code == 409 and again.json()["type"].endswith("call-in-progress")

    answered = await _follow(client, f"{base}/{call['id']}", headers, "answered")
    await pc.setRemoteDescription(RTCSessionDescription(sdp=answered["answer_sdp"], type="answer"))
    for _ in range(100):
        if phone.relay.from_phone > 25:
            break
        await asyncio.sleep(0.1)
    assert phone.relay.to_phone > 25 and phone.relay.from_phone > 25 and heard

    frozen.advance(timedelta(minutes=3))
    ended = await client.post(f"{base}/{call['id']}/hangup", headers=headers)
    assert ended.status_code == 200, ended.text
    assert ended.json()["state"] == "ended" and ended.json()["call"]["outcome"] == "reached"
    assert await asyncio.to_thread(phone.wait) == 0  # the phone got its BYE
    await pc.close()
    kept = await session.get(BookingCall, UUID(call["id"]))
    await session.refresh(kept)
    assert kept.outcome == CallOutcome.REACHED and kept.bridged
    assert kept.staff_id == world.finnish.id
    assert kept.created_at <= kept.answered_at < kept.ended_at
    assert kept.ended_at - kept.answered_at >= timedelta(minutes=3)
    assert kept.janus_session is None and kept.answer_sdp is None
    [mine] = await _day(client, world.finnish)
    assert [c["outcome"] for c in mine["phone"]["calls"]] == ["reached"]


@needs_stack
@SIP
@pytest.mark.parametrize("phone", [60_000], indirect=True)
async def test_a_phone_nobody_answers_is_hung_up_as_no_answer(client, world, phone, frozen):
    booking = await _book(client, world, "phone")
    pc = await _offer()
    base = f"/api/v1/bookings/{booking['id']}/bridge"
    placed = await client.post(
        base, json={"sdp": pc.localDescription.sdp}, headers=world.finnish.headers
    )
    assert placed.status_code == 201, placed.text
    path = f"{base}/{placed.json()['call']['id']}"
    await _follow(client, path, world.finnish.headers, "ringing")
    frozen.advance(timedelta(seconds=31))  # past sip_ring_seconds
    ended = (await client.get(path, headers=world.finnish.headers)).json()
    assert ended["state"] == "ended" and ended["call"]["outcome"] == "no_answer"
    assert ended["call"]["sip_code"] == 408 and ended["call"]["answered_at"] is None
    await pc.close()


@needs_stack
@SIP
async def test_a_call_janus_lost_is_kept_as_ended_on_the_next_look(
    client, world, phone, session, settings
):
    """The tab that placed the call was closed and Janus timed the call out (here: its session
    is destroyed): the next look finds it gone and keeps its end, reached as it was answered."""
    booking = await _book(client, world, "phone")
    pc = await _offer()
    base = f"/api/v1/bookings/{booking['id']}/bridge"
    headers = world.finnish.headers
    placed = await client.post(base, json={"sdp": pc.localDescription.sdp}, headers=headers)
    path = f"{base}/{placed.json()['call']['id']}"
    await _follow(client, path, headers, "answered")
    kept = await session.get(BookingCall, UUID(placed.json()["call"]["id"]))
    await session.refresh(kept)
    async with httpx.AsyncClient() as http:
        gone = await http.post(
            f"{settings.janus_url}/{kept.janus_session}",
            json={"janus": "destroy", "transaction": "t"},
        )
        assert gone.json()["janus"] == "success"
    ended = (await client.get(path, headers=headers)).json()
    assert ended["state"] == "ended" and ended["call"]["outcome"] == "reached"
    assert ended["call"]["ended_at"] is not None
    await pc.close()
