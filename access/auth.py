"""Staff log-in: passwords, rate limits on guessing, and sessions held as hashed tokens."""

import asyncio
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from access import staff as staff_members
from access.actors import Actor
from access.errors import InvalidCredentials, NotAuthenticated, TooManyLoginAttempts
from access.models import LoginAttempt, StaffMember, StaffRole, StaffSession
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
    await _check_rate(session, email_hash=email_hash, address_hash=address_hash, policy=policy)
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


async def _check_rate(
    session: AsyncSession, *, email_hash: str, address_hash: str, policy: LoginPolicy
) -> None:
    since = clock.now() - policy.window
    failures = select(func.count(), func.min(LoginAttempt.created_at)).where(
        LoginAttempt.created_at >= since, LoginAttempt.success.is_(False)
    )
    by_email = (await session.execute(failures.where(LoginAttempt.email_hash == email_hash))).one()
    by_address = (
        await session.execute(failures.where(LoginAttempt.address_hash == address_hash))
    ).one()
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


async def purge_expired(session: AsyncSession, *, policy: LoginPolicy) -> int:
    """Delete ended sessions and log-in attempts older than the rate-limit window."""
    now = clock.now()
    ended = await session.execute(delete(StaffSession).where(StaffSession.expires_at <= now))
    await session.execute(
        delete(LoginAttempt).where(LoginAttempt.created_at < now - policy.window * 2)
    )
    return ended.rowcount or 0
