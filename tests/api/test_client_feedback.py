"""The client's feedback through the link: one face per booking, only once the session ended;
and what the link shows: the time as the SMS writes it, whose service, when the room opens."""

from datetime import datetime, timedelta
from uuid import UUID

import pytest
from sqlalchemy import select

from notifications import templates
from scheduling.models import Feedback
from tests.api import scheduling_world as sw

JSON = {"Accept": "application/json"}


# The clock stands at the scheduling world's Monday morning in every test here.
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
async def booked(client, session):
    network = await sw.build(session)
    slots = (await client.get("/api/v1/slots", params=sw.search_params(network))).json()["slots"]
    response = await client.post("/api/v1/bookings", json=sw.client_body(slots[0]["slot"]))
    assert response.status_code == 201, response.text
    body = response.json()
    return {"path": "/b/" + body["client_link"].rsplit("/b/", 1)[1], "booking": body["booking"]}


def _after_the_end(booking: dict) -> timedelta:
    return datetime.fromisoformat(booking["ends_at"]) - sw.NOW + timedelta(minutes=5)


async def test_feedback_before_the_end_is_refused(client, booked, session):
    response = await client.post(booked["path"] + "/feedback", json={"score": "good"})
    assert response.status_code == 409
    assert not list(await session.scalars(select(Feedback)))
    shown = (await client.get(booked["path"], headers=JSON)).json()
    assert shown["can_give_feedback"] is False


async def test_feedback_after_the_end_is_kept_once(client, booked, session, frozen):
    frozen.advance(_after_the_end(booked["booking"]))
    shown = (await client.get(booked["path"], headers=JSON)).json()
    assert shown["can_give_feedback"] is True and shown["feedback_score"] is None
    response = await client.post(booked["path"] + "/feedback", json={"score": "okay"})
    assert response.status_code == 201, response.text
    assert response.json()["feedback_score"] == "okay" and not response.json()["can_give_feedback"]
    again = await client.post(booked["path"] + "/feedback", json={"score": "good"})
    assert again.status_code == 409
    stored = (await session.scalars(select(Feedback))).one()
    assert stored.booking_id == UUID(booked["booking"]["id"])
    assert stored.score == "okay" and stored.comment is None


async def test_a_comment_is_kept_only_when_typed(client, booked, session, frozen):
    frozen.advance(_after_the_end(booked["booking"]))
    body = {"score": "bad", "comment": "  The sound broke up.  "}
    assert (await client.post(booked["path"] + "/feedback", json=body)).status_code == 201
    assert (await session.scalars(select(Feedback.comment))).one() == "The sound broke up."


async def test_a_cancelled_session_asks_no_feedback(client, booked, frozen):
    assert (await client.post(booked["path"], json={"action": "cancel"})).status_code == 200
    frozen.advance(_after_the_end(booked["booking"]))
    response = await client.post(booked["path"] + "/feedback", json={"score": "good"})
    assert response.status_code == 409


async def test_a_wrong_token_or_a_fourth_face_is_refused(client, booked, frozen):
    frozen.advance(_after_the_end(booked["booking"]))
    wrong = await client.post(booked["path"][:-1] + "/feedback", json={"score": "good"})
    assert wrong.status_code == 404
    odd = await client.post(booked["path"] + "/feedback", json={"score": "great"})
    assert odd.status_code == 422


async def test_the_link_says_the_time_as_the_sms_does(client, booked):
    shown = (await client.get(booked["path"], headers=JSON)).json()
    starts = datetime.fromisoformat(shown["starts_at"])
    said = templates.spoken_when(starts, language="ar", zone="Europe/Helsinki")
    assert shown["label"] == said.label and said.day in said.label and said.time in said.label
    assert shown["organisation_name"]
    opens = datetime.fromisoformat(shown["room_opens_at"])
    assert opens == starts - timedelta(minutes=15)  # NEUVO_ROOM_OPEN_MINUTES by default
    # The page says when the call opens, a quarter of an hour before the session.
    opening = templates.spoken_when(opens, language="ar", zone="Europe/Helsinki")
    assert shown["room_opens_time_label"] == opening.time != said.time
