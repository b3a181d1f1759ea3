"""Agreements as the console keeps them: refused beside the field when they overlap, end
before they start or name no municipality; another organisation's are not found."""

from typing import Any

import pytest


def _body(world, **change: Any) -> dict[str, Any]:
    return {
        "municipality_code": "564",
        "service_ids": [str(world.service.id)],
        "valid_from": "2026-03-01",
        "valid_to": "2026-12-31",
        **change,
    }


def _fields(response) -> list[str]:
    return [error["field"] for error in response.json().get("errors", [])]


async def test_an_overlapping_agreement_is_refused_beside_the_municipality(client, world) -> None:
    first = await client.post("/api/v1/agreements", json=_body(world), headers=world.admin.headers)
    assert first.status_code == 201, first.text
    # World's open-ended agreement already gives the service to Pudasjärvi (615) from 2026-01-01.
    for change in ({}, {"municipality_code": "615", "valid_from": "2027-06-01"}):
        again = await client.post(
            "/api/v1/agreements",
            json=_body(world, **change, valid_to=None),
            headers=world.admin.headers,
        )
        assert again.status_code == 422, again.text
        assert again.json()["type"] == "/problems/agreement-overlaps"
        assert _fields(again) == ["municipality_code"]
    # The day after the first ends is free.
    after = await client.post(
        "/api/v1/agreements",
        json=_body(world, valid_from="2027-01-01", valid_to=None),
        headers=world.admin.headers,
    )
    assert after.status_code == 201, after.text


async def test_another_organisation_may_serve_the_same_service_and_place(client, world) -> None:
    body = _body(world, municipality_code="615", organisation_id=str(world.jakobstad.id))
    response = await client.post(
        "/api/v1/agreements", json=body, headers=world.platform_admin.headers
    )
    assert response.status_code == 201, response.text


async def test_moving_an_agreement_onto_another_is_refused_beside_its_start(client, world) -> None:
    ended = await client.post(
        "/api/v1/agreements",
        json=_body(world, municipality_code="615", valid_from="2025-01-01", valid_to="2025-06-30"),
        headers=world.admin.headers,
    )
    assert ended.status_code == 201, ended.text
    moved = await client.patch(
        f"/api/v1/agreements/{ended.json()['id']}",
        json={"valid_to": "2026-02-01"},
        headers=world.admin.headers,
    )
    assert moved.status_code == 422 and _fields(moved) == ["valid_from"], moved.text
    kept = await client.get(f"/api/v1/agreements/{ended.json()['id']}", headers=world.admin.headers)
    assert kept.json()["valid_to"] == "2025-06-30"


@pytest.mark.parametrize(
    ("change", "field"),
    [({"valid_to": "2026-02-01"}, "valid_to"), ({"municipality_code": "999"}, "municipality_code")],
)
async def test_bad_dates_and_places_are_refused_beside_the_field(
    client, world, change, field
) -> None:
    response = await client.post(
        "/api/v1/agreements", json=_body(world, **change), headers=world.admin.headers
    )
    assert response.status_code == 422 and _fields(response) == [field], response.text


async def test_ending_an_agreement_today_keeps_it(client, world) -> None:
    url = f"/api/v1/agreements/{world.agreement.id}"
    ended = await client.patch(url, json={"valid_to": "2026-12-06"}, headers=world.admin.headers)
    assert ended.status_code == 200, ended.text
    assert ended.json()["valid_to"] == "2026-12-06"


async def test_another_organisations_agreement_and_service_are_not_found(client, world) -> None:
    agreement = f"/api/v1/agreements/{world.other_agreement.id}"
    for method, url, body in (
        ("PATCH", agreement, {"valid_to": "2026-12-31"}),
        ("GET", agreement, None),
        ("DELETE", agreement, None),
        ("PATCH", f"/api/v1/services/{world.other_service.id}", {"active": False}),
    ):
        response = await client.request(method, url, json=body, headers=world.admin.headers)
        assert response.status_code == 404, (method, url, response.text)
