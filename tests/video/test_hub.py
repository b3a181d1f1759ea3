"""The hub's roster rules, the same in process and in Redis: at most ``capacity`` people, the
same person again replaces their connection, a stale connection's leave is ignored, and (in
Redis) the members of a process that stopped beating are dropped."""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis

from video.hub import LocalHub, Member, RedisHub, RoomFull

UNTIL = datetime.now(UTC) + timedelta(hours=1)


def member(hub, name: str, *, conn: str | None = None, admitted: bool = True, node=None) -> Member:
    return Member(
        id=name,
        role="advisor",
        name=None,
        language=None,
        admitted=admitted,
        audio_only=False,
        conn=conn or uuid.uuid4().hex,
        node=node or hub.node,
    )


@pytest.fixture(params=["local", "redis"])
async def hub(request):
    if request.param == "local":
        yield LocalHub()
        return
    url = request.getfixturevalue("redis_dsn")
    hub = RedisHub(Redis.from_url(url), prefix=f"test-{uuid.uuid4().hex[:8]}:")
    await hub.start()
    yield hub
    await hub.stop()
    await hub.redis.aclose()


async def test_a_fifth_person_is_refused(hub):
    room = str(uuid.uuid4())
    for name in "abcd":
        await hub.join(room, member(hub, name), capacity=4, until=UNTIL)
    with pytest.raises(RoomFull):
        await hub.join(room, member(hub, "e"), capacity=4, until=UNTIL)
    # The same person again is no fifth: their connection is replaced.
    old = (await hub.members(room))[0]
    joined = await hub.join(room, member(hub, old.id), capacity=4, until=UNTIL)
    assert joined.replaced == old
    assert len(joined.others) == 3


async def test_a_stale_connection_does_not_take_the_person_out(hub):
    room = str(uuid.uuid4())
    first = member(hub, "a")
    await hub.join(room, first, capacity=4, until=UNTIL)
    second = member(hub, "a")
    await hub.join(room, second, capacity=4, until=UNTIL)
    assert await hub.leave(room, "a", first.conn) is False
    assert [m.conn for m in await hub.members(room)] == [second.conn]
    assert await hub.leave(room, "a", second.conn) is True
    assert await hub.members(room) == []


async def test_messages_reach_only_admitted_members_unless_told(hub):
    room = str(uuid.uuid4())
    got: dict[str, list] = {"a": [], "b": []}
    a, b = member(hub, "a"), member(hub, "b", admitted=False)

    def collector(into: list):
        async def deliver(envelope: dict) -> None:
            into.append(envelope)

        return deliver

    for m in (a, b):
        hub.attach(room, m.id, m.conn, collector(got[m.id]))
        await hub.join(room, m, capacity=4, until=UNTIL)
    assert await hub.send_to(room, "a", {"type": "x"}) is True
    assert await hub.send_to(room, "b", {"type": "x"}) is False
    assert await hub.send_to(room, "b", {"type": "y"}, admitted=False) is True
    assert await hub.send_to(room, "nobody", {"type": "x"}) is False
    for _ in range(50):
        if got["a"] and got["b"]:
            break
        await asyncio.sleep(0.02)
    assert [e["msg"]["type"] for e in got["a"]] == ["x"]
    assert [e["msg"]["type"] for e in got["b"]] == ["y"]


async def test_members_of_a_process_that_died_are_dropped(redis_dsn):
    hub = RedisHub(Redis.from_url(redis_dsn), prefix=f"test-{uuid.uuid4().hex[:8]}:")
    await hub.start()
    try:
        room = str(uuid.uuid4())
        await hub.redis.set(f"{hub.prefix}node:gone", "1", ex=30)  # another process, alive
        for name in "abcd":
            await hub.join(room, member(hub, name, node="gone"), capacity=4, until=UNTIL)
        with pytest.raises(RoomFull):
            await hub.join(room, member(hub, "e"), capacity=4, until=UNTIL)
        await hub.redis.delete(f"{hub.prefix}node:gone")  # it died: its heartbeat ran out
        joined = await hub.join(room, member(hub, "e"), capacity=4, until=UNTIL)
        assert joined.others == []
    finally:
        await hub.stop()
        await hub.redis.aclose()


async def test_updates_change_only_their_fields_and_only_for_the_same_connection(hub):
    room = str(uuid.uuid4())
    client = member(hub, "c", admitted=False)
    await hub.join(room, client, capacity=4, until=UNTIL)
    # A host admits while the client (from an older copy of itself) mutes: both stay.
    assert await hub.update(room, "c", client.conn, admitted=True) is True
    assert await hub.update(room, "c", client.conn, audio=False, video=True) is True
    (stored,) = await hub.members(room)
    assert stored.admitted and not stored.audio and stored.video
    assert stored.name is None and stored.conn == client.conn
    # A connection that was replaced changes nothing.
    assert await hub.update(room, "c", "old-connection", admitted=False) is False
    assert await hub.update(room, "nobody", client.conn, admitted=True) is False
    (stored,) = await hub.members(room)
    assert stored.admitted
