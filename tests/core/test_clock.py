"""The clock: aware UTC, freezable, and strict about naive datetimes."""

import os
import subprocess
import sys
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


def test_neuvo_clock_sets_the_start_and_the_clock_runs_on_from_it():
    start = datetime(2026, 10, 25, 3, 30, tzinfo=HELSINKI)
    found = clock.set_from({"NEUVO_CLOCK": start.isoformat(), "NEUVO_ENV": "test"})
    assert found is not None
    assert found[0] == start.astimezone(UTC)
    assert found[0].tzinfo is UTC


@pytest.mark.parametrize("environment", [None, "production", ""])
def test_neuvo_clock_is_refused_outside_test_and_development(environment):
    environ = {"NEUVO_CLOCK": "2026-12-09T10:00:00+02:00"}
    if environment is not None:
        environ["NEUVO_ENV"] = environment
    with pytest.raises(RuntimeError, match="NEUVO_ENV must be test or development"):
        clock.set_from(environ)


def test_a_naive_neuvo_clock_is_refused():
    with pytest.raises(ValueError, match="naive"):
        clock.set_from({"NEUVO_CLOCK": "2026-12-09T10:00:00", "NEUVO_ENV": "development"})


def test_without_neuvo_clock_nothing_is_set():
    assert clock.set_from({"NEUVO_ENV": "production"}) is None


def _now_in_a_process(**environ: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"NEUVO_CLOCK", "NEUVO_ENV"}}
    env.update(environ)
    return subprocess.run(
        [sys.executable, "-c", "from core import clock; print(clock.now().isoformat())"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_process_started_with_neuvo_clock_runs_from_that_instant():
    done = _now_in_a_process(NEUVO_CLOCK="2026-10-25T03:30:00+03:00", NEUVO_ENV="development")
    assert done.returncode == 0, done.stderr
    seen = datetime.fromisoformat(done.stdout.strip())
    assert timedelta(0) <= seen - datetime(2026, 10, 25, 0, 30, tzinfo=UTC) < timedelta(seconds=30)


def test_a_production_process_with_neuvo_clock_refuses_to_start():
    done = _now_in_a_process(NEUVO_CLOCK="2026-10-25T03:30:00+03:00", NEUVO_ENV="production")
    assert done.returncode != 0
    assert "NEUVO_ENV must be test or development" in done.stderr
