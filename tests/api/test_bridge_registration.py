"""The phone bridge through a trunk that asks for registration (``NEUVO_SIP_REGISTER``): Janus
first REGISTERs at ``NEUVO_SIP_PROXY``, a `sipp` registrar on loopback challenges it (401 with a
digest WWW-Authenticate) and checks the digest against the password it knows; then the call
goes to a `sipp` phone. With the right secret the call is answered and kept as reached; with a
wrong one the dial is refused (502, the registrar's answer in the problem), nothing is kept on
the session and nothing is left in Janus."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import pytest
from aiortc import RTCSessionDescription
from sqlalchemy import select

from core.config import Settings
from scheduling.models import BookingCall, CallOutcome
from tests import janus_sip
from tests.api.test_booking_calls import _accept, _book
from tests.api.test_booking_calls import world as world  # the fixture
from tests.api.test_bridge import _follow, needs_stack

pytestmark = [pytest.mark.usefixtures("frozen"), needs_stack]
PASSWORD = "s3cret"


@dataclass
class Trunk:
    """Janus, the trunk's registrar and the client's phone."""

    janus: janus_sip.Server
    registrar: janus_sip.Registrar
    phone: janus_sip.Phone


@pytest.fixture
def trunk(tmp_path: Path) -> Iterator[Trunk]:
    with (
        janus_sip.janus_server(tmp_path / "janus") as server,
        janus_sip.registrar(tmp_path / "registrar", user="neuvo", password=PASSWORD) as registrar,
        janus_sip.phone(tmp_path / "phone") as phone,
    ):
        yield Trunk(server, registrar, phone)


@pytest.fixture
def settings(settings: Settings, trunk: Trunk, request: pytest.FixtureRequest) -> Settings:
    """Janus registering at the registrar as ``neuvo`` with the secret the test names
    (``@pytest.mark.parametrize("settings", [secret], indirect=True)``)."""
    return settings.model_copy(
        update={
            "janus_url": trunk.janus.url,
            "sip_uri": f"sip:{{number}}@127.0.0.1:{trunk.phone.port}",
            "sip_from": "sip:neuvo@127.0.0.1",
            "sip_proxy": trunk.registrar.proxy,
            "sip_register": True,
            "sip_authuser": "neuvo",
            "sip_secret": request.param,
        }
    )


@pytest.mark.parametrize("settings", [PASSWORD], indirect=True)
async def test_a_registered_trunk_takes_the_call_to_the_client(
    client, world, trunk, session, tmp_path
) -> None:
    booking = await _book(client, world, "phone")
    await _accept(client, world, booking["id"])
    pc = await janus_sip.offer()
    base = f"/api/v1/bookings/{booking['id']}/bridge"
    headers = world.finnish.headers
    placed = await client.post(base, json={"sdp": pc.localDescription.sdp}, headers=headers)
    assert placed.status_code == 201, placed.text
    assert trunk.registrar.answers() == ["SIP/2.0 401 Unauthorized", "SIP/2.0 200 OK"]
    assert trunk.registrar.authorised_as() == ["neuvo"]  # the digest of the right password

    call = placed.json()["call"]
    answered = await _follow(client, f"{base}/{call['id']}", headers, "answered")
    await pc.setRemoteDescription(RTCSessionDescription(sdp=answered["answer_sdp"], type="answer"))
    ended = await client.post(f"{base}/{call['id']}/hangup", headers=headers)
    assert ended.status_code == 200, ended.text
    assert ended.json()["call"]["outcome"] == "reached"
    assert trunk.phone.wait() == 0  # rang, answered, got its BYE, as scripted
    assert trunk.phone.invited == 1
    kept = await session.get(BookingCall, UUID(call["id"]))
    await session.refresh(kept)
    assert kept.outcome == CallOutcome.REACHED and kept.answered_at is not None
    assert trunk.janus.sessions() == []
    assert PASSWORD not in (tmp_path / "janus" / "janus.log").read_text()  # debug_level 4
    await pc.close()


@pytest.mark.parametrize("settings", ["not-the-secret"], indirect=True)
async def test_a_wrong_secret_refuses_the_dial_and_leaves_nothing_behind(
    client, world, trunk, session
) -> None:
    booking = await _book(client, world, "phone")
    pc = await janus_sip.offer()
    base = f"/api/v1/bookings/{booking['id']}/bridge"
    headers = world.finnish.headers
    refused = await client.post(base, json={"sdp": pc.localDescription.sdp}, headers=headers)
    assert refused.status_code == 502, refused.text
    problem = refused.json()
    assert problem["type"].endswith("bridge-failed")
    assert "refused Neuvo's registration: 403 Forbidden" in problem["detail"]
    assert "NEUVO_SIP_SECRET" in problem["detail"] and "not-the-secret" not in refused.text
    assert trunk.registrar.answers() == ["SIP/2.0 401 Unauthorized", "SIP/2.0 403 Forbidden"]
    assert trunk.janus.sessions() == []  # the session Neuvo opened is gone
    assert trunk.phone.invited == 0 and trunk.phone.relay.to_phone == 0  # never rang
    assert await session.scalar(select(BookingCall.id)) is None  # no call kept on the session
    again = await client.post(base, json={"sdp": pc.localDescription.sdp}, headers=headers)
    assert again.status_code == 502, again.text  # not "a call is in progress": none is
    await pc.close()
