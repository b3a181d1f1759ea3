"""Staff accounts: advisors, operators, interpreters, peer counsellors and admins, with their
roles and languages, always inside one organisation."""

import asyncio
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from access import audit, password_links, password_rules
from access.actors import Actor
from access.errors import AlreadyExists, LastAdmin, OrganisationNotFound, StaffNotFound
from access.models import Role, StaffLanguage, StaffMember, StaffRole
from access.schemas import MeUpdate, StaffCreate, StaffLanguageIn, StaffUpdate
from core import clock, passwords


@dataclass(frozen=True, slots=True)
class StaffView:
    """A staff member with roles and languages, as the API shows them."""

    member: StaffMember
    roles: list[Role]
    languages: list[StaffLanguage]
    invited_until: datetime | None = None  # the open invitation's expiry, if one is open

    @property
    def password_set(self) -> bool:
        return self.member.password_hash is not None

    def __getattr__(self, name: str) -> object:
        return getattr(self.member, name)


async def roles_of(session: AsyncSession, *, staff_id: UUID) -> list[Role]:
    """Return the roles of one staff member."""
    rows = await session.scalars(
        select(StaffRole.role).where(StaffRole.staff_id == staff_id).order_by(StaffRole.role)
    )
    return list(rows)


async def actor_for(session: AsyncSession, *, member: StaffMember) -> Actor:
    """Return the actor that ``member`` acts as."""
    roles = await roles_of(session, staff_id=member.id)
    return Actor(
        staff_id=member.id,
        organisation_id=member.organisation_id,
        roles=frozenset(roles),
        is_platform_admin=member.is_platform_admin,
    )


async def _view(session: AsyncSession, member: StaffMember) -> StaffView:
    languages = await session.scalars(
        select(StaffLanguage)
        .where(StaffLanguage.staff_id == member.id)
        .order_by(StaffLanguage.language)
    )
    roles = await roles_of(session, staff_id=member.id)
    invited_until = (
        None
        if member.password_hash is not None
        else await password_links.open_invitation(session, staff_id=member.id)
    )
    return StaffView(
        member=member, roles=roles, languages=list(languages), invited_until=invited_until
    )


async def list_for(
    session: AsyncSession, *, actor: Actor, organisation_id: UUID | None = None
) -> list[StaffView]:
    """Return the staff of the actor's organisation (any one for a platform admin)."""
    organisation_id = organisation_id or actor.organisation_id
    if not actor.sees(organisation_id):
        raise OrganisationNotFound("no such organisation", organisation_id=organisation_id)
    members = await session.scalars(
        select(StaffMember)
        .where(StaffMember.organisation_id == organisation_id)
        .order_by(StaffMember.display_name, StaffMember.id)
    )
    return [await _view(session, member) for member in members]


async def get(session: AsyncSession, *, actor: Actor, staff_id: UUID) -> StaffView:
    """Return one staff member of the actor's organisation."""
    member = await session.get(StaffMember, staff_id)
    if member is None or not actor.sees(member.organisation_id):
        raise StaffNotFound("no such staff member", staff_id=staff_id)
    return await _view(session, member)


async def _set_roles(session: AsyncSession, *, staff_id: UUID, roles: list[Role]) -> None:
    await session.execute(delete(StaffRole).where(StaffRole.staff_id == staff_id))
    session.add_all(StaffRole(staff_id=staff_id, role=role) for role in dict.fromkeys(roles))


async def _set_languages(
    session: AsyncSession, *, staff_id: UUID, languages: list[StaffLanguageIn]
) -> None:
    await session.execute(delete(StaffLanguage).where(StaffLanguage.staff_id == staff_id))
    by_code = {item.language: item.level for item in languages}
    session.add_all(
        StaffLanguage(staff_id=staff_id, language=code, level=level)
        for code, level in by_code.items()
    )


async def _organisation_exists(session: AsyncSession, *, organisation_id: UUID) -> bool:
    # The organisations table is scheduling's, a layer above: access knows it only as the
    # target of a staff member's foreign key, and asks that column which row it would point to.
    (key,) = StaffMember.__table__.c.organisation_id.foreign_keys
    target = key.column
    return await session.scalar(select(target).where(target == organisation_id)) is not None


async def create(session: AsyncSession, *, actor: Actor, data: StaffCreate) -> StaffView:
    """Add a staff member to an organisation the actor administers."""
    organisation_id = data.organisation_id or actor.organisation_id
    hidden = OrganisationNotFound("no such organisation", field="organisation_id")
    actor.require_manager(organisation_id, hidden=hidden)
    if not await _organisation_exists(session, organisation_id=organisation_id):
        raise hidden
    if data.password:
        password_rules.check(data.password)
    return await add(session, data=data, organisation_id=organisation_id, actor=actor)


async def add(
    session: AsyncSession,
    *,
    data: StaffCreate,
    organisation_id: UUID,
    actor: Actor | None = None,
    platform_admin: bool = False,
) -> StaffView:
    """Insert a staff member without an authorisation check (the command line and demo use it)."""
    email = data.email.lower()
    if await session.scalar(select(StaffMember.id).where(StaffMember.email == email)):
        raise AlreadyExists("an account with this e-mail address exists already", field="email")
    password_hash = (
        await asyncio.to_thread(passwords.hash_password, data.password) if data.password else None
    )
    member = StaffMember(
        organisation_id=organisation_id,
        email=email,
        display_name=data.display_name,
        password_hash=password_hash,
        timezone=data.timezone,
        is_platform_admin=platform_admin,
    )
    session.add(member)
    await session.flush()
    await _set_roles(session, staff_id=member.id, roles=data.roles)
    await _set_languages(session, staff_id=member.id, languages=data.languages)
    await session.flush()
    await audit.record(session, actor=actor, action="create", entity="staff", entity_id=member.id)
    return await _view(session, member)


async def update(
    session: AsyncSession, *, actor: Actor, staff_id: UUID, data: StaffUpdate
) -> StaffView:
    """Change a staff member; an organisation never loses its last active admin."""
    member = await session.get(StaffMember, staff_id)
    hidden = StaffNotFound("no such staff member", staff_id=staff_id)
    if member is None:
        raise hidden
    actor.require_manager(member.organisation_id, hidden=hidden)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    loses_admin = (data.roles is not None and Role.ADMIN not in data.roles) or data.active is False
    if loses_admin and Role.ADMIN in await roles_of(session, staff_id=staff_id):
        await _keep_an_admin(session, organisation_id=member.organisation_id, leaving=staff_id)
    if data.password:
        password_rules.check(data.password)
        member.password_hash = await asyncio.to_thread(passwords.hash_password, data.password)
    if data.active is False:  # a link sent before must not open a deactivated account
        await password_links.end_open(session, staff_id=staff_id, now=clock.now())
    for key in ("display_name", "timezone", "active"):
        if key in changes:
            setattr(member, key, changes[key])
    if data.roles is not None:
        await _set_roles(session, staff_id=staff_id, roles=data.roles)
    if data.languages is not None:
        await _set_languages(session, staff_id=staff_id, languages=data.languages)
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action="update",
        entity="staff",
        entity_id=staff_id,
        detail={"fields": sorted(data.model_fields_set)},
    )
    return await _view(session, member)


async def update_own(session: AsyncSession, *, actor: Actor, data: MeUpdate) -> StaffView:
    """Change the acting staff member's own console settings (no manager needed)."""
    member = await session.get(StaffMember, actor.staff_id)
    if member is None:
        raise StaffNotFound("no such staff member", staff_id=actor.staff_id)
    if "console_language" in data.model_fields_set:
        member.console_language = data.console_language
    await session.flush()
    return await _view(session, member)


async def _keep_an_admin(session: AsyncSession, *, organisation_id: UUID, leaving: UUID) -> None:
    others = await session.scalar(
        select(func.count())
        .select_from(StaffMember)
        .join(StaffRole, StaffRole.staff_id == StaffMember.id)
        .where(
            StaffMember.organisation_id == organisation_id,
            StaffMember.active.is_(True),
            StaffMember.id != leaving,
            StaffRole.role == Role.ADMIN,
        )
    )
    if not others:
        raise LastAdmin("the organisation would have no active admin left", field="roles")
