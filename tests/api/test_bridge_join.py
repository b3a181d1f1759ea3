"""The interpreter joins a bridged phone session's call from her own browser, through the API:
Neuvo has the client on the line (Janus, a `sipp` phone on loopback), her browser (an aiortc
peer here; Chromium in tests/e2e/test_phone_bridge_join.py) posts its offer, the advisor's
browser (another aiortc peer) learns of it by following the client's call, answers it, and
the two peers connect. Only the session's interpreter may join, only while the client's call
is live; her leg is kept apart and never counts as a try at the client; no answer to her
carries a number."""

import asyncio
from datetime import timedelta
from uuid import uuid4

import pytest
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.contrib.media import MediaPlayer
from sqlalchemy import select

from scheduling.models import BookingCall, CallParty, CallWay
from tests.api.test_booking_calls import CLIENT_PHONE, DAY, _accept, _book, _day
from tests.api.test_booking_calls import world as world  # the fixture
from tests.api.test_bridge import OFFER, needs_stack
from tests.api.test_bridge_interpreter import INTERPRETER_PHONE, _client_on_the_line
from tests.api.test_bridge_interpreter import phones as phones  # the fixtures
from tests.api.test_bridge_interpreter import settings as settings

pytestmark = pytest.mark.usefixtures("frozen")
NUMBERS = (CLIENT_PHONE, "1112223", INTERPRETER_PHONE, "5550299")


def _no_number(text: str) -> None:
    for number in NUMBERS:
        assert number not in text, number


async def _her_browser() -> RTCPeerConnection:
    """The interpreter's browser, speaking 700 Hz, with its offer made (ICE gathered)."""
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    pc.addTrack(MediaPlayer("sine=frequency=700", format="lavfi").audio)
    await pc.setLocalDescription(await pc.createOffer())
    return pc


async def _connected(*peers: RTCPeerConnection) -> None:
    for _ in range(100):
        if all(pc.connectionState == "connected" for pc in peers):
            return
        await asyncio.sleep(0.1)
    raise AssertionError([pc.connectionState for pc in peers])


@needs_stack
async def test_only_the_sessions_interpreter_joins_and_only_while_the_client_is_on_the_line(
    client, world, phones, session, frozen
):
    booking = await _book(client, world, "phone")
    await _accept(client, world, booking["id"])
    hers = world.interpreter.headers
    [day] = await _day(client, world.interpreter)
    assert day["phone"]["join_call"] is None  # nothing to join yet
    assert day["phone"]["joinable"] is True and day["phone"]["ice_servers"] == []
    nothing = f"/api/v1/bookings/{booking['id']}/bridge/{uuid4()}/joins"
    early = await client.post(nothing, json={"sdp": OFFER}, headers=hers)
    assert early.status_code == 409, early.text
    assert early.json()["type"].endswith("client-not-on-call")
    assert "no call to join" in early.json()["detail"]

    pc, client_path = await _client_on_the_line(client, world, booking)
    call_id = client_path.rsplit("/", 1)[1]
    response = await client.get("/api/v1/bookings", params={"on": DAY}, headers=hers)
    [day] = response.json()
    _no_number(response.text)
    assert day["phone"]["join_call"] == call_id and day["phone"]["client_phone"] is None
    assert isinstance(day["phone"]["ice_servers"], list)
    [advisors] = await _day(client, world.finnish)
    assert advisors["phone"]["join_call"] is None and not advisors["phone"]["joinable"]  # hers

    path = f"/api/v1/bookings/{booking['id']}/bridge/{call_id}/joins"
    for person in (world.finnish, world.arabic, world.operator, world.outsider):
        refused = await client.post(path, json={"sdp": OFFER}, headers=person.headers)
        assert refused.status_code == 404, (person, refused.text)
    wrong = f"/api/v1/bookings/{booking['id']}/bridge/{uuid4()}/joins"
    refused = await client.post(wrong, json={"sdp": OFFER}, headers=hers)
    assert refused.status_code == 409 and refused.json()["type"].endswith("client-not-on-call")
    kept = (await session.scalars(select(BookingCall.party))).all()
    assert kept == [CallParty.CLIENT]

    # An offer nobody answers (the advisor's tab is gone) is given up after 30 s.
    offered = await client.post(path, json={"sdp": OFFER}, headers=hers)
    assert offered.status_code == 201, offered.text
    frozen.advance(timedelta(seconds=31))
    gone = await client.get(f"{path}/{offered.json()['call']['id']}", headers=hers)
    assert gone.json()["state"] == "ended" and gone.json()["call"]["outcome"] == "no_answer"
    followed = await client.get(client_path, headers=world.finnish.headers)
    assert followed.json()["state"] == "answered" and followed.json()["joining"] == []
    [mine] = await _day(client, world.finnish)
    assert mine["phone"]["unanswered"] == 0  # her leg is no try at the client
    await client.post(f"{client_path}/hangup", headers=world.finnish.headers)
    await pc.close()


@needs_stack
async def test_her_offer_is_answered_by_the_advisors_browser_and_her_leg_is_kept_apart(
    client, world, phones, session, frozen
):
    booking = await _book(client, world, "phone")
    await _accept(client, world, booking["id"])
    client_pc, client_path = await _client_on_the_line(client, world, booking)
    advisor, hers = world.finnish.headers, world.interpreter.headers
    path = f"{client_path}/joins"

    mine = await _her_browser()
    offered = await client.post(path, json={"sdp": mine.localDescription.sdp}, headers=hers)
    assert offered.status_code == 201, offered.text
    _no_number(offered.text)
    leg = offered.json()["call"]
    assert offered.json()["state"] == "calling" and offered.json()["answer_sdp"] is None
    assert (leg["party"], leg["way"], leg["attempt"]) == ("interpreter", "browser", 1)
    again = await client.post(path, json={"sdp": OFFER}, headers=hers)
    assert again.status_code == 409 and again.json()["type"].endswith("call-in-progress")
    dial = f"/api/v1/bookings/{booking['id']}/bridge/interpreter"
    dialled = await client.post(dial, json={"sdp": OFFER}, headers=advisor)
    assert dialled.status_code == 409 and dialled.json()["type"].endswith("call-in-progress")
    assert not phones["trunk"].invites.get(INTERPRETER_PHONE)  # her phone is not rung too

    # The advisor's browser learns of her offer by following the client's call, and answers.
    followed = (await client.get(client_path, headers=advisor)).json()
    assert followed["joining"] == [{"id": leg["id"], "offer_sdp": mine.localDescription.sdp}]
    assert followed["joined"] == []
    theirs = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    theirs.addTrack(MediaPlayer("sine=frequency=440", format="lavfi").audio)
    await theirs.setRemoteDescription(
        RTCSessionDescription(sdp=followed["joining"][0]["offer_sdp"], type="offer")
    )
    await theirs.setLocalDescription(await theirs.createAnswer())
    outsider = await client.post(
        f"{path}/{leg['id']}/answer", json={"sdp": theirs.localDescription.sdp}, headers=hers
    )
    assert outsider.status_code == 404, outsider.text  # hers is not to answer
    answered = await client.post(
        f"{path}/{leg['id']}/answer", json={"sdp": theirs.localDescription.sdp}, headers=advisor
    )
    assert answered.status_code == 200 and answered.json()["state"] == "answered"

    got = await client.get(f"{path}/{leg['id']}", headers=hers)
    assert got.json()["state"] == "answered", got.text
    _no_number(got.text)
    await mine.setRemoteDescription(
        RTCSessionDescription(sdp=got.json()["answer_sdp"], type="answer")
    )
    await _connected(mine, theirs)  # the two browsers talk to each other, not through Janus
    followed = (await client.get(client_path, headers=advisor)).json()
    assert followed["joining"] == [] and followed["joined"] == [leg["id"]]
    peek = await client.get(f"{path}/{leg['id']}", headers=world.outsider.headers)
    assert peek.status_code == 404

    # She leaves after two minutes; the client's call goes on.
    frozen.advance(timedelta(minutes=2))
    left = await client.post(f"{path}/{leg['id']}/leave", headers=hers)
    assert left.json()["state"] == "ended" and left.json()["call"]["outcome"] == "reached"
    followed = (await client.get(client_path, headers=advisor)).json()
    assert followed["state"] == "answered" and followed["joined"] == []

    # She joins again; the advisor's hang-up of the client ends her leg too.
    second = await client.post(path, json={"sdp": OFFER}, headers=hers)
    assert second.status_code == 201 and second.json()["call"]["attempt"] == 2
    ended = await client.post(f"{client_path}/hangup", headers=advisor)
    assert ended.json()["call"]["outcome"] == "reached"
    gone = (await client.get(f"{path}/{second.json()['call']['id']}", headers=hers)).json()
    assert gone["state"] == "ended" and gone["call"]["outcome"] == "no_answer"
    late = await client.post(path, json={"sdp": OFFER}, headers=hers)
    assert late.status_code == 409 and late.json()["type"].endswith("client-not-on-call")

    [day] = await _day(client, world.finnish)
    calls = [(c["party"], c["way"], c["attempt"], c["outcome"]) for c in day["phone"]["calls"]]
    assert calls == [
        ("client", "phone", 1, "reached"),
        ("interpreter", "browser", 1, "reached"),
        ("interpreter", "browser", 2, "no_answer"),
    ]
    assert day["phone"]["unanswered"] == 0  # her legs are no tries at the client
    rows = (
        await session.scalars(select(BookingCall).where(BookingCall.way == CallWay.BROWSER))
    ).all()
    first = next(r for r in rows if r.attempt == 1)
    await session.refresh(first)
    assert first.staff_id == world.interpreter.id and first.offer_sdp is None
    assert first.ended_at - first.answered_at >= timedelta(minutes=2)
    for row in rows:
        await session.refresh(row)
    assert all(r.ended_at is not None and r.offer_sdp is None for r in rows)  # nothing kept
    await mine.close()
    await theirs.close()
    await client_pc.close()
