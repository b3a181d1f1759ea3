"""The voice gateway: what Neuvo asks of any telephone connection, and what it hears back.

What a call does (every gateway does exactly this, nothing more)
-----------------------------------------------------------------
1. Dial ``Call.to`` (E.164, "+358401234567"). No answer within ``ring_timeout`` seconds:
   ``NO_ANSWER``. The far end says busy (SIP 486/600, a provider's "busy"): ``BUSY``. Anything
   else that stops the call before it is answered (SIP 4xx-6xx, a refused request, a network
   error, a peer that sends garbage): ``FAILED``.
2. Answered: play every part of ``Call.audio`` in order, then ``Call.question``.
3. Collect ONE key. A key in ``Call.keys`` ends the collection: ``DIGITS`` with ``key`` set.
   A key not in ``Call.keys``, or ``timeout`` seconds of silence after the question ended:
   play ``Call.question`` again, and collect again; after ``asks`` questions in all (2: "asked
   once more") without an allowed key: ``NO_INPUT`` (the wrong keys in ``wrong_keys``).
   A key pressed while ``audio`` or the question still plays counts (barge-in).
4. After an allowed key, play ``Call.goodbyes[key]`` (when given: "thank you", "the
   appointment is cancelled"), then hang up. The callee hanging up before a key was taken:
   ``HUNG_UP`` (``answered`` true).
5. Never longer than ``max_seconds`` from dialling: then hang up, and the result is what was
   known (``NO_ANSWER`` before an answer, ``NO_INPUT`` after). A gateway never raises for what
   the far end did; it raises ``notifications.errors.TransientFailure`` only when it could not
   even try (its own process or the provider unreachable), so that the message is tried again.

Two kinds of gateway, one way in for the result
------------------------------------------------
- Synchronous (``sip``): ``place`` holds the call and returns the final ``CallResult``.
- Asynchronous (an HTTP voice API such as 46elks: ``POST /a1/calls`` with ``voice_start`` of
  ``play`` and ``ivr`` actions, ``whenhangup``): ``place`` returns ``Placed(provider_id)`` as soon
  as the provider accepted the call. The provider's webhooks reach a route in ``api/`` which
  builds the same ``CallResult`` (the ``ivr`` result -> ``DIGITS`` and ``key``; an ``ivr``
  that ran out of ``repeat`` -> ``NO_INPUT``; ``whenhangup`` with ``state`` "busy" -> ``BUSY``,
  "failed" before an answer -> ``NO_ANSWER`` when the provider says nobody answered, else
  ``FAILED``; a hang-up after the answer and before a key -> ``HUNG_UP``) and calls the flow.
  Map the provider's ``ivr`` ``repeat`` to ``asks`` and its ``timeout`` to ``timeout``; give
  ``digits: 1`` and let the flow ignore a key outside ``keys`` as the SIP gateway does.

Either way the result enters Neuvo through ONE function, in the caller's unit of work:
``flows.voice.record_call_result(session, call_id=..., result=...)`` -> ``Done``. It is
idempotent: a second result for the same call (a webhook sent twice, the SIP worker and a
late webhook) changes nothing. It finds the call by ``call_id`` (the ``voice_calls`` row,
``telephony.calls``), applies the key (1 keep, 2 cancel, 0 call-back request), retries a busy
or unanswered call and falls back to SMS, and returns effects to run after the commit. Commit,
then run the effects (``api.unit_of_work`` does both for a route).

Identity and audio
------------------
- ``Call.call_id`` is the id of the call's row, written and committed before ``place`` is
  called (so that a worker killed mid-call never dials again). An asynchronous gateway puts it
  in its webhook URLs (signed: ``core.tokens``), and may return the provider's own id in
  ``Placed.provider_id``; the flow stores it.
- Each ``AudioPart`` carries both ``url`` (site-relative, as the API serves it:
  ``/audio/fi/c/d14.ab12cd34.mp3``; an HTTP provider fetches ``settings.public_url + url``) and
  ``data`` (the file's bytes, MP3 as the speech library keeps them; a SIP gateway decodes and
  joins them). ``name`` ("p/when", "c/d14") is for logs and tests. No personal data is spoken:
  dates, times and the prompt texts only.
- Logs: never the number; the ``call_id`` only.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol
from uuid import UUID

KEYS = frozenset("0123456789*#")


class CallEvent(StrEnum):
    """What happens on a call; the last one (never ``ANSWERED``) is its outcome."""

    ANSWERED = "answered"
    DIGITS = "digits"  # an allowed key was pressed (``CallResult.key``)
    NO_INPUT = "no_input"  # answered, but no allowed key after every ask: silence or wrong keys
    BUSY = "busy"
    NO_ANSWER = "no_answer"
    FAILED = "failed"  # never reached: refused, unreachable, a broken peer
    HUNG_UP = "hung_up"  # the callee hung up after answering, before a key was taken


OUTCOMES = frozenset(CallEvent) - {CallEvent.ANSWERED}
UNANSWERED = frozenset({CallEvent.BUSY, CallEvent.NO_ANSWER, CallEvent.FAILED})


@dataclass(frozen=True, slots=True)
class AudioPart:
    """One prompt or clip of the speech library: its URL, its bytes, a name for logs."""

    name: str
    url: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Call:
    """One call to place: who, what to play, which keys to take, how long to wait."""

    call_id: UUID
    to: str  # E.164
    language: str
    audio: tuple[AudioPart, ...]  # played once, in order, after the answer
    question: tuple[AudioPart, ...]  # played after ``audio``, and again after a wrong key
    keys: frozenset[str] = frozenset("120")
    goodbyes: Mapping[str, tuple[AudioPart, ...]] = field(default_factory=dict)
    timeout: float = 8.0  # seconds of silence after the question: no input
    asks: int = 2  # the question in all, the first included
    ring_timeout: float = 30.0
    max_seconds: float = 180.0

    def __post_init__(self) -> None:
        if not self.keys or not self.keys <= KEYS:
            raise ValueError("keys are some of 0-9, * and #")
        if self.asks < 1 or self.timeout <= 0 or self.ring_timeout <= 0:
            raise ValueError("asks, timeout and ring_timeout are positive")


@dataclass(frozen=True, slots=True)
class CallResult:
    """How a call ended. ``key`` is set exactly when ``outcome`` is ``DIGITS``."""

    outcome: CallEvent
    key: str | None = None
    answered: bool = False
    wrong_keys: tuple[str, ...] = ()
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    provider_id: str | None = None
    detail: str | None = None  # for operators: a SIP status, the provider's state; no number

    def __post_init__(self) -> None:
        if self.outcome not in OUTCOMES:
            raise ValueError(f"{self.outcome} is an event, not an outcome")
        if (self.outcome == CallEvent.DIGITS) != (self.key is not None):
            raise ValueError("a key comes with DIGITS, and only with it")
        if self.outcome in UNANSWERED and self.answered:
            raise ValueError(f"an answered call is not {self.outcome}")


@dataclass(frozen=True, slots=True)
class Placed:
    """An asynchronous gateway's answer: the provider took the call; the result comes later."""

    provider_id: str


class VoiceGateway(Protocol):
    """A telephone connection. ``place`` returns a ``CallResult`` (synchronous) or ``Placed``
    (asynchronous: the result comes through the webhook). ``hang_up`` ends a call in progress
    (nothing when it is over). ``aclose`` frees its processes and connections."""

    name: str  # "sip", "elks": shown to operators beside a call

    async def place(self, call: Call) -> "CallResult | Placed": ...

    async def hang_up(self, call_id: UUID) -> None: ...

    async def aclose(self) -> None: ...


@dataclass(slots=True)
class Collector:
    """Folds a call's events into its result, with the ask-once-more rule: a gateway that
    sees events one by one (the SIP driver, a webhook trail) feeds them here."""

    keys: frozenset[str]
    asks: int
    answered_at: datetime | None = None
    asked: int = 0
    wrong: list[str] = field(default_factory=list)
    key: str | None = None

    def answered(self, at: datetime) -> None:
        self.answered_at = at

    def asking(self) -> None:
        """The question starts (again)."""
        self.asked += 1

    def pressed(self, key: str) -> bool:
        """A key: True when it ends the collection (allowed); a wrong one is remembered."""
        if key in self.keys:
            self.key = key
            return True
        self.wrong.append(key)
        return False

    def ask_again(self) -> bool:
        """After a wrong key or silence: whether the question is played once more."""
        return self.key is None and self.asked < self.asks

    def result(
        self, *, ended_at: datetime, hung_up: bool = False, detail: str | None = None
    ) -> CallResult:
        """The result once the call is over (``hung_up``: the callee ended it first)."""
        if self.answered_at is None:
            raise ValueError("an unanswered call's result is BUSY, NO_ANSWER or FAILED")
        if self.key is not None:
            outcome = CallEvent.DIGITS
        elif hung_up:
            outcome = CallEvent.HUNG_UP
        else:
            outcome = CallEvent.NO_INPUT
        return CallResult(
            outcome,
            key=self.key,
            answered=True,
            wrong_keys=tuple(self.wrong),
            answered_at=self.answered_at,
            ended_at=ended_at,
            detail=detail,
        )


def unanswered(outcome: CallEvent, *, ended_at: datetime, detail: str | None) -> CallResult:
    """The result of a call nobody answered."""
    return CallResult(outcome, ended_at=ended_at, detail=detail)


def parts_named(parts: Sequence[AudioPart]) -> list[str]:
    """The parts' names in order (logs and tests)."""
    return [part.name for part in parts]
