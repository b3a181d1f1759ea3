"""Liveness and readiness, with the real database and the real Redis."""

from redis.asyncio import Redis


async def test_healthz_answers_without_touching_anything(client) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


async def test_readyz_checks_the_database(client) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200 and response.json()["database"] == "ok"
    assert "redis" not in response.json()


async def test_readyz_checks_redis_when_configured(app, client, redis_dsn) -> None:
    app.state.redis = Redis.from_url(redis_dsn)
    try:
        response = await client.get("/readyz")
    finally:
        await app.state.redis.aclose()
    assert response.status_code == 200 and response.json()["redis"] == "ok"


async def test_readyz_is_503_when_redis_is_gone(app, client) -> None:
    # Nothing listens on port 1: the connection is refused at once.
    app.state.redis = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=1)
    try:
        response = await client.get("/readyz")
    finally:
        await app.state.redis.aclose()
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/not-ready"


async def test_openapi_lists_the_admin_api(client) -> None:
    spec = (await client.get("/openapi.json")).json()
    for path in (
        "/api/v1/organisations",
        "/api/v1/agreements",
        "/api/v1/services",
        "/api/v1/staff",
        "/api/v1/municipalities",
    ):
        assert path in spec["paths"]
    assert (await client.get("/docs")).status_code == 200
