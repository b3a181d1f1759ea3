"""One Alembic history upgrades empty SQLite and PostgreSQL databases, with no drift."""

import asyncio
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

import core.db
import migrations
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
