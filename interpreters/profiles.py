"""Interpreter and peer-counsellor profiles: read by their organisation, kept by the person
themselves or an admin of their organisation."""

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from access import audit, staff
from access.actors import Actor
from access.errors import RoleRequired, StaffNotFound
from access.models import Role, StaffMember
from interpreters import matching
from interpreters.errors import NotAnInterpreter, ProfileNotFound
from interpreters.models import HelperKind, InterpreterLanguage, InterpreterProfile, Mode
from interpreters.schemas import ProfileIn
from scheduling import directory, municipalities

ROLE_FOR_KIND = {
    HelperKind.INTERPRETER: Role.INTERPRETER,
    HelperKind.PEER_COUNSELLOR: Role.PEER_COUNSELLOR,
}
# The interpreters of each language, per schedule version: profiles, their languages and the
# staff table are among the tables whose writes change it (``scheduling.directory``).
_LANGUAGES_KEPT = 64
_of_language: OrderedDict[tuple[str, str], dict[UUID, matching.Interpreter]] = OrderedDict()


@dataclass(frozen=True, slots=True)
class ProfileView:
    profile: InterpreterProfile
    languages: list[InterpreterLanguage]


async def phone_number(session: AsyncSession, *, staff_id: UUID) -> str | None:
    """The number to dial a helper into a phone session at (E.164): only when she joins phone
    sessions by phone and gave one; None means she joins through the room."""
    profile = await session.scalar(
        select(InterpreterProfile).where(InterpreterProfile.staff_id == staff_id)
    )
    if profile is None or Mode.PHONE.value not in profile.modes:
        return None
    return profile.phone_e164 or None


async def get(session: AsyncSession, *, actor: Actor, staff_id: UUID) -> ProfileView:
    """The profile of a staff member of the actor's organisation (or the actor's own)."""
    await _member(session, actor, staff_id)
    profile = await session.scalar(
        select(InterpreterProfile).where(InterpreterProfile.staff_id == staff_id)
    )
    if profile is None:
        raise ProfileNotFound("this staff member has no interpreter profile", staff_id=staff_id)
    return await _view(session, profile)


async def put(
    session: AsyncSession, *, actor: Actor, staff_id: UUID, data: ProfileIn, now: datetime
) -> ProfileView:
    """Create or replace a profile: by the person, or by an admin of their organisation."""
    member = await _member(session, actor, staff_id)
    if staff_id != actor.staff_id:
        actor.require_manager(member.organisation_id, hidden=StaffNotFound("no such staff member"))
    role = ROLE_FOR_KIND[data.kind]
    if role not in await staff.roles_of(session, staff_id=staff_id):
        raise NotAnInterpreter(
            f"a {data.kind.value.replace('_', ' ')} profile needs the role {role.value}",
            field="kind",
        )
    for code in data.regions:
        await municipalities.require_known(session, code=code, field="regions")
    profile = await session.scalar(
        select(InterpreterProfile).where(InterpreterProfile.staff_id == staff_id)
    )
    values = data.model_dump(mode="json", exclude={"languages"})
    values["phone_e164"] = values.pop("phone")
    values["regions"] = sorted(set(values["regions"]))
    if profile is None:
        profile = InterpreterProfile(staff_id=staff_id, **values)
        session.add(profile)
        await session.flush()
    else:
        for name, value in values.items():
            setattr(profile, name, value)
        profile.updated_at = now
        await session.execute(
            delete(InterpreterLanguage).where(InterpreterLanguage.profile_id == profile.id)
        )
    spoken = {(item.language, item.dialect) for item in data.languages}
    session.add_all(
        InterpreterLanguage(profile_id=profile.id, language=language, dialect=dialect)
        for language, dialect in sorted(spoken, key=lambda pair: (pair[0], pair[1] or ""))
    )
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action="set_interpreter_profile",
        entity="staff",
        entity_id=staff_id,
        client_id=None,
    )
    return await _view(session, profile)


async def _member(session: AsyncSession, actor: Actor, staff_id: UUID) -> StaffMember:
    member = await session.get(StaffMember, staff_id)
    if member is None or not (staff_id == actor.staff_id or actor.sees(member.organisation_id)):
        raise StaffNotFound("no such staff member", staff_id=staff_id)
    if staff_id != actor.staff_id and not actor.has(Role.ADMIN, Role.OPERATOR, Role.ADVISOR):
        raise RoleRequired("this needs the role admin, operator or advisor")
    return member


async def _view(session: AsyncSession, profile: InterpreterProfile) -> ProfileView:
    languages = await session.scalars(
        select(InterpreterLanguage)
        .where(InterpreterLanguage.profile_id == profile.id)
        .order_by(InterpreterLanguage.language, InterpreterLanguage.dialect)
    )
    return ProfileView(profile=profile, languages=list(languages))


async def of_language(
    session: AsyncSession, language: str, *, version: str | None = None
) -> dict[UUID, matching.Interpreter]:
    """Active interpreters of ``language``, with what matching needs, as of the schedule
    ``version`` this transaction sees (read when not given). Kept in memory per version: this
    runs on every search."""
    key = (version or await directory.version(session), language)
    found = _of_language.get(key)
    if found is None:
        found = _of_language[key] = await _load_language(session, language)
        while len(_of_language) > _LANGUAGES_KEPT:
            _of_language.popitem(last=False)
    return found


async def _load_language(session: AsyncSession, language: str) -> dict[UUID, matching.Interpreter]:
    rows = (
        await session.execute(
            select(
                InterpreterProfile.staff_id,
                InterpreterProfile.into_languages,
                InterpreterProfile.modes,
                InterpreterProfile.regions,
                InterpreterProfile.gender,
                InterpreterLanguage.language,
                InterpreterLanguage.dialect,
            )
            .join(StaffMember, StaffMember.id == InterpreterProfile.staff_id)
            .join(InterpreterLanguage, InterpreterLanguage.profile_id == InterpreterProfile.id)
            .where(
                InterpreterProfile.kind == HelperKind.INTERPRETER,
                StaffMember.active.is_(True),
                InterpreterLanguage.language == language,
            )
        )
    ).all()
    spoken: dict[UUID, set[matching.Spoken]] = {}
    profiles: dict[UUID, tuple] = {}
    for staff_id, into, modes, regions, gender, code, dialect in rows:
        profiles[staff_id] = (into, modes, regions, gender)
        spoken.setdefault(staff_id, set()).add(matching.Spoken(code, dialect))
    return {
        staff_id: matching.Interpreter(
            id=staff_id,
            spoken=frozenset(spoken[staff_id]),
            into=frozenset(into),
            modes=frozenset(modes),
            regions=frozenset(regions),
            gender=gender,
        )
        for staff_id, (into, modes, regions, gender) in profiles.items()
    }
