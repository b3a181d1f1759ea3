"""One signalling connection, from its join to its close: the room's rules in one place.

The transport (a WebSocket, in ``api``) is behind a small protocol so that this module knows
no web framework. Every message is size-checked, rate-limited and validated before anything
else; anything wrong closes the connection with a code from ``protocol.Close`` and a reason,
and never disturbs the others in the room.
"""

import asyncio
import contextlib
import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol
from uuid import UUID

from pydantic import ValidationError

from video import protocol
from video.errors import RoomNotFound, RoomUnavailable
from video.hub import Hub, Member, RoomFull
from video.models import RoomEventKind, RoomRole
from video.protocol import Close
from video.rooms import HOSTS, Entrant

log = logging.getLogger(__name__)


class Disconnected(Exception):
    """The other side went away."""


class Transport(Protocol):
    async def receive(self) -> str | bytes: ...
    async def send(self, text: str) -> None: ...
    async def close(self, code: int, reason: str) -> None: ...


@dataclass(frozen=True, slots=True)
class Limits:
    capacity: int = 4
    join_timeout: float = 10.0
    rate: float = 30.0  # messages per second, sustained
    burst: int = 120  # messages at once
    max_bytes: int = protocol.MAX_MESSAGE_BYTES
    queue: int = 256  # messages waiting to go out before a slow reader is cut off


class Bucket:
    """A token bucket: ``burst`` messages at once, refilled at ``rate`` per second."""

    __slots__ = ("burst", "level", "rate", "stamp")

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, float(burst)
        self.level, self.stamp = float(burst), time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.level = min(self.burst, self.level + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.level < 1:
            return False
        self.level -= 1
        return True


Redeem = Callable[[UUID, str], Awaitable[Entrant]]
Record = Callable[[Entrant, RoomEventKind], Awaitable[None]]
IceServers = Callable[[Entrant], list[dict]]
Now = Callable[[], datetime]


class _Closed(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code, self.reason = code, reason


@dataclass(slots=True)
class Room:
    """What one connection needs from its surroundings."""

    hub: Hub
    redeem: Redeem
    record: Record
    ice_servers: IceServers
    now: Now
    waiting_room: bool = True
    limits: Limits = Limits()


class Connection:
    """A participant's connection: reads, checks and relays; a writer task sends in order."""

    def __init__(self, transport: Transport, room_id: UUID, room: Room) -> None:
        self.transport = transport
        self.room_id = room_id
        self.key = str(room_id)
        self.room = room
        self.conn = uuid.uuid4().hex
        self.outbox: asyncio.Queue[dict] = asyncio.Queue(room.limits.queue)
        self.lock = asyncio.Lock()
        self.bucket = Bucket(room.limits.rate, room.limits.burst)
        self.member: Member | None = None
        self.entrant: Entrant | None = None
        self.closing = False
        self.slow = False
        self.early: list[dict] | None = []  # what arrives before the welcome is queued

    # Outgoing: in order, one at a time. A message finding nothing queued and nothing being
    # sent goes out at once (one event-loop hop less); otherwise it waits in the outbox for
    # the writer task. A direct send is cut short after FAST_SEND_SECONDS, so that a reader
    # that has stopped draining holds up its sender (or a process's Redis relay) no longer
    # than that; such a connection gets only the outbox from then on. Until the welcome is
    # queued, everything waits, so that the welcome is always first.

    FAST_SEND_SECONDS = 0.05

    async def deliver(self, envelope: dict) -> None:
        """Send ``envelope`` to this connection; never raises into the caller (who may be
        another participant's connection)."""
        if self.closing:
            return
        if (
            self.early is not None
            or self.slow
            or "close" in envelope
            or not self.outbox.empty()
            or self.lock.locked()
        ):
            self.enqueue(envelope)
            return
        self._note(envelope)
        try:
            async with self.lock, asyncio.timeout(self.FAST_SEND_SECONDS):
                await self.transport.send(json.dumps(envelope["msg"]))
        except TimeoutError:  # written, but not drained: a slow reader
            self.slow = True
        except Exception:  # gone: its own reader ends the connection
            self.closing = True

    def _note(self, envelope: dict) -> None:
        msg = envelope.get("msg")
        if msg is not None and msg["type"] == "admitted" and self.member is not None:
            # A host admitted us (on whichever process): from now on we may talk to the others.
            self.member = replace(self.member, admitted=True)

    def enqueue(self, envelope: dict) -> None:
        if self.closing:
            return
        self._note(envelope)
        if self.early is not None:
            self.early.append(envelope)
            return
        try:
            self.outbox.put_nowait(envelope)
        except asyncio.QueueFull:
            self.closing = True
            log.info("signalling: a reader too slow to keep up was cut off")
            with contextlib.suppress(asyncio.QueueFull):
                self.outbox.get_nowait()
                self.outbox.put_nowait({"close": [Close.FLOOD, "too slow to keep up"]})

    def say(self, msg: dict) -> None:
        self.enqueue({"msg": msg})

    def _welcomed(self, welcome: dict) -> None:
        """Queue the welcome, then what arrived before it (an admission the welcome already
        reports is not repeated)."""
        early, self.early = self.early or [], None
        self.say(welcome)
        for envelope in early:
            msg = envelope.get("msg") or {}
            if msg.get("type") == "admitted" and welcome["admitted"]:
                continue
            self.enqueue(envelope)

    async def _writer(self) -> None:
        while True:
            envelope = await self.outbox.get()
            if "close" in envelope:
                self.closing = True  # nothing more after the close, by any path
            async with self.lock:
                if "msg" in envelope:
                    await self.transport.send(json.dumps(envelope["msg"]))
            if "close" in envelope:
                raise _Closed(*envelope["close"])

    # Incoming.

    async def _next(self) -> protocol.Message:
        raw = await self.transport.receive()
        size = len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8"))
        if size > self.room.limits.max_bytes:
            raise _Closed(
                Close.TOO_BIG, f"messages may be at most {self.room.limits.max_bytes} bytes"
            )
        if not self.bucket.take():
            raise _Closed(Close.FLOOD, "too many messages")
        try:
            return protocol.parse(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first.get("loc", ()))
            reason = f"invalid message: {first.get('msg', 'invalid')}"
            if where:
                reason += f" at {where}"
            raise _Closed(Close.BAD_MESSAGE, reason[:120]) from None

    async def serve(self) -> None:
        """Run the connection to its end; close it with the code and reason of that end."""
        code, reason = Close.NORMAL, "goodbye"
        writer: asyncio.Task | None = None
        timer: asyncio.TimerHandle | None = None
        try:
            await self._join()
            assert self.entrant is not None
            writer = asyncio.create_task(self._writer())
            delay = (self.entrant.window.closes - self.room.now()).total_seconds()
            timer = asyncio.get_running_loop().call_later(
                max(delay, 0),
                self.enqueue,
                {
                    "msg": {"type": "room_closed", "reason": "time"},
                    "close": [Close.ROOM_CLOSED, "the room has closed"],
                },
            )
            reader = asyncio.create_task(self._read())
            try:
                done, _ = await asyncio.wait({reader, writer}, return_when=asyncio.FIRST_COMPLETED)
            finally:  # also when this connection's own task is cancelled (shutdown)
                for task in (reader, writer):
                    if not task.done():
                        task.cancel()
                        with contextlib.suppress(asyncio.CancelledError, _Closed, Disconnected):
                            await task
            exc = done.pop().exception()
            if exc is not None:
                raise exc
        except _Closed as closed:
            code, reason = closed.code, closed.reason
        except Disconnected:
            code, reason = Close.GOING_AWAY, "gone"
        except Exception:
            log.exception("signalling: connection failed")
            code, reason = 1011, "server error"
        finally:
            if timer is not None:
                timer.cancel()
            await self._leave()
        if code != Close.GOING_AWAY:
            with contextlib.suppress(Exception):
                await self.transport.close(code, reason)

    async def _join(self) -> None:
        try:
            first = await asyncio.wait_for(self._next(), self.room.limits.join_timeout)
        except TimeoutError:
            raise _Closed(Close.JOIN_TIMEOUT, "send join with your pass first") from None
        if not isinstance(first, protocol.Join):
            raise _Closed(Close.UNAUTHORISED, "send join with your pass first")
        try:
            entrant = await self.room.redeem(self.room_id, first.token)
        except RoomNotFound:
            raise _Closed(Close.UNAUTHORISED, "this pass does not open this room") from None
        except RoomUnavailable as exc:
            raise _Closed(Close.OUTSIDE_WINDOW, exc.message) from None
        waits = self.room.waiting_room and entrant.role == RoomRole.CLIENT
        member = Member(
            id=entrant.participant,
            role=entrant.role.value,
            name=entrant.name,
            language=entrant.language,
            admitted=not waits,
            audio_only=first.audio_only,
            conn=self.conn,
            node=self.room.hub.node,
        )
        hub = self.room.hub
        # Known before the roster has us, so that an admission arriving meanwhile is noted.
        self.member, self.entrant = member, entrant
        hub.attach(self.key, member.id, self.conn, self.deliver)
        try:
            joined = await hub.join(
                self.key, member, capacity=self.room.limits.capacity, until=entrant.window.closes
            )
        except RoomFull:
            hub.detach(self.key, self.conn)
            self.member = None
            raise _Closed(Close.ROOM_FULL, "the room is full") from None
        except BaseException:  # Redis away, say: leave nothing of this connection behind
            hub.detach(self.key, self.conn)
            self.member = None
            raise
        # A host may have let us in while we were joining (another process, with Redis).
        admitted_meanwhile = waits and self.member.admitted
        if joined.replaced is not None and joined.replaced.conn != self.conn:
            # The same person again (a reload, a new network): the newer connection wins.
            await hub.close_conn(
                self.key, joined.replaced, Close.REPLACED, "replaced by a newer connection"
            )
            if joined.replaced.admitted and not self.member.admitted:
                self.member = replace(self.member, admitted=True)
                await hub.update(self.key, member.id, self.conn, admitted=True)
        member = self.member
        admitted = [m for m in joined.others if m.admitted]
        welcome = {
            "type": "welcome",
            "id": member.id,
            "role": member.role,
            "admitted": member.admitted,
            "peers": [m.public() for m in admitted] if member.admitted else [],
            "ice_servers": self.room.ice_servers(entrant),
            "closes_at": entrant.window.closes.isoformat(),
            "needs_interpreter": entrant.needs_interpreter,
        }
        if entrant.role in HOSTS:
            welcome["waiting"] = [m.public() for m in joined.others if not m.admitted]
        self._welcomed(welcome)
        await self.room.record(entrant, RoomEventKind.JOINED)
        if member.admitted:
            if not admitted_meanwhile:  # else the host has told the others already
                await self._announce(admitted)
        else:
            self.say({"type": "waiting"})
            await self.room.record(entrant, RoomEventKind.WAITING)
            for other in admitted:
                if other.role in HOSTS:
                    await hub.send_to(
                        self.key, other.id, {"type": "waiting", "peer": member.public()}
                    )

    async def _announce(self, others: list[Member]) -> None:
        """Tell the admitted others that this member is here (the newcomer makes the offers)."""
        assert self.member is not None
        note = {"type": "peer_joined", "peer": self.member.public()}
        for other in others:
            if other.id != self.member.id:
                await self.room.hub.send_to(self.key, other.id, note)

    async def _read(self) -> None:
        while True:
            message = await self._next()
            await self._handle(message)

    async def _handle(self, message: protocol.Message) -> None:
        assert self.member is not None and self.entrant is not None
        hub, me = self.room.hub, self.member
        match message:
            case protocol.Ping():
                self.say({"type": "pong"})
            case protocol.Leave():
                raise _Closed(Close.NORMAL, "left")
            case protocol.Join():
                self.say(
                    {"type": "error", "code": "already_joined", "reason": "you are in the room"}
                )
            case protocol.Offer() | protocol.Answer() | protocol.Candidate():
                if not me.admitted:
                    self.say(
                        {"type": "error", "code": "not_admitted", "reason": "wait to be admitted"}
                    )
                    return
                relayed = message.model_dump(mode="json", exclude={"to"})
                relayed["from"] = me.id
                if message.to == me.id or not await hub.send_to(self.key, message.to, relayed):
                    self.say(
                        {
                            "type": "error",
                            "code": "unknown_peer",
                            "reason": "no such participant in the room",
                            "peer": message.to,
                        }
                    )
            case protocol.Mute(audio=audio, video=video):
                me = self.member = replace(me, audio=audio, video=video)
                await hub.update(self.key, me.id, me.conn, audio=audio, video=video)
                if me.admitted:
                    note = {"type": "mute", "from": me.id, "audio": audio, "video": video}
                    for other in await hub.members(self.key):
                        if other.id != me.id and other.admitted:
                            await hub.send_to(self.key, other.id, note)
            case protocol.Admit(peer=peer):
                await self._admit(peer)

    async def _admit(self, peer: str) -> None:
        assert self.member is not None and self.entrant is not None
        if self.entrant.role not in HOSTS:
            self.say({"type": "error", "code": "not_allowed", "reason": "only the advisor admits"})
            return
        hub = self.room.hub
        members = await hub.members(self.key)
        target = next((m for m in members if m.id == peer), None)
        if target is None or target.admitted:
            self.say(
                {
                    "type": "error",
                    "code": "unknown_peer",
                    "reason": "nobody by that id is waiting",
                    "peer": peer,
                }
            )
            return
        if not await hub.update(self.key, target.id, target.conn, admitted=True):
            return  # gone (or reconnected) meanwhile
        target = replace(target, admitted=True)
        others = [m for m in members if m.admitted and m.id != target.id]
        if not await hub.send_to(
            self.key, target.id, {"type": "admitted", "peers": [m.public() for m in others]}
        ):
            return
        note = {"type": "peer_joined", "peer": target.public()}
        for other in others:
            await hub.send_to(self.key, other.id, note)
        if all(m.id != target.id for m in await hub.members(self.key)):
            # They left while the others were told: take it back, so nobody keeps a ghost.
            for other in others:
                await hub.send_to(self.key, other.id, {"type": "peer_left", "id": target.id})
            return
        await self.room.record(
            replace(self.entrant, role=RoomRole(target.role), staff_id=None), RoomEventKind.ADMITTED
        )

    async def _leave(self) -> None:
        self.closing = True
        if self.member is None or self.entrant is None:
            return
        hub = self.room.hub
        hub.detach(self.key, self.conn)
        try:
            gone = await hub.leave(self.key, self.member.id, self.conn)
            if gone:
                note = {"type": "peer_left", "id": self.member.id}
                for other in await hub.members(self.key):
                    await hub.send_to(self.key, other.id, note, admitted=False)
                await self.room.record(self.entrant, RoomEventKind.LEFT)
        except Exception:
            log.warning("signalling: leaving the room failed", exc_info=True)
