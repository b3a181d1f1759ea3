"""Every bad input closes the connection with a clear code and reason, and the room goes on:
after each refusal in a room, the people in it still talk to each other."""

import asyncio
import base64
import json
import os
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import websockets

import core.db
from core import tokens
from scheduling.models import Booking
from tests.video.conftest import Site, start_server, stop_server
from tests.video.peer import Participant, get_pass
from video.models import RoomPass, RoomRole


async def _raw(site: Site, room, token: str | None = None, **kw) -> Participant:
    participant = Participant(site.base, room, token or "", **kw)
    await participant.open()
    return participant


async def _refused_with(site: Site, room, first: str | bytes, token: str = "") -> tuple[int, str]:
    participant = await _raw(site, room, token)
    await participant.ws.send(first)
    return await participant.closed()


async def client_pass(site: Site, room=None) -> dict:
    return await get_pass(site.base, client_token=(room or site.world.open).client_token)


async def advisor_pass(site: Site, room=None) -> dict:
    return await get_pass(site.base, room=(room or site.world.open).id, person=site.world.advisor)


@pytest.mark.parametrize("origin", [None, "http://evil.example", "null"])
async def test_a_foreign_or_missing_origin_is_refused_at_the_handshake(site: Site, origin):
    url = f"{site.ws_base}/api/v1/rooms/{site.world.open.id}/signal"
    headers = {"Origin": origin} if origin else {}
    with pytest.raises(websockets.InvalidStatus) as refused:
        await websockets.connect(url, additional_headers=headers, origin=None)
    assert refused.value.response.status_code == 403


async def test_a_room_id_that_is_not_one_is_refused(site: Site):
    url = f"{site.ws_base}/api/v1/rooms/not-a-room/signal"
    with pytest.raises(websockets.InvalidStatus) as refused:
        await websockets.connect(url, additional_headers={"Origin": site.base})
    assert refused.value.response.status_code == 404


async def test_the_first_message_must_be_join(site: Site):
    code, reason = await _refused_with(site, site.world.open.id, json.dumps({"type": "ping"}))
    assert (code, reason) == (4401, "send join with your pass first")


@pytest.mark.parametrize("change", ["tampered", "truncated", "case", "other_room", "unknown"])
async def test_a_pass_that_does_not_open_the_room_is_refused(site: Site, change):
    issued = await client_pass(site)
    token = issued["token"]
    room = site.world.open.id
    if change == "tampered":
        token = token[:-1] + ("A" if token[-1] != "A" else "B")
    elif change == "truncated":
        token = token[:-4]
    elif change == "case":
        token = token.swapcase()
    elif change == "other_room":
        token = (await client_pass(site, site.world.second))["token"]
    else:
        token = tokens.new_token()
    code, reason = await _refused_with(site, room, json.dumps({"type": "join", "token": token}))
    assert (code, reason) == (4401, "this pass does not open this room")


async def test_an_expired_pass_is_refused(site: Site):
    token = tokens.new_token()
    engine = core.db.create_engine(site.database_url, pool_size=1)
    async with core.db.transaction(core.db.session_factory(engine)) as session:
        session.add(
            RoomPass(
                booking_id=site.world.open.id,
                role=RoomRole.CLIENT,
                token_hash=tokens.hash_token(token),
                expires_at=datetime.now(UTC) - timedelta(seconds=1),
            )
        )
    await engine.dispose()
    code, _ = await _refused_with(
        site, site.world.open.id, json.dumps({"type": "join", "token": token})
    )
    assert code == 4401


async def test_a_join_before_the_room_opens_is_refused(site: Site):
    issued = await client_pass(site, site.world.later)  # a pass may be had early
    code, reason = await _refused_with(
        site, issued["room_id"], json.dumps({"type": "join", "token": issued["token"]})
    )
    assert (code, reason) == (4410, "the room is not open yet")


@pytest.mark.parametrize("room", ["cancelled", "in_person"])
async def test_no_pass_for_a_cancelled_or_in_person_session(site: Site, room):
    async with httpx.AsyncClient(base_url=site.base, headers={"Origin": site.base}) as http:
        response = await http.post(f"/b/{getattr(site.world, room).client_token}/room")
    assert response.status_code == 409


async def test_a_colleague_who_is_not_invited_gets_no_pass(site: Site):
    async with httpx.AsyncClient(base_url=site.base) as http:
        response = await http.post(
            f"/api/v1/rooms/{site.world.open.id}/passes", headers=site.world.colleague.headers
        )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("message", "code", "reason"),
    [
        ("{not json", 4400, "invalid message: Invalid JSON"),
        (json.dumps({"type": "shout"}), 4400, "invalid message"),
        (json.dumps({"type": "offer", "to": "x"}), 4400, "invalid message"),
        (json.dumps({"type": "mute", "audio": "loud", "video": True}), 4400, "invalid message"),
        ("x" * (64 * 1024 + 1), 1009, "messages may be at most 65536 bytes"),
    ],
)
async def test_bad_messages_close_the_connection_and_the_room_goes_on(
    site: Site, message, code, reason
):
    advisor = Participant(site.base, site.world.open.id, (await advisor_pass(site))["token"])
    interpreter_pass = await get_pass(
        site.base, room=site.world.open.id, person=site.world.interpreter
    )
    interpreter = Participant(site.base, site.world.open.id, interpreter_pass["token"])
    try:
        await advisor.join()
        await interpreter.join()
        await advisor.wait_for("peer_joined")
        await interpreter.ws.send(message)
        got_code, got_reason = await interpreter.closed()
        assert got_code == code and got_reason.startswith(reason)
        # The advisor is told the interpreter left, and is still served.
        await advisor.wait_for("peer_left", id=interpreter.id)
        await advisor.send({"type": "ping"})
        await advisor.wait_for("pong")
    finally:
        await advisor.close()
        await interpreter.close()


async def test_a_flood_of_messages_is_cut_off(site: Site):
    advisor = Participant(site.base, site.world.open.id, (await advisor_pass(site))["token"])
    try:
        await advisor.join()
        for _ in range(400):
            try:
                await advisor.send({"type": "ping"})
            except websockets.ConnectionClosed:
                break
        code, reason = await advisor.closed()
        assert (code, reason) == (4429, "too many messages")
    finally:
        await advisor.close()


async def test_messages_for_someone_not_in_the_room_get_an_error(site: Site):
    advisor = Participant(site.base, site.world.open.id, (await advisor_pass(site))["token"])
    client = Participant(site.base, site.world.open.id, (await client_pass(site))["token"])
    try:
        await advisor.join()
        await client.join()
        await advisor.wait_for("waiting")
        await advisor.send({"type": "offer", "to": "nobody", "sdp": "v=0"})
        await advisor.send({"type": "candidate", "to": "nobody", "candidate": None})
        errors = [await advisor.wait_for("error", peer="nobody")]
        assert errors[0]["code"] == "unknown_peer"
        # A waiting client can neither be offered to nor offer: they are not in yet.
        await advisor.send({"type": "offer", "to": client.id, "sdp": "v=0"})
        await advisor.wait_for("error", peer=client.id)
        await client.send({"type": "offer", "to": advisor.id, "sdp": "v=0"})
        refused = await client.wait_for("error")
        assert refused["code"] == "not_admitted"
        # Nor may the client admit anyone.
        await client.send({"type": "admit", "peer": client.id})
        assert len([m for m in client.messages if m["type"] == "error"]) >= 1
        await asyncio.sleep(0.2)
        assert [m["code"] for m in client.messages if m["type"] == "error"] == [
            "not_admitted",
            "not_allowed",
        ]
    finally:
        await advisor.close()
        await client.close()


async def test_a_reconnect_with_the_same_pass_replaces_the_old_connection(site: Site):
    issued = await advisor_pass(site)
    first = Participant(site.base, site.world.open.id, issued["token"])
    second = Participant(site.base, site.world.open.id, issued["token"])
    try:
        welcome = await first.join()
        again = await second.join()
        assert again["id"] == welcome["id"]
        assert await first.closed() == (4411, "replaced by a newer connection")
        await second.send({"type": "ping"})
        await second.wait_for("pong")
    finally:
        await first.close()
        await second.close()


async def test_a_fifth_participant_and_a_silent_connection_are_refused(site: Site):
    """A server whose rooms hold two (the same check as four, sooner reached), and which
    waits one second for the join."""
    process, base = start_server(
        site.database_url, NEUVO_ROOM_CAPACITY="2", NEUVO_SIGNAL_JOIN_SECONDS="1"
    )
    small = Site(base=base, world=site.world, database_url=site.database_url)
    people = []
    try:
        for person in (site.world.advisor, site.world.interpreter):
            issued = await get_pass(base, room=site.world.open.id, person=person)
            people.append(Participant(base, site.world.open.id, issued["token"]))
            await people[-1].join()
        third = Participant(base, site.world.open.id, (await client_pass(small))["token"])
        people.append(third)
        await third.open()
        await third.send({"type": "join", "token": third.token})
        assert await third.closed() == (4409, "the room is full")

        silent = await _raw(small, site.world.open.id)
        people.append(silent)
        assert await silent.closed() == (4408, "send join with your pass first")
    finally:
        for participant in people:
            await participant.close()
        stop_server(process)


async def test_the_room_closes_at_the_end_of_its_window(site: Site):
    """A session ending in a few seconds, on a server that closes rooms at the session's end
    (started first, so that its start-up does not eat the session's last seconds)."""
    process, base = start_server(site.database_url, NEUVO_ROOM_CLOSE_MINUTES="0")
    engine = core.db.create_engine(site.database_url, pool_size=1)
    async with core.db.transaction(core.db.session_factory(engine)) as session:
        model = await session.get(Booking, site.world.open.id)
        ends_at = datetime.now(UTC) + timedelta(seconds=5)
        ending = Booking(
            **model.model_dump(exclude={"id", "calendar_uid", "client_token_hash"}),
            calendar_uid=f"{tokens.new_salt()}@neuvo",
            client_token_hash=tokens.hash_token(tokens.new_token()),
        )
        ending.starts_at, ending.ends_at = ends_at - timedelta(minutes=45), ends_at
        session.add(ending)
    await engine.dispose()
    advisor = None
    try:
        issued = await get_pass(base, room=ending.id, person=site.world.advisor)
        advisor = Participant(base, ending.id, issued["token"])
        welcome = await advisor.join()
        closes_at = datetime.fromisoformat(welcome["closes_at"])
        assert abs(closes_at - ends_at) < timedelta(seconds=1)
        closed = await advisor.wait_for("room_closed", timeout=10)
        assert closed["reason"] == "time"
        assert await advisor.closed() == (4000, "the room has closed")
    finally:
        if advisor is not None:
            await advisor.close()
        stop_server(process)


async def test_a_participant_who_stops_reading_holds_up_nobody(site: Site):
    """The interpreter's browser hangs and stops reading; the advisor keeps sending offers to
    it (until the network's buffers are full) and is still answered at once."""
    w = site.world
    advisor = Participant(site.base, w.open.id, (await advisor_pass(site))["token"])
    issued = await get_pass(site.base, room=w.open.id, person=w.interpreter)
    url = f"{site.ws_base}/api/v1/rooms/{w.open.id}/signal"
    stuck = await websockets.connect(
        url, additional_headers={"Origin": site.base}, max_queue=1, max_size=2**20
    )
    try:
        await advisor.join()
        await stuck.send(json.dumps({"type": "join", "token": issued["token"]}))
        welcome = json.loads(await stuck.recv())
        await advisor.wait_for("peer_joined")
        # Random filler: the connection compresses, and repeated text would cost nothing.
        sdp = "v=0\r\n" + "a=x-filler:" + base64.b64encode(os.urandom(45_000)).decode()
        for index in range(240):  # about 15 MB, never read; within the rate limit
            await advisor.send({"type": "offer", "to": welcome["id"], "sdp": sdp})
            if index >= 100:
                await asyncio.sleep(1 / 25)
        started = asyncio.get_running_loop().time()
        await advisor.send({"type": "ping"})
        await advisor.wait_for("pong", timeout=5)
        assert asyncio.get_running_loop().time() - started < 1.0
    finally:
        await advisor.close()
        stuck.transport.abort()
