"""The personal invitation: opening its link (which marks it opened and nothing else), who
to call when a typed code is wrong or the link has expired, a booking made through it, its
SMS through the outbox (once, outside quiet hours, inside the campaign's window), finding a
person by name or phone, and a person's wish never to be contacted."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

import core.db
from core import phones, tokens
from core.models import new_row
from notifications import outbox
from notifications.models import Message, MessageChannel, MessageKind, RecipientRole
from outreach import campaigns, links, retention
from outreach.errors import InvitationNotFound, NewcomerNotFound
from outreach.models import Campaign, DoNotContact, Newcomer
from scheduling.models import Organisation


async def open_link(
    session: AsyncSession, *, typed: str, now: datetime, zone: str
) -> tuple[Newcomer, Campaign]:
    """The newcomer and campaign of a personal link, marked opened the first time; an
    unknown, expired or withdrawn link raises ``InvitationNotFound``."""
    token = links.normalise(typed)
    found = None
    if token is not None:
        found = (
            await session.execute(
                select(Newcomer, Campaign)
                .join(Campaign, Campaign.id == Newcomer.campaign_id)
                .where(Newcomer.token_hash == tokens.hash_token(token))
            )
        ).first()
    if found is None:
        raise InvitationNotFound("this link is not known")
    newcomer, campaign = found
    if newcomer.do_not_contact or now >= campaigns.expires_at(campaign, zone):
        raise InvitationNotFound("this link has expired")
    if newcomer.opened_at is None:
        # Only the first opening counts; a second request racing this one changes nothing.
        await session.execute(
            update(Newcomer)
            .where(Newcomer.id == newcomer.id, Newcomer.opened_at.is_(None))
            .values(opened_at=now)
            .execution_options(synchronize_session=False)
        )
        newcomer.opened_at = now
    return newcomer, campaign


@dataclass(frozen=True, slots=True)
class Contact:
    """An organisation a person holding a letter may call: its names (fi, sv, en) and number."""

    name: str
    names: dict[str, str]
    phone: str


@dataclass(frozen=True, slots=True)
class Missing:
    """A link that opens nothing: the letter's language when the code was its own (an expired
    link), and whom to call (the letter's sender, or every organisation with a campaign on)."""

    language: str | None
    contacts: list[Contact] = field(default_factory=list)


async def missing(session: AsyncSession, *, typed: str, now: datetime) -> Missing:
    """What the page for a link that opens nothing may say: the letter's language and sender
    when the code is a real one (expired or withdrawn), else the organisations whose
    campaigns are running (a mistyped code names no one)."""
    token = links.normalise(typed)
    found = None
    if token is not None:
        found = (
            await session.execute(
                select(Newcomer.language, Campaign.organisation_id)
                .join(Campaign, Campaign.id == Newcomer.campaign_id)
                .where(Newcomer.token_hash == tokens.hash_token(token))
            )
        ).first()
    if found is not None:
        language, owners = found[0], [found[1]]
    else:
        language = None
        owners = list(
            await session.scalars(
                select(Campaign.organisation_id)
                .where(Campaign.ends_on >= now.date(), Campaign.sends_from <= now.date())
                .distinct()
            )
        )
    organisations = await session.scalars(
        select(Organisation)
        .where(Organisation.id.in_(owners), Organisation.phone_e164.is_not(None))
        .order_by(Organisation.name)
    )
    contacts = [
        Contact(name=row.name, names=dict(row.names or {}), phone=row.phone_e164 or "")
        for row in organisations
    ]
    return Missing(language=language, contacts=contacts)


def reference(secret: str, newcomer_id: UUID) -> str:
    """The signed reference to an invitation that its link hands the browser, so that a
    booking made there is credited to it (a forged one credits nothing)."""
    return f"{newcomer_id}.{_signature(secret, newcomer_id)}"


def read_reference(secret: str, value: str) -> UUID | None:
    """The newcomer a signed ``reference`` names, or None when it is missing or forged."""
    raw_id, _, signature = value.partition(".")
    try:
        newcomer_id = UUID(raw_id)
    except ValueError:
        return None
    if not tokens.constant_time_equal(signature, _signature(secret, newcomer_id)):
        return None
    return newcomer_id


def _signature(secret: str, newcomer_id: UUID) -> str:
    return tokens.sign(secret, f"invite-cookie:{newcomer_id}")


async def record_booking(
    session: AsyncSession, *, newcomer_id: UUID, booking_id: UUID, now: datetime
) -> bool:
    """Credit the newcomer's invitation with a booking made through its link (the first one
    only); return whether it was credited."""
    result = await session.execute(
        update(Newcomer)
        .where(
            Newcomer.id == newcomer_id,
            Newcomer.booking_id.is_(None),
            Newcomer.do_not_contact.is_(False),
        )
        .values(booking_id=booking_id, booked_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)


async def queue_sms(session: AsyncSession, *, campaign: Campaign, now: datetime, zone: str) -> int:
    """Put one invitation SMS per newcomer with a mobile number into the outbox, due when
    the campaign's window opens and outside the quiet hours; a newcomer who has one already
    never gets another (the key is the newcomer's). Return how many were put."""
    waiting = list(
        await session.scalars(
            select(Newcomer).where(
                Newcomer.campaign_id == campaign.id,
                Newcomer.sms_message_id.is_(None),
                Newcomer.phone_e164.is_not(None),
                Newcomer.do_not_contact.is_(False),
                Newcomer.erased_at.is_(None),
            )
        )
    )
    opens = datetime.combine(campaign.sends_from, time(0), tzinfo=ZoneInfo(zone)).astimezone(UTC)
    due = outbox.outside_quiet_hours(max(now, opens), None, ZoneInfo(zone))
    if due >= campaigns.expires_at(campaign, zone):
        return 0
    rows, marks = [], []
    for newcomer in waiting:
        found = campaigns.text(campaign, "sms", newcomer.language) or campaigns.text(
            campaign, "sms", campaign.national_language
        )
        assert found is not None  # the national languages always have a text
        language, text = found
        row = new_row(
            Message,
            kind=MessageKind.INVITATION,
            channel=MessageChannel.SMS,
            recipient_role=RecipientRole.CLIENT,
            recipient=newcomer.phone_e164,
            language=language,
            zone=zone,
            due_at=due,
            idempotency_key=f"invitation:{newcomer.id}",
            organisation_id=campaign.organisation_id,
            params={
                "text": text["text"],
                "reviewed": text["reviewed"],
                "newcomer_id": str(newcomer.id),
                "link_salt": newcomer.link_salt,
            },
        )
        rows.append(row)
        marks.append({"n_id": newcomer.id, "n_message": row["id"]})
    if not rows:
        return 0
    await core.db.flush_pending(session)
    connection = await session.connection()
    await connection.execute(insert(Message), rows)
    await connection.execute(_MARK_SMS, marks)
    return len(rows)


_table = Newcomer.__table__
_MARK_SMS = (
    _table.update()
    .where(_table.c.id == bindparam("n_id"), _table.c.sms_message_id.is_(None))
    .values(sms_message_id=bindparam("n_message"))
)


async def do_not_contact(
    session: AsyncSession, *, campaign: Campaign, newcomer_id: UUID, now: datetime
) -> None:
    """The person asked never to be contacted: keep their key so that no later file brings
    them back, remove their data and take back an SMS not yet sent."""
    newcomer = await session.get(Newcomer, newcomer_id)
    if newcomer is None or newcomer.campaign_id != campaign.id:
        raise NewcomerNotFound("no such newcomer in this campaign", newcomer_id=newcomer_id)
    taken = await session.scalar(
        select(DoNotContact.id).where(
            DoNotContact.organisation_id == campaign.organisation_id,
            DoNotContact.person_key == newcomer.person_key,
        )
    )
    if taken is None:
        session.add(
            DoNotContact(organisation_id=campaign.organisation_id, person_key=newcomer.person_key)
        )
    newcomer.do_not_contact = True
    await session.flush()
    await retention.erase(session, newcomer_ids=[newcomer.id], now=now)


FOUND_AT_MOST = 20


async def find(session: AsyncSession, *, campaign: Campaign, query: str) -> list[Newcomer]:
    """The campaign's newcomers (data not yet removed) whose phone number is ``query``, or
    whose names contain it; at most ``FOUND_AT_MOST``, by name."""
    query = query.strip()
    try:
        wanted = Newcomer.phone_e164 == phones.e164(phones.parse(query))
    except ValueError:
        pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        wanted = or_(
            Newcomer.last_name.ilike(pattern, escape="\\"),
            Newcomer.first_names.ilike(pattern, escape="\\"),
        )
    return list(
        await session.scalars(
            select(Newcomer)
            .where(Newcomer.campaign_id == campaign.id, Newcomer.erased_at.is_(None), wanted)
            .order_by(Newcomer.last_name, Newcomer.first_names)
            .limit(FOUND_AT_MOST)
        )
    )
