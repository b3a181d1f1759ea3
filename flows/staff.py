"""Staff accounts by e-mail: an admin invites a person (the account, their recording languages
and an e-mail with a link to set a password), sends the invitation again, and anyone asks for
a link to set a forgotten password. Each link is written with its e-mail in one transaction;
the outbox is sent after the commit."""

from datetime import timedelta
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from access import auth, password_links, staff
from access.actors import Actor
from access.models import PasswordLinkKind, StaffMember
from access.schemas import StaffCreate, StaffInvite
from access.staff import StaffView
from core import clock
from core.config import Settings
from flows.effects import SEND_OUTBOX, Done
from notifications import accounts
from notifications.models import MessageKind
from speech import recordings

_MAIL = {
    PasswordLinkKind.WELCOME: MessageKind.STAFF_WELCOME,
    PasswordLinkKind.RESET: MessageKind.PASSWORD_RESET,
}


def _lifetime(kind: PasswordLinkKind, settings: Settings) -> timedelta:
    if kind == PasswordLinkKind.WELCOME:
        return timedelta(days=settings.invitation_days)
    return timedelta(minutes=settings.password_reset_minutes)


async def _send_link(
    session: AsyncSession, *, member: StaffMember, kind: PasswordLinkKind, settings: Settings
) -> None:
    now = clock.now()
    issued = await password_links.issue(
        session,
        member=member,
        kind=kind,
        secret=settings.secret_key,
        lifetime=_lifetime(kind, settings),
        now=now,
    )
    await accounts.password_mail(
        session,
        kind=_MAIL[kind],
        email=member.email,
        language=member.console_language or "fi",
        organisation_id=member.organisation_id,
        link_id=issued.link.id,
        salt=issued.salt,
        expires_at=issued.link.expires_at,
        zone=member.timezone,
        now=now,
    )


async def invite(
    session: AsyncSession, *, actor: Actor, data: StaffInvite, settings: Settings
) -> Done[StaffView]:
    """Add a staff member without a password and e-mail them a link to set one."""
    created = await staff.create(
        session,
        actor=actor,
        data=StaffCreate(
            email=data.email,
            display_name=data.display_name,
            roles=data.roles,
            languages=data.languages,
            timezone=data.timezone,
            organisation_id=data.organisation_id,
        ),
    )
    member = created.member
    member.console_language = data.console_language
    if data.recording_languages:
        await recordings.assign(
            session, actor=actor, staff_id=member.id, langs=list(data.recording_languages)
        )
    await _send_link(session, member=member, kind=PasswordLinkKind.WELCOME, settings=settings)
    return Done(await staff.get(session, actor=actor, staff_id=member.id), (SEND_OUTBOX,))


async def resend_invitation(
    session: AsyncSession, *, actor: Actor, staff_id: UUID, settings: Settings
) -> Done[StaffView]:
    """A new invitation link for someone who has not set a password; the old one ends."""
    member = await password_links.invitable(session, actor=actor, staff_id=staff_id)
    await _send_link(session, member=member, kind=PasswordLinkKind.WELCOME, settings=settings)
    return Done(await staff.get(session, actor=actor, staff_id=member.id), (SEND_OUTBOX,))


async def request_reset(
    session: AsyncSession, *, email: str, address: str, settings: Settings
) -> Done[int]:
    """E-mail a reset link to the active account of ``email``, if there is one; return how many
    minutes a link works, the same answer either way."""
    policy = auth.LoginPolicy(
        max_failures=settings.login_max_failures,
        window=timedelta(minutes=settings.login_window_minutes),
    )
    member = await password_links.request_reset(
        session, email=email, address=address, policy=policy
    )
    if member is not None:
        await _send_link(session, member=member, kind=PasswordLinkKind.RESET, settings=settings)
    return Done(settings.password_reset_minutes, (SEND_OUTBOX,))
