"""Inputs at the edges answer a clear 4xx naming the field, never a 500 (issue 25, item 8)."""

from datetime import date, timedelta

import httpx
import pytest

from tests.api.conftest import World


@pytest.mark.parametrize("digits", ["²", "①②", "٣٤٥"])
async def test_digits_that_are_not_ascii_are_refused(client: httpx.AsyncClient, digits) -> None:
    answer = await client.get("/audio/fi/say", params={"digits": digits})
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == "digits"


@pytest.mark.parametrize("when", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"])
async def test_a_date_past_any_calendar_is_refused(client: httpx.AsyncClient, when) -> None:
    answer = await client.get("/audio/fi/say", params={"date": when})
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == "date"


async def test_another_organisations_recorder_is_not_found(
    client: httpx.AsyncClient, world: World
) -> None:
    answer = await client.get(
        f"/api/v1/speech/recorders/{world.advisor.id}", headers=world.other_admin.headers
    )
    assert answer.status_code == 404, answer.text
    own = await client.get(
        f"/api/v1/speech/recorders/{world.advisor.id}", headers=world.admin.headers
    )
    assert own.status_code == 200 and own.json() == {"languages": []}
    mine = await client.get(
        f"/api/v1/speech/recorders/{world.advisor.id}", headers=world.advisor.headers
    )
    assert mine.status_code == 200


async def test_a_campaign_without_end_is_refused(client: httpx.AsyncClient, world: World) -> None:
    body = {
        "name": "Forever",
        "service_id": str(world.service.id),
        "municipality_codes": ["615"],
        "sends_from": date.today().isoformat(),
        "ends_on": "9999-12-31",
    }
    answer = await client.post("/api/v1/campaigns", json=body, headers=world.admin.headers)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == "ends_on"
    body["ends_on"] = (date.today() + timedelta(days=366)).isoformat()
    answer = await client.post("/api/v1/campaigns", json=body, headers=world.admin.headers)
    assert answer.status_code == 201, answer.text


async def test_posting_to_a_recordings_audio_is_405(
    client: httpx.AsyncClient, world: World
) -> None:
    answer = await client.post(
        "/api/v1/speech/recordings/00000000-0000-0000-0000-000000000000/audio",
        content=b"x",
        headers=world.admin.headers,
    )
    assert answer.status_code == 405, answer.text
    assert "GET" in answer.headers["allow"]


async def test_a_client_recorded_twice_is_a_declared_200(app) -> None:  # type: ignore[no-untyped-def]
    answers = app.openapi()["paths"]["/api/v1/clients"]["post"]["responses"]
    assert {"200", "201"} <= set(answers)
