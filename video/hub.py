"""The signalling hub: who is in each room, and delivery of messages to their connections.

``LocalHub`` keeps rooms in this process (the embedded default). ``RedisHub`` keeps each
room's members in a Redis hash and relays messages through a Redis pub/sub channel per
process (a node), so that the people of one room may sit on different API processes.

Both deliver to a connection by awaiting its ``deliver`` with an envelope: either
``{"msg": {...}}`` to send, or ``{"close": [code, reason]}`` to close; ``to`` and ``conn``
narrow it to one member or one connection.
"""

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, replace
from datetime import datetime

from redis.asyncio import Redis

log = logging.getLogger(__name__)

Deliver = Callable[[dict], Awaitable[None]]


class RoomFull(Exception):
    """The room already holds as many people as it may."""


@dataclass(frozen=True, slots=True)
class Member:
    id: str
    role: str
    name: str | None
    language: str | None
    admitted: bool
    audio_only: bool
    conn: str
    node: str
    audio: bool = True
    video: bool = True

    def public(self) -> dict:
        """What the others in the room are told about this member."""
        return {
            "id": self.id,
            "role": self.role,
            "name": self.name,
            "language": self.language,
            "admitted": self.admitted,
            "audio_only": self.audio_only,
            "audio": self.audio,
            "video": self.video,
        }


@dataclass(frozen=True, slots=True)
class Joined:
    others: list[Member]
    replaced: Member | None


@dataclass(slots=True)
class _Local:
    member: str
    deliver: Deliver


class Hub:
    """The shared part: this process's connections and delivery to them."""

    def __init__(self) -> None:
        self.node = uuid.uuid4().hex[:12]
        # room -> connection id -> the member it carries and how to reach it
        self._local: dict[str, dict[str, _Local]] = {}

    async def start(self) -> None:
        """Begin relaying (a no-op in process)."""

    async def stop(self) -> None:
        """Stop relaying; the connections themselves are closed by their owners."""

    def attach(self, room: str, member: str, conn: str, deliver: Deliver) -> None:
        self._local.setdefault(room, {})[conn] = _Local(member, deliver)

    def detach(self, room: str, conn: str) -> None:
        conns = self._local.get(room)
        if conns is not None:
            conns.pop(conn, None)
            if not conns:
                del self._local[room]

    @property
    def connections(self) -> int:
        return sum(len(conns) for conns in self._local.values())

    async def _deliver_local(self, room: str, envelope: dict) -> bool:
        """Hand ``envelope`` to this process's connections it names; tell whether any took it."""
        to, conn, exclude = envelope.get("to"), envelope.get("conn"), envelope.get("exclude")
        taken = False
        for conn_id, local in list(self._local.get(room, {}).items()):
            if conn is not None and conn_id != conn:
                continue
            if to is not None and local.member != to:
                continue
            if exclude is not None and local.member == exclude:
                continue
            await local.deliver(envelope)
            taken = True
        return taken

    # The roster and relay, per backend.

    async def join(self, room: str, member: Member, *, capacity: int, until: datetime) -> Joined:
        raise NotImplementedError

    async def leave(self, room: str, member: str, conn: str) -> bool:
        """Remove ``member`` if ``conn`` still carries it; tell whether it was removed."""
        raise NotImplementedError

    async def members(self, room: str) -> list[Member]:
        raise NotImplementedError

    async def update(self, room: str, member: str, conn: str, **changes: object) -> bool:
        """Change some fields of a member (admitted, audio, video) if ``conn`` still carries
        it, field by field so that two changes never undo each other; tell whether it did."""
        raise NotImplementedError

    async def send_to(self, room: str, member: str, msg: dict, *, admitted: bool = True) -> bool:
        """Send ``msg`` to one member (only if admitted, unless told otherwise); tell whether
        the member is in the room."""
        raise NotImplementedError

    async def close_conn(self, room: str, member: Member, code: int, reason: str) -> None:
        """Close one connection of ``member`` (the one it had before a reconnect)."""
        raise NotImplementedError

    async def broadcast(self, room: str, envelope: dict) -> None:
        """Deliver ``envelope`` to every connection of the room, wherever it is."""
        raise NotImplementedError


class LocalHub(Hub):
    """Rooms in this process only."""

    def __init__(self) -> None:
        super().__init__()
        self._rooms: dict[str, dict[str, Member]] = {}

    async def join(self, room: str, member: Member, *, capacity: int, until: datetime) -> Joined:
        members = self._rooms.setdefault(room, {})
        old = members.get(member.id)
        if old is None and len(members) >= capacity:
            raise RoomFull("the room is full")
        members[member.id] = member
        others = [m for m in members.values() if m.id != member.id]
        return Joined(others=others, replaced=old)

    async def leave(self, room: str, member: str, conn: str) -> bool:
        members = self._rooms.get(room, {})
        current = members.get(member)
        if current is None or current.conn != conn:
            return False
        del members[member]
        if not members:
            self._rooms.pop(room, None)
        return True

    async def members(self, room: str) -> list[Member]:
        return list(self._rooms.get(room, {}).values())

    async def update(self, room: str, member: str, conn: str, **changes: object) -> bool:
        members = self._rooms.get(room, {})
        current = members.get(member)
        if current is None or current.conn != conn:
            return False
        members[member] = replace(current, **changes)  # type: ignore[arg-type]
        return True

    async def send_to(self, room: str, member: str, msg: dict, *, admitted: bool = True) -> bool:
        target = self._rooms.get(room, {}).get(member)
        if target is None or (admitted and not target.admitted):
            return False
        await self._deliver_local(room, {"to": member, "conn": target.conn, "msg": msg})
        return True

    async def close_conn(self, room: str, member: Member, code: int, reason: str) -> None:
        await self._deliver_local(room, {"conn": member.conn, "close": [code, reason]})

    async def broadcast(self, room: str, envelope: dict) -> None:
        await self._deliver_local(room, envelope)


# Join: drop members whose process has stopped beating, check capacity, store the member,
# keep the room until it closes; return the member it replaced and everyone now in it.
_JOIN = """
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local node = cjson.decode(all[i + 1]).node
  if redis.call('EXISTS', ARGV[5] .. node) == 0 then redis.call('HDEL', KEYS[1], all[i]) end
end
local old = redis.call('HGET', KEYS[1], ARGV[1])
if not old and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then return {0} end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
return {1, old or '', redis.call('HVALS', KEYS[1])}
"""

_LEAVE = """
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw and cjson.decode(raw).conn == ARGV[2] then
  redis.call('HDEL', KEYS[1], ARGV[1])
  return 1
end
return 0
"""

_UPDATE = """
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local member = cjson.decode(raw)
if member.conn ~= ARGV[2] then return 0 end
for field, value in pairs(cjson.decode(ARGV[3])) do member[field] = value end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(member))
return 1
"""

# Relay to one member: find its process and publish there, in one round trip.
_SEND_TO = """
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local member = cjson.decode(raw)
if ARGV[3] == '1' and not member.admitted then return 0 end
local envelope = '{"room":' .. cjson.encode(ARGV[4]) .. ',"to":' .. cjson.encode(ARGV[1])
  .. ',"conn":' .. cjson.encode(member.conn) .. ',"msg":' .. ARGV[2] .. '}'
redis.call('PUBLISH', ARGV[5] .. member.node, envelope)
return 1
"""


class RedisHub(Hub):
    """Rooms in Redis: a hash per room, a pub/sub channel per process, a heartbeat key per
    process so that the members of a process that died are dropped at the next join."""

    HEARTBEAT_SECONDS = 10
    LISTEN_SECONDS = 5.0

    def __init__(self, redis: Redis, *, prefix: str = "neuvo:") -> None:
        super().__init__()
        self.redis = redis
        self.prefix = prefix
        self._alive = f"{prefix}node:"
        self._inbox = f"{prefix}inbox:"
        self._join = redis.register_script(_JOIN)
        self._leave = redis.register_script(_LEAVE)
        self._update = redis.register_script(_UPDATE)
        self._send_to = redis.register_script(_SEND_TO)
        self._tasks: list[asyncio.Task] = []
        self._pubsub = None
        self._ready = asyncio.Event()

    def _key(self, room: str) -> str:
        return f"{self.prefix}room:{room}"

    async def start(self) -> None:
        await self._beat()
        self._pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        await self._pubsub.subscribe(self._inbox + self.node)
        self._tasks = [
            asyncio.create_task(self._listen(), name="hub-listen"),
            asyncio.create_task(self._heartbeat(), name="hub-heartbeat"),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks = []
        if self._pubsub is not None:
            with contextlib.suppress(Exception):
                await self._pubsub.aclose()
        with contextlib.suppress(Exception):
            await self.redis.delete(self._alive + self.node)

    async def _beat(self) -> bool:
        """Renew this process's heartbeat; tell whether it was still alive."""
        previous = await self.redis.set(
            self._alive + self.node, "1", ex=3 * self.HEARTBEAT_SECONDS, get=True
        )
        return previous is not None

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(self.HEARTBEAT_SECONDS)
            try:
                alive = await self._beat()
            except Exception:  # Redis away for a moment: try again at the next beat
                log.warning("hub heartbeat failed", exc_info=True)
                continue
            if not alive:
                # The beat lapsed, so other processes may have dropped this one's members
                # from their rooms: let every connection here come back and join afresh.
                log.warning("hub heartbeat lapsed; asking this process's connections to rejoin")
                for room in list(self._local):
                    await self._deliver_local(room, {"close": [1012, "please reconnect"]})

    async def _listen(self) -> None:
        assert self._pubsub is not None
        while True:
            try:
                # Waits of its own rather than ``listen()``: the client's short socket
                # timeout (for calls made in requests) would end a quiet listen as an error.
                message = await self._pubsub.get_message(timeout=self.LISTEN_SECONDS)
                if message is None or message.get("type") != "message":
                    continue
                envelope = json.loads(message["data"])
                await self._deliver_local(envelope.pop("room"), envelope)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("hub relay interrupted; resubscribing", exc_info=True)
                await asyncio.sleep(0.5)
                with contextlib.suppress(Exception):
                    await self._pubsub.subscribe(self._inbox + self.node)

    @staticmethod
    def _load(raw: bytes | str) -> Member:
        return Member(**json.loads(raw))

    async def join(self, room: str, member: Member, *, capacity: int, until: datetime) -> Joined:
        result = await self._join(
            keys=[self._key(room)],
            args=[
                member.id,
                json.dumps(asdict(member)),
                capacity,
                int(until.timestamp() * 1000) + 3_600_000,
                self._alive,
            ],
        )
        if result[0] == 0:
            raise RoomFull("the room is full")
        old = self._load(result[1]) if result[1] else None
        others = [m for m in map(self._load, result[2]) if m.id != member.id]
        return Joined(others=others, replaced=old)

    async def leave(self, room: str, member: str, conn: str) -> bool:
        return bool(await self._leave(keys=[self._key(room)], args=[member, conn]))

    async def members(self, room: str) -> list[Member]:
        return [self._load(raw) for raw in await self.redis.hvals(self._key(room))]

    async def update(self, room: str, member: str, conn: str, **changes: object) -> bool:
        return bool(
            await self._update(keys=[self._key(room)], args=[member, conn, json.dumps(changes)])
        )

    async def send_to(self, room: str, member: str, msg: dict, *, admitted: bool = True) -> bool:
        return bool(
            await self._send_to(
                keys=[self._key(room)],
                args=[member, json.dumps(msg), "1" if admitted else "0", room, self._inbox],
            )
        )

    async def _publish(self, node: str, room: str, envelope: dict) -> None:
        if node == self.node:
            await self._deliver_local(room, envelope)
        else:
            await self.redis.publish(self._inbox + node, json.dumps({"room": room, **envelope}))

    async def close_conn(self, room: str, member: Member, code: int, reason: str) -> None:
        await self._publish(member.node, room, {"conn": member.conn, "close": [code, reason]})

    async def broadcast(self, room: str, envelope: dict) -> None:
        nodes = {m.node for m in await self.members(room)} | {self.node}
        for node in nodes:
            await self._publish(node, room, envelope)
