"""The SIP gateway: calls placed through baresip processes that Neuvo drives (``baresip``),
registered to an operator's SIP trunk or the municipality's PBX (``SIP_ACCOUNT``), or on
loopback in tests. Synchronous: ``place`` holds the call and returns its ``CallResult``.

One process holds one call at a time (its audio source is switched per call); a gateway keeps
``SIP_CALLS_AT_ONCE`` of them. A process that dies, or whose control socket sends garbage, ends
its call as ``FAILED`` and is started again for the next call; a peer that never answers (or
never says anything at all) ends at the ring timeout; no call outlives ``Call.max_seconds``.
"""

import asyncio
import contextlib
import logging
import shutil
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from core import clock
from core.config import Settings
from notifications.errors import TransientFailure
from notifications.telephony import sound
from notifications.telephony.baresip import Baresip, BaresipGone
from notifications.telephony.gateway import Call, CallEvent, CallResult, Collector, unanswered

log = logging.getLogger(__name__)

LOOPBACK_ACCOUNT = "<sip:neuvo@127.0.0.1>;regint=0;answermode=manual"
MARGIN = 3.0  # seconds of silence after every wait, so that no file ends before its wait does
BUSY_CODES = ("486", "600")
HANG_UP_SECONDS = 2.0
GOODBYE_MARGIN_SECONDS = 1.0  # after the goodbye file, before hanging up


@dataclass(frozen=True, slots=True)
class Files:
    """The WAV files of one call and how long each one speaks."""

    first: Path  # the reminder and the question
    first_seconds: float
    again: Path  # the question alone
    again_seconds: float
    goodbyes: dict[str, tuple[Path, float]]


def write_files(call: Call, folder: Path) -> Files:
    """Compose the call's audio into WAV files in ``folder``, each ending in silence."""
    tail = sound.silence(call.timeout + MARGIN)
    question = sound.compose(call.question)
    first = sound.compose(call.audio) + question
    sound.write(folder / "first.wav", first + tail)
    sound.write(folder / "again.wav", question + tail)
    goodbyes = {}
    for key, parts in call.goodbyes.items():
        samples = sound.compose(parts)
        path = folder / f"goodbye-{ord(key)}.wav"
        sound.write(path, samples + sound.silence(MARGIN))
        goodbyes[key] = (path, sound.seconds(samples))
    return Files(
        folder / "first.wav",
        sound.seconds(first),
        folder / "again.wav",
        sound.seconds(question),
        goodbyes,
    )


class SipGateway:
    """Calls through baresip (see the module's docstring)."""

    name = "sip"

    def __init__(
        self,
        *,
        account: str,
        dial_uri: str,
        binary: str = "baresip",
        sip_host: str = "127.0.0.1",
        calls_at_once: int = 1,
        on_event: Callable[[UUID, str], Awaitable[None]] | None = None,
    ) -> None:
        self.account = account
        self.dial_uri = dial_uri
        self.binary = binary
        self.sip_host = sip_host
        self.idle: asyncio.Queue[Baresip | None] = asyncio.Queue()
        for _ in range(calls_at_once):
            self.idle.put_nowait(None)  # started on first use
        self.busy: dict[UUID, Baresip] = {}
        self.on_event = on_event  # tests and the benchmark watch the call's progress

    @classmethod
    def from_settings(cls, settings: Settings) -> "SipGateway":
        return cls(
            account=settings.sip_account or LOOPBACK_ACCOUNT,
            dial_uri=settings.sip_dial_uri,
            binary=settings.baresip_binary,
            calls_at_once=settings.sip_calls_at_once,
        )

    async def place(self, call: Call) -> CallResult:
        """Dial, play, collect a key, hang up: the call's result when it is over."""
        process = await self.idle.get()
        folder = Path(tempfile.mkdtemp(prefix="neuvo-call-"))
        try:
            if process is None or not process.alive:
                if process is not None:
                    await process.stop()
                process = Baresip(self.binary, self.account, sip_host=self.sip_host)
                try:
                    await process.start()
                except (BaresipGone, OSError) as exc:
                    process = None
                    raise TransientFailure(f"the SIP user agent did not start: {exc}") from exc
            files = await asyncio.to_thread(write_files, call, folder)
            self.busy[call.call_id] = process
            try:
                return await asyncio.wait_for(
                    self._call(process, call, files), timeout=call.max_seconds
                )
            except TimeoutError:
                with contextlib.suppress(BaresipGone):
                    await process.command("hangup")
                return unanswered(CallEvent.FAILED, ended_at=clock.now(), detail="too long")
            except BaresipGone as exc:
                log.warning("call %s: %s", call.call_id, exc)
                await process.stop()
                process = None
                return unanswered(CallEvent.FAILED, ended_at=clock.now(), detail=str(exc))
        finally:
            self.busy.pop(call.call_id, None)
            if process is not None and process.alive:
                # baresip keeps the last source as the next call's: back to its silence
                # before this call's files go.
                try:
                    await process.command("ausrc", f"aufile,{process.silence}")
                except BaresipGone:
                    await process.stop()
                    process = None
            shutil.rmtree(folder, ignore_errors=True)
            self.idle.put_nowait(process)

    async def _call(self, process: Baresip, call: Call, files: Files) -> CallResult:
        process.drain_events()
        loop = asyncio.get_running_loop()
        uri = self.dial_uri.format(number=call.to)
        answer = await process.command("dial", uri)
        if not answer.get("ok"):
            return unanswered(CallEvent.FAILED, ended_at=clock.now(), detail="dial refused")
        ringing = False
        deadline = loop.time() + call.ring_timeout
        while True:  # until answered, refused or the ring timeout
            event = await _next(process, deadline - loop.time())
            kind = event.get("type") if event else None
            if kind in ("CALL_RINGING", "CALL_PROGRESS"):
                ringing = True
            elif kind == "CALL_ESTABLISHED":
                break
            elif kind in ("CALL_CLOSED", "GONE"):
                return _refused(str(event.get("param") or "") if event else "", ringing)
            elif event is None:  # nobody answered in time
                await _hang_up(process)
                outcome = CallEvent.NO_ANSWER if ringing else CallEvent.FAILED
                detail = "no answer" if ringing else "no response from the far end"
                return unanswered(outcome, ended_at=clock.now(), detail=detail)
        await self._tell(call.call_id, "answered")
        collector = Collector(call.keys, call.asks)
        collector.answered(clock.now())
        await process.command("ausrc", f"aufile,{files.first}")
        collector.asking()
        deadline = loop.time() + files.first_seconds + call.timeout
        while True:  # until a key is taken, the asks run out, or the callee hangs up
            event = await _next(process, deadline - loop.time())
            kind = event.get("type") if event else None
            if kind in ("CALL_CLOSED", "GONE"):
                return collector.result(ended_at=clock.now(), hung_up=True)
            if kind == "CALL_DTMF_START":
                key = str(event.get("param") or "")[:1] if event else ""
                await self._tell(call.call_id, f"key {key}")
                if collector.pressed(key):
                    break
            elif event is not None:
                continue
            if not collector.ask_again():
                break
            await process.command("ausrc", f"aufile,{files.again}")
            collector.asking()
            deadline = loop.time() + files.again_seconds + call.timeout
        goodbye = files.goodbyes.get(collector.key or "")
        if goodbye is not None:
            await process.command("ausrc", f"aufile,{goodbye[0]}")
            # Its length and a little more: a loaded machine or a trunk's jitter buffer plays
            # it late, and hanging up on the file's length cut off the end of "thank you".
            closed = await _wait_closed(process, goodbye[1] + GOODBYE_MARGIN_SECONDS)
            if closed:
                return collector.result(ended_at=clock.now(), hung_up=collector.key is None)
        await _hang_up(process)
        return collector.result(ended_at=clock.now())

    async def _tell(self, call_id: UUID, what: str) -> None:
        if self.on_event is not None:
            await self.on_event(call_id, what)

    async def hang_up(self, call_id: UUID) -> None:
        """End the call in progress, if it is."""
        process = self.busy.get(call_id)
        if process is not None:
            with contextlib.suppress(BaresipGone):
                await process.command("hangup")

    async def aclose(self) -> None:
        """Stop every process."""
        while not self.idle.empty():
            process = self.idle.get_nowait()
            if process is not None:
                await process.stop()
        for process in list(self.busy.values()):
            await process.stop()


async def _next(process: Baresip, wait: float) -> dict[str, Any] | None:
    """The next event, or ``None`` when ``wait`` seconds pass first."""
    if wait <= 0:
        return None
    try:
        return await asyncio.wait_for(process.events.get(), wait)
    except TimeoutError:
        return None


async def _wait_closed(process: Baresip, wait: float) -> bool:
    """Wait ``wait`` seconds for the call to close by itself; whether it did."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while (event := await _next(process, deadline - loop.time())) is not None:
        if event.get("type") in ("CALL_CLOSED", "GONE"):
            return True
    return False


async def _hang_up(process: Baresip) -> None:
    """Hang up and wait (briefly) for the call to close."""
    with contextlib.suppress(BaresipGone):
        await process.command("hangup")
        await _wait_closed(process, HANG_UP_SECONDS)


def _refused(reason: str, ringing: bool) -> CallResult:
    """The result of a call that closed before an answer, from baresip's reason ("486 Busy
    Here", "408 Request Timeout", ...)."""
    code = reason.strip()[:3]
    if code in BUSY_CODES:
        outcome = CallEvent.BUSY
    elif code in ("408", "480", "487") and ringing:
        outcome = CallEvent.NO_ANSWER
    else:
        outcome = CallEvent.FAILED
    return unanswered(outcome, ended_at=clock.now(), detail=reason[:100] or None)
