"""Recording invitations: an admin asks someone with no staff account (a volunteer of a
community association, a peer counsellor) to record one language from their own phone.

The link is a capability, as a password link is: its token is derived from the secret key, the
invitation's id and a salt that travels with the message in the outbox, and only its hash is
kept. It works for its language until it expires or an admin ends it. Its takes are pending
like every take, named by the invitation's person, and approved by a reviewer of the language.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actors import Actor
from access.models import Role
from core import languages, phones, tokens
from speech import audio, library
from speech.errors import (
    InvitationExpired,
    InvitationInvalid,
    InvitationNotFound,
    InvitationWrongLanguage,
    TooManyTakes,
    UnknownPrompt,
)
from speech.models import Invitation, Recording, RecordingStatus

PURPOSE = "recording-invitation"
MEANINGS = ("fi", "en")  # what a volunteer reads beside each text
MAX_DAYS = 90
# Every item of a language some three times over: enough to record again what a reviewer
# rejected, not enough for a leaked link to keep the decoders busy for long.
MAX_TAKES = 1000


def token(secret: str, *, invitation_id: UUID, salt: str) -> str:
    """The token of an invitation's link (256 bits, URL-safe)."""
    return tokens.derive(secret, PURPOSE, str(invitation_id), salt)


def address(base_url: str, secret: str, *, invitation_id: UUID, salt: str) -> str:
    """The whole address of an invitation: the volunteer's page ``/record/{token}``."""
    made = token(secret, invitation_id=invitation_id, salt=salt)
    return f"{base_url.rstrip('/')}/record/{made}"


@dataclass(frozen=True, slots=True)
class Issued:
    invitation: Invitation
    salt: str  # goes with the message; the link is derived from it when it is sent


async def issue(
    session: AsyncSession,
    *,
    actor: Actor,
    lang: str,
    meaning: str,
    name: str,
    email: str | None,
    phone: str | None,
    days: int,
    secret: str,
    now: datetime,
) -> Issued:
    """A new invitation of ``actor``'s organisation to record ``lang`` for ``days`` (admins)."""
    actor.require(Role.ADMIN)
    if not languages.is_known(lang):
        raise UnknownPrompt(f"unknown language {lang!r}", field="lang")
    if lang not in library.PROMPT_LANGUAGES:
        raise UnknownPrompt(f"{lang} has no prompt texts to record yet", field="lang")
    if meaning not in MEANINGS:
        raise InvitationInvalid("the meaning is shown in Finnish or English", field="meaning")
    if not email and not phone:
        raise InvitationInvalid("an e-mail address or a phone number is needed", field="email")
    if not name.strip():
        raise InvitationInvalid("the person's name is needed", field="name")
    if not 1 <= days <= MAX_DAYS:
        raise InvitationInvalid(f"an invitation lasts 1 to {MAX_DAYS} days", field="days")
    if phone:
        try:
            phone = phones.e164(phones.parse(phone))
        except ValueError as exc:
            raise InvitationInvalid(str(exc), field="phone") from exc
    if email and "@" not in email:
        raise InvitationInvalid("not an e-mail address", field="email")
    invitation_id, salt = uuid4(), tokens.new_salt()
    row = Invitation(
        id=invitation_id,
        organisation_id=actor.organisation_id,
        lang=lang,
        meaning=meaning,
        name=name.strip(),
        email=email,
        phone=phone,
        token_hash=tokens.hash_token(token(secret, invitation_id=invitation_id, salt=salt)),
        expires_at=now + timedelta(days=days),
        created_by=actor.staff_id,
    )
    session.add(row)
    await session.flush()
    return Issued(row, salt)


async def listed(session: AsyncSession, *, actor: Actor) -> list[tuple[Invitation, int]]:
    """The invitations of ``actor``'s organisation, newest first, with how many takes each
    has sent (admins)."""
    actor.require(Role.ADMIN)
    taken = (
        select(Recording.invitation_id, func.count().label("takes"))
        .group_by(Recording.invitation_id)
        .subquery()
    )
    rows = await session.execute(
        select(Invitation, func.coalesce(taken.c.takes, 0))
        .outerjoin(taken, taken.c.invitation_id == Invitation.id)
        .where(Invitation.organisation_id == actor.organisation_id)
        .order_by(Invitation.created_at.desc())
    )
    return [(invitation, int(count)) for invitation, count in rows]


async def end(
    session: AsyncSession, *, actor: Actor, invitation_id: UUID, now: datetime
) -> Invitation:
    """End an invitation now; its link stops working (an admin of its organisation)."""
    invitation = await session.get(Invitation, invitation_id)
    hidden = InvitationNotFound("no such invitation", field="invitation_id")
    if invitation is None:
        raise hidden
    actor.require_manager(invitation.organisation_id, hidden=hidden)
    invitation.ended_at = invitation.ended_at or now
    await session.flush()
    return invitation


async def opened(session: AsyncSession, *, token: str, now: datetime) -> Invitation:
    """The invitation of a link that works now; refused (in its language) once it has expired
    or been ended, not found if no invitation has that link."""
    invitation = await session.scalar(
        select(Invitation).where(Invitation.token_hash == tokens.hash_token(token))
    )
    if invitation is None:
        raise InvitationNotFound("this link is not known", field="token")
    if invitation.ended_at is not None or invitation.expires_at <= now:
        raise InvitationExpired(
            "this invitation has expired", field="token", invitation_lang=invitation.lang
        )
    return invitation


async def record(
    session: AsyncSession,
    *,
    invitation: Invitation,
    lang: str,
    item: library.Item,
    data: bytes,
    names: dict[library.Item, str] | None = None,
) -> Recording:
    """Keep a take of ``item`` sent through ``invitation`` (checked and normalised in the
    sandbox, as the studio's are), waiting for a reviewer; only in the invitation's language."""
    if lang != invitation.lang:
        raise InvitationWrongLanguage(
            f"this invitation is for {invitation.lang}, not {lang}",
            field="lang",
            invitation_lang=invitation.lang,
        )
    text = library.texts(lang, names).get(item)
    if text is None:
        raise UnknownPrompt(f"{lang} has no {item[0].value} {item[1]!r}", field="key")
    made = await session.scalar(
        select(func.count()).where(Recording.invitation_id == invitation.id)
    )
    if (made or 0) >= MAX_TAKES:
        raise TooManyTakes(f"this invitation has sent {MAX_TAKES} takes; ask for a new one")
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
        invitation_id=invitation.id,
    )
    session.add(take)
    await session.flush()
    return take


async def sent(session: AsyncSession, *, invitation: Invitation) -> set[library.Item]:
    """The items of the invitation's language with a take waiting or approved (by anyone)."""
    rows = await session.execute(
        select(Recording.kind, Recording.key).where(
            Recording.lang == invitation.lang, Recording.status != RecordingStatus.REJECTED
        )
    )
    return {(kind, key) for kind, key in rows}
