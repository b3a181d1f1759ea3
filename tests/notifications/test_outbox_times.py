"""When reminders fall due, and how quiet hours move them, on ordinary and DST days."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from notifications.outbox import outside_quiet_hours, reminder_time

HELSINKI = ZoneInfo("Europe/Helsinki")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=HELSINKI)


@pytest.mark.parametrize(
    ("session_local", "minutes", "due_local"),
    [
        # An ordinary Tuesday: a day before is 10:00 on Monday, two hours before is 08:00.
        ((2026, 3, 24, 10), 24 * 60, (2026, 3, 23, 10)),
        ((2026, 3, 24, 10), 120, (2026, 3, 24, 8)),
        # Clocks jump forward in the night to Sunday 29 March: "a day before" a Monday 10:00
        # session is still 10:00 local on Sunday, and Sunday 10:00 is Saturday 10:00.
        ((2026, 3, 30, 10), 24 * 60, (2026, 3, 29, 10)),
        ((2026, 3, 29, 10), 24 * 60, (2026, 3, 28, 10)),
        # Two hours before 05:00 on that Sunday is 02:00: only one real hour and a jump lie
        # between 02:00 and 05:00 local, yet two real hours pass.
        ((2026, 3, 29, 5), 120, (2026, 3, 29, 2)),
        # Clocks go back in the night to Sunday 25 October.
        ((2026, 10, 26, 10), 24 * 60, (2026, 10, 25, 10)),
        ((2026, 10, 25, 10), 24 * 60, (2026, 10, 24, 10)),
        ((2026, 10, 25, 12), 2 * 24 * 60 + 30, (2026, 10, 23, 11, 30)),
    ],
)
def test_reminders_keep_the_local_time_across_dst(session_local, minutes, due_local) -> None:
    starts_at = local(*session_local).astimezone(UTC)
    due = reminder_time(starts_at, minutes, HELSINKI)
    assert due.tzinfo is UTC
    assert due.astimezone(HELSINKI).replace(tzinfo=None) == datetime(*due_local)


def test_two_hours_before_counts_real_time_over_the_repeated_hour() -> None:
    starts_at = local(2026, 10, 25, 5).astimezone(UTC)  # 03:00 UTC
    due = reminder_time(starts_at, 120, HELSINKI)
    assert due == datetime(2026, 10, 25, 1, tzinfo=UTC)  # 03:00 local, the first (EEST) one


@pytest.mark.parametrize(
    ("due_local", "session_local", "expected_local"),
    [
        ((2026, 3, 23, 12), (2026, 3, 24, 12), (2026, 3, 23, 12)),  # daytime: as it is
        ((2026, 3, 23, 20, 59), (2026, 3, 24, 12), (2026, 3, 23, 20, 59)),
        ((2026, 3, 23, 21), (2026, 3, 24, 12), (2026, 3, 24, 8)),  # evening: next morning
        ((2026, 3, 24, 3), (2026, 3, 24, 12), (2026, 3, 24, 8)),  # night: this morning
        ((2026, 3, 24, 7, 59), (2026, 3, 24, 12), (2026, 3, 24, 8)),
        ((2026, 3, 23, 22), (2026, 3, 24, 7, 30), (2026, 3, 23, 22)),  # session sooner
        ((2026, 3, 23, 22), (2026, 3, 24, 8), (2026, 3, 23, 22)),  # ... or at 08:00
        # The night the clocks jump: 08:00 is EEST (05:00 UTC), not EET.
        ((2026, 3, 28, 23), (2026, 3, 29, 12), (2026, 3, 29, 8)),
        ((2026, 10, 24, 23), (2026, 10, 25, 12), (2026, 10, 25, 8)),
    ],
)
def test_quiet_hours_move_client_sms_to_the_morning(
    due_local, session_local, expected_local
) -> None:
    due = local(*due_local).astimezone(UTC)
    starts_at = local(*session_local).astimezone(UTC)
    moved = outside_quiet_hours(due, starts_at, HELSINKI)
    assert moved.astimezone(HELSINKI).replace(tzinfo=None) == datetime(*expected_local)
    assert moved.astimezone(HELSINKI).utcoffset() == local(*expected_local).utcoffset()
