"""Availability kept through the API: rules, overrides (DST-safe), absences with offsets."""

import re

import pytest

from tests.api import scheduling_world as sw

RULE = {"weekday": 0, "starts": "09:00", "ends": "12:00", "channels": ["phone"]}


# The clock stands at the scheduling world's Monday morning in every test here.
pytestmark = pytest.mark.usefixtures("frozen")


def _path(person) -> str:
    return f"/api/v1/staff/{person.id}/availability"


async def test_advisor_replaces_their_own_rules(client, network):
    response = await client.put(
        _path(network.finnish) + "/rules", json=[RULE], headers=network.finnish.headers
    )
    assert response.status_code == 200, response.text
    assert response.json()[0]["timezone"] == "Europe/Helsinki"
    shown = await client.get(_path(network.finnish), headers=network.finnish.headers)
    assert [r["weekday"] for r in shown.json()["rules"]] == [0]


async def test_rules_change_the_slots_found(client, network):
    await client.put(_path(network.finnish) + "/rules", json=[RULE], headers=network.admin.headers)
    params = sw.search_params(
        network,
        channel="phone",
        staff_id=str(network.finnish.id),
        **{"from": "2026-03-30", "to": "2026-03-31"},
    )
    slots = (
        await client.get("/api/v1/slots", params=params, headers=network.operator.headers)
    ).json()["slots"]
    assert [s["starts_at"] for s in slots] == [
        "2026-03-30T09:00:00+03:00",
        "2026-03-30T10:00:00+03:00",
        "2026-03-30T11:00:00+03:00",
    ]


async def test_a_closed_day_and_an_absence_remove_slots(client, network):
    headers = network.finnish.headers
    closed = await client.post(
        _path(network.finnish) + "/overrides",
        json={"day": "2026-03-30", "closed": True},
        headers=headers,
    )
    assert closed.status_code == 201, closed.text
    away = await client.post(
        _path(network.finnish) + "/absences",
        json={"starts_at": "2026-03-31T00:00:00+03:00", "ends_at": "2026-04-01T00:00:00+03:00"},
        headers=headers,
    )
    assert away.status_code == 201, away.text
    params = sw.search_params(
        network, staff_id=str(network.finnish.id), **{"from": "2026-03-30", "to": "2026-04-01"}
    )
    slots = (await client.get("/api/v1/slots", params=params, headers=headers)).json()["slots"]
    assert {s["starts_at"][:10] for s in slots} == {"2026-04-01"}


async def test_extra_hours_on_a_saturday_add_slots(client, network):
    extra = {"day": "2026-03-28", "closed": False, "starts": "10:00", "ends": "12:00"}
    await client.post(
        _path(network.finnish) + "/overrides", json=extra, headers=network.finnish.headers
    )
    params = sw.search_params(
        network,
        staff_id=str(network.finnish.id),
        language="fi",  # no interpreter works on Saturday
        **{"from": "2026-03-28", "to": "2026-03-28"},
    )
    slots = (
        await client.get("/api/v1/slots", params=params, headers=network.operator.headers)
    ).json()["slots"]
    assert [s["starts_at"] for s in slots] == [
        "2026-03-28T10:00:00+02:00",
        "2026-03-28T11:00:00+02:00",
    ]


@pytest.mark.parametrize(
    ("body", "field", "kind"),
    [
        (
            {"day": "2026-03-29", "closed": False, "starts": "03:30", "ends": "05:00"},
            "starts",
            "local-time-nonexistent",
        ),
        (
            {"day": "2026-10-25", "closed": True, "starts": "03:30", "ends": "05:00"},
            "starts",
            "local-time-ambiguous",
        ),
        (
            {"day": "2026-10-25", "closed": False, "starts": "01:00", "ends": "03:15"},
            "ends",
            "local-time-ambiguous",
        ),
    ],
)
async def test_override_in_a_dst_gap_or_overlap_is_422(client, network, body, field, kind):
    response = await client.post(
        _path(network.finnish) + "/overrides", json=body, headers=network.finnish.headers
    )
    assert response.status_code == 422, response.text
    assert response.json()["type"] == f"/problems/{kind}"
    assert response.json()["errors"][0]["field"] == field


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (
            {"starts_at": "2026-04-01T09:00:00", "ends_at": "2026-04-01T12:00:00+03:00"},
            "local-time-missing",
        ),
        (
            {"starts_at": "2026-03-29T03:30:00+02:00", "ends_at": "2026-03-29T12:00:00+03:00"},
            "local-time-nonexistent",
        ),
        (
            {"starts_at": "2026-04-01T12:00:00+03:00", "ends_at": "2026-04-01T09:00:00+03:00"},
            "invalid-value",
        ),
    ],
)
async def test_bad_absence_is_422(client, network, body, kind):
    response = await client.post(
        _path(network.finnish) + "/absences", json=body, headers=network.finnish.headers
    )
    assert response.status_code == 422, response.text
    assert response.json()["type"] == f"/problems/{kind}"


@pytest.mark.parametrize(
    "rule",
    [
        {**RULE, "ends": "08:00"},
        {**RULE, "weekday": 7},
        {**RULE, "channels": []},
        {**RULE, "timezone": "Mars/Olympus"},
        {**RULE, "starts": "25:00"},
    ],
)
async def test_bad_rule_is_422(client, network, rule):
    response = await client.put(
        _path(network.finnish) + "/rules", json=[rule], headers=network.finnish.headers
    )
    assert response.status_code == 422


async def test_colleague_without_admin_role_cannot_change_rules(client, network):
    response = await client.put(
        _path(network.finnish) + "/rules", json=[RULE], headers=network.arabic.headers
    )
    assert response.status_code == 403


async def test_another_organisation_sees_nothing(client, network):
    response = await client.get(_path(network.finnish), headers=network.outsider.headers)
    assert response.status_code == 404


async def test_a_weekly_rule_with_a_utc_offset_is_422_saying_it_is_wall_time(client, network):
    rule = {**RULE, "starts": "09:00+02:00", "ends": "12:00+02:00"}
    response = await client.put(
        _path(network.finnish) + "/rules", json=[rule], headers=network.finnish.headers
    )
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert {error["field"] for error in errors} == {"0.starts", "0.ends"}
    assert "wall time" in errors[0]["reason"]


async def test_override_takes_the_offset_its_ambiguous_time_error_asks_for(client, network):
    path, headers = _path(network.finnish) + "/overrides", network.finnish.headers
    body = {"day": "2026-10-25", "closed": False, "starts": "03:30", "ends": "05:00"}
    refused = await client.post(path, json=body, headers=headers)
    assert refused.status_code == 422 and refused.json()["type"] == "/problems/local-time-ambiguous"
    asked = re.search(r"2026-10-25T(03:30\+\d\d:\d\d) is the first", refused.json()["detail"])
    assert asked, refused.json()["detail"]
    response = await client.post(path, json={**body, "starts": asked[1]}, headers=headers)
    assert response.status_code == 201, response.text
    assert response.json()["starts"] == "03:30:00"  # kept as wall time: the first 03:30


@pytest.mark.parametrize(
    ("starts", "kind"),
    [
        ("03:30+02:00", "invalid-value"),  # the second 03:30 that night: not kept
        ("03:30+05:00", "local-time-nonexistent"),  # not Helsinki's offset then
        ("09:00+02:00", "local-time-nonexistent"),  # winter offset on a summer morning
    ],
)
async def test_override_time_with_an_offset_it_cannot_mean_is_422(client, network, starts, kind):
    day = "2026-10-25" if starts.startswith("03:30") else "2026-06-01"
    body = {"day": day, "closed": False, "starts": starts, "ends": "10:00"}
    response = await client.post(
        _path(network.finnish) + "/overrides", json=body, headers=network.finnish.headers
    )
    assert response.status_code == 422, response.text
    assert response.json()["type"] == f"/problems/{kind}"
    assert response.json()["errors"][0]["field"] == "starts"


async def test_override_with_the_right_offset_opens_the_same_hours(client, network):
    body = {"day": "2026-03-28", "closed": False, "starts": "10:00+02:00", "ends": "12:00Z"}
    response = await client.post(
        _path(network.finnish) + "/overrides", json=body, headers=network.finnish.headers
    )
    assert response.status_code == 422  # 12:00Z is 14:00 in Helsinki, not 12:00
    body["ends"] = "12:00+02:00"
    response = await client.post(
        _path(network.finnish) + "/overrides", json=body, headers=network.finnish.headers
    )
    assert response.status_code == 201, response.text
    assert (response.json()["starts"], response.json()["ends"]) == ("10:00:00", "12:00:00")


async def test_an_absence_in_utc_is_taken_and_given_back_as_posted(client, network):
    path, headers = _path(network.finnish) + "/absences", network.finnish.headers
    body = {"starts_at": "2026-04-01T06:00:00Z", "ends_at": "2026-04-01T09:00:00Z"}
    response = await client.post(path, json=body, headers=headers)
    assert response.status_code == 201, response.text
    shown = (await client.get(_path(network.finnish), headers=headers)).json()["absences"]
    assert [(a["starts_at"], a["ends_at"]) for a in shown] == [tuple(body.values())]
    again = {key: shown[0][key] for key in body}
    assert (await client.post(path, json=again, headers=headers)).status_code == 201


@pytest.mark.parametrize("year", ["0001", "9999"])
async def test_an_absence_far_from_now_is_422(client, network, year):
    body = {"starts_at": f"{year}-12-31T22:00:00-05:00", "ends_at": f"{year}-12-31T23:00:00-05:00"}
    response = await client.post(
        _path(network.finnish) + "/absences", json=body, headers=network.finnish.headers
    )
    assert response.status_code == 422, response.text
    assert {e["field"] for e in response.json()["errors"]} == {"starts_at", "ends_at"}
