"""Peer guidance: a peer counsellor who speaks the client's language gives the session, found
by the slot search and booked like any other; never an advisor, never an interpreter."""

from uuid import UUID

import pytest
from sqlalchemy import select

from access.models import Role
from interpreters.models import InterpreterOffer
from scheduling.models import Booking, OrganisationKind
from tests import factories
from tests.api import scheduling_world as sw

# The clock stands at the scheduling world's Monday morning in every test here.
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
async def peers(session):
    network = await sw.build(session)
    ngo = await factories.organisation(session, "Vertaisohjaus ry", OrganisationKind.NGO)
    service = await factories.service(session, ngo.id, "peer-guidance")
    service.peer_guidance = True
    await factories.agreement(session, ngo.id, "615", [service.id])
    somali = await factories.person(session, ngo.id, Role.PEER_COUNSELLOR, languages=("so", "fi"))
    arabic = await factories.person(session, ngo.id, Role.PEER_COUNSELLOR, languages=("ar",))
    for person in (somali, arabic):
        await sw.weekly(session, person.id)
    await session.commit()
    return network, service, somali, arabic


def _params(network, service, language: str) -> dict:
    return sw.search_params(network, service_id=str(service.id), language=language)


async def test_only_a_peer_counsellor_speaking_the_language_gives_the_session(
    client, peers
) -> None:
    network, service, somali, _ = peers
    response = await client.get(
        "/api/v1/slots", params=_params(network, service, "so"), headers=network.operator.headers
    )
    assert response.status_code == 200, response.text
    found = response.json()["slots"]
    assert found
    assert all(s["own_language"] and not s["needs_interpreter"] for s in found)
    assert {a for s in found for a in s["advisor_ids"]} == {str(somali.id)}


async def test_no_peer_counsellor_of_the_language_says_so(client, peers) -> None:
    network, service, _, _ = peers
    response = await client.get("/api/v1/slots", params=_params(network, service, "ti"))
    assert response.status_code == 200
    body = response.json()
    assert body["slots"] == []
    assert body["reason"] == "no peer counsellor of the serving organisations speaks ti"


async def test_a_peer_guidance_booking_is_the_peer_counsellors_and_needs_no_interpreter(
    client, session, peers
) -> None:
    network, service, somali, _ = peers
    await sw.interpreter(session, network.oulu.id, ("so",), email="tulkki@oulu.fi")
    await session.commit()
    found = (await client.get("/api/v1/slots", params=_params(network, service, "so"))).json()
    body = sw.client_body(found["slots"][0]["slot"], preferred_language="so")
    response = await client.post("/api/v1/bookings", json=body)
    assert response.status_code == 201, response.text
    booked = response.json()["booking"]
    assert booked["advisor_id"] == str(somali.id)
    assert booked["own_language"] and not booked["needs_interpreter"]
    stored = await session.get(Booking, UUID(booked["id"]))
    offers = (
        await session.scalars(
            select(InterpreterOffer).where(InterpreterOffer.booking_id == stored.id)
        )
    ).all()
    assert offers == []
    # The peer counsellor sees it in their day and may enter its room.
    day = await client.get(
        "/api/v1/bookings", params={"on": booked["starts_at"][:10]}, headers=somali.headers
    )
    assert [b["id"] for b in day.json()] == [booked["id"]]
    room = await client.post(f"/api/v1/rooms/{booked['id']}/passes", headers=somali.headers)
    assert room.status_code == 200, room.text
    assert room.json()["role"] == "peer_counsellor"
