"""A real server's whole log (access log and application log) after a day's capability
traffic holds no booking token, no calendar-feed token, no invitation code or reference, and no
client phone number: a log reader gets no link that acts for a person."""

import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

from scheduling import demo
from tests.demo_db import demo_database
from tests.e2e.conftest import start_server, stop_server
from tests.e2e.test_booking_page import book_as_client
from tests.e2e.test_invitation_link import letter_link

PHONE = "0401239876"


def test_a_day_of_links_leaves_no_token_code_or_number_in_the_log(tmp_path: Path) -> None:
    env = demo_database(tmp_path / "neuvo.db")
    log = tmp_path / "server.log"
    server, base = start_server(log_to=log, **env)
    secrets: list[str] = []
    try:
        booked = book_as_client(base, "ar", PHONE)
        token = booked["client_link"].rsplit("/b/", 1)[1]
        secrets += [token, PHONE, PHONE[1:], "+358" + PHONE[1:]]
        with httpx.Client(base_url=base) as client:
            assert client.get(f"/b/{token}").status_code == 200  # the page
            json = {"accept": "application/json"}
            assert client.get(f"/b/{token}", headers=json).status_code == 200
            assert client.get(f"/b/{token}-wrong", headers=json).status_code == 404
            login = {"email": "oulu.advisor@demo.neuvo.fi", "password": demo.DEMO_PASSWORD}
            me = client.post("/api/v1/auth/login", json=login)
            assert me.status_code == 200, me.text
            csrf = {"X-CSRF-Token": me.json()["csrf_token"], "Origin": base}
            feed = client.post("/api/v1/auth/me/calendar-feed", headers=csrf)
            assert feed.status_code == 200, feed.text
            feed_path = urlsplit(feed.json()["url"]).path
            secrets.append(feed_path.rsplit("/", 1)[1].removesuffix(".ics"))
            assert client.get(feed_path).status_code == 200
        code = letter_link({**env, "NEUVO_BASE_URL": base}, tmp_path, base)
        secrets.append(code.rsplit("/", 1)[1])
        with httpx.Client(base_url=base) as client:
            opened = client.get(code)
            assert opened.status_code == 303, opened.text
            reference = parse_qs(urlsplit(opened.headers["location"]).query)["invite"][0]
            secrets.append(reference.split(".", 1)[1])  # the signature is the secret part
            assert client.get(opened.headers["location"]).status_code == 200
        time.sleep(0.5)  # the access log's last lines
    finally:
        stop_server(server)
    written = log.read_text("utf-8", errors="replace")
    assert '"GET /b/…' in written and "/calendar/….ics" in written and "/i/…" in written
    leaked = [secret for secret in secrets if secret in written]
    assert leaked == [], f"found in the server's log: {leaked}"
