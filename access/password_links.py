"""One-time links to set a password: a new staff member's invitation (``welcome``) and a
forgotten password's reset, both by e-mail.

Only the token's hash is kept. The token is derived from the secret key, the link's id and a
salt that travels with the e-mail in the outbox, so the message can be written when it is sent
(``notifications.links``) and nothing in the database is the link itself. A link works once,
until it expires, and only while it is its account's newest: a newer link, a deactivation or
its use ends it. Opening the page changes nothing (``look``); only setting the password does
(``use``), and a refused password leaves the link as it was.
"""

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID, uuid4

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from access import auth, password_rules
from access.actors import Actor
from access.errors import AccountInactive, PasswordAlreadySet, PasswordLinkUnusable, StaffNotFound
from access.models import PasswordLink, PasswordLinkKind, PasswordRequest, StaffMember, StaffSession
from core import passwords, tokens

PURPOSE = "password-link"


class LinkState(StrEnum):
    READY = "ready"
    USED = "used"
    EXPIRED = "expired"
    ENDED = "ended"  # a newer link replaced it, or the account was deactivated
    UNKNOWN = "unknown"


def token(secret: str, *, link_id: UUID, salt: str) -> str:
    """The token of a link (256 bits, URL-safe)."""
    return tokens.derive(secret, PURPOSE, str(link_id), salt)


def address(base_url: str, secret: str, *, link_id: UUID, salt: str) -> str:
    """The whole address sent by e-mail: the page, the token in its fragment (which no server,
    proxy log or referrer ever sees)."""
    return f"{base_url.rstrip('/')}/password#t={token(secret, link_id=link_id, salt=salt)}"


@dataclass(frozen=True, slots=True)
class Issued:
    link: PasswordLink
    member: StaffMember
    salt: str  # goes with the e-mail; the token is derived from it when the e-mail is sent


@dataclass(frozen=True, slots=True)
class Look:
    state: LinkState
    link: PasswordLink | None = None
    member: StaffMember | None = None


async def issue(
    session: AsyncSession,
    *,
    member: StaffMember,
    kind: PasswordLinkKind,
    secret: str,
    lifetime: timedelta,
    now: datetime,
) -> Issued:
    """A new link for ``member``; their earlier open links stop working."""
    await end_open(session, staff_id=member.id, now=now)
    link_id, salt = uuid4(), tokens.new_salt()
    row = PasswordLink(
        id=link_id,
        staff_id=member.id,
        kind=kind,
        token_hash=tokens.hash_token(token(secret, link_id=link_id, salt=salt)),
        expires_at=now + lifetime,
    )
    session.add(row)
    await session.flush()
    return Issued(link=row, member=member, salt=salt)


async def end_open(session: AsyncSession, *, staff_id: UUID, now: datetime) -> None:
    """End every link of ``staff_id`` that has not been used (they no longer work)."""
    await session.execute(
        update(PasswordLink)
        .where(
            PasswordLink.staff_id == staff_id,
            PasswordLink.used_at.is_(None),
            PasswordLink.ended_at.is_(None),
        )
        .values(ended_at=now)
        .execution_options(synchronize_session=False)
    )


async def open_invitation(session: AsyncSession, *, staff_id: UUID) -> datetime | None:
    """When the newest unused invitation of ``staff_id`` expires (or expired), if there is one."""
    return await session.scalar(
        select(func.max(PasswordLink.expires_at)).where(
            PasswordLink.staff_id == staff_id,
            PasswordLink.kind == PasswordLinkKind.WELCOME,
            PasswordLink.used_at.is_(None),
            PasswordLink.ended_at.is_(None),
        )
    )


async def invitable(session: AsyncSession, *, actor: Actor, staff_id: UUID) -> StaffMember:
    """The staff member an admin of their organisation may send an invitation (again): active,
    without a password yet. Another organisation's answers not found."""
    member = await session.get(StaffMember, staff_id)
    hidden = StaffNotFound("no such staff member", staff_id=staff_id)
    if member is None:
        raise hidden
    actor.require_manager(member.organisation_id, hidden=hidden)
    if not member.active:
        raise AccountInactive("the account is not active; activate it first", field="active")
    if member.password_hash is not None:
        raise PasswordAlreadySet(
            "this person has set a password already; they can reset it from the log-in page"
        )
    return member


async def look(session: AsyncSession, *, token: str, now: datetime) -> Look:
    """What a link is now, with its account; nothing changes."""
    link = await session.scalar(
        select(PasswordLink)
        .where(PasswordLink.token_hash == tokens.hash_token(token))
        .execution_options(populate_existing=True)  # as the row is now, not as first loaded
    )
    if link is None:
        return Look(LinkState.UNKNOWN)
    member = await session.get(StaffMember, link.staff_id)
    if link.used_at is not None:
        state = LinkState.USED
    elif link.ended_at is not None or member is None or not member.active:
        state = LinkState.ENDED
    elif link.expires_at <= now:
        state = LinkState.EXPIRED
    else:
        state = LinkState.READY
    return Look(state, link, member)


_UNUSABLE = {
    LinkState.USED: "this link has been used already",
    LinkState.EXPIRED: "this link has expired",
    LinkState.ENDED: "this link no longer works",
    LinkState.UNKNOWN: "this link does not exist",
}


async def use(session: AsyncSession, *, token: str, password: str, now: datetime) -> StaffMember:
    """Set the password of the link's account, once. A link that cannot be used, or a password
    the rules refuse, changes nothing. Every session of the account ends (a reset is also how
    someone who lost a device shuts it out)."""
    found = await look(session, token=token, now=now)
    if found.state != LinkState.READY or found.link is None or found.member is None:
        raise PasswordLinkUnusable(_UNUSABLE[found.state], state=found.state.value)
    password_rules.check(password)
    # Two tabs sending the same link at once: one update wins, the other finds it used.
    taken = await session.execute(
        update(PasswordLink)
        .where(PasswordLink.id == found.link.id, PasswordLink.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        raise PasswordLinkUnusable(_UNUSABLE[LinkState.USED], state=LinkState.USED.value)
    member = found.member
    member.password_hash = await asyncio.to_thread(passwords.hash_password, password)
    await end_open(session, staff_id=member.id, now=now)
    await session.execute(delete(StaffSession).where(StaffSession.staff_id == member.id))
    await session.flush()
    return member


async def request_reset(
    session: AsyncSession, *, email: str, address: str, policy: "auth.LoginPolicy"
) -> StaffMember | None:
    """Count a request for a reset link, held back as log-ins are; return the active account
    of ``email``, or ``None`` (the caller answers the same either way)."""
    email = email.strip().lower()
    email_hash, address_hash = tokens.hash_token(email), tokens.hash_token(address)
    await auth.check_rate(
        session,
        PasswordRequest,
        email_hash=email_hash,
        address_hash=address_hash,
        policy=policy,
    )
    session.add(PasswordRequest(email_hash=email_hash, address_hash=address_hash))
    await session.flush()
    return await session.scalar(
        select(StaffMember).where(StaffMember.email == email, StaffMember.active.is_(True))
    )
