"""The HTTP voice API gateway, in 46elks's shapes (the Nordic providers' style).

Placing a call is one ``POST {VOICE_API_URL}/calls``: a form with ``from`` (the organisation's
calling number), ``to``, ``timeout`` (seconds to ring), ``whenhangup`` (our URL told of the
end) and ``voice_start``: the call's steps as inline JSON, so nothing is asked of Neuvo until
the phone answers. The steps: an ``ivr`` whose sound is the message and the question joined in
one file (a key pressed while the message plays is taken: barge-in), ``digits`` 1, ``repeat``
1, ``timeout`` the silence allowed; its ``next`` is our webhook, POSTed the ``result`` (the
key, or "failed" with ``why`` "noinput"). The webhook answers the next step: the question once
more after a wrong key or silence (an ``ivr`` of the question alone), or the key's goodbye
(a ``play``), or ``hangup``.

46elks signs no webhook (its documentation suggests allowing its addresses in a firewall), so
every URL we hand it carries a secret of its own, derived from ``SECRET_KEY`` and what it
covers: the call's id (and, for the key webhook, the call's script: the question, the
goodbyes, the keys, all it needs to answer without reading the database; for the audio, the
files and an expiry). Nothing is stored, so nothing can leak from the database; a URL changed
in any part is refused.

The audio the provider fetches is served by Neuvo under such capability URLs
(``/elks/audio/...``): the speech library's files, joined into one MP3, until the URL expires.
"""

import base64
import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlencode
from uuid import UUID

import aiohttp

from core import clock, tokens
from core.config import Settings
from notifications.errors import TransientFailure
from notifications.telephony.gateway import (
    AudioPart,
    Call,
    CallEvent,
    CallResult,
    Placed,
    unanswered,
)

log = logging.getLogger(__name__)

NAME = "elks"
# /audio/{lang}/{prefix}/{key}.{hash8}.mp3 as the speech library names its files (a key may
# hold a dot itself: "h.one")
_LIBRARY_URL = re.compile(
    r"^/audio/([a-z]{2,3}(?:-[A-Za-z]{2,4})?)/([a-z])/([\w.-]{1,80})\.([0-9a-f]{8})\.mp3$"
)
_PATH = re.compile(r"^([a-z]{2,3}(?:-[A-Za-z]{2,4})?)/([a-z])/([\w.-]{1,80})\.([0-9a-f]{8})$")
MAX_PARTS = 40
AUDIO_MARGIN = timedelta(minutes=10)  # an audio URL outlives the longest call by this much


class NotLibraryAudio(ValueError):
    """A part that is not a file of the speech library: the provider could not be given it."""


def library_path(part: AudioPart) -> str:
    """``lang/prefix/key.hash8`` of a speech library file (``/audio/fi/c/d14.ab12cd34.mp3``)."""
    found = _LIBRARY_URL.match(part.url)
    if found is None:
        raise NotLibraryAudio(f"{part.name} is not a file of the speech library")
    lang, prefix, key, short = found.groups()
    return f"{lang}/{prefix}/{key}.{short}"


def parse_path(path: str) -> tuple[str, str, str, str]:
    """``(lang, prefix, key, hash8)`` of a path made by ``library_path``; ValueError else."""
    found = _PATH.match(path)
    if found is None:
        raise ValueError("not a speech library path")
    lang, prefix, key, short = found.groups()
    return lang, prefix, key, short


# --- the call's script: what the key webhook needs to answer -------------------------------


@dataclass(frozen=True, slots=True)
class Script:
    """The part of a ``Call`` that the webhooks need: the question, each key's goodbye, the
    keys, how often to ask, the silence allowed and how long the call may last."""

    question: tuple[str, ...]
    goodbyes: Mapping[str, tuple[str, ...]]
    keys: str
    asks: int
    timeout: int
    max_seconds: int

    @classmethod
    def of(cls, call: Call) -> "Script":
        return cls(
            question=tuple(library_path(p) for p in call.question),
            goodbyes={
                key: tuple(library_path(p) for p in parts)
                for key, parts in sorted(call.goodbyes.items())
                if parts
            },
            keys="".join(sorted(call.keys)),
            asks=call.asks,
            timeout=ivr_timeout(call.timeout),
            max_seconds=int(call.max_seconds),
        )

    def encode(self) -> str:
        body = {
            "q": list(self.question),
            "g": {key: list(parts) for key, parts in self.goodbyes.items()},
            "k": self.keys,
            "a": self.asks,
            "t": self.timeout,
            "m": self.max_seconds,
        }
        data = json.dumps(body, separators=(",", ":"), sort_keys=True).encode("utf-8")
        return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")

    @classmethod
    def decode(cls, text: str) -> "Script":
        """The script of ``encode``; ValueError for anything else (its token was checked)."""
        try:
            body = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            script = cls(
                question=tuple(str(p) for p in body["q"]),
                goodbyes={str(k): tuple(str(p) for p in v) for k, v in body["g"].items()},
                keys=str(body["k"]),
                asks=int(body["a"]),
                timeout=int(body["t"]),
                max_seconds=int(body["m"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError("not a call script") from exc
        for path in (*script.question, *(p for ps in script.goodbyes.values() for p in ps)):
            parse_path(path)
        return script


def ivr_timeout(seconds: float) -> int:
    """46elks takes 1-30 whole seconds of silence (another value becomes 10)."""
    return min(30, max(1, round(seconds)))


# --- URLs and their secrets ----------------------------------------------------------------


def _token(secret: str, purpose: str, *parts: str) -> str:
    return tokens.derive(secret, f"elks-{purpose}", *parts)


def ivr_token(secret: str, call_id: UUID, script: str) -> str:
    return _token(secret, "ivr", str(call_id), script)


def hangup_token(secret: str, call_id: UUID, keys: str) -> str:
    return _token(secret, "hangup", str(call_id), keys)


def audio_token(secret: str, call_id: UUID, expires: int, paths: str) -> str:
    return _token(secret, "audio", str(call_id), str(expires), paths)


def ivr_url(base: str, secret: str, *, call_id: UUID, script: str, ask: int, wrong: str) -> str:
    """Our key webhook for the ``ask``-th question (``wrong``: the wrong keys so far)."""
    token = ivr_token(secret, call_id, script)
    query = urlencode({"ask": ask, "wrong": wrong, "script": script})
    return f"{base}/elks/calls/{call_id}/{token}/ivr?{query}"


def hangup_url(base: str, secret: str, *, call_id: UUID, keys: str) -> str:
    token = hangup_token(secret, call_id, keys)
    return f"{base}/elks/calls/{call_id}/{token}/hangup?{urlencode({'keys': keys})}"


def audio_url(base: str, secret: str, *, call_id: UUID, paths: Sequence[str], expires: int) -> str:
    """A capability URL of the speech library files ``paths``, joined, until ``expires``."""
    joined = ",".join(paths)
    token = audio_token(secret, call_id, expires, joined)
    return f"{base}/elks/audio/{call_id}/{expires}/{token}.mp3?parts={quote(joined, safe='/,')}"


def audio_paths(
    secret: str, *, call_id: UUID, expires: int, token: str, parts: str, now: datetime
) -> list[str] | None:
    """The library paths an audio URL names, or ``None`` when its token is wrong, it has
    expired or it names something else."""
    if not tokens.constant_time_equal(token, audio_token(secret, call_id, expires, parts)):
        return None
    if now.timestamp() > expires:
        return None
    paths = parts.split(",")
    if not 0 < len(paths) <= MAX_PARTS:
        return None
    try:
        for path in paths:
            parse_path(path)
    except ValueError:
        return None
    return paths


def expiry(now: datetime, max_seconds: float) -> int:
    """When the audio URLs of a call placed (or answered) at ``now`` stop working."""
    return int((now + timedelta(seconds=max_seconds) + AUDIO_MARGIN).timestamp())


# --- the steps of a call -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Urls:
    """Where the provider reaches Neuvo for one call."""

    base: str  # Neuvo's public base URL, no trailing slash
    secret: str
    call_id: UUID
    expires: int

    def audio(self, paths: Sequence[str]) -> str:
        return audio_url(
            self.base, self.secret, call_id=self.call_id, paths=paths, expires=self.expires
        )

    def ivr(self, script: str, *, ask: int, wrong: str) -> str:
        return ivr_url(
            self.base, self.secret, call_id=self.call_id, script=script, ask=ask, wrong=wrong
        )


def ask(
    urls: Urls, script: Script, encoded: str, *, n: int, wrong: str, lead: Sequence[str] = ()
) -> dict[str, Any]:
    """The ``ivr`` of the ``n``-th question (``lead``: what is played before it, joined)."""
    return {
        "ivr": urls.audio([*lead, *script.question]),
        "digits": 1,
        "timeout": script.timeout,
        "repeat": 1,
        "next": urls.ivr(encoded, ask=n, wrong=wrong),
    }


def voice_start(urls: Urls, call: Call) -> dict[str, Any]:
    """The call's first step: the message and the question in one ``ivr``."""
    script = Script.of(call)
    lead = [library_path(p) for p in call.audio]
    return ask(urls, script, script.encode(), n=1, wrong="", lead=lead)


HANG_UP = {"hangup": "reject"}  # after the answer, the only hang-up 46elks allows


@dataclass(frozen=True, slots=True)
class Step:
    """What a key webhook decided: the result (when the call's outcome is known) and the
    action the provider is answered."""

    result: CallResult | None
    action: dict[str, Any]


def after_ivr(
    urls: Urls,
    encoded: str,
    *,
    ask_number: int,
    wrong: str,
    result: str,
    why: str | None,
    provider_id: str,
) -> Step:
    """The step after the ``ask_number``-th question heard ``result``: an allowed key ends it
    (its goodbye follows); a wrong key or silence asks once more, until ``asks`` questions."""
    script = Script.decode(encoded)
    wrong_keys = "".join(k for k in wrong if k in "0123456789*#")[:20]
    if len(result) == 1 and result in script.keys:
        outcome = CallResult(
            CallEvent.DIGITS,
            key=result,
            answered=True,
            wrong_keys=tuple(wrong_keys),
            provider_id=provider_id,
            detail="46elks: key pressed",
        )
        goodbye = script.goodbyes.get(result)
        return Step(outcome, {"play": urls.audio(goodbye)} if goodbye else HANG_UP)
    if len(result) == 1 and result in "0123456789*#":
        wrong_keys = (wrong_keys + result)[:20]
    elif result != "failed":  # several keys or garbage: taken as a wrong answer
        wrong_keys = (wrong_keys + "?")[:20]
    if ask_number < script.asks:
        return Step(None, ask(urls, script, encoded, n=ask_number + 1, wrong=wrong_keys))
    outcome = CallResult(
        CallEvent.NO_INPUT,
        answered=True,
        wrong_keys=tuple(k for k in wrong_keys if k != "?"),
        provider_id=provider_id,
        detail=f"46elks: {why or result}"[:200],
    )
    return Step(outcome, HANG_UP)


def after_hangup(form: Mapping[str, str], *, keys: str, now: datetime) -> CallResult:
    """The result a ``whenhangup`` tells (taken when no key webhook told one first)."""
    state = form.get("state", "")
    provider_id = form.get("id") or None
    start = _elks_time(form.get("start"))
    if state == "busy":
        return unanswered(CallEvent.BUSY, ended_at=now, detail="46elks: busy")
    if start is None:
        # 46elks tells "failed" for a call nobody took and for one that could not be made.
        return unanswered(
            CallEvent.FAILED, ended_at=now, detail=f"46elks: {state or 'no state'}"[:200]
        )
    pressed = _key_in(form.get("actions"), keys)
    if pressed is not None:  # the key webhook failed, the provider ended the call: key kept
        return CallResult(
            CallEvent.DIGITS,
            key=pressed,
            answered=True,
            answered_at=start,
            ended_at=now,
            provider_id=provider_id,
            detail="46elks: key in the call's actions",
        )
    return CallResult(
        CallEvent.HUNG_UP,
        answered=True,
        answered_at=start,
        ended_at=now,
        provider_id=provider_id,
        detail=f"46elks: {state}"[:200],
    )


def _elks_time(value: str | None) -> datetime | None:
    """46elks's stamps are UTC without an offset ("2016-11-03T09:24:24.333000")."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _key_in(actions: str | None, keys: str) -> str | None:
    """The first allowed key among the results of the ``ivr`` actions the call took."""
    if not actions:
        return None
    try:
        taken = json.loads(actions)
    except ValueError:
        return None
    if not isinstance(taken, list):
        return None
    for action in taken:
        if isinstance(action, dict) and "ivr" in action:
            result = str(action.get("result", ""))
            if len(result) == 1 and result in keys:
                return result
    return None


# --- the MP3 the provider fetches ----------------------------------------------------------


def _without_tags(data: bytes) -> bytes:
    """An MP3's frames without its ID3v2 header and ID3v1 trailer."""
    if data.startswith(b"ID3") and len(data) >= 10:
        size = 0
        for byte in data[6:10]:
            size = (size << 7) | (byte & 0x7F)
        footer = 10 if data[5] & 0x10 else 0
        data = data[10 + size + footer :]
    if len(data) >= 128 and data[-128:-125] == b"TAG":
        data = data[:-128]
    return data


def join_mp3(files: Sequence[bytes]) -> bytes:
    """One MP3 of ``files`` played one after the other: MPEG audio is a run of frames, so
    the frames of the library's files (mono MP3, one encoder) follow each other."""
    return b"".join(_without_tags(data) for data in files)


# --- the gateway ---------------------------------------------------------------------------


class ElksGateway:
    """An asynchronous ``VoiceGateway``: ``place`` hands the call to the provider and returns
    ``Placed``; its webhooks (``api.routes.elks``) bring the result."""

    name = NAME

    def __init__(self, settings: Settings) -> None:
        if not (
            settings.voice_api_url
            and settings.voice_api_username
            and settings.voice_api_password
            and settings.voice_api_from
        ):
            raise ValueError("the HTTP voice API needs its URL, username, password and number")
        self.url = settings.voice_api_url.rstrip("/") + "/calls"
        self.caller = settings.voice_api_from
        self.base = (settings.public_url or settings.base_url).rstrip("/")
        self.secret = settings.secret_key
        pair = f"{settings.voice_api_username}:{settings.voice_api_password}".encode()
        self.headers = {
            "Authorization": "Basic " + base64.b64encode(pair).decode("ascii"),
            "User-Agent": "Neuvo",
        }
        self.timeout = aiohttp.ClientTimeout(total=settings.voice_api_timeout)
        self._client: aiohttp.ClientSession | None = None

    def form(self, call: Call, *, now: datetime) -> dict[str, str]:
        """The ``POST /a1/calls`` form of ``call`` placed at ``now``."""
        urls = Urls(
            self.base, self.secret, call.call_id, expiry(now, call.ring_timeout + call.max_seconds)
        )
        keys = "".join(sorted(call.keys))
        return {
            "from": self.caller,
            "to": call.to,
            "voice_start": json.dumps(voice_start(urls, call), separators=(",", ":")),
            "whenhangup": hangup_url(self.base, self.secret, call_id=call.call_id, keys=keys),
            "timeout": str(max(1, round(call.ring_timeout))),
        }

    def _session(self) -> aiohttp.ClientSession:
        if self._client is None or self._client.closed:
            self._client = aiohttp.ClientSession(timeout=self.timeout, headers=self.headers)
        return self._client

    async def place(self, call: Call) -> CallResult | Placed:
        now = clock.now()
        try:
            form = self.form(call, now=now)
        except NotLibraryAudio as exc:
            return unanswered(CallEvent.FAILED, ended_at=now, detail=str(exc)[:200])
        try:
            async with self._session().post(self.url, data=form) as response:
                status = response.status
                text = await response.text()
        except TimeoutError as exc:
            raise TransientFailure("the voice API did not answer in time") from exc
        except aiohttp.ClientError as exc:
            raise TransientFailure(f"the voice API could not be reached: {exc}") from exc
        if status in (401, 403, 408, 429) or status >= 500:
            # our credentials, its limits or its own trouble: nothing was dialled, try later
            raise TransientFailure(f"the voice API answered {status}")
        if status >= 400:
            detail = f"46elks refused the call: {status} {text[:120]}"
            return unanswered(CallEvent.FAILED, ended_at=now, detail=detail[:200])
        try:
            answer = json.loads(text)
            provider_id = str(answer["id"])
            state = str(answer.get("state", "ongoing"))
        except (ValueError, KeyError, TypeError) as exc:
            raise TransientFailure("the voice API's answer was not a call") from exc
        log.info("voice call %s placed with 46elks", call.call_id)
        if state in ("failed", "busy"):
            outcome = CallEvent.BUSY if state == "busy" else CallEvent.FAILED
            return CallResult(
                outcome, ended_at=now, provider_id=provider_id, detail=f"46elks: {state}"
            )
        return Placed(provider_id=provider_id)

    async def hang_up(self, call_id: UUID) -> None:
        """46elks has no request that ends a call in progress; its steps end by themselves
        (each wait is bounded), and a webhook for a call that is over answers ``hangup``."""

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()
