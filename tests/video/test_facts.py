"""Session facts on both databases: a no-show is suggested only once the session has run ten
minutes without the client, never for one the client joined or that moved to the phone."""

from datetime import timedelta

import pytest

from access.actors import Actor
from access.errors import RoleRequired
from access.models import Role
from tests import factories
from video import rooms
from video.errors import RoomNotFound, RoomUnavailable
from video.models import RoomEventKind, RoomRole


async def _setup(session):
    await factories.municipality(session, "615", "Pudasjärvi")
    org = await factories.organisation(session, "Oulun kaupunki")
    service = await factories.service(session, org.id)
    advisor = await factories.person(session, org.id, Role.ADVISOR)
    booking = await factories.booking(session, service, advisor)
    actor = Actor(staff_id=advisor.id, organisation_id=org.id, roles=frozenset({Role.ADVISOR}))
    return booking, actor


async def test_a_no_show_is_suggested_after_ten_minutes_without_the_client(session):
    booking, actor = await _setup(session)
    early = await rooms.facts(
        session, actor=actor, room_id=booking.id, now=booking.starts_at + timedelta(minutes=9)
    )
    assert not early.suggest_no_show
    late = booking.starts_at + timedelta(minutes=11)
    found = await rooms.facts(session, actor=actor, room_id=booking.id, now=late)
    assert found.suggest_no_show and not found.client_joined

    await rooms.record(
        session, room_id=booking.id, kind=RoomEventKind.JOINED, role=RoomRole.CLIENT, at=late
    )
    joined = await rooms.facts(session, actor=actor, room_id=booking.id, now=late)
    assert joined.client_joined and not joined.suggest_no_show


async def test_a_session_moved_to_the_phone_is_no_no_show_and_stays_video(session):
    booking, actor = await _setup(session)
    at = booking.starts_at + timedelta(minutes=2)
    first = await rooms.switch_to_phone(session, actor=actor, room_id=booking.id, now=at, reason="")
    again = await rooms.switch_to_phone(
        session, actor=actor, room_id=booking.id, now=at + timedelta(minutes=1), reason=""
    )
    assert first == again == at  # recorded once
    found = await rooms.facts(
        session, actor=actor, room_id=booking.id, now=at + timedelta(minutes=30)
    )
    assert found.switched_to_phone_at == at and not found.suggest_no_show
    assert booking.channel == "video"  # statistics count it where it was booked
    with pytest.raises(RoomUnavailable):
        await rooms.pass_for_staff(
            session, actor=actor, booking_id=booking.id, now=at, open_minutes=15, close_minutes=30
        )


async def test_only_the_sessions_advisor_switches(session):
    booking, actor = await _setup(session)
    colleague = Actor(
        staff_id=(await factories.person(session, actor.organisation_id, Role.ADMIN)).id,
        organisation_id=actor.organisation_id,
        roles=frozenset({Role.ADMIN}),
    )
    with pytest.raises(RoleRequired):
        await rooms.switch_to_phone(
            session, actor=colleague, room_id=booking.id, now=booking.starts_at, reason=None
        )


async def test_passes_of_closed_rooms_are_purged(session):
    booking, actor = await _setup(session)
    issued = await rooms.pass_for_staff(
        session,
        actor=actor,
        booking_id=booking.id,
        now=booking.starts_at,
        open_minutes=15,
        close_minutes=30,
    )
    assert await rooms.purge_expired(session, now=issued.window.closes - timedelta(seconds=1)) == 0
    assert await rooms.purge_expired(session, now=issued.window.closes) == 1
    with pytest.raises(RoomNotFound):
        await rooms.holder(session, token=issued.token, now=booking.starts_at, secret="s" * 40)
