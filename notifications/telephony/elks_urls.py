"""The URLs Neuvo hands the HTTP voice provider (46elks), and the secrets they carry.

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
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote, urlencode
from uuid import UUID

from core import tokens
from notifications.telephony.gateway import AudioPart, Call

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
