"""The prompt library: what each prompt, clip and name of a language says, and which audio a
client hears for it. Sources in order: an approved recording made for the current text, a
generated file made from the current text, else nothing (then, and only then, the device's
voice). A recording made for an older text is stale: shown in the studio, never served.
"""

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import frontend
from core import languages
from speech import clips
from speech.errors import UnknownPrompt
from speech.models import Recording, RecordingKind, RecordingStatus

PROMPTS = Path(frontend.__file__).resolve().parent / "static" / "prompts"
GENERATED = Path(__file__).resolve().parent / "generated"
PROMPT_LANGUAGES = tuple(sorted(path.stem for path in PROMPTS.glob("*.json")))
PREFIX = {RecordingKind.PROMPT: "p", RecordingKind.CLIP: "c", RecordingKind.SERVICE: "s"}
PREFIX[RecordingKind.MUNICIPALITY] = "m"
KIND_OF_PREFIX = {prefix: kind for kind, prefix in PREFIX.items()}
_PLACEHOLDER = re.compile(r"\{\w+\}")

Item = tuple[RecordingKind, str]
Source = Literal["recorded", "generated", "none"]


@dataclass(frozen=True, slots=True)
class Resolved:
    source: Source
    audio_hash: str | None = None


def checked_language(lang: str) -> str:
    """``lang`` when it is a language Neuvo knows; ``UnknownPrompt`` (on ``lang``) if not."""
    if not languages.is_known(lang):
        raise UnknownPrompt(f"unknown language {lang!r}", field="lang")
    return lang


def text_hash(text: str) -> str:
    """The sha256 of a text, as recordings and generated files remember what they say."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_hash(data: bytes) -> str:
    """The sha256 of an audio file: its name in a URL carries the first eight digits."""
    return hashlib.sha256(data).hexdigest()


def spoken(template: str) -> str | None:
    """What a prompt's audio says: its text with any ``{placeholder}`` left out (the date or
    count is composed by ``clips``); ``None`` when the text starts with one ("{n} min": the
    whole phrase is composed)."""
    stripped = template.strip()
    if stripped.startswith("{"):
        return None
    return re.sub(r"[\s:：፦]+$", "", _PLACEHOLDER.sub("", stripped)).strip() or None


@cache
def prompt_file(lang: str) -> dict:
    return json.loads((PROMPTS / f"{lang}.json").read_text(encoding="utf-8"))


def machine_translated(lang: str) -> bool:
    """Whether ``lang``'s prompt texts are machine translations no person has reviewed yet
    (``"reviewed": false`` in its prompt file: the mark the console and client pages show)."""
    return lang in PROMPT_LANGUAGES and not prompt_file(lang).get("reviewed", False)


def prompt_texts(lang: str) -> dict[str, str]:
    """Prompt id → what its audio says, for every prompt of ``lang`` that has audio."""
    if lang not in PROMPT_LANGUAGES:
        return {}
    found = {key: spoken(text) for key, text in prompt_file(lang)["text"].items()}
    return {key: text for key, text in found.items() if text}


def texts(lang: str, names: dict[Item, str] | None = None) -> dict[Item, str]:
    """Every item of ``lang`` with audio: prompts, clips, and the service and municipality
    ``names`` given by the caller."""
    found: dict[Item, str] = {(RecordingKind.PROMPT, k): v for k, v in prompt_texts(lang).items()}
    found |= {(RecordingKind.CLIP, k): v for k, v in clips.clip_texts(lang).items()}
    return found | (names or {})


@dataclass(frozen=True, slots=True)
class GeneratedFile:
    text_hash: str
    path: Path
    audio_hash: str
    voice: str


@cache
def generated_manifest() -> dict:
    path = GENERATED / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


NAMED = (RecordingKind.SERVICE, RecordingKind.MUNICIPALITY)


@cache
def generated(lang: str) -> dict[Item, GeneratedFile]:
    """The committed generated files of ``lang``'s prompts and clips (``neuvo prompts
    generate``)."""
    entry = generated_manifest().get(lang, {})
    found: dict[Item, GeneratedFile] = {}
    for kind in (RecordingKind.PROMPT, RecordingKind.CLIP):
        for key, facts in entry.get(f"{kind.value}s", {}).items():
            path = GENERATED / lang / facts["file"]
            if path.exists():
                found[(kind, key)] = GeneratedFile(
                    facts["text_sha256"], path, facts["audio_sha256"], entry["voice"]
                )
    return found


@cache
def generated_names(lang: str) -> dict[str, GeneratedFile]:
    """The committed generated names of ``lang`` (services, municipalities) by text hash: a
    name is the same sound whichever service or municipality carries it."""
    entry = generated_manifest().get(lang, {})
    found: dict[str, GeneratedFile] = {}
    for digest, facts in entry.get("names", {}).items():
        path = GENERATED / lang / facts["file"]
        if path.exists():
            found[digest] = GeneratedFile(digest, path, facts["audio_sha256"], entry["voice"])
    return found


def generated_file(lang: str, item: Item, text: str) -> GeneratedFile | None:
    """The generated file that says ``text`` for ``item``, if one was made from that text."""
    wanted = text_hash(text)
    made = generated_names(lang).get(wanted) if item[0] in NAMED else generated(lang).get(item)
    return made if made and made.text_hash == wanted else None


async def approved(session: AsyncSession, *, lang: str) -> dict[Item, tuple[str, str]]:
    """Item → (text hash, audio hash) of the newest approved recording of each item."""
    rows = await session.execute(
        select(Recording.kind, Recording.key, Recording.text_hash, Recording.audio_hash)
        .where(Recording.lang == lang, Recording.status == RecordingStatus.APPROVED)
        .order_by(Recording.decided_at)
    )
    return {(kind, key): (text, audio) for kind, key, text, audio in rows}


async def resolve(
    session: AsyncSession, *, lang: str, items: dict[Item, str]
) -> dict[Item, Resolved]:
    """The source a client hears for each of ``items`` (item → its current text)."""
    recorded = await approved(session, lang=lang)
    result: dict[Item, Resolved] = {}
    for item, text in items.items():
        take = recorded.get(item)
        made = generated_file(lang, item, text)
        if take and take[0] == text_hash(text):
            result[item] = Resolved("recorded", take[1])
        elif made:
            result[item] = Resolved("generated", made.audio_hash)
        else:
            result[item] = Resolved("none")
    return result


def url(lang: str, item: Item, audio_hash: str) -> str:
    kind, key = item
    return f"/audio/{lang}/{PREFIX[kind]}/{key}.{audio_hash[:8]}.mp3"


def voice(sources: Iterable[Source]) -> str:
    """ "recorded", "generated", "mixed" or "none": what a language's prompts are heard in."""
    heard = {source for source in sources if source != "none"}
    return "none" if not heard else heard.pop() if len(heard) == 1 else "mixed"


async def manifest(
    session: AsyncSession, *, lang: str, names: dict[Item, str] | None = None
) -> dict[str, object]:
    """The files a client page of ``lang`` may play, by prompt, clip, service, municipality."""
    resolved = await resolve(session, lang=lang, items=texts(lang, names))
    groups: dict[RecordingKind, dict[str, str]] = {kind: {} for kind in RecordingKind}
    for item, found in resolved.items():
        if found.audio_hash:
            groups[item[0]][item[1]] = url(lang, item, found.audio_hash)
    prompts = [v.source for k, v in resolved.items() if k[0] == RecordingKind.PROMPT]
    return {
        "lang": lang,
        "voice": voice(prompts),
        "prompts": groups[RecordingKind.PROMPT],
        "clips": groups[RecordingKind.CLIP],
        "services": groups[RecordingKind.SERVICE],
        "municipalities": groups[RecordingKind.MUNICIPALITY],
    }


async def sequence(
    session: AsyncSession, *, lang: str, clip_ids: list[str]
) -> tuple[list[str], list[str]]:
    """The URLs of ``clip_ids`` in order, and the clips missing; with any missing, no URLs:
    half a date is worse than the device's voice, and a wrong language's clip is never used."""
    wanted = {(RecordingKind.CLIP, clip): text for clip, text in clips.clip_texts(lang).items()}
    resolved = await resolve(session, lang=lang, items=wanted)
    missing = sorted(
        {
            clip
            for clip in clip_ids
            if resolved.get((RecordingKind.CLIP, clip), _NONE).audio_hash is None
        }
    )
    if missing:
        return [], missing
    urls = []
    for clip in clip_ids:
        found = resolved[(RecordingKind.CLIP, clip)]
        assert found.audio_hash is not None
        urls.append(url(lang, (RecordingKind.CLIP, clip), found.audio_hash))
    return urls, []


async def coverage(session: AsyncSession, *, langs: Iterable[str] = PROMPT_LANGUAGES) -> dict:
    """Per language, how many prompts and clips are recorded, generated or missing."""
    table: dict[str, dict[str, dict[str, int]]] = {}
    for lang in langs:
        resolved = await resolve(session, lang=lang, items=texts(lang))
        counts = {
            kind.value: {"recorded": 0, "generated": 0, "none": 0}
            for kind in (RecordingKind.PROMPT, RecordingKind.CLIP)
        }
        for (kind, _key), found in resolved.items():
            counts[kind.value][found.source] += 1
        table[lang] = counts
    return table


# What a client hears on the way to a booking by ear: each screen's question, its choices,
# the help of each screen, and the booking confirmed. With every clip (dates, times, durations
# and a phone number's digits are composed from them) and the names of the services and of
# the municipalities served, a client who cannot read can book (``booking_path``).
BOOKING_PROMPTS = (
    "language_name", "what_help", "choose_this", "how_meet", "video", "phone", "in_person",
    "where_live", "time_ok", "yes_time", "other_time", "contact", "contact_phone", "erase", "next",
    "confirm", "book", "confirmed", "when", "help_pick", "help_how", "help_where", "help_time",
    "help_contact", "help_confirm",
)  # fmt: skip


def booking_path(lang: str, names: dict[Item, str] | None = None) -> dict[Item, str]:
    """The items of ``lang`` a client must hear to book by ear: ``BOOKING_PROMPTS``, every
    clip, and the ``names`` given (the services and the municipalities served)."""
    every = texts(lang, names)
    screens = [(RecordingKind.PROMPT, key) for key in BOOKING_PROMPTS]
    first = {item: every[item] for item in screens if item in every}  # in the screens' order
    return first | {item: text for item, text in every.items() if item[0] != RecordingKind.PROMPT}


def in_booking_order(lang: str, names: dict[Item, str] | None = None) -> list[Item]:
    """Every item of ``lang``, the booking path's first: what makes a booking possible soonest."""
    every = texts(lang, names)
    path = booking_path(lang, names)
    return [*path, *(item for item in every if item not in path)]


@dataclass(frozen=True, slots=True)
class Progress:
    heard: int
    total: int
    missing: list[Item]  # in the order they are best recorded

    @property
    def complete(self) -> bool:
        return self.heard == self.total


async def readiness(
    session: AsyncSession, *, lang: str, names: dict[Item, str] | None = None
) -> tuple[Progress, Progress]:
    """How close ``lang`` is to "a non-reader can book" (the booking path heard from files)
    and to "everything heard" (every prompt, clip and name)."""
    order = in_booking_order(lang, names)
    every = texts(lang, names)
    resolved = await resolve(session, lang=lang, items=every)
    path = booking_path(lang, names)

    def progress(items: Iterable[Item]) -> Progress:
        listed = list(items)
        missing = [item for item in listed if resolved[item].source == "none"]
        return Progress(len(listed) - len(missing), len(listed), missing)

    return progress(i for i in order if i in path), progress(order)


_NONE = Resolved("none")
_files: dict[tuple[str, str, str, str], bytes] = {}
MAX_CACHED = 4096


def cached(*, lang: str, prefix: str, key: str, short_hash: str) -> bytes | None:
    """A file this process has served already (content-addressed, so never out of date)."""
    return _files.get((lang, prefix, key, short_hash))


async def audio(
    session: AsyncSession, *, lang: str, prefix: str, key: str, short_hash: str
) -> bytes | None:
    """The file of one item by its content hash (first 8 hex digits): the generated file
    (for a name: the generated name with that sound), else an approved recording; kept in
    this process's memory; ``None`` if there is none."""
    cache_key = (lang, prefix, key, short_hash)
    kind = KIND_OF_PREFIX.get(prefix)
    if kind is None or len(short_hash) != 8:
        return None
    if kind in NAMED:  # a generated name is found by its sound, whoever carries it
        made = next(
            (f for f in generated_names(lang).values() if f.audio_hash.startswith(short_hash)),
            None,
        )
    else:
        made = generated(lang).get((kind, key))
    if made and made.audio_hash.startswith(short_hash):
        found = made.path.read_bytes()
    else:
        found = await session.scalar(
            select(Recording.audio)
            .where(
                Recording.lang == lang,
                Recording.kind == kind,
                Recording.key == key,
                Recording.status == RecordingStatus.APPROVED,
                Recording.audio_hash.startswith(short_hash),
            )
            .limit(1)
        )
    if found is not None and len(_files) < MAX_CACHED:
        _files[cache_key] = found
    return found
