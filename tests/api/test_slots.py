"""Slot search across municipal borders, in the client's language, on DST days."""

from datetime import date, time, timedelta
from uuid import UUID

import pytest
from sqlalchemy import delete, select, update

from scheduling.models import Agreement, AvailabilityRule
from tests.api import scheduling_world as sw

# The clock stands at the scheduling world's Monday morning in every test here.
pytestmark = pytest.mark.usefixtures("frozen")


async def _search(client, network, headers=None, **change):
    response = await client.get(
        "/api/v1/slots", params=sw.search_params(network, **change), headers=headers or {}
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_rules_give_nine_oclock_local_on_both_sides_of_the_dst_change(client, network):
    slots = (await _search(client, network))["slots"]
    friday = [s for s in slots if s["starts_at"].startswith("2026-03-27")]
    monday = [s for s in slots if s["starts_at"].startswith("2026-03-30")]
    assert friday[0]["starts_at"] == "2026-03-27T09:00:00+02:00"
    assert monday[0]["starts_at"] == "2026-03-30T09:00:00+03:00"
    # 09:00–15:00 with 45 min sessions and 15 min buffers: six a day, the last at 14:00.
    assert sw.on(date(2026, 3, 30), slots) == ["09:00", "10:00", "11:00", "12:00", "13:00", "14:00"]
    assert not sw.on(date(2026, 3, 28), slots) and not sw.on(date(2026, 3, 29), slots)


async def test_slot_says_whether_it_is_in_the_clients_language(client, network, session):
    arabic = (await _search(client, network))["slots"]
    assert all(s["own_language"] and not s["needs_interpreter"] for s in arabic)
    await sw.interpreter(session, network.oulu.id, ("so",))
    await session.commit()
    somali = (await _search(client, network, language="so"))["slots"]
    assert somali and all(s["needs_interpreter"] and not s["own_language"] for s in somali)


async def test_a_slot_needing_an_interpreter_is_shown_only_while_one_is_free(
    client, network, session
):
    # Nobody interprets Tigrinya: no slot, and the reason says why.
    tigrinya = await _search(client, network, language="ti")
    assert tigrinya["slots"] == []
    assert tigrinya["reason"] == "no interpreter of ti is free when an advisor is"
    # A Tigrinya interpreter who works only Wednesday mornings opens exactly those slots.
    person = await sw.interpreter(session, network.oulu.id, ("ti",))
    await session.execute(
        delete(AvailabilityRule).where(
            AvailabilityRule.staff_id == person.id, AvailabilityRule.weekday != 2
        )
    )
    await session.execute(
        update(AvailabilityRule).where(AvailabilityRule.staff_id == person.id).values(ends=time(11))
    )
    await session.commit()
    found = (await _search(client, network, language="ti"))["slots"]
    assert [s["starts_at"][:16] for s in found] == [
        "2026-03-25T09:00",
        "2026-03-25T10:00",
    ]


async def test_public_callers_do_not_see_who_would_serve(client, network):
    public = (await _search(client, network))["slots"]
    staff = (await _search(client, network, headers=network.operator.headers))["slots"]
    assert all(s["advisor_ids"] is None for s in public)
    assert {network.arabic.id, network.finnish.id} == {UUID(a) for a in staff[0]["advisor_ids"]}


async def test_minimum_notice_hides_the_next_two_hours(client, network, frozen):
    frozen.advance(timedelta(days=1))  # Tuesday 10:00 local
    slots = await _search(client, network, **{"from": "2026-03-24", "to": "2026-03-24"})
    assert sw.on(date(2026, 3, 24), slots["slots"]) == ["12:00", "13:00", "14:00"]


async def test_a_municipality_no_agreement_covers_gets_a_reason(client, network):
    result = await _search(client, network, municipality="598")
    assert result["slots"] == [] and "no organisation serves" in result["reason"]


async def test_advisor_serves_a_neighbour_only_while_the_agreement_runs(client, network, session):
    agreement = (
        await session.execute(select(Agreement).where(Agreement.municipality_code == "615"))
    ).scalar_one()
    agreement.valid_to = date(2026, 3, 26)
    await session.commit()
    pudasjarvi = (await _search(client, network))["slots"]
    oulu = (await _search(client, network, municipality="564"))["slots"]
    assert max(s["starts_at"][:10] for s in pudasjarvi) == "2026-03-26"
    assert max(s["starts_at"][:10] for s in oulu) == "2026-03-31"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"from": "2026-03-31", "to": "2026-03-24"}, "to"),
        ({"from": "2026-03-24", "to": "2026-05-25"}, "to"),
        ({"service_id": "0b8e8f5e-7a39-4c55-9a5c-6c4a3f9d6a11"}, "service_id"),
        ({"municipality": "999"}, "municipality"),
        ({"municipality": "Oulu"}, "municipality"),
        ({"language": "xx"}, "language"),
        ({"channel": "in_person"}, "channel"),
        ({"channel": "fax"}, "channel"),
        ({"from": "2026-03-32"}, "from"),
    ],
)
async def test_bad_search_is_422_naming_the_field(client, network, change, field):
    response = await client.get("/api/v1/slots", params=sw.search_params(network, **change))
    assert response.status_code == 422, response.text
    assert field in [e["field"] for e in response.json()["errors"]]


async def test_sixty_two_days_is_allowed(client, network):
    await _search(client, network, **{"from": "2026-03-24", "to": "2026-05-24"})


async def test_staff_filter_needs_a_log_in(client, network):
    params = sw.search_params(network, staff_id=str(network.finnish.id))
    assert (await client.get("/api/v1/slots", params=params)).status_code == 401
    staff = await client.get("/api/v1/slots", params=params, headers=network.operator.headers)
    assert staff.status_code == 200
    assert all(s["needs_interpreter"] for s in staff.json()["slots"])


async def test_each_slot_says_its_time_in_the_clients_language_as_babel_writes_it(client, network):
    from babel.dates import format_skeleton, format_time

    slot = (await _search(client, network))["slots"][0]
    assert slot["starts_at"] == "2026-03-24T09:00:00+02:00"
    # Arabic as CLDR writes it (the SMS's words), never the browser's English fallback.
    assert slot["day_label"] == format_skeleton("MMMMEEEEd", date(2026, 3, 24), locale="ar")
    assert slot["time_label"] == format_time(time(9, 0), format="short", locale="ar")
    assert slot["day_label"] in slot["label"] and slot["time_label"] in slot["label"]
    assert "Tuesday" not in slot["label"]
