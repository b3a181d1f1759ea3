"""A room across two API processes: the advisor's connection on one, the client's on the
other, relayed through Redis pub/sub; media flows between them as in one process."""

import contextlib

import pytest

from tests.conftest import missing, redis_url
from tests.video.conftest import Site, start_server, stop_server
from tests.video.peer import Participant, get_pass


@pytest.fixture(scope="module")
def pair(site: Site):
    url = redis_url()
    if url is None:
        missing("Redis", "set REDIS_URL or start it on 127.0.0.1:6379")
    started = []
    try:
        for _ in range(2):
            started.append(start_server(site.database_url, redis_url=url))
        yield [base for _, base in started]
    finally:
        for process, _ in started:
            stop_server(process)


async def test_a_peer_on_each_of_two_processes_connect_through_redis(site: Site, pair):
    first, second = pair
    w = site.world
    advisor = Participant(
        first, w.open.id, (await get_pass(first, room=w.open.id, person=w.advisor))["token"]
    )
    client = Participant(
        second, w.open.id, (await get_pass(second, client_token=w.open.client_token))["token"]
    )
    interpreter = None
    try:
        await advisor.join()
        await client.join()
        waiting = await advisor.wait_for("waiting")
        assert waiting["peer"]["id"] == client.id
        await advisor.send({"type": "admit", "peer": client.id})
        await client.wait_for("admitted")
        assert await advisor.hears(client.id), "no sound from the client on the other process"
        assert await client.hears(advisor.id), "no sound from the advisor on the other process"

        # A reconnect on the other process replaces the connection on the first.
        issued = await get_pass(second, room=w.open.id, person=w.interpreter)
        interpreter = Participant(second, w.open.id, issued["token"])
        await interpreter.join()
        again = Participant(first, w.open.id, issued["token"])
        await again.join()
        assert await interpreter.closed() == (4411, "replaced by a newer connection")
        await again.send({"type": "leave"})
        left = await advisor.wait_for("peer_left", id=again.id)
        assert left["id"] == again.id
        await client.wait_for("peer_left", id=again.id)
        await again.close()
    finally:
        for participant in (advisor, client, interpreter):
            if participant is not None:
                with contextlib.suppress(Exception):
                    await participant.close()
