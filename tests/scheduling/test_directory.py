"""The directory: every write to a schedule table changes the version, in the writer's own
transaction, and a copy is never used at a version it was not made at."""

import asyncio
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import delete, select, text, update

import core.db
import migrations
from access.models import Role, StaffMember
from scheduling import directory
from scheduling.models import Absence, AvailabilityRule, Organisation
from tests import factories
from tests.conftest import is_postgres

NOW = datetime(2026, 3, 23, 8, 0, tzinfo=UTC)


async def test_every_tracked_table_has_its_trigger(session) -> None:
    if is_postgres(session):
        found = set(
            await session.scalars(
                text(
                    "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                    "WHERE t.tgname = 'schedule_changed'"
                )
            )
        )
        assert found == set(directory.TRACKED)
    else:
        names = set(
            await session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        )
        expected = {
            f"schedule_changed_{table}_{event}"
            for table in directory.TRACKED
            for event in ("insert", "update", "delete")
        }
        assert expected <= names


async def test_a_write_to_a_schedule_table_changes_the_version_and_a_rollback_restores_it(
    session,
) -> None:
    before = await directory.version(session)
    await session.execute(select(StaffMember.id).limit(1))  # reading changes nothing
    assert await directory.version(session) == before
    async with session.begin_nested() as nested:
        await factories.municipality(session, "999", "Testi")
        inside = await directory.version(session)
        assert inside != before
        await nested.rollback()
    assert await directory.version(session) == before
    organisation = await factories.organisation(session, "Versio")
    after_insert = await directory.version(session)
    await session.execute(
        update(Organisation).where(Organisation.id == organisation.id).values(name="Versio 2")
    )
    after_update = await directory.version(session)
    await session.execute(delete(Organisation).where(Organisation.id == organisation.id))
    after_delete = await directory.version(session)
    assert len({before, inside, after_insert, after_update, after_delete}) == 5


async def test_a_copy_shows_this_transactions_own_writes_and_none_that_rolled_back(
    session,
) -> None:
    organisation = await factories.organisation(session, "Kopio")
    advisor = await factories.person(session, organisation.id, Role.ADVISOR, languages=("fi",))
    async with session.begin_nested() as nested:
        session.add(
            AvailabilityRule(
                staff_id=advisor.id,
                weekday=0,
                starts=time(9),
                ends=time(12),
                channels=["video"],
            )
        )
        await session.flush()
        seen = await directory.current(session, since=NOW)
        assert len(seen.people[advisor.id].rules) == 1
        await nested.rollback()
    after = await directory.current(session, since=NOW)
    assert after.token != seen.token
    assert after.people[advisor.id].rules == ()
    assert after.people[advisor.id].speaks == frozenset({"fi"})
    assert after.people[advisor.id].roles == frozenset({Role.ADVISOR})


async def test_absences_are_complete_from_the_time_asked_for(session) -> None:
    organisation = await factories.organisation(session, "Poissa")
    advisor = await factories.person(session, organisation.id, Role.ADVISOR)
    away = (NOW - timedelta(days=10), NOW - timedelta(days=9))
    session.add(Absence(staff_id=advisor.id, starts_at=away[0], ends_at=away[1]))
    await session.flush()
    recent = await directory.current(session, since=NOW)
    assert recent.people[advisor.id].absences == ()
    # Asked about earlier times, the same version is loaded again from then.
    earlier = await directory.current(session, since=NOW - timedelta(days=11))
    assert earlier.token == recent.token
    assert earlier.people[advisor.id].absences == (away,)
    assert (await directory.current(session, since=NOW)) is earlier


async def test_people_with_the_same_hours_share_one_expansion(session) -> None:
    organisation = await factories.organisation(session, "Jaettu")
    people = [await factories.person(session, organisation.id, Role.ADVISOR) for _ in range(3)]
    for index, person in enumerate(people):
        session.add(
            AvailabilityRule(
                staff_id=person.id,
                weekday=0,
                starts=time(9 if index < 2 else 10),
                ends=time(15),
                channels=["video", "phone"],
            )
        )
    await session.flush()
    snapshot = await directory.current(session, since=NOW)
    first, second, third = (snapshot.people[person.id] for person in people)
    assert first.hours == second.hours != third.hours
    monday = NOW.date()
    hours = snapshot.hours(first, first=monday, last=monday, channel="video")
    assert snapshot.hours(second, first=monday, last=monday, channel="video") is hours
    assert hours == ((NOW - timedelta(hours=1), NOW + timedelta(hours=5)),)


async def test_a_change_committed_elsewhere_is_seen_by_the_next_reader(committed_url) -> None:
    """As with two API processes: one commits a change, the other's next search sees it."""
    first = core.db.create_engine(committed_url, pool_size=1)
    second = core.db.create_engine(committed_url, pool_size=1)
    try:
        async with core.db.session_factory(first)() as reader:
            before = await directory.current(reader, since=NOW)
            await reader.commit()
        async with core.db.transaction(core.db.session_factory(second)) as writer:
            await factories.municipality(writer, "998", "Muualla")
        async with core.db.session_factory(first)() as reader:
            after = await directory.current(reader, since=NOW)
        assert "998" not in before.municipalities
        assert "998" in after.municipalities
    finally:
        await first.dispose()
        await second.dispose()


async def test_every_database_starts_at_a_version_of_its_own(tmp_path: Path) -> None:
    """The first token is random too: two databases never share a version, so the copies of
    one are never taken for the other's."""
    versions = set()
    for name in ("one", "two"):
        url = f"sqlite+aiosqlite:///{tmp_path / name}.db"
        await asyncio.to_thread(migrations.upgrade, url)
        engine = core.db.create_engine(url)
        try:
            async with core.db.session_factory(engine)() as session:
                versions.add(await directory.version(session))
        finally:
            await engine.dispose()
    assert len(versions) == 2
