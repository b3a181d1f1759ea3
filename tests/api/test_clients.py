"""Clients: which organisation sees whom (scheduling.clients.visible_to), through every
client endpoint, and every look audited."""

from datetime import date

from sqlalchemy import select

from access.models import AuditEvent
from scheduling.models import Client
from tests import factories

PHONE = "+358401234999"  # the world's client, living in Pudasjärvi (served by Oulu)


async def _looks(session, client_id) -> list[tuple[str, object]]:
    rows = await session.execute(
        select(AuditEvent.action, AuditEvent.organisation_id)
        .where(AuditEvent.client_id == client_id, AuditEvent.action.in_(["read", "search"]))
        .order_by(AuditEvent.created_at)
    )
    return [tuple(row) for row in rows]


async def test_a_phone_lookup_finds_only_clients_the_organisation_may_see(client, world, session):
    hidden = await client.get(
        "/api/v1/clients", params={"phone": PHONE}, headers=world.other_admin.headers
    )
    assert hidden.status_code == 200 and hidden.json() == []
    shown = await client.get(
        "/api/v1/clients", params={"phone": PHONE}, headers=world.operator.headers
    )
    assert [c["id"] for c in shown.json()] == [str(world.client.id)]
    assert await _looks(session, world.client.id) == [("search", world.oulu.id)]


async def test_another_organisations_client_is_not_found_and_its_wishes_are_unchanged(
    client, world, session
):
    path = f"/api/v1/clients/{world.client.id}"
    for who in (world.other_admin, world.other_advisor):
        response = await client.get(path, headers=who.headers)
        assert response.status_code == 404, response.text
        assert PHONE not in response.text
    put = await client.put(
        path + "/interpreter-wishes", json={"gender": "male"}, headers=world.other_admin.headers
    )
    assert put.status_code == 404
    wishes = await client.get(path + "/interpreter-wishes", headers=world.operator.headers)
    assert wishes.json()["gender"] is None
    assert await _looks(session, world.client.id) == [("read", world.oulu.id)]


async def test_an_agreement_shows_its_municipalitys_residents_until_it_ends(client, world, session):
    resident = Client(preferred_language="sv", phone_e164="+358405550000")
    resident.home_municipality_code = "598"  # Pietarsaari, served by Jakobstad
    session.add(resident)
    await session.commit()
    path = f"/api/v1/clients/{resident.id}"
    assert (await client.get(path, headers=world.other_advisor.headers)).status_code == 200
    assert (await client.get(path, headers=world.advisor.headers)).status_code == 404
    world.other_agreement.valid_to = date(2026, 1, 31)
    session.add(world.other_agreement)
    await session.commit()
    assert (await client.get(path, headers=world.other_advisor.headers)).status_code == 404
    assert (await client.get(path, headers=world.platform_admin.headers)).status_code == 200


async def test_a_booking_shows_the_client_to_the_organisation_that_serves_it(
    client, world, session
):
    newcomer = await factories.booking(session, world.other_service, world.other_advisor, "615")
    await session.commit()
    path = f"/api/v1/clients/{newcomer.client_id}"
    assert (await client.get(path, headers=world.other_admin.headers)).status_code == 200
    assert (await client.get(path, headers=world.advisor.headers)).status_code == 200  # 615


async def test_staff_see_the_clients_they_recorded(client, world):
    made = await client.post(
        "/api/v1/clients",
        json={"preferred_language": "uk", "email": "Olena@Example.fi"},
        headers=world.other_admin.headers,
    )
    assert made.status_code == 201 and made.json()["email"] == "olena@example.fi"
    path = f"/api/v1/clients/{made.json()['id']}"
    assert (await client.get(path, headers=world.other_advisor.headers)).status_code == 200
    assert (await client.get(path, headers=world.operator.headers)).status_code == 404


async def test_recording_a_person_recorded_elsewhere_shows_nothing_of_them(client, world):
    body = {"preferred_language": "ar", "phone": "040 123 4999"}
    elsewhere = await client.post("/api/v1/clients", json=body, headers=world.other_admin.headers)
    assert elsewhere.status_code == 409, elsewhere.text
    assert str(world.client.id) not in elsewhere.text
    again = await client.post("/api/v1/clients", json=body, headers=world.operator.headers)
    assert again.status_code == 200 and again.json()["id"] == str(world.client.id)
