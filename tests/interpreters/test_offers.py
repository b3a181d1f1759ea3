"""Offers: a session needing an interpreter goes to the qualified ones; the first to accept
wins, atomically; the rest are withdrawn and told; an interpreter is never double-booked."""

import asyncio
from collections import Counter
from datetime import datetime, time, timedelta
from uuid import UUID

from sqlalchemy import func, select

from access.models import Role, StaffMember
from core import clock
from interpreters.models import InterpreterOffer
from notifications import dispatch
from notifications.models import Message
from scheduling.models import Booking, BusyInterval, OrganisationKind
from tests import factories
from tests.api import scheduling_world as sw
from tests.api.test_booking_race import committed  # noqa: F401 (a fixture)

PROFILE = {
    "kind": "interpreter",
    "languages": [{"language": "so"}],
    "into_languages": ["fi"],
    "modes": ["phone", "video"],
}


async def _interpreters(client, session, network, count: int = 2):
    """Somali interpreters into Finnish, working the advisors' hours."""
    people = []
    for index in range(count):
        person = await sw.interpreter(
            session, network.oulu.id, ("so",), email=f"tulkki{index}@oulu.fi"
        )
        people.append(person)
    await session.commit()
    return people


async def _book_somali(client, network, day: str = "2026-03-25", at: str = "10:00", index=0):
    params = sw.search_params(network, language="so", **{"from": day, "to": day})
    slots = (await client.get("/api/v1/slots", params=params)).json()["slots"]
    slot = next(s for s in slots if s["starts_at"][11:16] == at)
    body = sw.client_body(slot["slot"], preferred_language="so", phone=f"+3584011100{index:02d}")
    response = await client.post("/api/v1/bookings", json=body)
    assert response.status_code == 201, response.text
    return response.json()["booking"]


async def _offers(client, person) -> list[dict]:
    response = await client.get("/api/v1/offers", headers=person.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_first_to_accept_wins_and_the_rest_are_withdrawn(client, session, frozen) -> None:
    network = await sw.build(session)
    first, second = await _interpreters(client, session, network)
    booking = await _book_somali(client, network)
    assert not booking["own_language"]
    mine, theirs = (await _offers(client, first))[0], (await _offers(client, second))[0]
    assert mine["booking_id"] == theirs["booking_id"] == booking["id"]
    assert mine["status"] == theirs["status"] == "open"

    won = await client.post(f"/api/v1/offers/{mine['id']}/accept", headers=first.headers)
    assert won.status_code == 200 and won.json()["status"] == "accepted"
    late = await client.post(f"/api/v1/offers/{theirs['id']}/accept", headers=second.headers)
    assert late.status_code == 409
    assert late.json()["detail"] == "the offer is withdrawn"

    stored = await session.get(Booking, UUID(booking["id"]))
    await session.refresh(stored)
    assert stored.interpreter_id == first.id
    interpreters = set(
        await session.scalars(
            select(BusyInterval.person_id).where(BusyInterval.role == "interpreter")
        )
    )
    assert interpreters == {first.id}
    kinds = Counter(
        (m.kind.value, m.recipient)
        for m in await session.scalars(select(Message).where(Message.recipient_role == "staff"))
    )
    assert kinds[("interpreter_offer", "tulkki0@oulu.fi")] == 1
    assert kinds[("offer_withdrawn", "tulkki1@oulu.fi")] == 1
    # What the interpreters read: the language, time and length, and where to answer.
    for message in await session.scalars(select(Message).where(Message.recipient_role == "staff")):
        text = dispatch.preview(message)
        assert text is not None, message.kind
        if message.kind == "interpreter_offer":
            assert "somali" in text and "45 min" in text and "/console#offers" in text


async def test_an_offer_is_only_its_holders(client, session, frozen) -> None:
    network = await sw.build(session)
    first, second = await _interpreters(client, session, network)
    await _book_somali(client, network)
    mine = (await _offers(client, first))[0]
    theirs = await client.post(f"/api/v1/offers/{mine['id']}/accept", headers=second.headers)
    assert theirs.status_code == 409
    assert theirs.json()["detail"] == "this offer was made to someone else"
    stranger = await factories.person(session, network.outsider.organisation_id, Role.INTERPRETER)
    await session.commit()
    hidden = await client.post(f"/api/v1/offers/{mine['id']}/accept", headers=stranger.headers)
    assert hidden.status_code == 404
    advisor = await client.post(
        f"/api/v1/offers/{mine['id']}/accept", headers=network.arabic.headers
    )
    assert advisor.status_code == 403


async def test_an_interpreter_is_never_in_two_sessions_at_once(client, session, frozen) -> None:
    network = await sw.build(session)
    (only,) = await _interpreters(client, session, network, count=1)
    # Two Somali clients at the same time: each advisor takes one, both need the interpreter.
    await _book_somali(client, network, index=1)
    await _book_somali(client, network, index=2)
    one, two = await _offers(client, only)
    assert (
        await client.post(f"/api/v1/offers/{one['id']}/accept", headers=only.headers)
    ).status_code == 200
    busy = await client.post(f"/api/v1/offers/{two['id']}/accept", headers=only.headers)
    assert busy.status_code == 409
    assert busy.json()["detail"] == "you are in another session at that time"
    count = await session.scalar(
        select(func.count()).select_from(BusyInterval).where(BusyInterval.person_id == only.id)
    )
    assert count == 1


async def test_an_own_language_session_makes_no_offer(client, session, frozen) -> None:
    network = await sw.build(session)
    await _interpreters(client, session, network, count=1)
    params = sw.search_params(network, **{"from": "2026-03-25", "to": "2026-03-25"})
    slot = (await client.get("/api/v1/slots", params=params)).json()["slots"][0]
    response = await client.post("/api/v1/bookings", json=sw.client_body(slot["slot"]))
    assert response.json()["booking"]["own_language"]
    assert await session.scalar(select(func.count()).select_from(InterpreterOffer)) == 0


async def test_cancelling_withdraws_every_offer_and_frees_the_interpreter(
    client, session, frozen
) -> None:
    network = await sw.build(session)
    first, second = await _interpreters(client, session, network)
    booking = await _book_somali(client, network)
    mine = (await _offers(client, first))[0]
    await client.post(f"/api/v1/offers/{mine['id']}/accept", headers=first.headers)
    cancelled = await client.post(
        f"/api/v1/bookings/{booking['id']}/cancel", json={}, headers=network.operator.headers
    )
    assert cancelled.status_code == 200, cancelled.text
    statuses = {
        offer["status"] for person in (first, second) for offer in await _offers(client, person)
    }
    assert statuses == {"withdrawn"}
    active = await session.scalar(
        select(func.count())
        .select_from(BusyInterval)
        .where(BusyInterval.person_id == first.id, BusyInterval.active.is_(True))
    )
    assert active == 0


async def test_two_interpreters_accepting_at_the_same_moment_make_one_winner(committed) -> None:  # noqa: F811
    client, network, sessions = committed
    with clock.frozen(sw.NOW):
        async with sessions() as session:
            people = await _interpreters(client, session, network)
        booking = await _book_somali(client, network)
        offers = [(await _offers(client, person))[0] for person in people]
        responses = await asyncio.gather(
            *(
                client.post(f"/api/v1/offers/{offer['id']}/accept", headers=person.headers)
                for offer, person in zip(offers, people, strict=True)
            )
        )
    assert sorted(r.status_code for r in responses) == [200, 409], [r.text for r in responses]
    loser = next(r for r in responses if r.status_code == 409).json()["detail"]
    assert loser in ("another interpreter took this session first", "the offer is withdrawn")
    async with sessions() as session:
        stored = await session.get(Booking, UUID(booking["id"]))
        winner = people[[r.status_code for r in responses].index(200)]
        assert stored.interpreter_id == winner.id
        held = await session.scalar(
            select(func.count()).select_from(BusyInterval).where(BusyInterval.role == "interpreter")
        )
        assert held == 1


async def _advance(sessions, settings) -> int:
    from interpreters import jobs

    return await jobs.advance_offers({"sessions": sessions, "settings": settings})


async def test_the_next_tier_gets_the_offer_after_a_wait(
    client, session, sessions, settings, frozen
) -> None:
    network = await sw.build(session)
    people = await _interpreters(client, session, network, count=4)
    await _book_somali(client, network)
    first_tier = [p for p in people if await _offers(client, p)]
    assert len(first_tier) == 3
    assert await _advance(sessions, settings) == 0  # the first tier still has time
    frozen.advance(timedelta(minutes=settings.offer_tier_minutes))
    assert await _advance(sessions, settings) == 1
    (last,) = [p for p in people if p not in first_tier]
    assert [o["tier"] for o in await _offers(client, last)] == [2]
    assert {(await _offers(client, p))[0]["status"] for p in first_tier} == {"expired"}


async def test_when_everyone_declines_the_next_tier_is_asked_at_once(
    client, session, sessions, settings, frozen
) -> None:
    network = await sw.build(session)
    people = await _interpreters(client, session, network, count=4)
    await _book_somali(client, network)
    for person in people:
        for offer in await _offers(client, person):
            answer = await client.post(
                f"/api/v1/offers/{offer['id']}/decline",
                json={"reason": "another assignment"},
                headers=person.headers,
            )
            assert answer.status_code == 200 and answer.json()["status"] == "declined"
    assert await _advance(sessions, settings) == 1


async def test_nobody_by_the_deadline_alerts_the_operators(
    client, session, sessions, settings, frozen
) -> None:
    network = await sw.build(session)
    (only,) = await _interpreters(client, session, network, count=1)
    booking = await _book_somali(client, network)
    assert booking["interpreter_missing"] and booking["interpreter_id"] is None
    alert = await client.get("/api/v1/offers/missing", headers=network.operator.headers)
    assert alert.json() == []  # the deadline is still far
    starts_at = datetime.fromisoformat(booking["starts_at"])
    frozen.advance(
        starts_at - timedelta(minutes=settings.interpreter_deadline_minutes) - clock.now()
    )
    await _advance(sessions, settings)
    assert [o["status"] for o in await _offers(client, only)] == ["expired"]
    alert = await client.get("/api/v1/offers/missing", headers=network.operator.headers)
    assert [b["id"] for b in alert.json()] == [booking["id"]]
    assert alert.json()[0]["interpreter_missing"]
    late = await client.post(
        f"/api/v1/offers/{(await _offers(client, only))[0]['id']}/accept", headers=only.headers
    )
    assert late.status_code == 409


async def test_the_accepted_session_is_in_the_interpreters_day_and_feed(
    client, session, frozen
) -> None:
    network = await sw.build(session)
    (only,) = await _interpreters(client, session, network, count=1)
    booking = await _book_somali(client, network)
    offer = (await _offers(client, only))[0]
    await client.post(f"/api/v1/offers/{offer['id']}/accept", headers=only.headers)
    day = await client.get("/api/v1/bookings", params={"on": "2026-03-25"}, headers=only.headers)
    assert [b["id"] for b in day.json()] == [booking["id"]]
    assert day.json()[0]["interpreter_id"] == str(only.id)
    one = await client.get(f"/api/v1/bookings/{booking['id']}", headers=only.headers)
    assert one.status_code == 200 and not one.json()["interpreter_missing"]
    link = await client.post("/api/v1/auth/me/calendar-feed", headers=only.headers)
    feed = await client.get(link.json()["url"].replace("http://testserver", ""))
    assert feed.status_code == 200
    assert booking["id"] in feed.text and "+358" not in feed.text


async def test_offers_honour_the_clients_wishes(client, session, frozen) -> None:
    network = await sw.build(session)
    first, second, third = await _interpreters(client, session, network, count=3)
    for person, gender in ((first, "male"), (second, "female"), (third, "female")):
        body = {**PROFILE, "gender": gender}
        await client.put(
            f"/api/v1/staff/{person.id}/interpreter-profile", json=body, headers=person.headers
        )
    # The operator records the client's wishes before booking for them.
    made = await client.post(
        "/api/v1/clients",
        json={
            "preferred_language": "so",
            "phone": "+358401119999",
            "home_municipality_code": "615",
        },
        headers=network.operator.headers,
    )
    client_id = made.json()["id"]
    path = f"/api/v1/clients/{client_id}/interpreter-wishes"
    wish = {"gender": "female", "excluded": [str(third.id)]}
    saved = await client.put(path, json=wish, headers=network.operator.headers)
    assert saved.status_code == 200
    assert {k: saved.json()[k] for k in wish} == wish
    again = (await client.get(path, headers=network.operator.headers)).json()
    assert {k: again[k] for k in wish} == wish
    params = sw.search_params(network, language="so", **{"from": "2026-03-25", "to": "2026-03-25"})
    slot = (await client.get("/api/v1/slots", params=params)).json()["slots"][0]
    booked = await client.post(
        "/api/v1/bookings",
        json={"slot": slot["slot"], "client_id": client_id},
        headers=network.operator.headers,
    )
    assert booked.status_code == 201, booked.text
    offered = [p for p in (first, second, third) if await _offers(client, p)]
    assert offered == [second]  # female, and not the excluded one


async def test_the_wishes_list_whom_the_client_may_exclude_of_any_organisation(
    client, session, frozen
) -> None:
    """The operator of a municipality excludes interpreters who work for an agency: the
    wishes list the active people of any organisation who speak the client's language (and
    whoever is already excluded), by name only."""
    network = await sw.build(session)
    agency = await factories.organisation(session, "Tulkkitoimisto", OrganisationKind.OTHER)
    somali = await sw.interpreter(session, agency.id, ("so",), email="so@tulkit.fi")
    gone = await sw.interpreter(session, agency.id, ("so",), email="entinen@tulkit.fi")
    await sw.interpreter(session, agency.id, ("ar",), email="ar@tulkit.fi")
    await session.commit()
    made = await client.post(
        "/api/v1/clients",
        json={"preferred_language": "so", "phone": "+358401117777"},
        headers=network.operator.headers,
    )
    path = f"/api/v1/clients/{made.json()['id']}/interpreter-wishes"
    shown = await client.get(path, headers=network.operator.headers)
    assert shown.status_code == 200, shown.text
    assert {c["id"] for c in shown.json()["candidates"]} == {str(somali.id), str(gone.id)}
    assert all(set(c) == {"id", "display_name"} for c in shown.json()["candidates"])
    # Excluded, then gone from the agency: still listed, so the wish can be seen and undone.
    excluded = {"excluded": [str(gone.id)]}
    put = await client.put(path, json=excluded, headers=network.operator.headers)
    assert put.status_code == 200, put.text
    member = await session.get(StaffMember, gone.id)
    member.active = False
    await session.commit()
    listed = (await client.get(path, headers=network.operator.headers)).json()
    assert {c["id"] for c in listed["candidates"]} == {str(somali.id), str(gone.id)}
    assert listed["excluded"] == [str(gone.id)]


async def test_wishes_name_real_staff(client, session, frozen) -> None:
    network = await sw.build(session)
    made = await client.post(
        "/api/v1/clients",
        json={"preferred_language": "so", "phone": "+358401118888"},
        headers=network.operator.headers,
    )
    path = f"/api/v1/clients/{made.json()['id']}/interpreter-wishes"
    wrong = await client.put(
        path,
        json={"excluded": ["00000000-0000-0000-0000-000000000001"]},
        headers=network.operator.headers,
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "excluded"
    odd = await client.put(path, json={"gender": "robot"}, headers=network.operator.headers)
    assert odd.status_code == 422


async def test_only_interpreters_whose_hours_hold_the_session_get_the_offer(
    client, session, frozen
) -> None:
    network = await sw.build(session)
    morning = await sw.interpreter(session, network.oulu.id, ("so",), email="aamu@oulu.fi")
    afternoon = await sw.interpreter(
        session, network.oulu.id, ("so",), email="ilta@oulu.fi", starts=time(13), ends=time(15)
    )
    await session.commit()
    await _book_somali(client, network, at="10:00")
    assert [o["status"] for o in await _offers(client, morning)] == ["open"]
    assert await _offers(client, afternoon) == []
