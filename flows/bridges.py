"""Phone sessions bridged from the console: the advisor presses "call", Neuvo dials the client
through its SIP connection (Janus's SIP plugin) and connects her browser to the call.

The browser never talks to Janus: it posts its SDP offer here, asks here how the call goes
(and gets Janus's answer once the phone answered), and hangs up here. Each call is a try on
the session (``scheduling.calls``): its start, answer, end and outcome. The client's number
goes from the database to Janus and nowhere else: no answer here carries it.

Once the client's call is live, the advisor may have Neuvo dial the session's interpreter too
(one who joins by phone, at her profile's number): a second leg, a Janus session of its own
answered with the browser's second offer. The browser mixes the two legs and its microphone
into a three-way call. Her number, likewise, never leaves the server, and the client's is
never shown to her (the call comes from the organisation's number). Ending the client's call
ends the interpreter's leg too; hers may end alone.

An interpreter may also join the client's call from her own browser (``flows.joins``): following
the client's call, the advisor's browser learns of her offer here and answers it."""

from datetime import timedelta
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from access.actors import Actor
from core import clock
from core.config import Settings
from interpreters import profiles
from notifications import janus
from scheduling import calls, joins, lifecycle
from scheduling.errors import NoInterpreterByPhone, NoNumberToCall, NoPhoneBridge
from scheduling.models import Booking, BookingCall, CallParty, Client, Organisation
from scheduling.schemas import BridgeRead, CallRead, JoinOffer
from video import rooms


def gateway(settings: Settings) -> janus.Janus:
    """The configured Janus; refused when Neuvo has no SIP connection."""
    if not settings.phone_bridge or settings.janus_url is None:
        raise NoPhoneBridge("no SIP connection is configured: call from your own phone")
    return janus.Janus(settings.janus_url, api_secret=settings.janus_api_secret)


def trunk(settings: Settings, *, caller: str | None) -> janus.Trunk:
    """The SIP trunk as configured, calling from ``caller`` (the organisation's number)."""
    return janus.Trunk(
        uri=settings.sip_uri or "",
        identity=settings.sip_from,
        caller=caller or settings.sip_caller_id,
        display_name=settings.sip_display_name,
        proxy=settings.sip_proxy,
        outbound_proxy=settings.sip_outbound_proxy,
        register=settings.sip_register,
        authuser=settings.sip_authuser,
        secret=settings.sip_secret,
    )


async def dial(
    session: AsyncSession, *, settings: Settings, actor: Actor, booking_id: UUID, offer_sdp: str
) -> BridgeRead:
    """Dial a phone session's client and connect the caller's browser (its offer) to the
    call. Who may not call the client: 404; not by phone, cancelled, already being called or
    no number: 409; no SIP connection: 409; Janus unreachable or refusing: 502."""
    booking = await lifecycle.for_staff(session, actor=actor, booking_id=booking_id)
    switched = await rooms.switched_to_phone(session, booking.id)
    call = await calls.start(
        session, actor=actor, booking=booking, switched_at=switched, now=clock.now()
    )
    bridge = gateway(settings)  # after the checks: who may not call learns nothing of it
    client = await session.get(Client, booking.client_id)
    if client is None or not client.phone_e164:
        raise NoNumberToCall("the client gave no phone number", booking_id=booking.id)
    return await _place(
        session,
        settings=settings,
        booking=booking,
        call=call,
        number=client.phone_e164,
        offer_sdp=offer_sdp,
        bridge=bridge,
    )


async def dial_interpreter(
    session: AsyncSession, *, settings: Settings, actor: Actor, booking_id: UUID, offer_sdp: str
) -> BridgeRead:
    """Dial a phone session's interpreter into the client's live call (the browser's second
    offer; it mixes the legs). Who may not call the client: 404; no live call to the client,
    the interpreter already being called, no interpreter who joins by phone with a number, no
    SIP connection: 409; Janus unreachable or refusing: 502."""
    booking = await lifecycle.for_staff(session, actor=actor, booking_id=booking_id)
    switched = await rooms.switched_to_phone(session, booking.id)
    call = await calls.start(
        session,
        actor=actor,
        booking=booking,
        switched_at=switched,
        now=clock.now(),
        party=CallParty.INTERPRETER,
    )
    bridge = gateway(settings)
    number = None
    if booking.interpreter_id is not None:
        number = await profiles.phone_number(session, staff_id=booking.interpreter_id)
    if number is None:
        raise NoInterpreterByPhone(
            "the session has no interpreter who joins by phone with a number to dial",
            booking_id=booking.id,
        )
    return await _place(
        session,
        settings=settings,
        booking=booking,
        call=call,
        number=number,
        offer_sdp=offer_sdp,
        bridge=bridge,
    )


async def _place(
    session: AsyncSession,
    *,
    settings: Settings,
    booking: Booking,
    call: BookingCall,
    number: str,
    offer_sdp: str,
    bridge: janus.Janus,
) -> BridgeRead:
    """Dial ``number`` from the organisation's number with the browser's offer; keep the leg."""
    organisation = await session.get(Organisation, booking.organisation_id)
    line = trunk(settings, caller=organisation.phone_e164 if organisation else None)
    leg, happened = await bridge.dial(trunk=line, number=number, offer_sdp=offer_sdp)
    call.janus_session, call.janus_handle = leg.session, leg.handle
    _apply(call, happened)
    if call.ended_at is not None:  # refused at once: nothing of it stays in Janus
        await bridge.hang_up(leg)
    await session.flush()
    return _read(call)


async def follow(
    session: AsyncSession, *, settings: Settings, actor: Actor, booking_id: UUID, call_id: UUID
) -> BridgeRead:
    """How a call Neuvo placed goes, after reading what Janus heard since (which also keeps
    Janus's session alive). Rung longer than ``sip_ring_seconds``: hung up, no answer."""
    call = await _call(session, actor=actor, booking_id=booking_id, call_id=call_id)
    leg = _leg(call)
    if leg is not None:
        bridge = gateway(settings)
        _apply(call, await bridge.events(leg))
        rung = clock.now() - call.created_at > timedelta(seconds=settings.sip_ring_seconds)
        if call.ended_at is None and call.answered_at is None and rung:
            _apply(call, await bridge.hang_up(leg))
            calls.end(call, now=clock.now(), code=408)
        elif call.ended_at is not None:
            await bridge.hang_up(leg)  # the phone hung up: the Janus session goes too
    if call.ended_at is not None:
        await _end_interpreter(session, settings=settings, call=call)
    await session.flush()
    if call.party != CallParty.CLIENT or call.ended_at is not None:
        return _read(call)
    # The interpreter joining from her browser: this browser answers her offer and mixes her in.
    legs = await joins.waiting(session, booking_id=call.booking_id, now=clock.now())
    await session.flush()
    return _read(call).model_copy(
        update={
            "joining": [
                JoinOffer(id=leg.id, offer_sdp=leg.offer_sdp)
                for leg in legs
                if leg.answered_at is None and leg.offer_sdp
            ],
            "joined": [leg.id for leg in legs if leg.answered_at is not None],
        }
    )


async def hang_up(
    session: AsyncSession, *, settings: Settings, actor: Actor, booking_id: UUID, call_id: UUID
) -> BridgeRead:
    """The advisor ends the call (or stops it ringing): reached if it was answered, else no
    answer. Ending the client's call ends the interpreter's leg too; ending an ended call
    changes nothing."""
    call = await _call(session, actor=actor, booking_id=booking_id, call_id=call_id)
    await _end(call, settings=settings)
    await _end_interpreter(session, settings=settings, call=call)
    await session.flush()
    return _read(call)


async def _call(
    session: AsyncSession, *, actor: Actor, booking_id: UUID, call_id: UUID
) -> BookingCall:
    booking = await lifecycle.for_staff(session, actor=actor, booking_id=booking_id)
    return await calls.bridged(session, actor=actor, booking=booking, call_id=call_id)


async def _end(call: BookingCall, *, settings: Settings) -> None:
    leg = _leg(call)
    if leg is not None:
        _apply(call, await gateway(settings).hang_up(leg))
    calls.end(call, now=clock.now(), code=None)


async def _end_interpreter(session: AsyncSession, *, settings: Settings, call: BookingCall) -> None:
    """The client's call ended: the interpreter's leg, dialled into it, ends with it."""
    if call.party != CallParty.CLIENT:
        return
    leg = await calls.live(session, booking_id=call.booking_id, party=CallParty.INTERPRETER)
    if leg is not None:
        await _end(leg, settings=settings)


def _leg(call: BookingCall) -> janus.Leg | None:
    if call.ended_at is not None or call.janus_session is None or call.janus_handle is None:
        return None
    return janus.Leg(call.janus_session, call.janus_handle)


def _apply(call: BookingCall, happened: list[janus.Event]) -> None:
    """Keep on the call what Janus heard: ringing, the answer, the end and its SIP code."""
    for event in happened:
        now = clock.now()
        if event.kind == "ringing" and call.ended_at is None:
            call.sip_code = event.code or 180
            if event.answer_sdp:  # early media: this answer is the call's
                call.answer_sdp = event.answer_sdp
        elif event.kind == "answered":
            calls.answered(call, now=now, answer_sdp=event.answer_sdp)
            call.sip_code = 200
        elif event.kind == "hangup":
            calls.end(call, now=now, code=event.code)
        elif event.kind in ("error", "gone"):
            calls.end(call, now=now, code=None)


def _read(call: BookingCall) -> BridgeRead:
    if call.ended_at is not None:
        state = "ended"
    elif call.answered_at is not None:
        state = "answered"
    elif call.sip_code in (180, 183):
        state = "ringing"
    else:
        state = "calling"
    return BridgeRead(
        call=CallRead.model_validate(call),
        state=state,
        answer_sdp=call.answer_sdp if call.ended_at is None else None,
    )
