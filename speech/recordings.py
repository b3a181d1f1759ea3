"""The studio: who may record which language, recordings made or uploaded there, and their
approval by a second person before any client hears them.

Recording is a task an admin gives (``speech_recorders``: staff member and language, with the
role voice), not something every speaker of a language may do: the staff languages say whom a
client can be served by, and a voice heard by every client of a language is a separate trust.

Approving is the platform's trust, not an organisation's: recordings belong to no organisation,
and an approved take is heard by every client of its language in every organisation of the
network. So a take is approved by a platform admin or by a reviewer of its language, whom only
a platform admin names (``speech_reviewers``), and never by the one who recorded it. An
organisation's admin names recorders; their takes wait for a reviewer.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actors import Actor
from access.errors import RoleRequired, StaffNotFound
from access.models import Role, StaffMember, StaffRole
from core import clock, languages
from speech import audio, library
from speech.errors import (
    AlreadyDecided,
    NotARecorder,
    OwnRecording,
    RecordingNotFound,
    UnknownPrompt,
)
from speech.models import Invitation, Recorder, Recording, RecordingKind, RecordingStatus, Reviewer


async def languages_of(session: AsyncSession, *, staff_id: UUID) -> list[str]:
    """The languages ``staff_id`` has been asked to record."""
    rows = await session.scalars(
        select(Recorder.lang).where(Recorder.staff_id == staff_id).order_by(Recorder.lang)
    )
    return list(rows)


async def may_record(session: AsyncSession, *, actor: Actor, lang: str) -> bool:
    """Whether ``actor`` records ``lang``: an admin's task given to them, with the role voice
    (or admin)."""
    if not actor.has(Role.VOICE, Role.ADMIN):
        return False
    return lang in await languages_of(session, staff_id=actor.staff_id)


async def may_approve(session: AsyncSession, *, actor: Actor, lang: str) -> bool:
    """Whether ``actor`` approves recordings of ``lang``: a platform admin, or a reviewer of
    ``lang`` a platform admin named."""
    if actor.is_platform_admin:
        return True
    return lang in await reviewed_by(session, staff_id=actor.staff_id)


async def _may_listen(session: AsyncSession, *, actor: Actor, lang: str) -> bool:
    return (
        actor.has(Role.ADMIN)
        or await may_record(session, actor=actor, lang=lang)
        or await may_approve(session, actor=actor, lang=lang)
    )


async def reviewed_by(session: AsyncSession, *, staff_id: UUID) -> list[str]:
    """The languages ``staff_id`` reviews for the whole network."""
    rows = await session.scalars(
        select(Reviewer.lang).where(Reviewer.staff_id == staff_id).order_by(Reviewer.lang)
    )
    return list(rows)


async def name_reviewer(
    session: AsyncSession, *, actor: Actor, staff_id: UUID, langs: list[str]
) -> list[str]:
    """Make ``staff_id`` the reviewer of exactly ``langs`` (platform admins only)."""
    if not actor.is_platform_admin:
        raise RoleRequired("only a platform admin names who approves what every client hears")
    if await session.get(StaffMember, staff_id) is None:
        raise StaffNotFound("no such staff member", field="staff_id")
    return await _set_languages(
        session,
        staff_id=staff_id,
        langs=langs,
        rows=lambda lang: Reviewer(staff_id=staff_id, lang=lang, named_by=actor.staff_id),
        table=Reviewer,
    )


async def _set_languages(
    session: AsyncSession,
    *,
    staff_id: UUID,
    langs: list[str],
    rows: Callable[[str], Recorder | Reviewer],
    table: type[Recorder] | type[Reviewer],
) -> list[str]:
    """Replace ``staff_id``'s rows of ``table`` by one per language of ``langs`` (each known),
    with the role voice (the console's studio) when there are any."""
    unknown = [lang for lang in langs if not languages.is_known(lang)]
    if unknown:
        raise UnknownPrompt(f"unknown language {unknown[0]!r}", field="languages")
    await session.execute(delete(table).where(table.staff_id == staff_id))
    wanted = sorted(set(langs))
    session.add_all(rows(lang) for lang in wanted)
    has_voice = await session.scalar(
        select(StaffRole.role).where(StaffRole.staff_id == staff_id, StaffRole.role == Role.VOICE)
    )
    if wanted and has_voice is None:
        session.add(StaffRole(staff_id=staff_id, role=Role.VOICE))
    await session.flush()
    return wanted


async def languages_for(session: AsyncSession, *, actor: Actor, staff_id: UUID) -> list[str]:
    """The languages ``staff_id`` records, as themselves or an admin of their organisation
    sees them; another organisation's staff member is not found."""
    if staff_id != actor.staff_id:
        await _managed(session, actor=actor, staff_id=staff_id)
    return await languages_of(session, staff_id=staff_id)


async def _managed(session: AsyncSession, *, actor: Actor, staff_id: UUID) -> StaffMember:
    member = await session.get(StaffMember, staff_id)
    if member is None:
        raise StaffNotFound("no such staff member", field="staff_id")
    actor.require_manager(member.organisation_id, hidden=StaffNotFound("no such staff member"))
    return member


async def assign(
    session: AsyncSession, *, actor: Actor, staff_id: UUID, langs: list[str]
) -> list[str]:
    """Give ``staff_id`` (of an organisation ``actor`` administers) exactly ``langs`` to
    record, and the role voice with them."""
    await _managed(session, actor=actor, staff_id=staff_id)
    return await _set_languages(
        session,
        staff_id=staff_id,
        langs=langs,
        rows=lambda lang: Recorder(staff_id=staff_id, lang=lang, assigned_by=actor.staff_id),
        table=Recorder,
    )


async def record(
    session: AsyncSession,
    *,
    actor: Actor,
    lang: str,
    item: library.Item,
    data: bytes,
    names: dict[library.Item, str] | None = None,
    licence: str | None = None,
) -> Recording:
    """Keep a take of ``item`` in ``lang`` (checked and normalised), waiting for approval;
    ``licence``: the one its recorder agreed to (a take without one is never shared in a
    language pack)."""
    text = library.texts(lang, names).get(item)
    if text is None:
        raise UnknownPrompt(f"{lang} has no {item[0].value} {item[1]!r}", field="key")
    if not await may_record(session, actor=actor, lang=lang):
        raise NotARecorder(f"you have not been asked to record {lang}")
    encoded = await audio.normalise_async(data)
    take = Recording(
        lang=lang,
        kind=item[0],
        key=item[1],
        text=text,
        text_hash=library.text_hash(text),
        audio=encoded.data,
        audio_hash=library.file_hash(encoded.data),
        seconds=round(encoded.seconds, 2),
        recorded_by=actor.staff_id,
        licence=licence,
    )
    session.add(take)
    await session.flush()
    return take


async def get(session: AsyncSession, *, actor: Actor, recording_id: UUID) -> Recording:
    """A recording, for its language's recorders and reviewers, and for admins."""
    take = await session.get(Recording, recording_id)
    if take is None or not await _may_listen(session, actor=actor, lang=take.lang):
        raise RecordingNotFound("no such recording", field="recording_id")
    return take


async def decide(
    session: AsyncSession, *, actor: Actor, recording_id: UUID, approve: bool
) -> Recording:
    """Approve (clients hear it from now on) or reject a pending take: by a second person."""
    take = await session.get(Recording, recording_id)
    if take is None:
        raise RecordingNotFound("no such recording", field="recording_id")
    if not await may_approve(session, actor=actor, lang=take.lang):
        raise NotARecorder(f"you may not approve recordings of {take.lang}")
    if take.recorded_by == actor.staff_id:
        raise OwnRecording("a second person approves a recording, never the one who made it")
    if take.status != RecordingStatus.PENDING:
        raise AlreadyDecided(f"the recording is {take.status.value} already")
    take.status = RecordingStatus.APPROVED if approve else RecordingStatus.REJECTED
    take.decided_by = actor.staff_id
    take.decided_at = clock.now()
    await session.flush()
    return take


@dataclass(frozen=True, slots=True)
class Take:
    id: UUID
    status: RecordingStatus
    stale: bool
    seconds: float
    recorded_by: UUID | None
    created_at: datetime
    invited: str | None = None  # the name of the invitation's person who recorded it


async def takes(
    session: AsyncSession, *, lang: str, items: dict[library.Item, str]
) -> dict[library.Item, list[Take]]:
    """The pending takes and the newest approved one of each item, newest first; a take made
    for another text than the item's current one is stale."""
    rows = await session.execute(
        select(
            Recording.id,
            Recording.kind,
            Recording.key,
            Recording.status,
            Recording.text_hash,
            Recording.seconds,
            Recording.recorded_by,
            Recording.created_at,
            Invitation.name,
        )
        .outerjoin(Invitation, Invitation.id == Recording.invitation_id)
        .where(Recording.lang == lang, Recording.status != RecordingStatus.REJECTED)
        .order_by(Recording.created_at.desc())
    )
    found: dict[library.Item, list[Take]] = {}
    for row in rows:
        item = (RecordingKind(row.kind), row.key)
        if item not in items:
            continue
        listed = found.setdefault(item, [])
        if row.status == RecordingStatus.APPROVED and any(
            t.status == RecordingStatus.APPROVED for t in listed
        ):
            continue
        stale = row.text_hash != library.text_hash(items[item])
        listed.append(
            Take(row.id, row.status, stale, row.seconds, row.recorded_by, row.created_at, row.name)
        )
    return found
