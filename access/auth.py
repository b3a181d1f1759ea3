"""Staff log-in: passwords, rate limits on guessing, and sessions held as hashed tokens."""

import asyncio
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from access import password_rules
from access import staff as staff_members
from access.actors import Actor
from access.errors import (
    CurrentPasswordWrong,
    InvalidCredentials,
    NotAuthenticated,
    StaffNotFound,
    TooManyLoginAttempts,
)
from access.models import (
    LoginAttempt,
    PasswordLink,
    PasswordRequest,
    StaffMember,
    StaffRole,
    StaffSession,
)
from core import clock, passwords, tokens

# An address shared by a whole office may fail more often than one account before it is held.
ADDRESS_FACTOR = 4


class SessionKind(StrEnum):
    COOKIE = "cookie"
    BEARER = "bearer"


@dataclass(frozen=True, slots=True)
class LoginResult:
    token: str
    staff: StaffMember
    actor: Actor
    session: StaffSession


@dataclass(frozen=True, slots=True)
class LoginPolicy:
    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    session_lifetime: timedelta = timedelta(hours=12)


async def login(
    session: AsyncSession,
    *,
    email: str,
    password: str,
    address: str,
    kind: SessionKind,
    policy: LoginPolicy,
) -> LoginResult:
    """Open a session for a correct e-mail and password; count failures and hold guessers back.

    On ``InvalidCredentials`` the failed attempt has been flushed: the caller commits it.
    """
    email = email.strip().lower()
    email_hash, address_hash = tokens.hash_token(email), tokens.hash_token(address)
    await check_rate(
        session, LoginAttempt, email_hash=email_hash, address_hash=address_hash, policy=policy
    )
    member = await session.scalar(select(StaffMember).where(StaffMember.email == email))
    ok = await asyncio.to_thread(
        passwords.verify_password, password, member.password_hash if member else None
    )
    ok = ok and member is not None and member.active
    session.add(LoginAttempt(email_hash=email_hash, address_hash=address_hash, success=ok))
    await session.flush()
    if not ok or member is None:
        raise InvalidCredentials("the e-mail address or the password is wrong")
    if member.password_hash and passwords.needs_rehash(member.password_hash):
        member.password_hash = passwords.hash_password(password)
    token = tokens.new_token()
    row = StaffSession(
        staff_id=member.id,
        token_hash=tokens.hash_token(token),
        kind=kind.value,
        expires_at=clock.now() + policy.session_lifetime,
    )
    session.add(row)
    await session.flush()
    actor = await staff_members.actor_for(session, member=member)
    return LoginResult(token=token, staff=member, actor=actor, session=row)


async def check_rate(
    session: AsyncSession,
    table: type[LoginAttempt] | type[PasswordRequest],
    *,
    email_hash: str,
    address_hash: str,
    policy: LoginPolicy,
) -> None:
    """Raise ``TooManyLoginAttempts`` when one e-mail (or one address, ``ADDRESS_FACTOR``
    times as often) has had too many rows of ``table`` in the window: failed log-ins, or
    requests for a reset link (every one counts)."""
    since = clock.now() - policy.window
    failures = select(func.count(), func.min(table.created_at)).where(table.created_at >= since)
    if table is LoginAttempt:
        failures = failures.where(LoginAttempt.success.is_(False))
    by_email = (await session.execute(failures.where(table.email_hash == email_hash))).one()
    by_address = (await session.execute(failures.where(table.address_hash == address_hash))).one()
    for (count, oldest), limit in (
        (by_email, policy.max_failures),
        (by_address, policy.max_failures * ADDRESS_FACTOR),
    ):
        if count >= limit:
            retry = int((oldest + policy.window - clock.now()).total_seconds()) + 1
            raise TooManyLoginAttempts(
                "too many failed log-ins; wait before trying again", retry_after=max(retry, 1)
            )


_ACTOR = (
    select(
        StaffSession.expires_at,
        StaffMember.id,
        StaffMember.organisation_id,
        StaffMember.is_platform_admin,
        StaffMember.active,
        StaffRole.role,
    )
    .join(StaffMember, StaffMember.id == StaffSession.staff_id)
    .outerjoin(StaffRole, StaffRole.staff_id == StaffMember.id)
    .where(StaffSession.token_hash == bindparam("token_hash"))
)


async def authenticate(session: AsyncSession, *, token: str) -> Actor:
    """Return the actor behind a session token that is current and whose account is active.

    One query (a row per role) on every authenticated request, not three."""
    connection = await session.connection()
    rows = (await connection.execute(_ACTOR, {"token_hash": tokens.hash_token(token)})).all()
    if not rows or rows[0].expires_at <= clock.now():
        raise NotAuthenticated("the session has ended; log in again")
    first = rows[0]
    if not first.active:
        raise NotAuthenticated("the account is not active")
    return Actor(
        staff_id=first.id,
        organisation_id=first.organisation_id,
        roles=frozenset(row.role for row in rows if row.role is not None),
        is_platform_admin=first.is_platform_admin,
    )


async def logout(session: AsyncSession, *, token: str) -> None:
    """End the session behind ``token`` (nothing happens if it has already ended)."""
    await session.execute(
        delete(StaffSession).where(StaffSession.token_hash == tokens.hash_token(token))
    )


async def change_password(
    session: AsyncSession,
    *,
    actor: Actor,
    current: str,
    new: str,
    address: str,
    keep_token: str | None,
    policy: LoginPolicy,
) -> None:
    """Change the actor's own password: the current one must be right (a wrong one counts as
    a failed log-in, and is held back as those are), the new one must meet the rules. Every
    other session of the account ends; the one in use (``keep_token``) stays."""
    member = await session.get(StaffMember, actor.staff_id)
    if member is None:
        raise StaffNotFound("no such staff member", staff_id=actor.staff_id)
    email_hash, address_hash = tokens.hash_token(member.email), tokens.hash_token(address)
    await check_rate(
        session, LoginAttempt, email_hash=email_hash, address_hash=address_hash, policy=policy
    )
    ok = await asyncio.to_thread(passwords.verify_password, current, member.password_hash)
    if not ok:
        session.add(LoginAttempt(email_hash=email_hash, address_hash=address_hash, success=False))
        await session.flush()
        raise CurrentPasswordWrong("the current password is wrong", field="current_password")
    password_rules.check(new, field="new_password")
    member.password_hash = await asyncio.to_thread(passwords.hash_password, new)
    others = delete(StaffSession).where(StaffSession.staff_id == member.id)
    if keep_token is not None:
        others = others.where(StaffSession.token_hash != tokens.hash_token(keep_token))
    await session.execute(others)
    await session.flush()


# Used and ended password links are kept this long (what a link was, if someone asks), then go.
LINKS_KEPT = timedelta(days=30)


async def purge_expired(session: AsyncSession, *, policy: LoginPolicy) -> int:
    """Delete ended sessions, log-in attempts and reset requests older than the rate-limit
    window, and password links a month past their expiry."""
    now = clock.now()
    ended = await session.execute(delete(StaffSession).where(StaffSession.expires_at <= now))
    await session.execute(
        delete(LoginAttempt).where(LoginAttempt.created_at < now - policy.window * 2)
    )
    await session.execute(
        delete(PasswordRequest).where(PasswordRequest.created_at < now - policy.window * 2)
    )
    await session.execute(delete(PasswordLink).where(PasswordLink.expires_at < now - LINKS_KEPT))
    return ended.rowcount or 0
