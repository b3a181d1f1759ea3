"""UTCDateTime: aware in, aware UTC out, on SQLite and PostgreSQL alike."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import String, select
from sqlalchemy.ext.asyncio import AsyncSession

from access.models import LoginAttempt
from tests.conftest import is_postgres

HELSINKI = ZoneInfo("Europe/Helsinki")


def attempt(created_at: datetime, email_hash: str = "e" * 64) -> LoginAttempt:
    return LoginAttempt(
        created_at=created_at, email_hash=email_hash, address_hash="a" * 64, success=False
    )


async def read_back(session: AsyncSession, row: LoginAttempt) -> datetime:
    await session.flush()
    row_id = row.id
    session.expire_all()
    return (
        await session.execute(select(LoginAttempt.created_at).where(LoginAttempt.id == row_id))
    ).scalar_one()


@pytest.mark.parametrize(
    "created_at",
    [
        datetime(2026, 3, 29, 4, 0, 0, 123456, tzinfo=HELSINKI),  # first minute of EEST
        datetime(2026, 10, 25, 3, 30, tzinfo=HELSINKI, fold=1),  # the second 03:30, in EET
        datetime(2026, 1, 1, tzinfo=UTC),
    ],
)
async def test_utc_datetime_round_trips_as_aware_utc(session: AsyncSession, created_at):
    row = attempt(created_at)
    session.add(row)
    stored = await read_back(session, row)
    assert stored.tzinfo is not None
    assert stored.utcoffset().total_seconds() == 0
    # Compared in UTC: Python never calls a fold=1 ambiguous time equal across zones (PEP 495).
    assert stored == created_at.astimezone(UTC)


async def test_utc_datetime_stores_utc_wall_time_on_sqlite(session: AsyncSession):
    if is_postgres(session):
        pytest.skip("PostgreSQL keeps the instant itself (timestamptz)")
    row = attempt(datetime(2026, 10, 25, 3, 30, tzinfo=HELSINKI, fold=1))
    session.add(row)
    await session.flush()
    text_value = (
        await session.execute(
            select(LoginAttempt.created_at.cast(String)).where(LoginAttempt.id == row.id)
        )
    ).scalar_one()
    assert text_value.startswith("2026-10-25 01:30:00")


async def test_utc_datetime_compares_instants_in_sql(session: AsyncSession):
    earlier = attempt(datetime(2026, 10, 25, 3, 30, tzinfo=HELSINKI, fold=0), "1" * 64)  # 00:30Z
    later = attempt(datetime(2026, 10, 25, 3, 30, tzinfo=HELSINKI, fold=1), "2" * 64)  # 01:30Z
    session.add_all([earlier, later])
    await session.flush()
    found = (
        await session.execute(
            select(LoginAttempt.email_hash).where(
                LoginAttempt.email_hash.in_(["1" * 64, "2" * 64]),
                LoginAttempt.created_at > datetime(2026, 10, 25, 1, 0, tzinfo=UTC),
            )
        )
    ).scalars()
    assert list(found) == ["2" * 64]


async def test_utc_datetime_refuses_naive(session: AsyncSession):
    session.add(attempt(datetime(2026, 3, 29, 3, 0)))
    with pytest.raises(Exception, match="naive") as caught:
        await session.flush()
    assert isinstance(caught.value.__cause__ or caught.value, ValueError)
