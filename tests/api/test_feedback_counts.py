"""The clients' answers counted per service, language and channel: exact for the
organisation's admins, counts from 1 to 4 as "<5" to a platform admin from outside it, and
nothing at all for another organisation or staff who are not admins."""

from datetime import UTC, datetime

import pytest

from access.models import Role
from core import clock
from tests import factories
from tests.api import scheduling_world as sw

pytestmark = pytest.mark.usefixtures("frozen")


async def _answered(client, network, faces: list[str], frozen) -> None:
    """Book a session per face on one day, let the day pass, mark them completed, answer."""
    params = sw.search_params(network, **{"from": "2026-03-24", "to": "2026-03-24"})
    slots = (await client.get("/api/v1/slots", params=params)).json()["slots"]
    made = []
    for index, _face in enumerate(faces):
        body = sw.client_body(slots[index]["slot"], phone=f"+35840111230{index}")
        booked = await client.post("/api/v1/bookings", json=body)
        assert booked.status_code == 201, booked.text
        made.append(booked.json())
    frozen.advance(datetime(2026, 3, 24, 14, 0, tzinfo=UTC) - clock.now())  # 16:00 in Oulu
    for answer, face in zip(made, faces, strict=True):
        path = f"/api/v1/bookings/{answer['booking']['id']}/status"
        done = await client.post(path, json={"status": "completed"}, headers=network.admin.headers)
        assert done.status_code == 200, done.text
        token = answer["client_link"].rsplit("/", 1)[-1]
        given = await client.post(f"/b/{token}/feedback", json={"score": face})
        assert given.status_code == 201, given.text


async def test_admins_see_the_counts_and_outsiders_see_small_ones_hidden(
    client, network, session, frozen
):
    await _answered(client, network, ["good"] * 5 + ["bad"], frozen)
    mine = await client.get("/api/v1/feedback/counts", headers=network.admin.headers)
    assert mine.status_code == 200, mine.text
    assert mine.json() == [
        {
            "service_id": str(network.service.id),
            "service_names": network.service.names,
            "language": "ar",
            "channel": "video",
            "good": 5,
            "okay": 0,
            "bad": 1,
            "answers": 6,
        }
    ]
    platform = await factories.person(
        session, network.outsider.organisation_id, Role.ADMIN, platform_admin=True
    )
    await session.commit()
    outside = await client.get(
        "/api/v1/feedback/counts",
        params={"organisation_id": str(network.oulu.id)},
        headers=platform.headers,
    )
    assert outside.status_code == 200, outside.text
    (row,) = outside.json()
    assert (row["good"], row["okay"], row["bad"], row["answers"]) == (5, 0, "<5", 6)
    # Another organisation's admin finds no such organisation; the operator is not an admin.
    foreign = await client.get(
        "/api/v1/feedback/counts",
        params={"organisation_id": str(network.oulu.id)},
        headers=network.outsider.headers,
    )
    assert foreign.status_code == 404
    operator = await client.get("/api/v1/feedback/counts", headers=network.operator.headers)
    assert operator.status_code == 403
    # The outsider's own organisation has no answers.
    own = await client.get("/api/v1/feedback/counts", headers=network.outsider.headers)
    assert own.json() == []
