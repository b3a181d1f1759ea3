"""The FastAPI application: its lifespan (engine, Redis, background jobs) and routers."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from arq.connections import ArqRedis
from fastapi import Depends, FastAPI
from redis.asyncio import Redis
from starlette.middleware.gzip import GZipMiddleware

import core.db
from api import assets, errors, inputs, jobs, limits, methods, openapi
from api.routes import (
    agreements,
    audio,
    auth,
    availability,
    bookings,
    calendar,
    callbacks,
    client_links,
    clients,
    docs,
    elks,
    feedback,
    health,
    interpreters,
    invitations,
    joins,
    languages,
    messages,
    municipalities,
    offers,
    organisations,
    outreach,
    pages,
    passwords,
    phones,
    recording,
    rooms,
    services,
    slots,
    speech,
    staff,
)
from core import runtime
from core.config import Settings, get_settings
from video.hub import LocalHub, RedisHub
from video.peers import DeviceTests

log = logging.getLogger(__name__)

# Requests are matched against the routers in this order: the busiest come first.
ROUTERS = (
    audio,  # every prompt a client taps: served from memory, first in line
    slots,
    bookings,
    joins,  # the interpreter joining a bridged call from her browser
    health,
    auth,
    passwords,
    languages,
    municipalities,
    organisations,
    services,
    agreements,
    staff,
    availability,
    interpreters,
    offers,
    clients,
    calendar,
    client_links,
    feedback,
    messages,
    rooms,
    speech,
    recording,
    outreach,
    invitations,
    phones,
    callbacks,
    pages,
    docs,
    elks,  # the voice provider's webhooks and the audio it fetches
)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application for ``settings`` (from the environment by default)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = core.db.create_engine(settings.database_url, pool_size=settings.db_pool_size)
        app.state.engine = engine
        app.state.sessions = core.db.session_factory(engine)
        app.state.read_sessions = core.db.session_factory(engine, write=False)
        # With Redis, a worker (``neuvo worker``) runs the jobs and this pool asks it to;
        # without, the runner runs them in this process.
        # Short timeouts: a hung Redis must not hold requests (bookings, /readyz, rooms).
        timeouts = {
            "socket_timeout": settings.redis_timeout,
            "socket_connect_timeout": settings.redis_timeout,
        }
        app.state.redis = (
            ArqRedis.from_url(settings.redis_url, **timeouts) if settings.redis_url else None
        )
        app.state.queue = app.state.redis
        runner = None if app.state.redis else jobs.InProcessRunner(app.state.sessions, settings)
        app.state.runner = runner
        if runner:
            runner.start()
        if settings.redis_url:
            # Rooms across processes: members in Redis, messages relayed by pub/sub.
            app.state.hub = RedisHub(Redis.from_url(settings.redis_url, **timeouts))
            app.state.room_runtime = rooms.room_runtime(app)
        await app.state.hub.start()
        runtime.tune_gc()
        try:
            yield
        finally:
            await app.state.device_tests.close_all()
            await app.state.hub.stop()
            if isinstance(app.state.hub, RedisHub):
                await app.state.hub.redis.aclose()
            if runner:
                await runner.stop()
            if app.state.redis is not None:
                await app.state.redis.aclose()
            await engine.dispose()

    app = FastAPI(
        title="Neuvo",
        version="0.1.0",
        summary="Phone and video guidance sessions for immigrants across municipal borders.",
        lifespan=lifespan,
        dependencies=[Depends(inputs.refuse_nul)],
        docs_url=None,  # api/routes/docs.py serves them without a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.hub = LocalHub()
    app.state.room_runtime = rooms.room_runtime(app)
    app.state.device_tests = DeviceTests(
        limit=settings.device_tests_max,
        lifetime=settings.device_test_seconds,
        per_holder=settings.device_tests_per_pass,
        per_address=settings.device_tests_per_address,
        private_candidates=settings.private_candidates,
    )
    errors.install(app)
    openapi.install(app)
    for module in ROUTERS:
        app.include_router(module.router)
    app.include_router(interpreters.wishes_router)
    app.mount("/static", assets.Static(directory=assets.STATIC), name="static")
    # Text travels compressed (audio and WebSockets never are); level 6 of 9 gives nearly
    # all of the saving for a fraction of the time on a busy processor.
    app.add_middleware(GZipMiddleware, minimum_size=500, compresslevel=6)
    app.add_middleware(methods.Methods)  # outside gzip: HEAD keeps the compressed headers
    app.add_middleware(limits.BodyLimit)  # outermost: a body too large is never read
    app.mount(docs.PREFIX, docs.assets(), name="docs-assets")
    return app
