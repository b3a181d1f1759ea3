"""Janus's HTTP API and its SIP plugin (``janus.plugin.sip``), which bridge a browser's WebRTC
audio to a phone: open a Janus session, dial a SIP URI with the browser's SDP offer, read what
happened since (ringing, answered with the SDP answer, hung up with a SIP code), hang up.

Janus answers plugin requests with events queued on its session, fetched by a long poll that
waits up to 30 seconds. A read here first sends a harmless request (``reset``, which changes
nothing while a call is set up or going on) and then reads the queue up to that request's
own answer: it never waits on an empty queue, and
never leaves a poll open to take an event away when it is cancelled. The session stays alive
as long as someone reads (every read is a request); a browser gone for a minute lets Janus
time the session out, which hangs the phone up."""

import asyncio
import contextlib
import secrets
from dataclasses import dataclass
from typing import Any

import aiohttp

from notifications.errors import BridgeFailed

NO_SUCH_SESSION, NO_SUCH_HANDLE = 458, 459
HANGUP_READS = 30  # reads, 0.1 s apart, for the hang-up to be reported after a BYE
# A registrar's answers that say our credentials are wrong (904: Janus's SIP stack found no
# challenge it could answer, as when the registrar challenges the digest it was just given).
WRONG_CREDENTIALS = (401, 403, 407, 904)


@dataclass(frozen=True)
class Trunk:
    """How Janus reaches phones: the URI to dial (``{number}`` is the E.164 number), the
    identity calls come from (``{caller}``: the number shown to the phone), and, for a trunk
    that asks for them, a proxy, a registration and credentials."""

    uri: str
    identity: str
    caller: str
    display_name: str | None = None
    proxy: str | None = None
    outbound_proxy: str | None = None
    register: bool = False
    authuser: str | None = None
    secret: str | None = None


@dataclass(frozen=True)
class Leg:
    """One call in Janus: its session and its SIP plugin handle."""

    session: int
    handle: int


@dataclass(frozen=True)
class Event:
    """Something that happened to a call: ``calling``, ``ringing`` (with 180 or 183),
    ``answered`` (the SDP answer with it), ``hangup`` (the SIP code), ``error`` (Janus refused
    a request), ``registered`` (the trunk took our identity), ``unregistered`` (its registrar
    refused our REGISTER, with the SIP code), or ``gone`` (Janus no longer knows the call:
    timed out, or restarted)."""

    kind: str
    code: int | None = None
    reason: str = ""
    answer_sdp: str | None = None


def sip_uri(template: str, number: str) -> str:
    """The SIP URI that dials ``number`` (E.164) through the trunk."""
    return template.replace("{number}", number)


def _event(message: dict[str, Any]) -> Event | None:
    """One Janus message as an event of the call, or None for those that say nothing of it
    (acks, ``webrtcup``, ``media``, keepalives, the marker's answer)."""
    if message.get("janus") != "event":
        return None
    data = message.get("plugindata", {}).get("data", {})
    if "error" in data:
        return Event("error", reason=str(data["error"]), code=data.get("error_code"))
    result = data.get("result", {})
    kind, sdp = result.get("event"), (message.get("jsep") or {}).get("sdp")
    if kind in ("accepted", "progress") and sdp:
        return Event("answered" if kind == "accepted" else "ringing", code=183, answer_sdp=sdp)
    if kind == "accepted":
        return Event("answered")
    if kind in ("ringing", "proceeding"):
        return Event("ringing", code=result.get("code", 180))
    if kind in ("calling", "registered"):
        return Event(kind)
    if kind in ("hangup", "registration_failed"):
        name = "hangup" if kind == "hangup" else "unregistered"
        return Event(name, code=result.get("code"), reason=str(result.get("reason", "")))
    return None


class Janus:
    """A Janus server's HTTP API (``base`` ends in ``/janus``)."""

    def __init__(
        self,
        base: str,
        *,
        api_secret: str | None = None,
        timeout: float = 10.0,
        register_wait: float = 10.0,
    ):
        self.base = base.rstrip("/")
        self.api_secret = api_secret
        self.timeout = timeout
        self.register_wait = register_wait  # seconds for a registrar's answer to our REGISTER

    async def _post(self, http: aiohttp.ClientSession, path: str, body: dict) -> dict:
        body = {"transaction": secrets.token_hex(8), **body}
        if self.api_secret:
            body["apisecret"] = self.api_secret
        try:
            async with http.post(self.base + path, json=body) as answer:
                found = await answer.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise BridgeFailed(f"Janus did not answer: {type(exc).__name__}") from exc
        if found.get("janus") == "error":
            error = found.get("error", {})
            raise BridgeFailed(str(error.get("reason", "Janus refused")), code=error.get("code"))
        return found

    def _http(self) -> aiohttp.ClientSession:
        return aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))

    async def dial(self, *, trunk: Trunk, number: str, offer_sdp: str) -> tuple[Leg, list[Event]]:
        """Open a session, take the trunk's identity (a REGISTER only when it asks for one)
        and dial ``number`` with the browser's offer; the call and what happened so far."""
        async with self._http() as http:
            made = await self._post(http, "", {"janus": "create"})
            session = int(made["data"]["id"])
            try:
                attached = await self._post(
                    http, f"/{session}", {"janus": "attach", "plugin": "janus.plugin.sip"}
                )
                leg = Leg(session, int(attached["data"]["id"]))
                await self._identify(http, leg, trunk)
                call: dict[str, Any] = {"request": "call", "uri": sip_uri(trunk.uri, number)}
                if trunk.secret and not trunk.register:  # authenticate the INVITE itself
                    call.update(secret=trunk.secret, authuser=trunk.authuser)
                await self._message(http, leg, call, jsep={"type": "offer", "sdp": offer_sdp})
                return leg, await self._read(http, leg)
            except BridgeFailed:
                await self._destroy(http, session)
                raise

    async def _identify(self, http: aiohttp.ClientSession, leg: Leg, trunk: Trunk) -> None:
        """Take the trunk's identity: at once as a guest; with a REGISTER, once the registrar
        took it (a round trip, and one more for its digest challenge). Refused, or no answer
        within ``register_wait``: no call is placed."""
        await self._message(http, leg, _register(trunk))
        deadline = asyncio.get_running_loop().time() + self.register_wait
        while True:
            for event in await self._read(http, leg):
                if event.kind == "registered":
                    return
                if event.kind in ("unregistered", "error"):
                    raise BridgeFailed(_refusal(event))
            if asyncio.get_running_loop().time() > deadline:
                raise BridgeFailed("the SIP trunk's registrar did not answer Neuvo's REGISTER")
            await asyncio.sleep(0.2)

    async def events(self, leg: Leg) -> list[Event]:
        """What happened to the call since the last read (``gone`` when Janus lost it)."""
        async with self._http() as http:
            try:
                return await self._read(http, leg)
            except BridgeFailed as exc:
                if exc.code in (NO_SUCH_SESSION, NO_SUCH_HANDLE):
                    return [Event("gone", reason=str(exc))]
                raise

    async def hang_up(self, leg: Leg) -> list[Event]:
        """End the call (BYE, or CANCEL while it rings) and the session; what happened last."""
        async with self._http() as http:
            happened: list[Event] = []
            try:
                await self._message(http, leg, {"request": "hangup"})
                # Janus reports the hang-up once the phone has answered the BYE: wait for it a
                # little (a loaded machine is slower than one read), never for long.
                for _ in range(HANGUP_READS):
                    happened += await self._read(http, leg)
                    if any(event.kind in ("hangup", "error", "gone") for event in happened):
                        break
                    await asyncio.sleep(0.1)
            except BridgeFailed:
                pass  # already gone: nothing to hang up
            await self._destroy(http, leg.session)
            return happened

    async def _message(
        self, http: aiohttp.ClientSession, leg: Leg, body: dict, *, jsep: dict | None = None
    ) -> str:
        transaction = secrets.token_hex(8)
        message: dict[str, Any] = {"janus": "message", "transaction": transaction, "body": body}
        if jsep is not None:
            message["jsep"] = jsep
        await self._post(http, f"/{leg.session}/{leg.handle}", message)
        return transaction

    async def _read(self, http: aiohttp.ClientSession, leg: Leg) -> list[Event]:
        """The session's queued events up to the answer of a marker request sent now."""
        mark = await self._message(http, leg, {"request": "reset"})
        found: list[Event] = []
        query = {"maxev": "20", "rid": "0"}
        if self.api_secret:
            query["apisecret"] = self.api_secret
        for _ in range(20):  # each poll returns at once while the marker's answer is queued
            try:
                async with http.get(f"{self.base}/{leg.session}", params=query) as answer:
                    batch = await answer.json(content_type=None)
            except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
                raise BridgeFailed(f"Janus did not answer: {type(exc).__name__}") from exc
            marked = False
            for message in batch if isinstance(batch, list) else [batch]:
                if message.get("janus") == "error":
                    error = message.get("error", {})
                    raise BridgeFailed(str(error.get("reason")), code=error.get("code"))
                if message.get("transaction") == mark:
                    marked = True  # what came after it in this batch is taken too
                    continue
                event = _event(message)
                if event is not None:
                    found.append(event)
            if marked:
                return found
        return found

    async def _destroy(self, http: aiohttp.ClientSession, session: int) -> None:
        with contextlib.suppress(BridgeFailed):  # gone already
            await self._post(http, f"/{session}", {"janus": "destroy"})


def _refusal(event: Event) -> str:
    """Why the trunk did not take our identity, in words for whoever configures it."""
    if event.kind == "error":  # Janus refused the request itself (a malformed proxy, say)
        return f"Janus refused the SIP identity: {event.reason}"
    said = f"the SIP trunk refused Neuvo's registration: {event.code} {event.reason.strip()}"
    if event.code in WRONG_CREDENTIALS:
        return f"{said} (wrong NEUVO_SIP_AUTHUSER or NEUVO_SIP_SECRET?)"
    return said


def _register(trunk: Trunk) -> dict[str, Any]:
    """The SIP plugin's ``register``: a guest (no REGISTER sent) unless the trunk wants one."""
    body: dict[str, Any] = {
        "request": "register",
        "username": trunk.identity.replace("{caller}", trunk.caller),
    }
    if not trunk.register:
        body["type"] = "guest"
    optional = {
        "display_name": trunk.display_name,
        "proxy": trunk.proxy,
        "outbound_proxy": trunk.outbound_proxy,
        "authuser": trunk.authuser if trunk.register else None,
        "secret": trunk.secret if trunk.register else None,
    }
    body.update({key: value for key, value in optional.items() if value})
    return body
