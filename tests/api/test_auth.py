"""Staff log-in: cookie sessions with CSRF, bearer tokens, rate limits, expiry, log-out."""

from datetime import timedelta

from sqlalchemy import select

from access.models import LoginAttempt, StaffMember, StaffSession
from core import clock, tokens
from tests.factories import PASSWORD

LOGIN = "/api/v1/auth/login"


async def test_login_sets_an_httponly_cookie_and_returns_a_csrf_token(client, world) -> None:
    response = await client.post(LOGIN, json={"email": "ADVISOR@oulu.fi ", "password": PASSWORD})
    assert response.status_code == 200, response.text
    cookie = response.headers["set-cookie"]
    assert "neuvo_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    body = response.json()
    assert body["staff"]["email"] == "advisor@oulu.fi" and body["csrf_token"]
    me = await client.get("/api/v1/auth/me")
    assert me.status_code == 200 and me.json()["csrf_token"] == body["csrf_token"]


async def test_session_token_is_kept_only_as_its_hash(client, world, session) -> None:
    response = await client.post(LOGIN, json={"email": "advisor@oulu.fi", "password": PASSWORD})
    token = response.cookies["neuvo_session"]
    hashes = set(await session.scalars(select(StaffSession.token_hash)))
    assert tokens.hash_token(token) in hashes and token not in hashes


async def test_cookie_write_without_csrf_token_is_refused(client, world) -> None:
    await client.post(LOGIN, json={"email": "advisor@oulu.fi", "password": PASSWORD})
    response = await client.post("/api/v1/auth/logout")
    assert response.status_code == 403
    assert response.json()["type"] == "/problems/csrf-rejected"


async def test_cookie_write_with_csrf_token_passes(client, world) -> None:
    login = await client.post(LOGIN, json={"email": "advisor@oulu.fi", "password": PASSWORD})
    csrf = login.json()["csrf_token"]
    response = await client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
    assert response.status_code == 204
    assert (await client.get("/api/v1/auth/me")).status_code == 401


async def test_cookie_write_from_a_foreign_origin_is_refused(client, world) -> None:
    login = await client.post(LOGIN, json={"email": "advisor@oulu.fi", "password": PASSWORD})
    headers = {"X-CSRF-Token": login.json()["csrf_token"], "Origin": "https://evil.example"}
    response = await client.post("/api/v1/auth/logout", headers=headers)
    assert response.status_code == 403


async def test_login_from_a_foreign_origin_is_refused(client, world) -> None:
    response = await client.post(
        LOGIN,
        json={"email": "advisor@oulu.fi", "password": PASSWORD},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403


async def test_wrong_password_is_401_and_names_no_account(client, world) -> None:
    wrong = await client.post(LOGIN, json={"email": "advisor@oulu.fi", "password": "nope"})
    nobody = await client.post(LOGIN, json={"email": "nobody@oulu.fi", "password": "nope"})
    assert wrong.status_code == nobody.status_code == 401
    assert wrong.json()["detail"] == nobody.json()["detail"]


async def test_repeated_failures_are_held_back_even_with_the_right_password(
    client, world, session
) -> None:
    for _ in range(5):
        response = await client.post(LOGIN, json={"email": "advisor@oulu.fi", "password": "x"})
        assert response.status_code == 401
    held = await client.post(LOGIN, json={"email": "advisor@oulu.fi", "password": PASSWORD})
    assert held.status_code == 429
    assert 0 < int(held.headers["Retry-After"]) <= 15 * 60
    stored = list(await session.scalars(select(LoginAttempt.email_hash)))
    assert "advisor@oulu.fi" not in stored and tokens.hash_token("advisor@oulu.fi") in stored


async def test_hold_ends_when_the_window_passes(client, world) -> None:
    with clock.frozen(clock.now()) as frozen:
        for _ in range(5):
            await client.post(LOGIN, json={"email": "advisor@oulu.fi", "password": "x"})
        frozen.advance(timedelta(minutes=16))
        response = await client.post(LOGIN, json={"email": "advisor@oulu.fi", "password": PASSWORD})
    assert response.status_code == 200


async def test_bearer_token_works_without_csrf(client, world) -> None:
    issued = await client.post(
        "/api/v1/auth/tokens", json={"email": "advisor@oulu.fi", "password": PASSWORD}
    )
    assert issued.status_code == 201
    headers = {"Authorization": f"Bearer {issued.json()['access_token']}"}
    assert (await client.post("/api/v1/auth/logout", headers=headers)).status_code == 204
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 401


async def test_expired_session_is_refused(client, world) -> None:
    with clock.frozen(clock.now() + timedelta(days=31)):
        response = await client.get("/api/v1/auth/me", headers=world.advisor.headers)
    assert response.status_code == 401


async def test_deactivated_account_loses_access_at_once(client, world, session) -> None:
    member = await session.get(StaffMember, world.advisor.id)
    member.active = False
    await session.commit()
    response = await client.get("/api/v1/auth/me", headers=world.advisor.headers)
    assert response.status_code == 401
    login = await client.post(LOGIN, json={"email": "advisor@oulu.fi", "password": PASSWORD})
    assert login.status_code == 401


async def test_garbage_bearer_token_is_401(client, world) -> None:
    response = await client.get("/api/v1/auth/me", headers={"Authorization": "Bearer x" * 3})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


async def test_audited_reads_use_the_writing_session(app, client, world) -> None:
    def refuse():  # the reading session must not serve a read that writes the audit log
        raise AssertionError("a read-only session was opened for an audited read")

    app.state.read_sessions = refuse
    response = await client.get(
        "/api/v1/clients", params={"phone": "0401234567"}, headers=world.operator.headers
    )
    assert response.status_code == 200
