"""The dense region's bookings: every one inside the searched fortnight, at any five minutes
of the advisor's hours, so that a busy season's search reads about 9,200 busy intervals."""

import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall

from sqlalchemy import insert

from bench import common
from scheduling.models import Booking, BusyInterval, Client

LENGTH = timedelta(minutes=45)


def three_patterns(index: int) -> list[tuple[wall, wall]]:
    """08–16, 09–15, or 08–12 and 13–16, by turns."""
    return (
        [(wall(8), wall(16))],
        [(wall(9), wall(15))],
        [(wall(8), wall(12)), (wall(13), wall(16))],
    )[index % 3]


async def bookings(conn, rng, advisors, service_id, orgs, *, count, first, hours) -> None:  # type: ignore[no-untyped-def]
    """``count`` bookings of 45 minutes on the weekdays of the fortnight from ``first``; each
    advisor's overlapping ones share one busy interval (the first booking's)."""
    weekdays = [first + timedelta(days=d) for d in range(14)]
    weekdays = [day for day in weekdays if day.weekday() < 5]
    clients, rows = [], []
    taken: dict[tuple[int, date], list[tuple[datetime, uuid.UUID]]] = defaultdict(list)
    for _ in range(count):
        index, day = rng.randrange(len(advisors)), rng.choice(weekdays)
        starts = [
            minute
            for begin, end in hours(index)
            for minute in range(begin.hour * 60, end.hour * 60 - 45 + 1, 5)
        ]
        minute = rng.choice(starts)
        local = datetime.combine(day, wall(minute // 60, minute % 60), common.HELSINKI)
        start = local.astimezone(UTC)
        client_id, booking_id = uuid.uuid4(), uuid.uuid4()
        clients.append(common.client_row(client_id))
        organisation_id = orgs[index % len(orgs)]["id"]
        rows.append(
            common.booking_row(
                booking_id, service_id, client_id, advisors[index], organisation_id, start, LENGTH
            )
        )
        taken[(index, day)].append((start, booking_id))
    busy = []
    for (index, _day), held in taken.items():
        held.sort()
        for start, booking_id in held:
            if busy and busy[-1]["person_id"] == advisors[index] and start <= busy[-1]["ends_at"]:
                busy[-1]["ends_at"] = max(busy[-1]["ends_at"], start + LENGTH)
                continue
            busy.append(
                dict(
                    id=uuid.uuid4(),
                    booking_id=booking_id,
                    person_id=advisors[index],
                    role="advisor",
                    starts_at=start,
                    ends_at=start + LENGTH,
                    active=True,
                    created_at=datetime.now(UTC),
                )
            )
    for chunk in range(0, count, 2000):
        await conn.execute(insert(Client), clients[chunk : chunk + 2000])
        await conn.execute(insert(Booking), rows[chunk : chunk + 2000])
    for chunk in range(0, len(busy), 2000):
        await conn.execute(insert(BusyInterval), busy[chunk : chunk + 2000])
