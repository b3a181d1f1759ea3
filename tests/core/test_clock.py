"""The clock: aware UTC, freezable, and strict about naive datetimes."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core import clock

HELSINKI = ZoneInfo("Europe/Helsinki")


def test_now_is_aware_utc():
    assert clock.now().tzinfo is UTC


def test_frozen_fixes_now_and_advance_moves_it():
    start = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    with clock.frozen(start) as handle:
        assert clock.now() == start
        assert clock.now() == start
        assert handle.advance(timedelta(hours=1)) == start + timedelta(hours=1)
        assert clock.now() == start + timedelta(hours=1)
    assert clock.now() != start + timedelta(hours=1)


def test_frozen_converts_a_zoned_instant_to_utc():
    with clock.frozen(datetime(2026, 6, 1, 12, tzinfo=HELSINKI)):
        assert clock.now() == datetime(2026, 6, 1, 9, tzinfo=UTC)
        assert clock.now().tzinfo is UTC


def test_nested_frozen_restores_the_outer_time():
    outer = datetime(2026, 1, 1, tzinfo=UTC)
    with clock.frozen(outer):
        with clock.frozen(datetime(2030, 1, 1, tzinfo=UTC)):
            assert clock.now().year == 2030
        assert clock.now() == outer


def test_frozen_restores_after_an_exception():
    with pytest.raises(RuntimeError), clock.frozen(datetime(2000, 1, 1, tzinfo=UTC)):
        raise RuntimeError
    assert clock.now().year > 2000


def test_frozen_refuses_a_naive_datetime():
    with pytest.raises(ValueError, match="naive"), clock.frozen(datetime(2026, 1, 1)):
        pass


def test_as_utc_refuses_naive():
    with pytest.raises(ValueError, match="naive"):
        clock.as_utc(datetime(2026, 3, 29, 3, 0))


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        # Spring forward: 03:00 EET becomes 04:00 EEST at 01:00Z on 2026-03-29.
        (datetime(2026, 3, 29, 2, 59, tzinfo=HELSINKI), datetime(2026, 3, 29, 0, 59, tzinfo=UTC)),
        (datetime(2026, 3, 29, 4, 0, tzinfo=HELSINKI), datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        # Fall back: 04:00 EEST becomes 03:00 EET at 01:00Z on 2026-10-25; 03:30 happens twice.
        (
            datetime(2026, 10, 25, 3, 30, tzinfo=HELSINKI, fold=0),
            datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
        ),
        (
            datetime(2026, 10, 25, 3, 30, tzinfo=HELSINKI, fold=1),
            datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
        ),
    ],
)
def test_as_utc_converts_helsinki_across_dst(local, utc):
    converted = clock.as_utc(local)
    assert converted.tzinfo is UTC
    assert converted == utc
