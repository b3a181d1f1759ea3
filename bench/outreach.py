"""Outreach: importing a 10,000-row register file on PostgreSQL (rows a second), and one
batch PDF of 1,000 letters in ten languages (letters a second)."""

import time
from datetime import timedelta

import core.db
from bench import common
from core import clock
from outreach import campaigns, imports, letters
from outreach.schemas import CampaignCreate
from scheduling.models import Municipality, Organisation, OrganisationKind, Service

SECRET = "bench-secret-" + "x" * 40
LANGUAGES = ("ar", "fa", "ckb", "ti", "so", "uk", "ru", "fi", "sv", "en")


def _file(rows: int) -> bytes:
    today = clock.now().date()
    lines = [
        "first_names,last_name,street_address,postcode,municipality_code,mother_tongue,"
        "citizenship,moving_date,phone,email"
    ]
    for index in range(rows):
        moved = (today - timedelta(days=index % 90 + 1)).isoformat()
        phone = f"+35840{index:07d}" if index % 2 else ""
        language = LANGUAGES[index % len(LANGUAGES)]
        lines.append(
            f"Person {index},Family,Kauppurienkatu {index % 90 + 1} A {index},90100,564,"
            f"{language},SY,{moved},{phone},"
        )
    return ("\n".join(lines) + "\n").encode()


async def main(rows: int = 10_000, letter_count: int = 1_000) -> None:
    url = await common.fresh_postgres("neuvo_bench_outreach")
    engine = core.db.create_engine(url, pool_size=2)
    try:
        async with core.db.transaction(core.db.session_factory(engine)) as session:
            session.add(Municipality(code="564", name_fi="Oulu", name_sv="Uleåborg"))
            org = Organisation(name="Bench", kind=OrganisationKind.MUNICIPALITY)
            session.add(org)
            await session.flush()
            service = Service(
                organisation_id=org.id,
                slug="guidance",
                names={"fi": "Ohjaus ja neuvonta"},
                duration_minutes=45,
                channels=["phone"],
            )
            session.add(service)
            await session.flush()
            today = clock.now().date()
            campaign = await campaigns.create(
                session,
                actor=None,
                organisation_id=org.id,
                data=CampaignCreate(
                    name="Bench",
                    service_id=service.id,
                    municipality_codes=["564"],
                    sends_from=today,
                    ends_on=today + timedelta(days=30),
                ),
            )
        data = _file(rows)
        async with core.db.transaction(core.db.session_factory(engine)) as session:
            started = time.perf_counter()
            report = await imports.run(
                session, campaign=campaign, data=data, secret=SECRET, today=clock.now().date()
            )
        took = time.perf_counter() - started
        print(
            f"outreach import: {report.imported} rows in {took:.2f} s, "
            f"{report.imported / took:.0f} rows/s (PostgreSQL, committed)"
        )
        async with core.db.transaction(core.db.session_factory(engine)) as session:
            # The batch of the first ``letter_count`` people (the rest stay for another).
            campaign_row = await session.get(type(campaign), campaign.id)
            started, cpu = time.perf_counter(), time.process_time()
            batch = await letters.batch(
                session,
                campaign=campaign_row,
                base_url="https://neuvo.example.fi",
                secret=SECRET,
                limit=letter_count,
            )
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"outreach letters: {batch.count} letters, {len(batch.pdf) / 1e6:.1f} MB PDF in "
            f"{took:.2f} s, {batch.count / took:.0f} letters/s "
            f"(CPU {cpu:.2f} s, {batch.count / cpu:.0f} letters/s of CPU) "
            f"(machine speed {common.machine_speed():.0f} ms)"
        )
    finally:
        await engine.dispose()


if __name__ == "__main__":
    import asyncio

    asyncio.run(main())
