"""A small regional network for scheduling tests: Oulu serves Oulu and Pudasjärvi; two
advisors work Monday to Friday 09:00–15:00 Helsinki time; one speaks Arabic."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from access.models import Role
from interpreters.models import HelperKind, InterpreterLanguage, InterpreterProfile
from scheduling.models import AvailabilityRule, Organisation, Service
from tests import factories
from tests.factories import Person

# Monday 2026-03-23 10:00 Helsinki (UTC+2): a week before clocks go forward on Sunday 29 March.
NOW = datetime(2026, 3, 23, 8, 0, tzinfo=UTC)


@dataclass
class Network:
    oulu: Organisation
    service: Service
    arabic: Person  # advisor who speaks Arabic
    finnish: Person  # advisor who speaks Finnish only
    operator: Person
    admin: Person
    outsider: Person  # admin of an organisation that serves nobody here
    interpreter: Person  # interprets Arabic into Finnish by phone and video, Mon-Fri 09-15


async def weekly(
    session: AsyncSession, staff_id: UUID, starts: time = time(9), ends: time = time(15)
):
    for weekday in range(5):
        session.add(
            AvailabilityRule(
                staff_id=staff_id,
                weekday=weekday,
                starts=starts,
                ends=ends,
                timezone="Europe/Helsinki",
                channels=["video", "phone"],
            )
        )
    await session.flush()


async def build(session: AsyncSession) -> Network:
    for code, name in (("564", "Oulu"), ("615", "Pudasjärvi"), ("598", "Pietarsaari")):
        await factories.municipality(session, code, name)
    oulu = await factories.organisation(session, "Oulun kaupunki")
    other = await factories.organisation(session, "Jakobstads stad")
    # Joined after Oulu: with the clock frozen both would be made at the same instant, and
    # "the network's first organisation" (who answers a call-back asked for no service and
    # no municipality) would be whichever row PostgreSQL's sort happened to meet first.
    other.created_at = oulu.created_at + timedelta(seconds=1)
    service = await factories.service(session, oulu.id)
    service.min_notice_minutes = 120
    await factories.agreement(session, oulu.id, "564", [service.id])
    await factories.agreement(session, oulu.id, "615", [service.id])
    arabic = await factories.person(session, oulu.id, Role.ADVISOR, languages=("fi", "ar"))
    finnish = await factories.person(session, oulu.id, Role.ADVISOR, languages=("fi",))
    for advisor in (arabic, finnish):
        await weekly(session, advisor.id)
    network = Network(
        oulu=oulu,
        service=service,
        arabic=arabic,
        finnish=finnish,
        operator=await factories.person(session, oulu.id, Role.OPERATOR),
        admin=await factories.person(session, oulu.id, Role.ADMIN),
        outsider=await factories.person(session, other.id, Role.ADMIN),
        interpreter=await interpreter(session, oulu.id, ("ar",)),
    )
    await session.commit()
    return network


async def interpreter(
    session: AsyncSession,
    organisation_id: UUID,
    languages: tuple[str, ...],
    email=None,
    starts: time = time(9),
    ends: time = time(15),
) -> Person:
    """An interpreter of ``languages`` into Finnish, by phone and video, on weekdays (09-15
    unless told)."""
    person = await factories.person(
        session, organisation_id, Role.INTERPRETER, email=email, languages=("fi", *languages)
    )
    profile = InterpreterProfile(
        staff_id=person.id,
        kind=HelperKind.INTERPRETER,
        into_languages=["fi"],
        modes=["phone", "video"],
    )
    session.add(profile)
    await session.flush()
    session.add_all(InterpreterLanguage(profile_id=profile.id, language=code) for code in languages)
    await weekly(session, person.id, starts, ends)
    return person


def search_params(network: Network, **change: Any) -> dict[str, Any]:
    return {
        "service_id": str(network.service.id),
        "municipality": "615",
        "language": "ar",
        "channel": "video",
        "from": "2026-03-24",
        "to": "2026-03-31",
        **change,
    }


def client_body(slot: str, **change: Any) -> dict[str, Any]:
    return {
        "slot": slot,
        "client": {"preferred_language": "ar", "phone": "+358401112223", **change},
    }


def on(day: date, slots: list[dict[str, Any]]) -> list[str]:
    """The local start times (HH:MM) of the slots on ``day``."""
    return [s["starts_at"][11:16] for s in slots if s["starts_at"][:10] == day.isoformat()]
