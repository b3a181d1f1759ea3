"""Bad input gets a 4xx problem naming the field and the reason; nothing is half-written."""

from typing import Any

import pytest
from sqlalchemy import func, select

from access.models import AuditEvent, StaffMember
from scheduling.models import Agreement, Client, Service

SERVICE = {
    "slug": "needs",
    "names": {"fi": "Arviointi"},
    "duration_minutes": 60,
    "channels": ["video"],
}


def _fields(response) -> list[str]:
    return [error["field"] for error in response.json().get("errors", [])]


async def _count(session, model) -> int:
    return await session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 481}, "duration_minutes"),
        ({"names": {"xx": "Jotain"}}, "names.xx.[key]"),
        ({"names": {"en": "Only English"}}, "names"),
        ({"names": {"fi": "x" * 201}}, "names.fi"),
        ({"names": {"fi": "Ohjaus\x00"}}, "names.fi"),
        ({"names": {"fi": "Ohjaus\u202e"}}, "names.fi"),
        ({"channels": []}, "channels"),
        ({"channels": ["fax"]}, "channels.0"),
        ({"slug": "Not A Slug"}, "slug"),
        ({"surprise": 1}, "surprise"),
        ({"slot_step_minutes": 0}, "slot_step_minutes"),
        ({"slot_step_minutes": 7}, "slot_step_minutes"),
        ({"slot_step_minutes": 245}, "slot_step_minutes"),
    ],
)
async def test_bad_service_is_422_naming_the_field(client, world, session, change, field) -> None:
    before = await _count(session, Service)
    response = await client.post(
        "/api/v1/services", json={**SERVICE, **change}, headers=world.admin.headers
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert field in _fields(response), _fields(response)
    assert await _count(session, Service) == before


async def test_a_slot_step_is_kept_changed_and_cleared(client, world) -> None:
    body = {**SERVICE, "slot_step_minutes": 15}
    created = await client.post("/api/v1/services", json=body, headers=world.admin.headers)
    assert created.status_code == 201, created.text
    assert created.json()["slot_step_minutes"] == 15
    url = f"/api/v1/services/{created.json()['id']}"
    for step in (30, None):
        changed = await client.patch(
            url, json={"slot_step_minutes": step}, headers=world.admin.headers
        )
        assert changed.status_code == 200, changed.text
        assert changed.json()["slot_step_minutes"] == step
    untouched = await client.patch(url, json={"horizon_days": 30}, headers=world.admin.headers)
    assert untouched.json()["slot_step_minutes"] is None


async def test_duplicate_service_slug_is_409(client, world) -> None:
    body = {**SERVICE, "slug": "guidance"}
    response = await client.post("/api/v1/services", json=body, headers=world.admin.headers)
    assert response.status_code == 409 and _fields(response) == ["slug"]


def _agreement(world, **change: Any) -> dict[str, Any]:
    return {
        "municipality_code": "564",
        "service_ids": [str(world.service.id)],
        "valid_from": "2026-03-01",
        **change,
    }


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"municipality_code": "999"}, 422, "municipality_code"),
        ({"municipality_code": "Oulu"}, 422, "municipality_code"),
        ({"valid_to": "2026-02-28"}, 422, "valid_to"),
        ({"service_ids": ["0b8e8f5e-7a39-4c55-9a5c-6c4a3f9d6a11"]}, 422, "service_ids"),
        ({"service_ids": []}, 422, "service_ids"),
        ({"valid_from": "2026-02-30"}, 422, "valid_from"),
    ],
)
async def test_bad_agreement_is_refused_and_leaves_no_row(
    client, world, session, change, status, field
) -> None:
    before = await _count(session, Agreement)
    response = await client.post(
        "/api/v1/agreements", json=_agreement(world, **change), headers=world.admin.headers
    )
    assert response.status_code == status, response.text
    assert any(f.startswith(field) for f in _fields(response)) or field in response.text
    assert await _count(session, Agreement) == before


async def test_agreement_update_cannot_reverse_dates(client, world) -> None:
    response = await client.patch(
        f"/api/v1/agreements/{world.agreement.id}",
        json={"valid_to": "2025-12-31"},
        headers=world.admin.headers,
    )
    assert response.status_code == 422 and _fields(response) == ["valid_to"]


STAFF = {"email": "uusi@oulu.fi", "display_name": "Uusi Neuvoja", "roles": ["advisor"]}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "uusi@"}, "email"),
        ({"email": "uusi"}, "email"),
        ({"email": "uusi@localhost"}, "email"),
        ({"languages": [{"language": "klingon", "level": "native"}]}, "languages.0.language"),
        ({"languages": [{"language": "ar", "level": "guru"}]}, "languages.0.level"),
        ({"roles": ["king"]}, "roles.0"),
        ({"roles": []}, "roles"),
        ({"display_name": "  "}, "display_name"),
        ({"display_name": "A\x07B"}, "display_name"),
        ({"password": "short"}, "password"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
    ],
)
async def test_bad_staff_member_is_422(client, world, session, change, field) -> None:
    before = await _count(session, StaffMember)
    response = await client.post(
        "/api/v1/staff", json={**STAFF, **change}, headers=world.admin.headers
    )
    assert response.status_code == 422, response.text
    assert field in _fields(response), _fields(response)
    assert await _count(session, StaffMember) == before


async def test_duplicate_staff_email_is_409_in_any_case(client, world) -> None:
    body = {**STAFF, "email": "Advisor@Oulu.fi"}
    response = await client.post("/api/v1/staff", json=body, headers=world.admin.headers)
    assert response.status_code == 409 and _fields(response) == ["email"]


async def test_removing_the_last_admin_is_409(client, world) -> None:
    response = await client.patch(
        f"/api/v1/staff/{world.other_admin.id}",
        json={"roles": ["advisor"]},
        headers=world.other_admin.headers,
    )
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/last-admin"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"phone": "12345"}, "phone"),
        ({"phone": "+358 40 123"}, "phone"),
        ({"phone": "not a number"}, "phone"),
        ({"email": "client@"}, "email"),
        ({"preferred_language": "xx"}, "preferred_language"),
        ({"home_municipality_code": "999"}, "home_municipality_code"),
        ({"target_group": "astronaut"}, "target_group"),
    ],
)
async def test_bad_client_is_422(client, world, session, change, field) -> None:
    before = await _count(session, Client), await _count(session, AuditEvent)
    body = {"preferred_language": "so", "phone": "040 123 4567", **change}
    response = await client.post("/api/v1/clients", json=body, headers=world.operator.headers)
    assert response.status_code == 422, response.text
    assert field in _fields(response), _fields(response)
    assert (await _count(session, Client), await _count(session, AuditEvent)) == before


async def test_client_phone_is_stored_in_e164_and_lookups_are_audited(
    client, world, session
) -> None:
    body = {"preferred_language": "so", "phone": "040 123 4567", "target_group": "parent_at_home"}
    created = await client.post("/api/v1/clients", json=body, headers=world.operator.headers)
    assert created.status_code == 201 and created.json()["phone_e164"] == "+358401234567"
    found = await client.get(
        "/api/v1/clients", params={"phone": "+358 40 1234567"}, headers=world.advisor.headers
    )
    assert [c["id"] for c in found.json()] == [created.json()["id"]]
    events = list(
        await session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "client").order_by(AuditEvent.created_at)
        )
    )
    assert [(e.action, e.actor_staff_id) for e in events] == [
        ("create", world.operator.id),
        ("search", world.advisor.id),
    ]
    assert all("+358" not in str(e.detail) for e in events)


async def test_unknown_municipality_code_is_404(client) -> None:
    response = await client.get("/api/v1/municipalities/999")
    assert response.status_code == 404


async def test_invalid_json_is_422(client, world) -> None:
    response = await client.post(
        "/api/v1/services",
        content=b"{not json",
        headers={**world.admin.headers, "content-type": "application/json"},
    )
    assert response.status_code == 422
