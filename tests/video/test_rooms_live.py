"""Rooms through a real server process on loopback, with real aiortc peers: two and three
people connect and hear each other; the client waits until the advisor admits them."""

import contextlib

import pytest

from tests.video.conftest import Site
from tests.video.peer import Participant, get_pass


@pytest.fixture
async def people(site: Site):
    joined: list[Participant] = []

    async def enter(who: str, room=None) -> Participant:
        w = site.world
        room = room or w.open
        if who == "client":
            issued = await get_pass(site.base, client_token=room.client_token)
        else:
            person = {"advisor": w.advisor, "interpreter": w.interpreter}[who]
            issued = await get_pass(site.base, room=room.id, person=person)
        participant = Participant(site.base, issued["room_id"], issued["token"])
        joined.append(participant)
        return participant

    yield enter
    for participant in joined:
        with contextlib.suppress(Exception):
            await participant.close()


async def test_the_advisor_admits_the_waiting_client_and_they_hear_each_other(people):
    advisor = await people("advisor")
    welcome = await advisor.join()
    assert welcome["role"] == "advisor" and welcome["admitted"] and welcome["peers"] == []

    client = await people("client")
    hello = await client.join()
    assert hello["role"] == "client" and not hello["admitted"] and hello["peers"] == []
    await client.wait_for("waiting")
    waiting = await advisor.wait_for("waiting")
    assert waiting["peer"]["id"] == client.id
    assert waiting["peer"]["language"] == "ar" and waiting["peer"]["name"] is None

    await advisor.send({"type": "admit", "peer": client.id})
    admitted = await client.wait_for("admitted")
    assert [p["id"] for p in admitted["peers"]] == [advisor.id]
    joined = await advisor.wait_for("peer_joined")
    assert joined["peer"]["id"] == client.id and joined["peer"]["admitted"]

    assert await advisor.hears(client.id), "the advisor heard nothing from the client"
    assert await client.hears(advisor.id), "the client heard nothing from the advisor"


async def test_three_people_hear_each_other(people):
    advisor, interpreter, client = (
        await people("advisor"),
        await people("interpreter"),
        await people("client"),
    )
    await advisor.join()
    assert (await interpreter.join())["admitted"], "interpreters do not wait"
    await client.join()
    # The advisor sees that the interpreter is in when the client arrives.
    waiting = await advisor.wait_for("waiting")
    await advisor.send({"type": "admit", "peer": waiting["peer"]["id"]})
    await client.wait_for("admitted")

    everyone = {"advisor": advisor, "interpreter": interpreter, "client": client}
    for name, listener in everyone.items():
        for other_name, speaker in everyone.items():
            if speaker is not listener:
                assert await listener.hears(speaker.id), f"{name} did not hear {other_name}"


async def test_leaving_is_told_to_the_others(people):
    advisor, interpreter = await people("advisor"), await people("interpreter")
    await advisor.join()
    await interpreter.join()
    await advisor.wait_for("peer_joined")
    await interpreter.send({"type": "leave"})
    left = await advisor.wait_for("peer_left")
    assert left["id"] == interpreter.id
