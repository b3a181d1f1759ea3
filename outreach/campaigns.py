"""Campaigns: which municipalities, which service the invitation books, the texts per
language and the sending window; each belongs to one organisation."""

from datetime import UTC, datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from access.models import Role
from outreach import texts, wording
from outreach.errors import CampaignNotFound, InvalidCampaign
from outreach.models import Campaign
from outreach.schemas import CampaignCreate
from scheduling.models import Municipality, Service

# Municipalities whose majority language is Swedish (Åland and the Swedish-speaking coast):
# their letters are in Swedish beside the person's own language; all others in Finnish.
_ALAND = ("035", "043", "060", "062", "065", "076", "170", "295", "318", "417", "438", "478")
_ALAND_MORE = ("736", "766", "771", "941")
_OSTROBOTHNIA = ("280", "287", "288", "440", "475", "499", "545", "598", "599", "893", "946")
_SOUTH = ("149", "322", "445", "710")  # Ingå, Kimitoön, Pargas, Raseborg
SWEDISH = frozenset((*_ALAND, *_ALAND_MORE, *_OSTROBOTHNIA, *_SOUTH))


# A campaign's links stay open until it ends: a year and a day at most (a year's newcomers).
MAX_LENGTH = timedelta(days=366)


async def create(
    session: AsyncSession, *, actor: Actor | None, organisation_id: UUID, data: CampaignCreate
) -> Campaign:
    """Add a campaign to an organisation the actor administers (``None``: the command line,
    run by whoever runs the server)."""
    if actor is not None:
        actor.require_manager(organisation_id, hidden=CampaignNotFound("no such organisation"))
    if data.ends_on < data.sends_from:
        raise InvalidCampaign(
            "the campaign must end on or after its first sending day", field="ends_on"
        )
    if data.ends_on > data.sends_from + MAX_LENGTH:
        raise InvalidCampaign(
            f"a campaign lasts at most {MAX_LENGTH.days} days: its links are personal data",
            field="ends_on",
        )
    wording.check_all(data.texts)
    service = await session.get(Service, data.service_id)
    if service is None or service.organisation_id != organisation_id:
        raise InvalidCampaign("the service is not one of the organisation's", field="service_id")
    codes = sorted(set(data.municipality_codes))
    known = set(
        await session.scalars(select(Municipality.code).where(Municipality.code.in_(codes)))
    )
    if unknown := [code for code in codes if code not in known]:
        raise InvalidCampaign(
            f"unknown municipality codes: {', '.join(unknown)}", field="municipality_codes"
        )
    taken = await session.scalar(
        select(Campaign.id).where(
            Campaign.organisation_id == organisation_id, Campaign.name == data.name
        )
    )
    if taken is not None:
        raise InvalidCampaign(f"a campaign named {data.name!r} exists already", field="name")
    campaign = Campaign(
        organisation_id=organisation_id,
        name=data.name,
        service_id=data.service_id,
        municipality_codes=codes,
        national_language=data.national_language or national_language(codes),
        texts=data.texts.model_dump(),
        sends_from=data.sends_from,
        ends_on=data.ends_on,
        retention_days=data.retention_days,
        created_by_staff_id=actor.staff_id if actor else None,
    )
    session.add(campaign)
    await session.flush()
    await audit.record(
        session, actor=actor, action="create", entity="campaign", entity_id=campaign.id
    )
    return campaign


def national_language(codes: list[str]) -> str:
    """Swedish when every municipality of the campaign is Swedish-speaking, else Finnish."""
    return "sv" if codes and all(code in SWEDISH for code in codes) else "fi"


async def get(session: AsyncSession, *, actor: Actor, campaign_id: UUID) -> Campaign:
    """A campaign of the actor's organisation (admins and operators only)."""
    campaign = await session.get(Campaign, campaign_id)
    if campaign is None or not actor.sees(campaign.organisation_id):
        raise CampaignNotFound("no such campaign", campaign_id=campaign_id)
    actor.require(Role.ADMIN, Role.OPERATOR)
    return campaign


async def list_for(session: AsyncSession, *, actor: Actor) -> list[Campaign]:
    """The campaigns of the actor's organisation, newest first."""
    actor.require(Role.ADMIN, Role.OPERATOR)
    return list(
        await session.scalars(
            select(Campaign)
            .where(Campaign.organisation_id == actor.organisation_id)
            .order_by(Campaign.created_at.desc())
        )
    )


async def by_name(session: AsyncSession, *, organisation_id: UUID, name: str) -> Campaign | None:
    """The organisation's campaign called ``name``, if there is one."""
    return await session.scalar(
        select(Campaign).where(Campaign.organisation_id == organisation_id, Campaign.name == name)
    )


def expires_at(campaign: Campaign, zone: str) -> datetime:
    """When the personal links stop working: the end of the campaign's last day, local time."""
    end = datetime.combine(campaign.ends_on + timedelta(days=1), time(0), tzinfo=ZoneInfo(zone))
    return end.astimezone(UTC)


def text(campaign: Campaign, kind: str, language: str) -> tuple[str, dict[str, Any]] | None:
    """The campaign's ``kind`` ("letter" or "sms") text in ``language`` and whether it was
    reviewed: the campaign's own when it has one, else the default; None when neither."""
    own = campaign.texts.get(kind, {}).get(language)
    default = (texts.LETTER if kind == "letter" else texts.SMS).get(language)
    if own:
        merged = dict(default or {})
        merged.update(
            {"body" if kind == "letter" else "text": own["text"], "reviewed": own["reviewed"]}
        )
        return language, merged
    return (language, default) if default else None
