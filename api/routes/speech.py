"""The recording studio: a language's prompts and clips with what each has, takes recorded
or uploaded (the file is the request body), approval by a second person, who records what."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from starlette.convertors import StringConvertor, register_url_convertor

from access.errors import StaffNotFound
from access.models import Role
from api import limits
from api.deps import ActorDep, SessionDep, SettingsDep
from flows import prompts
from speech import audio, clips, generate, library, recordings
from speech.errors import AudioRejected, LicenceNotAgreed, UnknownPrompt
from speech.models import RecordingKind
from speech.schemas import RecorderLanguages, StudioItem, StudioPage, TakeRead

router = APIRouter(prefix="/api/v1/speech", tags=["speech"])


class LanguageCode(StringConvertor):
    """A language code in a path (two or three letters): ``/recordings/...`` is no language,
    so a POST there is a 405 of the recordings' own path, not a take of language "recordings"."""

    regex = "[a-z]{2,3}"


register_url_convertor("lang", LanguageCode())
PRIVATE = {"Cache-Control": "private, no-store"}


def _take(take: recordings.Take) -> TakeRead:
    return TakeRead(
        id=take.id,
        status=take.status,
        stale=take.stale,
        seconds=take.seconds,
        recorded_by=take.recorded_by,
        created_at=take.created_at,
        listen=f"/api/v1/speech/recordings/{take.id}/audio",
        invited=take.invited,
    )


@router.get("/coverage")
async def coverage(actor: ActorDep, session: SessionDep) -> dict[str, object]:
    """Per language: prompts and clips recorded, generated or missing; my languages; and the
    languages whose prompt texts are machine translations not yet reviewed."""
    return {
        "languages": await library.coverage(session),
        "mine": await recordings.languages_of(session, staff_id=actor.staff_id),
        "machine_translated": [
            c for c in library.PROMPT_LANGUAGES if library.machine_translated(c)
        ],
    }


@router.get("/recordings/{recording_id}/audio")
async def listen(recording_id: UUID, actor: ActorDep, session: SessionDep) -> Response:
    """A take, pending or decided, for its language's recorders and admins."""
    take = await recordings.get(session, actor=actor, recording_id=recording_id)
    return Response(take.audio, media_type=audio.MEDIA_TYPE, headers=PRIVATE)


@router.post("/recordings/{recording_id}/approve", response_model=TakeRead)
async def approve(recording_id: UUID, actor: ActorDep, session: SessionDep) -> TakeRead:
    """Let clients hear a take (a second person, admin or recorder of the language)."""
    return await _decide(session, actor, recording_id, approve=True)


@router.post("/recordings/{recording_id}/reject", response_model=TakeRead)
async def reject(recording_id: UUID, actor: ActorDep, session: SessionDep) -> TakeRead:
    """Set a take aside; it is never heard."""
    return await _decide(session, actor, recording_id, approve=False)


async def _decide(session, actor, recording_id: UUID, *, approve: bool) -> TakeRead:  # type: ignore[no-untyped-def]
    take = await recordings.decide(session, actor=actor, recording_id=recording_id, approve=approve)
    return _take(
        recordings.Take(
            take.id, take.status, False, take.seconds, take.recorded_by, take.created_at
        )
    )


@router.get("/recorders/{staff_id}", response_model=RecorderLanguages)
async def recorder_languages(
    staff_id: UUID, actor: ActorDep, session: SessionDep
) -> RecorderLanguages:
    """The languages a staff member records (an admin's of their organisation, or one's own)."""
    found = await recordings.languages_for(session, actor=actor, staff_id=staff_id)
    return RecorderLanguages(languages=found)


@router.put("/recorders/{staff_id}", response_model=RecorderLanguages)
async def assign(
    staff_id: UUID, body: RecorderLanguages, actor: ActorDep, session: SessionDep
) -> RecorderLanguages:
    """Give a staff member of one's organisation these languages to record (admins)."""
    langs = await recordings.assign(session, actor=actor, staff_id=staff_id, langs=body.languages)
    return RecorderLanguages(languages=langs)


@router.get("/reviewers/{staff_id}", response_model=RecorderLanguages)
async def reviewer_languages(
    staff_id: UUID, actor: ActorDep, session: SessionDep
) -> RecorderLanguages:
    """The languages a staff member approves for every client (one's own, or a platform
    admin's look)."""
    if staff_id != actor.staff_id and not actor.is_platform_admin:
        raise StaffNotFound("no such staff member", field="staff_id")
    return RecorderLanguages(languages=await recordings.reviewed_by(session, staff_id=staff_id))


@router.put("/reviewers/{staff_id}", response_model=RecorderLanguages)
async def name_reviewer(
    staff_id: UUID, body: RecorderLanguages, actor: ActorDep, session: SessionDep
) -> RecorderLanguages:
    """Name who approves the recordings of these languages, heard by every organisation's
    clients (platform admins)."""
    langs = await recordings.name_reviewer(
        session, actor=actor, staff_id=staff_id, langs=body.languages
    )
    return RecorderLanguages(languages=langs)


@router.get("/{lang}/prompts", response_model=StudioPage)
async def studio(
    lang: str, actor: ActorDep, session: SessionDep, settings: SettingsDep
) -> StudioPage:
    """Every prompt, clip and name of ``lang``: its text, the Finnish beside it, what a
    client hears now, and the takes (pending, and the newest approved; stale ones marked)."""
    actor.require(Role.ADMIN, Role.VOICE)
    lang = library.checked_language(lang)
    # Municipality names only of the municipalities served: 308 rows made the studio heavy.
    items = library.texts(lang, await prompts.names(session, lang=lang, served_only=True))
    finnish = library.texts("fi", await prompts.names(session, lang="fi", served_only=True))
    heard = await library.resolve(session, lang=lang, items=items)
    takes = await recordings.takes(session, lang=lang, items=items)
    listed = [
        StudioItem(
            kind=kind,
            key=key,
            text=text,
            meaning_fi=finnish.get((kind, key)) if lang != "fi" else None,
            heard=heard[(kind, key)].source,
            generated=library.generated_file(lang, (kind, key), text) is not None,
            takes=[_take(take) for take in takes.get((kind, key), [])],
        )
        for (kind, key), text in items.items()
    ]
    return StudioPage(
        lang=lang,
        voice=generate.VOICES.get(lang),
        machine_translated=library.machine_translated(lang),
        licence=settings.recording_licence,
        may_record=await recordings.may_record(session, actor=actor, lang=lang),
        may_approve=await recordings.may_approve(session, actor=actor, lang=lang),
        items=listed,
    )


@router.post("/{lang:lang}/{kind}/{key}", response_model=TakeRead, status_code=201)
async def record(
    lang: str,
    kind: RecordingKind,
    key: str,
    request: Request,
    actor: ActorDep,
    session: SessionDep,
    settings: SettingsDep,
    licence: Annotated[str | None, Query(max_length=40)] = None,
) -> TakeRead:
    """A take of one item: the audio file itself is the body (any type a browser records:
    WebM or Ogg Opus, MP4 AAC, WAV, MP3); checked, normalised, kept for approval.
    ``licence``: the licence the recorder agreed to (the installation's stated one, as the
    studio shows it); a take without one is never shared in a language pack."""
    lang = library.checked_language(lang)
    if licence is not None and licence != settings.recording_licence:
        raise LicenceNotAgreed(
            f"takes are shared under {settings.recording_licence}, not {licence!r}",
            field="licence",
        )
    data = await limits.read_upload(request, limit=audio.MAX_BYTES, refused=_too_large)
    item = (kind, key)
    extra = (
        await prompts.names(session, lang=lang)
        if kind in (RecordingKind.SERVICE, RecordingKind.MUNICIPALITY)
        else None
    )
    if kind == RecordingKind.CLIP and key not in clips.clip_texts(lang):
        raise UnknownPrompt(f"{lang} has no clip {key!r}", field="key")
    take = await recordings.record(
        session, actor=actor, lang=lang, item=item, data=data, names=extra, licence=licence
    )
    return _take(
        recordings.Take(
            take.id, take.status, False, take.seconds, take.recorded_by, take.created_at
        )
    )


def _too_large() -> AudioRejected:
    return AudioRejected(f"the file is larger than {audio.MAX_BYTES} bytes", field="audio")
