"""The browser tests' clock does not follow the wall clock. At every hour of a day the clocks
change, a process on a demo database stands at the demo's moment (a weekday morning), where a
client's confirmation SMS is due at once; on the wall clock at 04:10 Helsinki the same SMS
waits for the morning, which is how the keyboard test failed when the suite ran at night."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core import clock
from notifications import outbox
from tests import demo_db

HELSINKI = ZoneInfo("Europe/Helsinki")
# Sunday 25 October 2026 in Helsinki: 25 hours, 03.00-04.00 twice.
DST_DAY = [
    datetime(2026, 10, 24, 21, tzinfo=UTC) + timedelta(hours=hour, minutes=10) for hour in range(25)
]


def _local(at: datetime) -> str:
    return at.astimezone(HELSINKI).strftime("%H.%M%z")


def _wall_clock_at(monkeypatch: pytest.MonkeyPatch, wall: datetime) -> None:
    """Make ``datetime.now()`` inside the clock module answer ``wall``."""

    class Wall(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return wall.astimezone(tz) if tz else wall.replace(tzinfo=None)

    monkeypatch.setattr(clock, "datetime", Wall)


@pytest.mark.parametrize("wall", DST_DAY, ids=_local)
def test_a_demo_process_stands_at_the_demo_moment_at_every_hour_of_a_dst_day(monkeypatch, wall):
    demo_env = demo_db.sqlite_env(Path("unused.db"))  # what a demo process is started with
    monkeypatch.setattr(clock, "_set", clock.set_from(demo_env))
    _wall_clock_at(monkeypatch, wall)
    now = clock.now()
    assert abs(now - demo_db.now()) < timedelta(seconds=5)
    assert now.astimezone(HELSINKI).date() == demo_db.START.date()
    tomorrow = now + timedelta(days=1)
    assert outbox.outside_quiet_hours(now, tomorrow, HELSINKI) == now  # sent at once


def test_the_wall_clock_would_hold_the_confirmation_until_the_morning(monkeypatch):
    monkeypatch.setattr(clock, "_set", None)
    _wall_clock_at(monkeypatch, datetime(2026, 12, 6, 4, 10, tzinfo=HELSINKI))
    now = clock.now()
    held = outbox.outside_quiet_hours(now, now + timedelta(days=1), HELSINKI)
    assert held.astimezone(HELSINKI) == datetime(2026, 12, 6, 8, tzinfo=HELSINKI)
