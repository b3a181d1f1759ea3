"""TURN credentials the coturn ``use-auth-secret`` way: a known value, and a real coturn on
loopback that relays data for a Neuvo-made credential and refuses an expired or forged one."""

import asyncio
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from aioice.stun import TransactionFailed
from aioice.turn import create_turn_endpoint

from tests.conftest import REQUIRE_SERVICES
from tests.e2e.conftest import _free_port
from video import turn

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
