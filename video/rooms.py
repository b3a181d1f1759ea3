"""Rooms: one per booking, open from a while before the start until a while after the end.

Passes are capability tokens for one person and role in one room, stored as hashes and valid
until the room closes. The client gets one through their booking link; the booking's advisor
and interpreter get theirs with their staff session. Nobody else enters.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actors import Actor
from access.errors import RoleRequired
from access.models import StaffMember
from core import tokens
from scheduling import lifecycle
from scheduling.errors import BookingNotFound
from scheduling.models import Booking, BookingStatus, Channel, Service
from video.errors import RoomNotFound, RoomUnavailable
from video.models import RoomEvent, RoomEventKind, RoomPass, RoomRole

NO_SHOW_GRACE = timedelta(minutes=10)
"""How long after the start a client who never joined is suggested as a no-show."""

HOSTS = frozenset({RoomRole.ADVISOR, RoomRole.PEER_COUNSELLOR})
"""Roles that admit clients from the waiting room and may switch the session to the phone."""


@dataclass(frozen=True, slots=True)
class Window:
    opens: datetime
    closes: datetime

    def check(self, now: datetime) -> None:
        """Raise ``RoomUnavailable`` unless the room is open at ``now``."""
        if now < self.opens:
            raise RoomUnavailable("the room is not open yet", opens_at=self.opens.isoformat())
        if now >= self.closes:
            raise RoomUnavailable("the room has closed", closed_at=self.closes.isoformat())


@dataclass(frozen=True, slots=True)
class Entrant:
    """Whom a valid pass lets in: the room, a stable participant id, the role, and what the
    others are told about them (a staff member's name; the client's language, no name)."""

    room_id: UUID
    participant: str
    role: RoomRole
    staff_id: UUID | None
    name: str | None
    language: str | None
    window: Window
    # The session needs an interpreter (its advisor does not speak the client's language): only
    # then does the host's view say whether she has joined.
    needs_interpreter: bool = False


@dataclass(frozen=True, slots=True)
class IssuedPass:
    room_id: UUID
    token: str
    role: RoomRole
    window: Window


def window(booking: Booking, *, open_minutes: int, close_minutes: int) -> Window:
    return Window(
        opens=booking.starts_at - timedelta(minutes=open_minutes),
        closes=booking.ends_at + timedelta(minutes=close_minutes),
    )


def participant_id(secret: str, booking_id: UUID, role: RoomRole, staff_id: UUID | None) -> str:
    """The same opaque id for the same person in the same room, on every connection."""
    return tokens.sign(secret, f"room:{booking_id}:{role.value}:{staff_id or 'client'}")[:16]


async def _usable(session: AsyncSession, booking: Booking, now: datetime, win: Window) -> None:
    if booking.status != BookingStatus.CONFIRMED:
        raise RoomUnavailable(f"the booking is {booking.status.value}")
    if booking.channel == Channel.IN_PERSON:
        raise RoomUnavailable("this session is met in person; it has no room")
    if now >= win.closes:
        raise RoomUnavailable("the room has closed", closed_at=win.closes.isoformat())
    if await switched_to_phone(session, booking.id) is not None:
        raise RoomUnavailable("the session has moved to the phone")


async def _issue(
    session: AsyncSession,
    *,
    booking: Booking,
    role: RoomRole,
    staff_id: UUID | None,
    win: Window,
) -> IssuedPass:
    token = tokens.new_token()
    session.add(
        RoomPass(
            booking_id=booking.id,
            role=role,
            staff_id=staff_id,
            token_hash=tokens.hash_token(token),
            expires_at=win.closes,
        )
    )
    await session.flush()
    return IssuedPass(room_id=booking.id, token=token, role=role, window=win)


async def pass_for_client(
    session: AsyncSession,
    *,
    client_token: str,
    now: datetime,
    open_minutes: int,
    close_minutes: int,
) -> IssuedPass:
    """A pass for the client whose booking link this is (the room may not be open yet)."""
    booking = await lifecycle.by_token(session, token=client_token, now=now)
    win = window(booking, open_minutes=open_minutes, close_minutes=close_minutes)
    await _usable(session, booking, now, win)
    return await _issue(session, booking=booking, role=RoomRole.CLIENT, staff_id=None, win=win)


async def role_in(session: AsyncSession, booking: Booking, staff_id: UUID) -> RoomRole | None:
    """The staff member's part in the session: its host (the advisor, or the peer counsellor
    of a peer-guidance session), its interpreter, or none."""
    if staff_id == booking.advisor_id:
        service = await session.get(Service, booking.service_id)
        peer = service is not None and service.peer_guidance
        return RoomRole.PEER_COUNSELLOR if peer else RoomRole.ADVISOR
    if staff_id == booking.interpreter_id:
        return RoomRole.INTERPRETER
    return None


async def pass_for_staff(
    session: AsyncSession,
    *,
    actor: Actor,
    booking_id: UUID,
    now: datetime,
    open_minutes: int,
    close_minutes: int,
) -> IssuedPass:
    """A pass for the booking's advisor or interpreter; their colleagues are not invited."""
    try:
        booking = await lifecycle.for_staff(session, actor=actor, booking_id=booking_id)
    except BookingNotFound as exc:
        raise RoomNotFound("no such room", room_id=booking_id) from exc
    role = await role_in(session, booking, actor.staff_id)
    if role is None:
        raise RoleRequired("only the session's advisor (or peer counsellor) and interpreter enter")
    win = window(booking, open_minutes=open_minutes, close_minutes=close_minutes)
    await _usable(session, booking, now, win)
    return await _issue(session, booking=booking, role=role, staff_id=actor.staff_id, win=win)


async def _valid_pass(session: AsyncSession, token: str, now: datetime) -> RoomPass | None:
    """The unexpired pass ``token`` is, if it is one."""
    row = await session.scalar(
        select(RoomPass).where(RoomPass.token_hash == tokens.hash_token(token))
    )
    return row if row is not None and row.expires_at > now else None


async def redeem(
    session: AsyncSession,
    *,
    room_id: UUID,
    token: str,
    now: datetime,
    secret: str,
    open_minutes: int,
    close_minutes: int,
) -> Entrant:
    """Whom ``token`` lets into ``room_id`` now. A token of another room, an expired or altered
    one finds nothing (``RoomNotFound``); a room outside its window is ``RoomUnavailable``."""
    row = await _valid_pass(session, token, now)
    if row is None or row.booking_id != room_id:
        raise RoomNotFound("this pass does not open this room")
    booking = await session.get(Booking, room_id)
    if booking is None:
        raise RoomNotFound("this pass does not open this room")
    win = window(booking, open_minutes=open_minutes, close_minutes=close_minutes)
    await _usable(session, booking, now, win)
    win.check(now)
    if row.role != RoomRole.CLIENT and (
        row.staff_id is None or await role_in(session, booking, row.staff_id) != row.role
    ):
        # The booking was handed to someone else since the pass was made.
        raise RoomNotFound("this pass does not open this room")
    name = None
    if row.staff_id is not None:
        staff = await session.get(StaffMember, row.staff_id)
        name = staff.display_name if staff else None
    return Entrant(
        room_id=room_id,
        participant=participant_id(secret, room_id, row.role, row.staff_id),
        role=row.role,
        staff_id=row.staff_id,
        name=name,
        language=booking.language if row.role == RoomRole.CLIENT else None,
        window=win,
        needs_interpreter=booking.needs_interpreter,
    )


async def record(
    session: AsyncSession,
    *,
    room_id: UUID,
    kind: RoomEventKind,
    role: RoomRole | None = None,
    staff_id: UUID | None = None,
    at: datetime,
    **detail: object,
) -> None:
    session.add(
        RoomEvent(
            booking_id=room_id,
            kind=kind,
            role=role,
            staff_id=staff_id,
            created_at=at,
            detail=dict(detail),
        )
    )
    await session.flush()


async def switched_to_phone(session: AsyncSession, room_id: UUID) -> datetime | None:
    return await session.scalar(
        select(RoomEvent.created_at)
        .where(
            RoomEvent.booking_id == room_id,
            RoomEvent.kind == RoomEventKind.SWITCHED_TO_PHONE,
        )
        .limit(1)
    )


@dataclass(frozen=True, slots=True)
class Facts:
    events: list[RoomEvent]
    client_joined: bool
    suggest_no_show: bool
    switched_to_phone_at: datetime | None


async def facts(session: AsyncSession, *, actor: Actor, room_id: UUID, now: datetime) -> Facts:
    """Who joined and left when; whether to suggest that the client did not show up."""
    try:
        booking = await lifecycle.for_staff(session, actor=actor, booking_id=room_id)
    except BookingNotFound as exc:
        raise RoomNotFound("no such room", room_id=room_id) from exc
    events = list(
        await session.scalars(
            select(RoomEvent)
            .where(RoomEvent.booking_id == room_id)
            .order_by(RoomEvent.created_at, RoomEvent.id)
        )
    )
    client_joined = any(
        e.kind == RoomEventKind.JOINED and e.role == RoomRole.CLIENT for e in events
    )
    switched = next(
        (e.created_at for e in events if e.kind == RoomEventKind.SWITCHED_TO_PHONE), None
    )
    return Facts(
        events=events,
        client_joined=client_joined,
        suggest_no_show=(
            booking.status == BookingStatus.CONFIRMED
            and booking.channel == Channel.VIDEO
            and switched is None
            and not client_joined
            and now >= booking.starts_at + NO_SHOW_GRACE
        ),
        switched_to_phone_at=switched,
    )


async def switch_to_phone(
    session: AsyncSession, *, actor: Actor, room_id: UUID, now: datetime, reason: str | None
) -> datetime:
    """Record that the session goes on by phone; the room closes. Only its host may do so.
    The booking keeps its channel (video), so statistics count it where it was booked."""
    try:
        booking = await lifecycle.for_staff(session, actor=actor, booking_id=room_id)
    except BookingNotFound as exc:
        raise RoomNotFound("no such room", room_id=room_id) from exc
    if booking.advisor_id != actor.staff_id:
        raise RoleRequired("only the session's advisor switches it to the phone")
    if booking.status != BookingStatus.CONFIRMED or booking.channel != Channel.VIDEO:
        raise RoomUnavailable("only a confirmed video session can switch to the phone")
    earlier = await switched_to_phone(session, room_id)
    if earlier is not None:
        return earlier
    await record(
        session,
        room_id=room_id,
        kind=RoomEventKind.SWITCHED_TO_PHONE,
        role=RoomRole.ADVISOR,
        staff_id=actor.staff_id,
        at=now,
        reason=reason or "",
    )
    return now


async def holder(session: AsyncSession, *, token: str, now: datetime, secret: str) -> str:
    """The participant id of a valid pass of any room (for the device test, which may run
    before the room opens)."""
    row = await _valid_pass(session, token, now)
    if row is None:
        raise RoomNotFound("this pass is not valid (any more)")
    return participant_id(secret, row.booking_id, row.role, row.staff_id)


async def purge_expired(session: AsyncSession, *, now: datetime) -> int:
    """Delete the passes of rooms that have closed (their hashes open nothing any more)."""
    result = await session.execute(delete(RoomPass).where(RoomPass.expires_at <= now))
    return result.rowcount or 0
