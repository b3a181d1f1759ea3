"""The interpreter dialled into a bridged phone session, through the API: once Neuvo has the
client on the line, the advisor's browser (an aiortc peer here; Chromium mixes the legs in
tests/e2e/test_phone_bridge_interpreter.py) posts a second offer and Neuvo dials the
interpreter's number through Janus, a trunk on loopback routing each number to its own `sipp`
phone. The leg is kept on the session as the interpreter's (never a try at the client); only
those who may call the client may place it; her number, and the client's, stay on the server."""

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import pytest
from aiortc import RTCPeerConnection, RTCSessionDescription
from sqlalchemy import select

from core.config import Settings
from scheduling.models import BookingCall, CallOutcome, CallParty
from tests import janus_sip
from tests.api.test_booking_calls import CLIENT_PHONE, _accept, _book, _day
from tests.api.test_booking_calls import world as world  # the fixture
from tests.api.test_bridge import OFFER, _follow, _offer, needs_stack

pytestmark = pytest.mark.usefixtures("frozen")
INTERPRETER_PHONE = "+358405550299"  # the world's interpreter's profile


@pytest.fixture
def phones(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[dict]:
    """The client's phone and the interpreter's (ringing ``param`` ms before answering), each
    answering one call and echoing it, behind one trunk."""
    ring = getattr(request, "param", 300)
    with (
        janus_sip.phone(tmp_path / "client") as client,
        janus_sip.phone(tmp_path / "interpreter", ring_ms=ring) as interpreter,
        janus_sip.trunk({CLIENT_PHONE: client, INTERPRETER_PHONE: interpreter}) as trunk,
    ):
        yield {"client": client, "interpreter": interpreter, "trunk": trunk}


@pytest.fixture
def settings(settings: Settings, tmp_path: Path, phones: dict) -> Iterator[Settings]:
    with janus_sip.janus(tmp_path / "janus") as url:
        yield settings.model_copy(
            update={
                "janus_url": url,
                "sip_uri": f"sip:{{number}}@127.0.0.1:{phones['trunk'].port}",
                "sip_ring_seconds": 30,
            }
        )


async def _client_on_the_line(client, world, booking: dict) -> tuple[RTCPeerConnection, str]:
    """The advisor has Neuvo call the client; the call answered, her browser connected."""
    pc = await _offer()
    base = f"/api/v1/bookings/{booking['id']}/bridge"
    headers = world.finnish.headers
    placed = await client.post(base, json={"sdp": pc.localDescription.sdp}, headers=headers)
    assert placed.status_code == 201, placed.text
    path = f"{base}/{placed.json()['call']['id']}"
    answered = await _follow(client, path, headers, "answered")
    await pc.setRemoteDescription(RTCSessionDescription(sdp=answered["answer_sdp"], type="answer"))
    return pc, path


@needs_stack
async def test_only_who_may_call_the_client_dials_the_interpreter_in(
    client, world, phones, session
):
    booking = await _book(client, world, "phone")
    await _accept(client, world, booking["id"])
    path = f"/api/v1/bookings/{booking['id']}/bridge/interpreter"
    early = await client.post(path, json={"sdp": OFFER}, headers=world.finnish.headers)
    assert early.status_code == 409, early.text  # nobody to join yet
    assert early.json()["type"].endswith("client-not-on-call")

    pc, _ = await _client_on_the_line(client, world, booking)
    for person in (world.interpreter, world.outsider):  # hers to interpret; another organisation
        refused = await client.post(path, json={"sdp": OFFER}, headers=person.headers)
        assert refused.status_code == 404, refused.text
    kept = (await session.scalars(select(BookingCall.party))).all()
    assert kept == [CallParty.CLIENT]  # the client's call only
    assert phones["interpreter"].relay.to_phone == 0 and not phones["trunk"].invites.get(
        INTERPRETER_PHONE
    )  # her phone never rang
    await pc.close()


@needs_stack
async def test_no_interpreter_who_joins_by_phone_is_a_409(client, world, phones):
    booking = await _book(client, world, "phone")  # nobody accepted: no interpreter yet
    pc, _ = await _client_on_the_line(client, world, booking)
    path = f"/api/v1/bookings/{booking['id']}/bridge/interpreter"
    headers = world.finnish.headers
    refused = await client.post(path, json={"sdp": OFFER}, headers=headers)
    assert refused.status_code == 409, refused.text
    assert refused.json()["type"].endswith("no-interpreter-by-phone")
    assert "by phone" in refused.json()["detail"]

    await _accept(client, world, booking["id"])  # she accepts, but joins through the room only
    profile = {
        "kind": "interpreter",
        "languages": [{"language": "ar"}],
        "into_languages": ["fi"],
        "modes": ["video"],
        "phone": "040 555 0299",
    }
    put = await client.put(
        f"/api/v1/staff/{world.interpreter.id}/interpreter-profile",
        json=profile,
        headers=world.interpreter.headers,
    )
    assert put.status_code == 200, put.text
    refused = await client.post(path, json={"sdp": OFFER}, headers=headers)
    assert refused.status_code == 409 and refused.json()["type"].endswith("no-interpreter-by-phone")
    assert not phones["trunk"].invites.get(INTERPRETER_PHONE)
    await pc.close()


@needs_stack
async def test_the_interpreter_is_dialled_in_and_her_leg_is_kept_apart(
    client, world, phones, session, frozen
):
    booking = await _book(client, world, "phone")
    await _accept(client, world, booking["id"])
    client_pc, client_path = await _client_on_the_line(client, world, booking)
    headers = world.finnish.headers
    pc = await _offer()
    base = f"/api/v1/bookings/{booking['id']}/bridge"
    placed = await client.post(
        f"{base}/interpreter", json={"sdp": pc.localDescription.sdp}, headers=headers
    )
    assert placed.status_code == 201, placed.text
    for number in (INTERPRETER_PHONE, "5550299", CLIENT_PHONE, "1112223"):
        assert number not in placed.text  # no number goes to the browser
    leg = placed.json()["call"]
    assert leg["party"] == "interpreter" and leg["attempt"] == 1 and leg["bridged"]
    again = await client.post(f"{base}/interpreter", json={"sdp": OFFER}, headers=headers)
    assert again.status_code == 409 and again.json()["type"].endswith("call-in-progress")

    path = f"{base}/{leg['id']}"
    answered = await _follow(client, path, headers, "answered")
    await pc.setRemoteDescription(RTCSessionDescription(sdp=answered["answer_sdp"], type="answer"))
    heard = phones["interpreter"].relay
    for _ in range(100):
        if heard.from_phone > 25:
            break
        await asyncio.sleep(0.1)
    assert heard.to_phone > 25 and heard.from_phone > 25  # audio both ways on her leg
    [invite] = phones["trunk"].invites[INTERPRETER_PHONE]
    assert "1112223" not in invite  # she is called from the organisation's number
    assert "+35885550100" in invite

    # Her leg ends alone; the client's call goes on.
    frozen.advance(timedelta(minutes=2))
    ended = await client.post(f"{path}/hangup", headers=headers)
    assert ended.status_code == 200, ended.text
    assert ended.json()["state"] == "ended" and ended.json()["call"]["outcome"] == "reached"
    assert await asyncio.to_thread(phones["interpreter"].wait) == 0  # her phone got its BYE
    going = (await client.get(client_path, headers=headers)).json()
    assert going["state"] == "answered"
    await pc.close()

    [mine] = await _day(client, world.finnish)
    assert mine["phone"]["interpreter_joins"] == "phone" and mine["phone"]["bridge"]
    # Neuvo dials her; her number stays beside it, to call her by hand should the bridge fail.
    assert mine["phone"]["interpreter_phone"] == INTERPRETER_PHONE
    calls = mine["phone"]["calls"]
    assert [(c["party"], c["attempt"], c["outcome"]) for c in calls] == [
        ("client", 1, None),
        ("interpreter", 1, "reached"),
    ]
    ended = await client.post(f"{client_path}/hangup", headers=headers)
    assert ended.json()["call"]["outcome"] == "reached"
    assert await asyncio.to_thread(phones["client"].wait) == 0
    await client_pc.close()
    kept = await session.get(BookingCall, UUID(leg["id"]))
    await session.refresh(kept)
    assert kept.party == CallParty.INTERPRETER and kept.outcome == CallOutcome.REACHED
    assert kept.ended_at - kept.answered_at >= timedelta(minutes=2)
    assert kept.staff_id == world.finnish.id and kept.janus_session is None


@needs_stack
@pytest.mark.parametrize("phones", [60_000], indirect=True)
async def test_ending_the_clients_call_ends_the_interpreters_and_hers_is_no_try(
    client, world, phones, session, frozen
):
    """Her phone still rings when the advisor hangs up on the client: her leg ends with it,
    unanswered, and is not counted as a try to reach the client."""
    booking = await _book(client, world, "phone")
    await _accept(client, world, booking["id"])
    client_pc, client_path = await _client_on_the_line(client, world, booking)
    headers = world.finnish.headers
    pc = await _offer()
    base = f"/api/v1/bookings/{booking['id']}/bridge"
    placed = await client.post(
        f"{base}/interpreter", json={"sdp": pc.localDescription.sdp}, headers=headers
    )
    assert placed.status_code == 201, placed.text
    path = f"{base}/{placed.json()['call']['id']}"
    await _follow(client, path, headers, "ringing")

    ended = await client.post(f"{client_path}/hangup", headers=headers)
    assert ended.status_code == 200 and ended.json()["call"]["outcome"] == "reached"
    hers = (await client.get(path, headers=headers)).json()
    assert hers["state"] == "ended" and hers["call"]["outcome"] == "no_answer"
    assert hers["answer_sdp"] is None
    [mine] = await _day(client, world.finnish)
    assert mine["phone"]["unanswered"] == 0  # her unanswered leg is no try at the client
    assert [c["party"] for c in mine["phone"]["calls"]] == ["client", "interpreter"]
    rows = (await session.scalars(select(BookingCall).order_by(BookingCall.party))).all()
    assert [(r.party, r.attempt) for r in rows] == [
        (CallParty.CLIENT, 1),
        (CallParty.INTERPRETER, 1),
    ]
    assert all(r.ended_at is not None and r.janus_session is None for r in rows)
    await pc.close()
    await client_pc.close()
