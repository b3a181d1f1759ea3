"""Video rooms: passes for the invited, the signalling WebSocket, session facts, the switch to
the phone, the device test, and the room page."""

import contextlib
import logging
from uuid import UUID

from fastapi import APIRouter, FastAPI, Request, Response, WebSocket
from fastapi.responses import JSONResponse
from starlette.websockets import WebSocketDisconnect

from api import assets, headers, unit_of_work
from api.deps import ActorDep, SessionDep, SettingsDep, UnitDep, check_origin
from api.errors import problem
from core import clock
from core.config import Settings
from flows import rooms as room_flows
from video import rooms, signalling, turn
from video.models import RoomEventKind
from video.peers import DeviceTests
from video.protocol import Close
from video.rooms import Entrant, IssuedPass
from video.schemas import (
    DeviceTestAnswer,
    DeviceTestStart,
    EventRead,
    FactsRead,
    IceServersRead,
    PassBody,
    PassRead,
    SwitchRequest,
)

log = logging.getLogger(__name__)

router = APIRouter(tags=["video"])


def _pass(issued: IssuedPass) -> PassRead:
    return PassRead(
        room_id=issued.room_id,
        token=issued.token,
        role=issued.role.value,
        opens_at=issued.window.opens,
        closes_at=issued.window.closes,
        room_url=f"/room/{issued.room_id}",
    )


def _windows(settings: Settings) -> dict[str, int]:
    return {
        "open_minutes": settings.room_open_minutes,
        "close_minutes": settings.room_close_minutes,
    }


@router.post("/b/{token}/room", response_model=PassRead)
async def client_pass(
    token: str, request: Request, session: SessionDep, settings: SettingsDep
) -> Response:
    """A pass into the room for the client whose booking link this is."""
    check_origin(request, settings)
    issued = await rooms.pass_for_client(
        session, client_token=token, now=clock.now(), **_windows(settings)
    )
    return JSONResponse(_pass(issued).model_dump(mode="json"), headers=headers.PRIVATE)


@router.post("/api/v1/rooms/{room_id}/passes", response_model=PassRead)
async def staff_pass(
    room_id: UUID, actor: ActorDep, session: SessionDep, settings: SettingsDep
) -> Response:
    """A pass into the room for the session's advisor or interpreter."""
    issued = await rooms.pass_for_staff(
        session, actor=actor, booking_id=room_id, now=clock.now(), **_windows(settings)
    )
    return JSONResponse(_pass(issued).model_dump(mode="json"), headers=headers.PRIVATE)


def _facts(found: rooms.Facts) -> FactsRead:
    return FactsRead(
        events=[
            EventRead(
                at=e.created_at,
                kind=e.kind.value,
                role=e.role.value if e.role else None,
                staff_id=e.staff_id,
            )
            for e in found.events
        ],
        client_joined=found.client_joined,
        suggest_no_show=found.suggest_no_show,
        switched_to_phone_at=found.switched_to_phone_at,
    )


@router.get("/api/v1/rooms/{room_id}/facts", response_model=FactsRead)
async def room_facts(room_id: UUID, actor: ActorDep, session: SessionDep) -> FactsRead:
    """Who joined and left when, and whether the client looks like a no-show."""
    return _facts(await rooms.facts(session, actor=actor, room_id=room_id, now=clock.now()))


@router.post("/api/v1/rooms/{room_id}/switch-to-phone", response_model=FactsRead)
async def switch_to_phone(
    room_id: UUID, body: SwitchRequest, actor: ActorDep, uow: UnitDep
) -> FactsRead:
    """The advisor goes on by phone: recorded, and everyone in the room is told and let go."""
    done = await room_flows.switch_to_phone(
        uow.session, actor=actor, room_id=room_id, reason=body.reason or None
    )
    return _facts(uow.after(done))


# The signalling WebSocket.


class _Socket:
    """A Starlette WebSocket as the signalling module's transport."""

    def __init__(self, websocket: WebSocket) -> None:
        self.websocket = websocket

    async def receive(self) -> str | bytes:
        message = await self.websocket.receive()
        if message["type"] == "websocket.disconnect":
            raise signalling.Disconnected
        text = message.get("text")
        return text if text is not None else (message.get("bytes") or b"")

    async def send(self, text: str) -> None:
        try:
            await self.websocket.send_text(text)
        except (WebSocketDisconnect, RuntimeError, OSError) as exc:
            raise signalling.Disconnected from exc

    async def close(self, code: int, reason: str) -> None:
        with contextlib.suppress(RuntimeError, OSError):
            await self.websocket.close(code, reason)


def room_runtime(app: FastAPI) -> signalling.Room:
    """The signalling room's surroundings for ``app``: its hub, database and settings."""
    settings: Settings = app.state.settings

    async def redeem(room_id: UUID, token: str) -> Entrant:
        async with app.state.read_sessions() as session:
            return await rooms.redeem(
                session,
                room_id=room_id,
                token=token,
                now=clock.now(),
                secret=settings.secret_key,
                **_windows(settings),
            )

    async def record(entrant: Entrant, kind: RoomEventKind) -> None:
        try:
            async with unit_of_work.unit(app) as uow:
                await rooms.record(
                    uow.session,
                    room_id=entrant.room_id,
                    kind=kind,
                    role=entrant.role,
                    staff_id=entrant.staff_id,
                    at=clock.now(),
                )
        except Exception:
            log.exception("room: could not record %s", kind.value)

    def ice_servers(entrant: Entrant) -> list[dict]:
        return _ice_for(settings, entrant.participant)

    return signalling.Room(
        hub=app.state.hub,
        redeem=redeem,
        record=record,
        ice_servers=ice_servers,
        now=clock.now,
        waiting_room=settings.room_waiting,
        limits=signalling.Limits(
            capacity=settings.room_capacity,
            join_timeout=settings.signal_join_seconds,
            rate=settings.signal_rate,
            burst=settings.signal_burst,
        ),
    )


async def _refuse(websocket: WebSocket, status: int, title: str) -> None:
    """Refuse the handshake with an HTTP status and a problem body (or a bare close)."""
    try:
        await websocket.send_denial_response(problem(status, title))
    except RuntimeError:  # the server cannot send a body with the refusal
        await websocket.close(code=Close.FORBIDDEN, reason=title)


@router.websocket("/api/v1/rooms/{room_id}/signal")
async def signal(websocket: WebSocket, room_id: str) -> None:
    """Signalling: the Origin is checked before accepting; the pass comes in the first
    message (``join``), never in the URL."""
    settings: Settings = websocket.app.state.settings
    origin = websocket.headers.get("origin")
    if origin is None or origin.rstrip("/") not in settings.origins:
        await _refuse(websocket, 403, "this page may not open a room connection")
        return
    try:
        room = UUID(room_id)
    except ValueError:
        await _refuse(websocket, 404, "no such room")
        return
    await websocket.accept()
    runtime = websocket.app.state.room_runtime
    await signalling.Connection(_Socket(websocket), room, runtime).serve()


# The device test.


def _ice_for(settings: Settings, participant: str) -> list[dict]:
    return turn.ice_servers(
        stun_urls=settings.stun_urls,
        turn_urls=settings.turn_urls,
        turn_secret=settings.turn_secret,
        participant=participant,
        now=clock.now(),
        ttl_seconds=settings.turn_ttl_seconds,
    )


async def _holder(body: PassBody, request: Request, session: SessionDep, settings: Settings) -> str:
    """Who holds the pass in ``body`` (404 for no valid pass)."""
    check_origin(request, settings)
    return await rooms.holder(
        session, token=body.token, now=clock.now(), secret=settings.secret_key
    )


@router.post("/api/v1/device-tests/ice-servers", response_model=IceServersRead)
async def device_test_ice_servers(
    body: PassBody, request: Request, session: SessionDep, settings: SettingsDep
) -> IceServersRead:
    """The ICE servers (TURN credentials included) for a device test, before its offer."""
    participant = await _holder(body, request, session, settings)
    return IceServersRead(ice_servers=_ice_for(settings, participant))


@router.post("/api/v1/device-tests", response_model=DeviceTestAnswer)
async def start_device_test(
    body: DeviceTestStart, request: Request, session: SessionDep, settings: SettingsDep
) -> DeviceTestAnswer:
    """A server peer that sends the caller's own audio and video back (with a room pass)."""
    participant = await _holder(body, request, session, settings)
    tests: DeviceTests = request.app.state.device_tests
    test_id, sdp = await tests.start(
        sdp=body.sdp,
        kind=body.type,
        ice_servers=_ice_for(settings, participant),
        holder=participant,
        address=request.client.host if request.client else "",
    )
    return DeviceTestAnswer(id=test_id, sdp=sdp)


@router.get("/api/v1/device-tests/{test_id}")
async def device_test_report(test_id: str, request: Request) -> dict:
    """How the test goes: connection state, round-trip time, packet loss each way."""
    return await request.app.state.device_tests.report(test_id)


@router.delete("/api/v1/device-tests/{test_id}", status_code=204)
async def end_device_test(test_id: str, request: Request) -> Response:
    await request.app.state.device_tests.close(test_id)
    return Response(status_code=204)


@router.get("/room/{room_id}", include_in_schema=False)
async def room_page(room_id: UUID, request: Request) -> Response:
    """The room page; the pass travels in the URL's fragment, which browsers never send."""
    return assets.page(request, "room.html", headers.PAGE)
