"""Community recording: an admin's recording invitation (the invitation, its e-mail and SMS
in the outbox), the volunteer's page behind its link (what to record, the booking path's
first, each with its meaning in Finnish or English to read and hear), and the takes it sends."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access.actors import Actor
from access.models import StaffMember
from core import clock
from core.config import Settings
from flows import prompts
from flows.effects import SEND_OUTBOX, Done
from notifications import volunteers
from speech import invitations, library
from speech.models import Invitation, Recording, RecordingKind
from speech.schemas import InvitationCreate, InvitationRead, VolunteerItem, VolunteerPage

DEFAULT_ZONE = "Europe/Helsinki"


def read(invitation: Invitation, takes: int, link: str | None = None) -> InvitationRead:
    return InvitationRead(
        id=invitation.id,
        lang=invitation.lang,
        meaning=invitation.meaning,
        name=invitation.name,
        email=invitation.email,
        phone=invitation.phone,
        expires_at=invitation.expires_at,
        ended_at=invitation.ended_at,
        takes=takes,
        link=link,
    )


async def invite(
    session: AsyncSession, *, actor: Actor, data: InvitationCreate, settings: Settings
) -> Done[InvitationRead]:
    """Make a recording invitation and send its link by e-mail and/or SMS (in Finnish or
    English, the language read beside each text); the answer carries the link once."""
    now = clock.now()
    issued = await invitations.issue(
        session,
        actor=actor,
        lang=data.lang,
        meaning=data.meaning,
        name=data.name,
        email=data.email,
        phone=data.phone,
        days=data.days,
        secret=settings.secret_key,
        now=now,
    )
    invitation = issued.invitation
    zone = await session.scalar(
        select(StaffMember.timezone).where(StaffMember.id == actor.staff_id)
    )
    await volunteers.recording_invitation(
        session,
        invitation_id=invitation.id,
        email=invitation.email,
        phone=invitation.phone,
        language=invitation.meaning,
        recorded_language=invitation.lang,
        organisation_id=invitation.organisation_id,
        salt=issued.salt,
        expires_at=invitation.expires_at,
        zone=zone or DEFAULT_ZONE,
        now=now,
    )
    link = invitations.address(
        settings.base_url, settings.secret_key, invitation_id=invitation.id, salt=issued.salt
    )
    return Done(read(invitation, 0, link), (SEND_OUTBOX,))


async def page(session: AsyncSession, *, token: str) -> VolunteerPage:
    """What the volunteer records, the booking path's first (what is not yet sent first
    within each), each with its meaning in the invitation's reading language."""
    invitation = await invitations.opened(session, token=token, now=clock.now())
    lang, meaning = invitation.lang, invitation.meaning
    named = await prompts.names(session, lang=lang, served_only=True)
    items = library.texts(lang, named)
    meanings = library.texts(meaning, await prompts.names(session, lang=meaning, served_only=True))
    heard = await library.manifest(session, lang=meaning)
    path = library.booking_path(lang, named)
    sent = await invitations.sent(session, invitation=invitation)
    order = library.in_booking_order(lang, named)
    order.sort(key=lambda item: (item not in path, item in sent))
    progress, _ = await library.readiness(session, lang=lang, names=named)
    listed = [
        VolunteerItem(
            kind=kind,
            key=key,
            text=items[(kind, key)],
            meaning=meanings.get((kind, key)),
            meaning_audio=_heard(heard, kind, key),
            booking=(kind, key) in path,
            sent=(kind, key) in sent,
        )
        for kind, key in order
    ]
    return VolunteerPage(
        lang=lang,
        meaning=meaning,
        name=invitation.name,
        expires_at=invitation.expires_at,
        booking=prompts.progress(progress),
        items=listed,
    )


def _heard(manifest: dict, kind: RecordingKind, key: str) -> str | None:
    group = {"prompt": "prompts", "clip": "clips", "service": "services"}.get(kind.value)
    return manifest.get(group, {}).get(key) if group else None


async def record(
    session: AsyncSession, *, token: str, lang: str, kind: RecordingKind, key: str, data: bytes
) -> Recording:
    """A take sent through an invitation's link: checked, normalised, waiting for a reviewer."""
    library.checked_language(lang)  # not one of Neuvo's languages: 422, whatever the link
    invitation = await invitations.opened(session, token=token, now=clock.now())
    named = await prompts.names(session, lang=lang) if kind in library.NAMED else None
    return await invitations.record(
        session, invitation=invitation, lang=lang, item=(kind, key), data=data, names=named
    )
