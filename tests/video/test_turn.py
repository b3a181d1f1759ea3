"""TURN credentials the coturn ``use-auth-secret`` way: a known value, and a real coturn on
loopback that relays data for a Neuvo-made credential and refuses an expired or forged one."""

import asyncio
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from aioice.stun import TransactionFailed
from aioice.turn import create_turn_endpoint

from access.actors import Actor
from access.models import Role
from api.app import create_app
from core.config import Settings
from tests import factories
from tests.conftest import REQUIRE_SERVICES
from tests.e2e.conftest import _free_port
from video import rooms, turn

SECRET = "north-secret"


def test_the_credential_is_coturns():
    # Reference: echo -n "1700000000:alice" | openssl dgst -sha1 -hmac north-secret -binary | base64
    now = datetime.fromtimestamp(1_700_000_000 - 3600, UTC)
    found = turn.credentials(SECRET, "alice", now=now, ttl_seconds=3600)
    assert found == {"username": "1700000000:alice", "credential": "g+jb180fcj+xlpA/2mP60OdIgU0="}


def test_ice_servers_carry_turn_only_with_a_secret():
    now = datetime(2026, 11, 23, tzinfo=UTC)
    plain = turn.ice_servers(
        stun_urls=["stun:stun.example:3478"],
        turn_urls=["turn:turn.example:3478"],
        turn_secret=None,
        participant="p1",
        now=now,
        ttl_seconds=60,
    )
    assert plain == [{"urls": ["stun:stun.example:3478"]}]
    full = turn.ice_servers(
        stun_urls=[],
        turn_urls=["turn:turn.example:3478"],
        turn_secret=SECRET,
        participant="p1",
        now=now,
        ttl_seconds=60,
    )
    assert full[0]["username"] == f"{int(now.timestamp()) + 60}:p1"
    assert full[0]["urls"] == ["turn:turn.example:3478"]


@pytest.fixture(scope="module")
def coturn(tmp_path_factory):
    binary = shutil.which("turnserver")
    if binary is None:
        message = "coturn is not installed (apt-get install coturn)"
        if REQUIRE_SERVICES:
            pytest.fail(message)
        pytest.skip(message)
    port, low = _free_port(), 49152 + _free_port() % 10000
    log = tmp_path_factory.mktemp("coturn") / "turn.log"
    process = subprocess.Popen(
        [
            binary,
            "-n",
            "--listening-ip=127.0.0.1",
            "--relay-ip=127.0.0.1",
            f"--listening-port={port}",
            f"--min-port={low}",
            f"--max-port={low + 100}",
            "--use-auth-secret",
            f"--static-auth-secret={SECRET}",
            "--realm=neuvo.test",
            "--allow-loopback-peers",
            "--no-cli",
            "--no-tls",
            "--no-dtls",
            f"--log-file={log}",
            "--simple-log",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    yield ("127.0.0.1", port)
    process.terminate()
    process.wait(timeout=10)


class _Inbox(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.received: asyncio.Queue = asyncio.Queue()
        self.transport = None

    def connection_made(self, transport) -> None:
        self.transport = transport

    def datagram_received(self, data, addr) -> None:
        self.received.put_nowait((data, addr))


async def _allocate(server, credential):
    for _ in range(50):  # coturn takes a moment to listen
        try:
            return await create_turn_endpoint(
                _Inbox, server, credential["username"], credential["credential"]
            )
        except (ConnectionRefusedError, TimeoutError, OSError):
            await asyncio.sleep(0.1)
    raise RuntimeError("coturn did not answer")


async def test_coturn_relays_for_a_neuvo_credential(coturn):
    credential = turn.credentials(SECRET, "p1", now=datetime.now(UTC), ttl_seconds=600)
    relay, client = await _allocate(coturn, credential)
    loop = asyncio.get_running_loop()
    peer_transport, peer = await loop.create_datagram_endpoint(_Inbox, local_addr=("127.0.0.1", 0))
    try:
        relayed = relay.get_extra_info("sockname")
        assert relayed[1] != coturn[1]  # a relayed address of its own
        relay.sendto(b"hello through the relay", peer_transport.get_extra_info("sockname"))
        data, source = await asyncio.wait_for(peer.received.get(), 5)
        assert data == b"hello through the relay"
        assert source == relayed  # it came from the relay, not from the client
        peer_transport.sendto(b"and back", source)
        back, _ = await asyncio.wait_for(client.received.get(), 5)
        assert back == b"and back"
    finally:
        relay.close()
        peer_transport.close()


@pytest.mark.parametrize("kind", ["expired", "forged"])
async def test_coturn_refuses_an_expired_or_forged_credential(coturn, kind):
    if kind == "expired":
        then = datetime.now(UTC) - timedelta(hours=2)
        credential = turn.credentials(SECRET, "p1", now=then, ttl_seconds=600)
    else:
        credential = turn.credentials(
            "not-the-secret", "p1", now=datetime.now(UTC), ttl_seconds=600
        )
    with pytest.raises(TransactionFailed):
        await _allocate(coturn, credential)


async def test_configured_turn_reaches_the_browser_with_fresh_credentials(
    settings, sessions, session
):
    """With NEUVO_TURN_URLS and NEUVO_TURN_SECRET set, each participant gets TURN credentials
    that coturn with the same secret accepts (the username's expiry ahead, the HMAC right)."""

    configured = Settings(
        **{
            **settings.model_dump(by_alias=True),
            "NEUVO_TURN_URLS": ["turn:turn.example.fi:3478?transport=udp"],
            "NEUVO_TURN_SECRET": SECRET,
            "NEUVO_STUN_URLS": ["stun:turn.example.fi:3478"],
        }
    )
    app = create_app(configured)
    app.state.sessions = app.state.read_sessions = sessions
    await factories.municipality(session, "615", "Pudasjärvi")
    org = await factories.organisation(session, "Oulun kaupunki")
    service = await factories.service(session, org.id)
    advisor = await factories.person(session, org.id, Role.ADVISOR)
    booking = await factories.booking(session, service, advisor)
    actor = Actor(staff_id=advisor.id, organisation_id=org.id, roles=frozenset({Role.ADVISOR}))
    issued = await rooms.pass_for_staff(
        session,
        actor=actor,
        booking_id=booking.id,
        now=datetime.now(UTC),
        open_minutes=15,
        close_minutes=30,
    )
    await session.commit()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.post("/api/v1/device-tests/ice-servers", json={"token": issued.token})
    assert response.status_code == 200, response.text
    stun, relay = response.json()["ice_servers"]
    assert stun == {"urls": ["stun:turn.example.fi:3478"]}
    expiry, participant = relay["username"].split(":", 1)
    assert int(expiry) > datetime.now(UTC).timestamp() + 3600
    assert participant == rooms.participant_id(
        configured.secret_key, booking.id, rooms.RoomRole.ADVISOR, advisor.id
    )
    assert (
        relay["credential"]
        == turn.credentials(
            SECRET, participant, now=datetime.fromtimestamp(int(expiry), UTC), ttl_seconds=0
        )["credential"]
    )
