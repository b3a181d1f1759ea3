"""The demo data: real municipality codes, agreements that cover the right places and dates,
and log-ins that work."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from scheduling import agreements, demo
from scheduling.models import Municipality, Organisation, Service


@pytest.fixture
async def loaded(session):
    summary = await demo.load(session)
    await session.commit()
    return summary


async def test_demo_loads_into_an_empty_database_only(session) -> None:
    assert await demo.is_empty(session)
    await demo.load(session)
    assert not await demo.is_empty(session)


async def test_demo_has_the_official_municipality_codes(session, loaded) -> None:
    names = dict((await session.execute(select(Municipality.code, Municipality.name_fi))).all())
    assert names["564"] == "Oulu" and names["615"] == "Pudasjärvi"
    assert names["598"] == "Pietarsaari" and names["288"] == "Kruunupyy"
    assert (await session.get(Municipality, "598")).name_sv == "Jakobstad"
    assert loaded.municipalities == len(names)


async def test_demo_counts_match_the_rows(session, loaded) -> None:
    count = await session.scalar(select(func.count()).select_from(Organisation))
    assert loaded.organisations == count >= 6
    assert loaded.services == await session.scalar(select(func.count()).select_from(Service))


async def _serving(session, municipality: str, slug: str, on: date) -> list:
    services = await session.scalars(select(Service.id).where(Service.slug == slug))
    found = []
    for service_id in services:
        found += await agreements.serving_organisations(
            session, municipality_code=municipality, service_id=service_id, on=on
        )
    return found


async def test_oulu_serves_pudasjarvi_guidance_across_the_border(session, loaded) -> None:
    serving = await _serving(session, "615", "guidance", date(2026, 3, 1))
    oulu = await session.scalar(
        select(Organisation.id).where(Organisation.municipality_code == "564")
    )
    assert oulu in serving


async def test_an_ended_agreement_serves_no_more(session, loaded) -> None:
    assert await _serving(session, "305", "guidance", date(2025, 6, 1))
    assert not await _serving(session, "305", "guidance", date(2026, 3, 1))


async def test_demo_log_ins_work(client, session, loaded) -> None:
    for _, email in demo.LOGINS[:2]:
        response = await client.post(
            "/api/v1/auth/login", json={"email": email, "password": demo.DEMO_PASSWORD}
        )
        assert response.status_code == 200, (email, response.text)


async def _two_weeks(client, session, slug: str, municipality: str, language: str) -> dict:
    """The demo's video slots of service ``slug`` over the next two weeks."""
    service = await session.scalar(select(Service).where(Service.slug == slug))
    today = date.today()
    params = {
        "service_id": str(service.id),
        "municipality": municipality,
        "language": language,
        "channel": "video",
        "from": today.isoformat(),
        "to": (today + timedelta(days=13)).isoformat(),
    }
    return (await client.get("/api/v1/slots", params=params)).json()


async def test_demo_offers_arabic_slots_to_pudasjarvi_across_the_border(client, session, loaded):
    result = await _two_weeks(client, session, "guidance", "615", "ar")
    assert result["slots"] and any(slot["own_language"] for slot in result["slots"])


async def test_demo_offers_peer_guidance_in_somali_by_its_peer_counsellor(client, session, loaded):
    result = await _two_weeks(client, session, "peer-guidance", "564", "so")
    assert result["slots"] and all(slot["own_language"] for slot in result["slots"])
