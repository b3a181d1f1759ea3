"""The unit of work: a flow that fails half-way leaves nothing written and runs no effect;
a flow that succeeds is committed before its effects run. On both backends, with real
commits (no enclosing test transaction)."""

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

import core.db
from api import unit_of_work
from api.app import create_app
from core import clock
from core.config import Settings
from flows import bookings as booking_flows
from flows.effects import SEND_OUTBOX, Done
from interpreters import offers
from interpreters.models import InterpreterOffer
from notifications.models import Message
from scheduling.models import Booking
from scheduling.schemas import BookingCreate
from tests.api import scheduling_world as sw
from tests.conftest import TEST_SECRET


@pytest.fixture(autouse=True)
def frozen():
    with clock.frozen(sw.NOW) as handle:
        yield handle


@pytest.fixture
async def engine_(committed_url: str) -> AsyncIterator[AsyncEngine]:
    engine = core.db.create_engine(committed_url, pool_size=3)
    yield engine
    await engine.dispose()


@pytest.fixture
def settings_(committed_url: str) -> Settings:
    return Settings(
        NEUVO_ENV="test",
        DATABASE_URL=committed_url,
        SECRET_KEY=TEST_SECRET,
        NEUVO_BASE_URL="http://testserver",
    )


@pytest.fixture
async def world(engine_: AsyncEngine):
    async with core.db.transaction(core.db.session_factory(engine_)) as session:
        return await sw.build(session)


@pytest.fixture
async def slots(engine_: AsyncEngine, settings_: Settings, world) -> list[str]:
    """The signed slot references a search finds, through the real API."""
    app = create_app(settings_)
    app.state.sessions = core.db.session_factory(engine_)
    app.state.read_sessions = core.db.session_factory(engine_, write=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.get("/api/v1/slots", params=sw.search_params(world))
    assert response.status_code == 200, response.text
    return [slot["slot"] for slot in response.json()["slots"]]


async def _counts(engine: AsyncEngine) -> dict[str, int]:
    """Rows as another connection sees them: only what was committed."""
    async with core.db.session_factory(engine)() as session:
        return {
            model.__name__: await session.scalar(select(func.count()).select_from(model))
            for model in (Booking, Message, InterpreterOffer)
        }


def _body(slot: str, phone: str = "+358401112223") -> BookingCreate:
    return BookingCreate.model_validate(sw.client_body(slot, phone=phone))


async def test_an_error_after_the_booking_leaves_no_booking_no_message_no_offer(
    engine_, settings_, slots, monkeypatch
):
    seen = {}

    async def fail_after_booking(session, *, booking, **_):  # type: ignore[no-untyped-def]
        # bookings.book has written the booking and its confirmation inside the unit
        seen["booking"] = await session.get(Booking, booking.id) is not None
        seen["messages"] = await session.scalar(
            select(func.count()).select_from(Message).where(Message.booking_id == booking.id)
        )
        raise RuntimeError("the offers could not be opened")

    monkeypatch.setattr(offers, "open_for", fail_after_booking)
    ran: list[object] = []

    async def run(effects):  # type: ignore[no-untyped-def]
        ran.extend(effects)

    with pytest.raises(RuntimeError, match="offers could not be opened"):
        async with unit_of_work.UnitOfWork(core.db.session_factory(engine_), run) as uow:
            uow.after(
                await booking_flows.book(
                    uow.session,
                    settings=settings_,
                    body=_body(slots[0]),
                    actor=None,
                    address="127.0.0.1",
                    idempotency_key="key-of-the-failed-booking",
                )
            )
    assert seen == {"booking": True, "messages": seen["messages"]} and seen["messages"] >= 1
    assert await _counts(engine_) == {"Booking": 0, "Message": 0, "InterpreterOffer": 0}
    assert ran == []


async def test_effects_run_only_after_the_commit(engine_, settings_, slots):
    seen: list[dict[str, int]] = []

    async def run(effects):  # type: ignore[no-untyped-def]
        assert effects == (SEND_OUTBOX,)
        seen.append(await _counts(engine_))  # another connection sees the commit already

    async with unit_of_work.UnitOfWork(core.db.session_factory(engine_), run) as uow:
        first = uow.after(
            await booking_flows.book(
                uow.session, settings=settings_, body=_body(slots[0]), actor=None, address="a"
            )
        )
        assert not first.replayed
        assert seen == []  # nothing runs inside the unit
    assert seen[0]["Booking"] == 1 and seen[0]["Message"] >= 1
    # The same time again: the other advisor, with an interpreter offered.
    async with unit_of_work.UnitOfWork(core.db.session_factory(engine_), run) as uow:
        uow.after(
            await booking_flows.book(
                uow.session,
                settings=settings_,
                body=_body(slots[0], phone="+358401112224"),
                actor=None,
                address="b",
            )
        )
    assert seen[1]["Booking"] == 2 and seen[1]["InterpreterOffer"] >= 1


async def test_a_refusal_that_keeps_its_writes_commits_them_and_runs_no_effect(engine_, world):
    from access.errors import InvalidCredentials

    ran: list[object] = []

    async def run(effects):  # type: ignore[no-untyped-def]
        ran.extend(effects)

    with pytest.raises(InvalidCredentials):
        async with unit_of_work.UnitOfWork(core.db.session_factory(engine_), run) as uow:
            uow.session.add(_audit_row(world))
            uow.after(Done(None, (SEND_OUTBOX,)))
            raise InvalidCredentials("wrong password")
    async with core.db.session_factory(engine_)() as session:
        from access.models import AuditEvent

        kept = await session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "uow-test")
        )
    assert kept == 1 and ran == []


def _audit_row(world):  # type: ignore[no-untyped-def]
    from access.models import AuditEvent

    return AuditEvent(
        actor_staff_id=world.admin.id,
        organisation_id=world.oulu.id,
        action="uow-test",
        entity="test",
        entity_id="-",
    )


async def test_the_http_booking_kicks_the_outbox_only_after_its_commit(
    engine_, settings_, slots, monkeypatch
):
    app = create_app(settings_)
    app.state.sessions = core.db.session_factory(engine_)
    app.state.read_sessions = core.db.session_factory(engine_, write=False)
    kicks: list[dict[str, int]] = []

    async def kick(_app, *_job) -> None:  # type: ignore[no-untyped-def]
        kicks.append(await _counts(engine_))

    monkeypatch.setattr(unit_of_work.jobs, "kick", kick)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.post("/api/v1/bookings", json=sw.client_body(slots[0]))
        assert response.status_code == 201, response.text
        assert kicks and kicks[0]["Booking"] == 1

        async def refuse(session, **_):  # type: ignore[no-untyped-def]
            from interpreters.errors import OfferClosed

            raise OfferClosed("refused after the booking was written")

        monkeypatch.setattr(offers, "open_for", refuse)
        refused = await client.post(
            "/api/v1/bookings", json=sw.client_body(slots[1], phone="+358401112229")
        )
    assert refused.status_code == 409, refused.text
    assert len(kicks) == 1  # no kick for the refused one
    assert (await _counts(engine_))["Booking"] == 1
