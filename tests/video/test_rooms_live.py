"""Rooms through a real server process on loopback, with real aiortc peers: two and three
people connect and hear each other; the client waits until the advisor admits them."""

import asyncio
import contextlib
import uuid

import httpx
import pytest
from aiortc import RTCPeerConnection, RTCSessionDescription

from tests.video.conftest import Site
from tests.video.peer import Participant, Tone, get_pass, loud
from video.peers import configuration


@pytest.fixture
async def people(site: Site):
    joined: list[Participant] = []

    async def enter(who: str, room=None) -> Participant:
        w = site.world
        room = room or w.open
        if who == "client":
            issued = await get_pass(site.base, client_token=room.client_token)
        else:
            person = {"advisor": w.advisor, "interpreter": w.interpreter}[who]
            issued = await get_pass(site.base, room=room.id, person=person)
        participant = Participant(site.base, issued["room_id"], issued["token"])
        joined.append(participant)
        return participant

    yield enter
    for participant in joined:
        with contextlib.suppress(Exception):
            await participant.close()


async def test_the_advisor_admits_the_waiting_client_and_they_hear_each_other(people):
    advisor = await people("advisor")
    welcome = await advisor.join()
    assert welcome["role"] == "advisor" and welcome["admitted"] and welcome["peers"] == []

    client = await people("client")
    hello = await client.join()
    assert hello["role"] == "client" and not hello["admitted"] and hello["peers"] == []
    await client.wait_for("waiting")
    waiting = await advisor.wait_for("waiting")
    assert waiting["peer"]["id"] == client.id
    assert waiting["peer"]["language"] == "ar" and waiting["peer"]["name"] is None

    await advisor.send({"type": "admit", "peer": client.id})
    admitted = await client.wait_for("admitted")
    assert [p["id"] for p in admitted["peers"]] == [advisor.id]
    joined = await advisor.wait_for("peer_joined")
    assert joined["peer"]["id"] == client.id and joined["peer"]["admitted"]

    assert await advisor.hears(client.id), "the advisor heard nothing from the client"
    assert await client.hears(advisor.id), "the client heard nothing from the advisor"


async def test_three_people_hear_each_other(people):
    advisor, interpreter, client = (
        await people("advisor"),
        await people("interpreter"),
        await people("client"),
    )
    await advisor.join()
    assert (await interpreter.join())["admitted"], "interpreters do not wait"
    await client.join()
    # The advisor sees that the interpreter is in when the client arrives.
    waiting = await advisor.wait_for("waiting")
    await advisor.send({"type": "admit", "peer": waiting["peer"]["id"]})
    await client.wait_for("admitted")

    everyone = {"advisor": advisor, "interpreter": interpreter, "client": client}
    for name, listener in everyone.items():
        for other_name, speaker in everyone.items():
            if speaker is not listener:
                assert await listener.hears(speaker.id), f"{name} did not hear {other_name}"


async def test_leaving_is_told_to_the_others(people):
    advisor, interpreter = await people("advisor"), await people("interpreter")
    await advisor.join()
    await interpreter.join()
    await advisor.wait_for("peer_joined")
    await interpreter.send({"type": "leave"})
    left = await advisor.wait_for("peer_left")
    assert left["id"] == interpreter.id


async def test_switching_to_the_phone_closes_the_room_and_is_recorded(site: Site, people):
    w = site.world
    advisor, client = await people("advisor", w.second), await people("client", w.second)
    await advisor.join()
    await client.join()
    await advisor.wait_for("waiting")
    async with httpx.AsyncClient(base_url=site.base) as http:
        # Only the session's advisor switches; a colleague who sees the booking may not.
        refused = await http.post(
            f"/api/v1/rooms/{w.second.id}/switch-to-phone",
            json={"reason": "the picture freezes"},
            headers=w.colleague.headers,
        )
        assert refused.status_code == 403
        response = await http.post(
            f"/api/v1/rooms/{w.second.id}/switch-to-phone",
            json={"reason": "the picture freezes"},
            headers=w.advisor.headers,
        )
        assert response.status_code == 200, response.text
        facts = response.json()
    assert facts["switched_to_phone_at"] is not None
    assert facts["client_joined"] is True
    kinds = [(e["kind"], e["role"]) for e in facts["events"]]
    assert ("joined", "advisor") in kinds and ("waiting", "client") in kinds
    assert kinds[-1] == ("switched_to_phone", "advisor")
    for participant in (advisor, client):
        closed = await participant.wait_for("room_closed")
        assert closed["reason"] == "switched_to_phone"
        assert await participant.closed() == (4000, "the session goes on by phone")
    # Nobody gets back in, and nobody gets a new pass.
    async with httpx.AsyncClient(base_url=site.base, headers={"Origin": site.base}) as http:
        again = await http.post(f"/b/{w.second.client_token}/room")
    assert again.status_code == 409
    assert "phone" in again.json()["detail"]


async def test_facts_suggest_a_no_show_only_after_the_start(site: Site):
    async with httpx.AsyncClient(base_url=site.base) as http:
        response = await http.get(
            f"/api/v1/rooms/{site.world.later.id}/facts", headers=site.world.advisor.headers
        )
        unknown = await http.get(
            f"/api/v1/rooms/{uuid.uuid4()}/facts", headers=site.world.advisor.headers
        )
    assert response.status_code == 200
    assert response.json() == {
        "events": [],
        "client_joined": False,
        "suggest_no_show": False,  # the session has not begun
        "switched_to_phone_at": None,
    }
    assert unknown.status_code == 404


async def test_the_device_test_sends_the_clients_own_sound_back(site: Site):
    issued = await get_pass(site.base, client_token=site.world.open.client_token)
    pc = RTCPeerConnection(configuration([]))
    pc.addTrack(Tone(440))
    heard = {"loud": 0}
    done = asyncio.Event()
    tasks: list[asyncio.Task] = []

    @pc.on("track")
    def _listen(track):
        async def count():
            while heard["loud"] < 25:
                if loud(await track.recv()):
                    heard["loud"] += 1
            done.set()

        tasks.append(asyncio.ensure_future(count()))

    try:
        await pc.setLocalDescription(await pc.createOffer())
        async with httpx.AsyncClient(base_url=site.base, headers={"Origin": site.base}) as http:
            bad = await http.post(
                "/api/v1/device-tests",
                json={"token": issued["token"], "type": "offer", "sdp": "v=0 not an offer"},
            )
            assert bad.status_code == 422
            ice = await http.post(
                "/api/v1/device-tests/ice-servers", json={"token": issued["token"]}
            )
            assert ice.status_code == 200 and ice.json() == {"ice_servers": []}
            refused = await http.post("/api/v1/device-tests/ice-servers", json={"token": "y" * 43})
            assert refused.status_code == 404
            stranger = await http.post(
                "/api/v1/device-tests",
                json={"token": "x" * 43, "type": "offer", "sdp": pc.localDescription.sdp},
            )
            assert stranger.status_code == 404
            response = await http.post(
                "/api/v1/device-tests",
                json={"token": issued["token"], "type": "offer", "sdp": pc.localDescription.sdp},
            )
            assert response.status_code == 200, response.text
            answer = response.json()
            await pc.setRemoteDescription(RTCSessionDescription(answer["sdp"], "answer"))
            await asyncio.wait_for(done.wait(), 15)
            # Round-trip time comes from RTCP receiver reports, sent every few seconds.
            report = {}
            for _ in range(80):
                report = (await http.get(f"/api/v1/device-tests/{answer['id']}")).json()
                if report["round_trip_ms"] is not None:
                    break
                await asyncio.sleep(0.25)
            assert report["state"] == "connected"
            assert report["round_trip_ms"] is not None and 0 < report["round_trip_ms"] < 5000
            assert report["kinds"]["audio"]["received"] > 0
            assert report["kinds"]["audio"]["loss_in"] == 0
            ended = await http.delete(f"/api/v1/device-tests/{answer['id']}")
            assert ended.status_code == 204
            gone = await http.get(f"/api/v1/device-tests/{answer['id']}")
            assert gone.status_code == 404
    finally:
        await pc.close()
