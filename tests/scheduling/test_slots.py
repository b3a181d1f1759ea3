"""Slots: ``compute`` against a brute-force model, and a booking's re-check of one slot
(``SlotQuery.at``) against the full search it came from."""

from datetime import UTC, date, datetime, time, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import core.db
from core import clock
from scheduling import intervals, slots
from scheduling.models import AvailabilityRule
from tests import factories
from tests.api import scheduling_world as sw
from tests.scheduling.test_intervals import at, spans

LENGTH = 20  # minutes: a 15-minute session and a 5-minute buffer
candidate = st.tuples(spans, spans, st.booleans()).map(
    lambda parts: slots.Candidate(
        intervals.normalise(parts[0]), intervals.normalise(parts[1]), parts[2]
    )
)


def _shared(people: list[slots.Candidate], pattern: list[int]) -> list[slots.Candidate]:
    """As search builds them: some advisors share one windows list (the same hours)."""
    return [
        slots.Candidate(people[source % len(people)].windows, person.busy, person.speaks)
        if source < len(people) and source != index
        else person
        for index, (person, source) in enumerate(zip(people, pattern, strict=False))
    ] + people[len(pattern) :]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(candidate, max_size=6),
    st.integers(0, 300),
    st.integers(0, 300),
    st.sampled_from([None, 5, 10, 15, 20, 25]),
    st.lists(st.integers(0, 8), max_size=6),
)
def test_compute_gives_each_grid_start_whose_whole_length_is_free(
    people, earliest: int, latest: int, step: int | None, pattern: list[int]
) -> None:
    """Starts every ``step`` minutes from each window's start (back to back without one), each
    with the whole length free; the advisors of a slot in the order of the candidates."""
    candidates = {uuid4(): person for person in _shared(people, pattern)}
    found = slots.compute(
        candidates,
        duration=timedelta(minutes=15),
        buffer=timedelta(minutes=5),
        earliest=at(earliest),
        latest=at(latest),
        step=None if step is None else timedelta(minutes=step),
    )
    expected: dict[object, list] = {}
    for advisor_id, person in candidates.items():
        for window_start, window_end in person.windows:
            start = window_start
            while start + timedelta(minutes=LENGTH) <= window_end:
                end = start + timedelta(minutes=LENGTH)
                if at(earliest) <= start <= at(latest) and not intervals.overlaps(
                    person.busy, start, end
                ):
                    expected.setdefault(start, []).append(advisor_id)
                start += timedelta(minutes=step or LENGTH)
    assert [slot.starts_at for slot in found] == sorted(expected)
    for slot in found:
        assert slot.ends_at == slot.starts_at + timedelta(minutes=15)
        assert slot.advisors == tuple(expected[slot.starts_at])
        assert slot.own_language == tuple(a for a in slot.advisors if candidates[a].speaks)


@pytest.fixture
async def network(session):
    with clock.frozen(sw.NOW):
        return await sw.build(session)


ZONE = "Europe/Helsinki"


def _query(network, day: date, **change) -> slots.SlotQuery:
    return slots.SlotQuery(
        service_id=network.service.id,
        municipality_code="615",
        language="ar",
        channel="video",
        first=day,
        last=day,
        **change,
    )


async def _search(session, network, day: date, **change) -> slots.SearchResult:
    return await slots.search(session, query=_query(network, day, **change), now=sw.NOW, zone=ZONE)


async def test_the_recheck_of_one_slot_agrees_with_the_search_of_its_day(session, network):
    day = date(2026, 3, 30)  # the Monday after clocks went forward
    with clock.frozen(sw.NOW):
        # A week after NOW: 11:00 local that Monday, for the Arabic-speaking advisor.
        taken = await factories.booking(session, network.service, network.arabic)
    assert taken.starts_at.astimezone(ZoneInfo(ZONE)) == datetime(
        2026, 3, 30, 11, tzinfo=ZoneInfo(ZONE)
    )
    full = (await _search(session, network, day)).slots
    assert len(full) == 6
    for slot in full:
        assert (await _search(session, network, day, at=slot.starts_at)).slots == [slot]
    eleven = next(slot for slot in full if slot.starts_at == taken.starts_at)
    assert eleven.advisors == (network.finnish.id,)
    assert eleven.own_language == ()
    # Between two slots of the grid, and outside the hours, there is nothing to book.
    for instant in (taken.starts_at + timedelta(minutes=30), taken.starts_at + timedelta(hours=9)):
        assert (await _search(session, network, day, at=instant)).slots == []


async def _sunday_hours(session, network) -> None:
    """Opening hours 00:00–06:00 on Sundays, so that both nights the clocks change fall
    inside them; slots every 15 minutes."""
    session.add(
        AvailabilityRule(
            staff_id=network.arabic.id,
            weekday=6,
            starts=time(0),
            ends=time(6),
            timezone=ZONE,
            channels=["video"],
        )
    )
    network.service.slot_step_minutes = 15
    network.service.horizon_days = 366  # October too
    await session.flush()


@pytest.mark.parametrize("day", [date(2026, 3, 29), date(2026, 10, 25), date(2026, 3, 30)])
async def test_a_15_minute_step_gives_the_starts_a_brute_force_gives(session, network, day):
    """Every elapsed 15 minutes from the window's start (03:00 never happens in March and
    03:30 comes twice in October), each with the whole length free of busy time."""
    await _sunday_hours(session, network)
    with clock.frozen(sw.NOW):
        taken = await factories.booking(session, network.service, network.arabic)
    length = timedelta(minutes=network.service.duration_minutes + network.service.buffer_minutes)
    found = await _search(session, network, day, staff_id=network.arabic.id)
    local = ZoneInfo(ZONE)
    rules = {6: (time(0), time(6))} if day.weekday() == 6 else {day.weekday(): (time(9), time(15))}
    opens, closes = rules[day.weekday()]
    window = (
        datetime.combine(day, opens, local).astimezone(UTC),
        datetime.combine(day, closes, local).astimezone(UTC),
    )
    expected = []
    minute = window[0]
    while minute + length <= window[1]:
        free = not (minute < taken.ends_at and taken.starts_at < minute + length)
        if (minute - window[0]) % timedelta(minutes=15) == timedelta(0) and free:
            expected.append(minute)
        minute += timedelta(minutes=5)
    assert [slot.starts_at for slot in found.slots] == expected
    assert expected, "the day has slots"
    for start in expected[:3]:
        recheck = await _search(session, network, day, staff_id=network.arabic.id, at=start)
        assert [slot.starts_at for slot in recheck.slots] == [start]
    off_grid = await _search(
        session, network, day, staff_id=network.arabic.id, at=expected[0] + timedelta(minutes=5)
    )
    assert off_grid.slots == []


async def test_a_booking_made_between_two_searches_is_seen_by_the_second(committed_url):
    """As with two API processes: one books, the other's next search no longer offers it."""
    first = core.db.create_engine(committed_url, pool_size=1)
    second = core.db.create_engine(committed_url, pool_size=1)
    day = date(2026, 3, 30)
    try:
        async with core.db.session_factory(second)() as session:
            with clock.frozen(sw.NOW):
                network = await sw.build(session)

        async def search() -> list[slots.Slot]:
            async with core.db.session_factory(first, write=False)() as session:
                return (await _search(session, network, day)).slots

        before = await search()
        async with core.db.session_factory(second)() as session:
            with clock.frozen(sw.NOW):
                taken = await factories.booking(session, network.service, network.arabic)
            await session.commit()
        after = await search()
        at_eleven = {slot.starts_at: slot.advisors for slot in before}[taken.starts_at]
        assert network.arabic.id in at_eleven
        assert {slot.starts_at: slot.advisors for slot in after}[taken.starts_at] == (
            network.finnish.id,
        )
    finally:
        await first.dispose()
        await second.dispose()
