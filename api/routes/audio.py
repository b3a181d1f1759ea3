"""Prompt audio for the client pages (public): a language's manifest, the files by content
hash (cached for a year), and spoken dates, times, durations and digits as clip sequences."""

import hashlib
import json
import re
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from api import errors
from api.deps import SessionDep, SettingsDep
from flows import prompts
from speech import audio as speech_audio
from speech import clips, library
from speech.errors import UnknownPrompt
from speech.models import RecordingKind
from speech.schemas import Said

router = APIRouter(prefix="/audio", tags=["audio"])
_PLACEHOLDER = re.compile(r"\{\w+\}")

IMMUTABLE = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
}


def _not_found() -> Response:
    """A problem (as every 404 of the API), never cached: the file may be recorded soon."""
    return errors.problem(
        404, "Not Found", detail="no such audio file", headers={"Cache-Control": "no-store"}
    )


@router.get("/{lang}/manifest.json")
async def manifest(
    lang: str, request: Request, session: SessionDep, settings: SettingsDep
) -> Response:
    """Every file a client page of ``lang`` may play; a short cache, revalidated by ETag.
    ``calls``: whether Neuvo can call the client at all (a telephone connection is
    configured), so that the page offers a reminder call only then."""
    body = await library.manifest(
        session, lang=library.checked_language(lang), names=await prompts.names(session, lang=lang)
    )
    body["calls"] = settings.voice_calls
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    etag = f'"{hashlib.sha256(data).hexdigest()[:16]}"'
    headers = {"Cache-Control": "public, max-age=60", "ETag": etag}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(data, media_type="application/json", headers=headers)


@router.get("/{lang}/say", response_model=Said)
async def say(
    lang: str,
    session: SessionDep,
    date: datetime | None = None,
    duration: Annotated[int | None, Query(ge=1, le=clips.MAX_MINUTES)] = None,
    digits: Annotated[str | None, Query(max_length=40)] = None,
    prompt: Annotated[str | None, Query(max_length=64)] = None,
) -> Said:
    """The clips to play in order for a date and time, a duration (minutes) or a phone
    number's digits, with the text shown; ``prompt`` (such as ``when``) frames the phrase."""
    library.checked_language(lang)
    if sum(value is not None for value in (date, duration, digits)) != 1:
        raise UnknownPrompt("give one of date, duration or digits", field="date")
    if date is not None:
        if date.tzinfo is None:
            raise UnknownPrompt("the date needs a UTC offset", field="date")
        phrase = clips.say_when(lang, date)
    elif duration is not None:
        phrase = clips.say_duration(lang, duration)
    else:
        phrase = clips.say_digits(lang, digits or "")
    sequence, missing = await library.sequence(session, lang=lang, clip_ids=phrase.clips)
    text = phrase.text
    if prompt is not None:
        text, sequence, missing = await _framed(
            session, lang, prompt, phrase.text, sequence, missing
        )
    return Said(text=text, sequence=sequence, missing=missing)


async def _framed(
    session: AsyncSession,
    lang: str,
    prompt: str,
    said: str,
    sequence: list[str],
    missing: list[str],
) -> tuple[str, list[str], list[str]]:
    """The phrase inside prompt ``prompt``'s text, in place of its one placeholder. The
    prompt's file says its words without the placeholder, so the phrase is played after it:
    in its place where the placeholder ends the text ("Your appointment is on …"), after the
    sentence where it stands inside ("Your appointment on … was cancelled."), which is what
    files of whole prompts can say; no file at all would leave the client the device's voice."""
    template = (
        library.prompt_file(lang)["text"].get(prompt) if lang in library.PROMPT_LANGUAGES else None
    )
    frame = library.spoken(template or "")
    if template is None or frame is None or len(_PLACEHOLDER.findall(template)) != 1:
        raise UnknownPrompt(f"{prompt!r} is no prompt that frames a phrase", field="prompt")
    text = _PLACEHOLDER.sub(lambda _: said, template)
    item = (RecordingKind.PROMPT, prompt)
    found = (await library.resolve(session, lang=lang, items={item: frame}))[item]
    if found.audio_hash is None:
        return text, [], sorted({*missing, f"prompt:{prompt}"})
    if missing:
        return text, [], missing
    return text, [library.url(lang, item, found.audio_hash), *sequence], []


@router.get("/{lang}/{prefix}/{name}")
async def audio_file(lang: str, prefix: str, name: str, request: Request) -> Response:
    """One file by content hash: ``<key>.<hash8>.mp3``; from this process's memory after the
    first request."""
    parts = name.rsplit(".", 2)  # keys may hold a dot themselves ("min.other")
    if len(parts) != 3 or parts[2] != speech_audio.SUFFIX:
        return _not_found()
    key, short_hash, _suffix = parts
    data = library.cached(lang=lang, prefix=prefix, key=key, short_hash=short_hash)
    if data is None:
        async with request.app.state.read_sessions() as session:
            data = await library.audio(
                session, lang=lang, prefix=prefix, key=key, short_hash=short_hash
            )
    if data is None:
        return _not_found()
    return Response(data, media_type=speech_audio.MEDIA_TYPE, headers=IMMUTABLE)
