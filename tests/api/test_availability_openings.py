"""Extra openings on a date: one that overlaps another of the same person that day is refused,
naming the field; touching, or on another day, or a closure, is not an overlap."""

import pytest

OPENING = {"day": "2026-04-04", "closed": False, "starts": "10:00", "ends": "12:00"}


# The clock stands at the scheduling world's Monday morning in every test here.
pytestmark = pytest.mark.usefixtures("frozen")


async def _add(client, person, body):
    path = f"/api/v1/staff/{person.id}/availability/overrides"
    return await client.post(path, json=body, headers=person.headers)


@pytest.mark.parametrize(
    ("starts", "ends"), [("11:00", "13:00"), ("09:00", "10:30"), ("10:15", "11:45")]
)
async def test_an_opening_overlapping_another_that_day_is_422_naming_starts(
    client, network, starts, ends
):
    assert (await _add(client, network.finnish, OPENING)).status_code == 201
    refused = await _add(client, network.finnish, {**OPENING, "starts": starts, "ends": ends})
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert problem["type"] == "/problems/opening-overlaps"
    assert problem["errors"][0]["field"] == "starts"
    assert "10:00" in problem["detail"]
    shown = await client.get(
        f"/api/v1/staff/{network.finnish.id}/availability", headers=network.finnish.headers
    )
    assert len(shown.json()["overrides"]) == 1  # nothing half-written


@pytest.mark.parametrize(
    "other",
    [
        {**OPENING, "starts": "12:00", "ends": "13:00"},  # touches, does not overlap
        {**OPENING, "day": "2026-04-05"},
        {**OPENING, "closed": True},
    ],
)
async def test_touching_another_day_or_a_closure_is_no_overlap(client, network, other):
    assert (await _add(client, network.finnish, OPENING)).status_code == 201
    added = await _add(client, network.finnish, other)
    assert added.status_code == 201, added.text


async def test_another_persons_opening_does_not_count(client, network):
    assert (await _add(client, network.finnish, OPENING)).status_code == 201
    assert (await _add(client, network.arabic, OPENING)).status_code == 201
