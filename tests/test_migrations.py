"""One Alembic history upgrades empty SQLite and PostgreSQL databases, with no drift."""

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Uuid, bindparam, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

import core.db
import migrations
from access.models import AuditEvent, Role
from core.types import UTCDateTime
from interpreters.models import ExcludedInterpreter, InterpreterWish
from scheduling.models import (
    Booking,
    BusyInterval,
    Client,
    Organisation,
    OrganisationKind,
    Service,
)
from tests import factories
from tests.conftest import create_postgres_database, drop_postgres_database


async def _tables(url: str) -> set[str]:
    engine = core.db.create_engine(url, pool_size=1)
    try:
        async with engine.connect() as connection:
            return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await engine.dispose()


def _round_trip(url: str) -> None:
    config = migrations.alembic_config(url)
    command.upgrade(config, "head")
    command.check(config)  # raises when the models and the migrations disagree
    command.downgrade(config, "base")
    command.upgrade(config, "head")


def test_history_is_one_line() -> None:
    script = ScriptDirectory.from_config(migrations.alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1
    assert len(script.get_bases()) == 1


async def test_sqlite_upgrades_from_empty_with_no_drift(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
    await asyncio.to_thread(_round_trip, url)
    expected = set(SQLModel.metadata.tables)
    assert expected <= await _tables(url)


@pytest.mark.postgres
async def test_postgres_upgrades_from_empty_with_no_drift(postgres_admin: str) -> None:
    url = await create_postgres_database(postgres_admin)
    try:
        await asyncio.to_thread(_round_trip, url)
        assert set(SQLModel.metadata.tables) <= await _tables(url)
    finally:
        await drop_postgres_database(postgres_admin, url)


@pytest.fixture(params=["sqlite", "postgresql"])
async def before_identity(request: pytest.FixtureRequest, tmp_path: Path):
    """A database of each backend upgraded to just before the client identity migration."""
    previous = ScriptDirectory.from_config(migrations.alembic_config("sqlite://")).get_revision(
        "0014"
    )
    assert previous is not None
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'merge.db'}"
        await asyncio.to_thread(migrations.upgrade, url, previous.down_revision)
        yield url
        return
    admin = request.getfixturevalue("postgres_admin")
    url = await create_postgres_database(admin)
    try:
        await asyncio.to_thread(migrations.upgrade, url, previous.down_revision)
        yield url
    finally:
        await drop_postgres_database(admin, url)


async def _organisation_at_0013(session, name: str) -> Organisation:
    """An organisation row with only the columns revision 0013 has (later ones add more)."""
    organisation_id = uuid4()
    await session.execute(
        text(
            "INSERT INTO organisations (id, name, kind, timezone, created_at) "
            "VALUES (:id, :name, 'municipality', 'Europe/Helsinki', :at)"
        ).bindparams(bindparam("id", type_=Uuid()), bindparam("at", type_=UTCDateTime)),
        {"id": organisation_id, "name": name, "at": datetime.now(UTC)},
    )
    return Organisation(id=organisation_id, name=name, kind=OrganisationKind.MUNICIPALITY)


async def _municipality_at_0013(session, code: str, name: str) -> None:
    """A municipality row with only the columns revision 0013 has (0018 adds the region's)."""
    await session.execute(
        text(
            "INSERT INTO municipalities (code, name_fi, name_sv, created_at) "
            "VALUES (:code, :name, :name, :at)"
        ).bindparams(bindparam("at", type_=UTCDateTime)),
        {"code": code, "name": name, "at": datetime.now(UTC)},
    )


async def _service_at_0013(session, organisation_id) -> Service:
    """A service row with only the columns revision 0013 has (later ones add more)."""
    service = Service(
        id=uuid4(),
        organisation_id=organisation_id,
        slug="guidance",
        names={"fi": "Ohjaus ja neuvonta"},
        duration_minutes=45,
        buffer_minutes=15,
        channels=["video", "phone"],
    )
    await session.execute(
        text(
            "INSERT INTO services (id, organisation_id, slug, names, duration_minutes, "
            "buffer_minutes, channels, min_notice_minutes, horizon_days, reminder_minutes, "
            "peer_guidance, active, created_at) VALUES (:id, :org, 'guidance', "
            '\'{"fi": "Ohjaus ja neuvonta"}\', 45, 15, \'["video", "phone"]\', 0, 60, '
            "'[1440, 120]', false, true, :at)"
        ).bindparams(
            bindparam("id", type_=Uuid()),
            bindparam("org", type_=Uuid()),
            bindparam("at", type_=UTCDateTime),
        ),
        {"id": service.id, "org": organisation_id, "at": datetime.now(UTC)},
    )
    return service


async def _duplicated_people(session) -> dict:
    """Three rows of one phone (two booked at once), two of one e-mail, one of another."""
    await _municipality_at_0013(session, "615", "Pudasjärvi")
    oulu = await _organisation_at_0013(session, "Oulun kaupunki")
    service = await _service_at_0013(session, oulu.id)
    first, second = [await factories.person(session, oulu.id, Role.ADVISOR) for _ in "ab"]
    interpreters = [await factories.person(session, oulu.id, Role.INTERPRETER) for _ in "xy"]
    made = datetime(2026, 1, 1, tzinfo=UTC)
    rows = {}
    for name, phone, email in [
        ("a1", "+358401110000", None),
        ("a2", "+358401110000", "a2@example.fi"),
        ("a3", "+358401110000", None),
        ("e1", None, "Mai@Example.fi"),
        ("e2", None, "mai@example.FI"),
        ("u", "+358409990000", None),
    ]:
        made += timedelta(hours=1)
        rows[name] = Client(preferred_language="ar", phone_e164=phone, email=email, created_at=made)
    session.add_all(rows.values())
    await session.flush()
    at = datetime(2026, 12, 7, 8, tzinfo=UTC)
    for name, advisor, starts_at in [
        ("a1", first, at),
        ("a2", second, at),
        ("a3", first, at + timedelta(hours=2)),
    ]:
        made += timedelta(hours=1)
        row = factories.booking_row(service, advisor, rows[name].id, starts_at, created_at=made)
        # Only the columns revision 0013 has (0022, 0023 and 0026 add more).
        at_0013 = {
            key: value
            for key, value in row.items()
            if not key.startswith("short_code")
            and key not in ("interpreter_accepted_at", "reminder_by")
        }
        await session.execute(insert(Booking), [at_0013])
        for person_id, role in ((advisor.id, "advisor"), (rows[name].id, "client")):
            session.add(
                BusyInterval(
                    booking_id=row["id"],
                    person_id=person_id,
                    role=role,
                    starts_at=starts_at,
                    ends_at=row["ends_at"],
                )
            )
        rows[f"booking_{name}"] = row["id"]
    session.add_all(
        [
            InterpreterWish(client_id=rows["a2"].id, gender="female"),
            InterpreterWish(client_id=rows["a3"].id, gender="male"),
            ExcludedInterpreter(client_id=rows["a2"].id, interpreter_id=interpreters[0].id),
            ExcludedInterpreter(client_id=rows["a3"].id, interpreter_id=interpreters[1].id),
            AuditEvent(action="read", entity="client", entity_id="x", client_id=rows["a2"].id),
        ]
    )
    await session.commit()
    return {"interpreters": {i.id for i in interpreters}, **rows}


async def test_client_identity_merges_each_persons_rows_into_the_oldest(before_identity) -> None:
    engine = core.db.create_engine(before_identity, pool_size=1)
    try:
        async with core.db.session_factory(engine)() as session:
            made = await _duplicated_people(session)
        await asyncio.to_thread(migrations.upgrade, before_identity, "0014")
        async with core.db.session_factory(engine)() as session:
            ids = set(await session.scalars(select(Client.id)))
            keeper, by_email = made["a1"].id, made["e1"].id
            assert ids == {keeper, by_email, made["u"].id}
            assert await session.scalar(select(Client.email).where(Client.id == by_email)) == (
                "mai@example.fi"
            )
            assert set(await session.scalars(select(Booking.client_id))) == {keeper}
            client_busy = (
                await session.execute(
                    select(
                        BusyInterval.booking_id, BusyInterval.person_id, BusyInterval.active
                    ).where(BusyInterval.role == "client")
                )
            ).all()
            assert {(b, p, a) for b, p, a in client_busy} == {
                (made["booking_a1"], keeper, True),
                (made["booking_a2"], keeper, False),  # booked at the same time, later
                (made["booking_a3"], keeper, True),
            }
            wish = await session.get(InterpreterWish, keeper)
            assert wish is not None and wish.gender == "male"  # the newest duplicate's
            excluded = await session.scalars(select(ExcludedInterpreter.interpreter_id))
            assert set(excluded) == made["interpreters"]
            assert set(await session.scalars(select(AuditEvent.client_id))) == {keeper}
            session.add(Client(preferred_language="fi", phone_e164="+358401110000"))
            with pytest.raises(IntegrityError):
                await session.flush()
    finally:
        await engine.dispose()


async def test_sqlite_keeps_one_open_callback_request_per_number_after_0034(
    tmp_path: Path,
) -> None:
    """0034 rebuilds callback_requests on SQLite for its new sources; the one-open-request
    index (which the rebuild cannot carry over) is made again, and the sources are allowed."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'sources.db'}"
    await asyncio.to_thread(command.upgrade, migrations.alembic_config(url), "head")
    engine = core.db.create_engine(url, pool_size=1)
    try:
        async with engine.connect() as connection:
            found = await connection.execute(
                text(
                    "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'callback_requests'"
                )
            )
            rows = {name: (kind, sql) for kind, name, sql in found}
    finally:
        await engine.dispose()
    kind, sql = rows["ix_callback_requests_one_open"]
    assert kind == "index" and "UNIQUE" in sql and "status = 'open'" in sql
    assert "'remind'" in rows["callback_requests"][1]
    assert "'reminder_changed'" in rows["callback_requests"][1]


async def test_sqlite_keeps_one_open_callback_request_per_number_after_0035(
    tmp_path: Path,
) -> None:
    """0035 rebuilds callback_requests on SQLite for the status "lapsed": the one-open-request
    index is made again, a lapsed request no longer holds it, and booking_id is indexed."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'lapsed.db'}"
    await asyncio.to_thread(command.upgrade, migrations.alembic_config(url), "head")
    engine = core.db.create_engine(url, pool_size=1)
    try:
        async with engine.begin() as connection:
            found = await connection.execute(
                text(
                    "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'callback_requests'"
                )
            )
            rows = {name: (kind, sql) for kind, name, sql in found}
            organisation = uuid4()
            await connection.execute(
                insert(Organisation).values(
                    id=organisation,
                    name="Oulu",
                    kind=OrganisationKind.MUNICIPALITY,
                    created_at=datetime.now(UTC),
                )
            )
            row = (
                "INSERT INTO callback_requests (id, created_at, organisation_id, language,"
                " phone_e164, source, status, attempts, next_attempt_at)"
                " VALUES (:id, :at, :org, 'ar', '+358401112223', 'remind', :status, 0, :at)"
            )
            values = {"at": datetime.now(UTC), "org": organisation.hex}
            await connection.execute(text(row), values | {"id": uuid4().hex, "status": "lapsed"})
            await connection.execute(text(row), values | {"id": uuid4().hex, "status": "open"})
            with pytest.raises(IntegrityError):  # a second open one for the same number
                async with connection.begin_nested():
                    await connection.execute(
                        text(row), values | {"id": uuid4().hex, "status": "open"}
                    )
    finally:
        await engine.dispose()
    kind, sql = rows["ix_callback_requests_one_open"]
    assert kind == "index" and "UNIQUE" in sql and "status = 'open'" in sql
    assert "'lapsed'" in rows["callback_requests"][1]
    assert rows["ix_callback_requests_booking_id"][0] == "index"
