"""Staff invited by e-mail, passwords reset by e-mail and changed by their owner, over HTTP;
the e-mails go out through the dispatcher to a real SMTP server and are read back."""

import re

import pytest
from sqlalchemy import select

from notifications.channels import channels_from_settings
from notifications.dispatch import Dispatcher
from notifications.models import Message, MessageKind
from tests.factories import PASSWORD
from tests.mailbox import link_in, smtp_server, text_of

GOOD = "kahvi-ja-pulla-pihalla"


def _auth(person) -> dict[str, str]:
    return {"Authorization": f"Bearer {person.token}"}


@pytest.fixture
def mailbox():
    with smtp_server() as box:
        yield box


async def _send(settings, sessions, mailbox) -> int:
    configured = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": mailbox.port})
    dispatcher = Dispatcher(
        sessions=sessions,
        channels=channels_from_settings(configured),
        base_url=configured.base_url,
        secret=configured.secret_key,
    )
    try:
        return await dispatcher.drain()
    finally:
        await dispatcher.aclose()


def _token(link: str) -> str:
    return link.split("#t=", 1)[1]


INVITE = {
    "email": "Uusi.Neuvoja@oulu.fi",
    "display_name": "Uusi Neuvoja",
    "roles": ["advisor", "voice"],
    "languages": [{"language": "ar", "level": "native"}],
    "recording_languages": ["so"],
    "console_language": "sv",
}


async def test_an_invited_advisor_sets_a_password_from_the_e_mail_once_and_logs_in(
    client, world, session, sessions, settings, mailbox
) -> None:
    invited = await client.post(
        "/api/v1/staff/invitations", json=INVITE, headers=_auth(world.admin)
    )
    assert invited.status_code == 201, invited.text
    body = invited.json()
    assert body["password_set"] is False and body["invited_until"]
    assert sorted(body["roles"]) == ["advisor", "voice"] and body["console_language"] == "sv"
    recorder = await client.get(
        f"/api/v1/speech/recorders/{body['id']}", headers=_auth(world.admin)
    )
    assert recorder.json() == {"languages": ["so"]}
    (message,) = await session.scalars(
        select(Message).where(Message.kind == MessageKind.STAFF_WELCOME)
    )
    assert message.recipient == "uusi.neuvoja@oulu.fi" and message.language == "sv"
    assert await _send(settings, sessions, mailbox) >= 1
    mail = mailbox.mails("uusi.neuvoja@oulu.fi")[0]
    assert mail["Subject"] == "Neuvo: Välkommen till Neuvo: välj ditt lösenord"
    link = link_in(mail)
    assert link.startswith("http://testserver/password#t=")
    token = _token(link)
    assert token not in str(message.params)  # the outbox holds a salt, never the link
    assert re.search(r"kl\. \d{1,2}[.:]\d{2}", text_of(mail))  # when it stops working

    looked = await client.post("/api/v1/auth/password-links/look", json={"token": token})
    assert looked.json()["state"] == "ready" and looked.json()["language"] == "sv"
    assert looked.json()["email"] == "uusi.neuvoja@oulu.fi"
    leaked = await client.post(
        "/api/v1/auth/password-links/use", json={"token": token, "password": "1234567890"}
    )
    assert leaked.status_code == 422
    assert leaked.json()["type"] == "/problems/password-breached"
    assert leaked.json()["errors"][0]["field"] == "password"
    used = await client.post(
        "/api/v1/auth/password-links/use", json={"token": token, "password": GOOD}
    )
    assert used.status_code == 200 and used.json() == {"email": "uusi.neuvoja@oulu.fi"}
    login = await client.post(
        "/api/v1/auth/login", json={"email": "uusi.neuvoja@oulu.fi", "password": GOOD}
    )
    assert login.status_code == 200, login.text
    again = await client.post(
        "/api/v1/auth/password-links/use", json={"token": token, "password": "toinen-salasana-9"}
    )
    assert again.status_code == 409 and again.json()["type"] == "/problems/password-link-unusable"
    looked = await client.post(
        "/api/v1/auth/password-links/look",
        json={"token": token},
        headers={"Accept-Language": "en-GB,en;q=0.9"},
    )
    assert looked.json()["state"] == "used" and looked.json()["email"] is None
    assert looked.json()["language"] == "sv"  # the account's console language comes first


async def test_an_unknown_link_speaks_the_browsers_language(client, world) -> None:
    looked = await client.post(
        "/api/v1/auth/password-links/look",
        json={"token": "x" * 43},
        headers={"Accept-Language": "de-DE,en;q=0.5,sv;q=0.8"},
    )
    assert looked.json()["state"] == "unknown" and looked.json()["language"] == "sv"


async def test_another_organisations_admin_gets_404_and_resending_replaces_the_link(
    client, world, session, sessions, settings, mailbox
) -> None:
    invited = await client.post(
        "/api/v1/staff/invitations",
        json={**INVITE, "recording_languages": [], "roles": ["advisor"]},
        headers=_auth(world.admin),
    )
    staff_id = invited.json()["id"]
    for method, path, body in (
        ("POST", f"/api/v1/staff/{staff_id}/invitation", None),
        ("PATCH", f"/api/v1/staff/{staff_id}", {"roles": ["operator"]}),
        ("GET", f"/api/v1/staff/{staff_id}", None),
    ):
        answer = await client.request(method, path, json=body, headers=_auth(world.other_admin))
        assert answer.status_code == 404, (method, path, answer.text)
    await _send(settings, sessions, mailbox)
    first = _token(link_in(mailbox.mails("uusi.neuvoja@oulu.fi")[0]))
    again = await client.post(f"/api/v1/staff/{staff_id}/invitation", headers=_auth(world.admin))
    assert again.status_code == 200, again.text
    await _send(settings, sessions, mailbox)
    second = _token(link_in(mailbox.mails("uusi.neuvoja@oulu.fi")[1]))
    states = [
        (await client.post("/api/v1/auth/password-links/look", json={"token": t})).json()["state"]
        for t in (first, second)
    ]
    assert states == ["ended", "ready"]
    taken = await client.post("/api/v1/staff/invitations", json=INVITE, headers=_auth(world.admin))
    assert taken.status_code == 409 and taken.json()["errors"][0]["field"] == "email"


async def test_a_reset_answers_the_same_for_any_address_and_mails_only_an_account(
    client, world, session, sessions, settings, mailbox
) -> None:
    known = await client.post("/api/v1/auth/password-reset", json={"email": "advisor@oulu.fi"})
    unknown = await client.post("/api/v1/auth/password-reset", json={"email": "ei@oulu.fi"})
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json() == {"minutes": settings.password_reset_minutes}
    assert await _send(settings, sessions, mailbox) == 1
    (mail,) = mailbox.mails("advisor@oulu.fi")
    token = _token(link_in(mail))
    used = await client.post(
        "/api/v1/auth/password-links/use", json={"token": token, "password": GOOD}
    )
    assert used.status_code == 200
    old = await client.post(
        "/api/v1/auth/login", json={"email": "advisor@oulu.fi", "password": PASSWORD}
    )
    assert old.status_code == 401
    for _ in range(settings.login_max_failures - 1):  # the first was above
        await client.post("/api/v1/auth/password-reset", json={"email": "advisor@oulu.fi"})
    held = await client.post("/api/v1/auth/password-reset", json={"email": "advisor@oulu.fi"})
    assert held.status_code == 429 and int(held.headers["Retry-After"]) > 0


async def test_everyone_changes_their_own_password_beside_the_field(client, world) -> None:
    path = "/api/v1/auth/me/password"
    wrong = await client.post(
        path,
        json={"current_password": "arvaus-123456", "new_password": GOOD},
        headers=_auth(world.operator),
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "current_password"
    short = await client.post(
        path,
        json={"current_password": PASSWORD, "new_password": "lyhyt"},
        headers=_auth(world.operator),
    )
    assert short.status_code == 422 and short.json()["type"] == "/problems/password-too-short"
    assert short.json()["errors"][0]["field"] == "new_password"
    done = await client.post(
        path,
        json={"current_password": PASSWORD, "new_password": GOOD},
        headers=_auth(world.operator),
    )
    assert done.status_code == 204, done.text
    me = await client.get("/api/v1/auth/me", headers=_auth(world.operator))
    assert me.status_code == 200  # the session in use stays
