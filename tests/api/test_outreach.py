"""Outreach over HTTP: a campaign, an uploaded register file, the letters, the personal
link that opens the client page ready to book, and the funnel from import to attended."""

import csv
import html
import io
import json
import re
from datetime import timedelta
from uuid import UUID

import pytest
from sqlalchemy import select

from core import tokens
from outreach import links
from outreach.models import Newcomer
from scheduling.models import Booking, BookingStatus
from tests.api import letters
from tests.api import scheduling_world as sw
from tests.conftest import TEST_SECRET
from tests.outreach.conftest import csv_bytes, person_row

TODAY = sw.NOW.date()


# The clock stands at the scheduling world's Monday morning in every test here.
pytestmark = pytest.mark.usefixtures("frozen")


def _rows() -> list[dict[str, str]]:
    moved = (TODAY - timedelta(days=10)).isoformat()
    rows = [person_row(index, moving_date=moved, municipality_code="615") for index in range(6)]
    rows[0].update(mother_tongue="ar")
    rows.append(person_row(99, municipality_code="999", moving_date=moved))
    return rows


async def _campaign(client, network) -> str:
    body = {
        "name": "Kevät 2026",
        "service_id": str(network.service.id),
        "municipality_codes": ["564", "615"],
        "sends_from": TODAY.isoformat(),
        "ends_on": (TODAY + timedelta(days=30)).isoformat(),
    }
    response = await client.post("/api/v1/campaigns", json=body, headers=network.admin.headers)
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def test_the_funnel_follows_a_newcomer_from_import_to_attended(
    client, network, session, sessions, settings
):
    campaign_id = await _campaign(client, network)
    upload = await client.post(
        f"/api/v1/campaigns/{campaign_id}/imports",
        files={"file": ("muutot.csv", csv_bytes(_rows()), "text/csv")},
        headers=network.admin.headers,
    )
    assert upload.status_code == 200, upload.text
    report = upload.json()
    assert (report["imported"], report["rows"]) == (6, 7)
    assert report["rejected"] == [{"line": 8, "reason": "unknown municipality code '999'"}]

    printed = await letters.printed(client, sessions, settings, campaign_id, network.admin.headers)
    assert printed.headers["content-type"] == "application/pdf"
    assert printed.headers["x-letter-count"] == "6"
    assert printed.content.startswith(b"%PDF")

    arabic = await session.scalar(select(Newcomer).where(Newcomer.language == "ar"))
    link = links.link(
        "http://testserver", TEST_SECRET, newcomer_id=arabic.id, salt=arabic.link_salt
    )
    path = link.removeprefix("http://testserver")
    opened = await client.get(path.lower(), follow_redirects=False)  # typed in lower case
    assert opened.status_code == 303
    assert opened.headers["location"] == (
        f"/?lang=ar&service={network.service.id}&municipality=615"
        f"&invite={arabic.id}.{tokens.sign(TEST_SECRET, f'invite-cookie:{arabic.id}')}"
    )
    assert opened.headers["referrer-policy"] == "no-referrer"
    assert (await client.get(opened.headers["location"])).status_code == 200
    await session.refresh(arabic)
    first_open = arabic.opened_at
    assert first_open is not None
    again = await client.get(path, follow_redirects=False)
    assert again.status_code == 303
    await session.refresh(arabic)
    assert arabic.opened_at == first_open  # opening again changes nothing

    slots = (await client.get("/api/v1/slots", params=sw.search_params(network))).json()["slots"]
    booked = await client.post("/api/v1/bookings", json=sw.client_body(slots[0]["slot"]))
    assert booked.status_code == 201, booked.text
    booking_id = booked.json()["booking"]["id"]
    booking = await session.get(Booking, UUID(booking_id))
    booking.status = BookingStatus.COMPLETED
    await session.commit()

    funnel = await client.get(
        f"/api/v1/campaigns/{campaign_id}/funnel", headers=network.admin.headers
    )
    rows = {row["language"]: row for row in funnel.json()}
    assert rows["ar"] == {
        "language": "ar",
        "imported": 1,
        "letters": 1,
        "sms": 0,
        "opened": 1,
        "booked": 1,
        "attended": 1,
        "sms_bounced": 0,
    }
    assert rows["all"]["imported"] == 6 and rows["all"]["booked"] == 1
    hidden = await client.get(
        f"/api/v1/campaigns/{campaign_id}/funnel", headers=network.operator.headers
    )
    shown = {row["language"]: row for row in hidden.json()}
    assert shown["ar"]["imported"] == "<5" and shown["all"]["imported"] == 6
    exported = await client.get(
        f"/api/v1/campaigns/{campaign_id}/funnel.csv", headers=network.operator.headers
    )
    lines = list(csv.DictReader(io.StringIO(exported.text)))
    assert {"language": "ar", "booked": "<5"}.items() <= lines[0].items()


async def test_an_unknown_or_foreign_link_and_campaign_answer_404(client, network):
    campaign_id = await _campaign(client, network)
    assert (await client.get("/i/AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-A")).status_code == 404
    outsider = await client.get(
        f"/api/v1/campaigns/{campaign_id}/funnel", headers=network.outsider.headers
    )
    assert outsider.status_code == 404


async def test_a_file_in_the_wrong_encoding_is_refused_whole(client, network):
    campaign_id = await _campaign(client, network)
    data = csv_bytes([person_row(1, last_name="Mäkelä")]).decode().encode("cp1252")
    response = await client.post(
        f"/api/v1/campaigns/{campaign_id}/imports",
        files={"file": ("muutot.csv", data, "text/csv")},
        headers=network.admin.headers,
    )
    assert response.status_code == 422
    assert "not UTF-8" in response.json()["detail"]


def _facts(page: str) -> dict:
    found = re.search(r'<main id="invitation" data-facts="([^"]*)"', page)
    assert found is not None
    return json.loads(html.unescape(found[1]))


async def test_a_mistyped_code_gives_a_page_with_the_number_to_call(
    client, network, session, sessions, settings
):
    network.oulu.phone_e164 = "+35885584123"
    network.oulu.names = {"fi": "Oulun kaupunki", "en": "City of Oulu"}
    await session.commit()
    campaign_id = await _campaign(client, network)
    upload = await client.post(
        f"/api/v1/campaigns/{campaign_id}/imports",
        files={"file": ("muutot.csv", csv_bytes(_rows()), "text/csv")},
        headers=network.admin.headers,
    )
    assert upload.status_code == 200, upload.text
    browser = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    typo = await client.get("/i/AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-A", headers=browser)
    assert typo.status_code == 404
    assert typo.headers["content-type"].startswith("text/html")
    assert "problem" not in typo.text
    facts = _facts(typo.text)
    # A code that is no one's names no letter: the browser's language, the running campaigns'
    # organisations to call (the one without a number is left out).
    assert facts["language"] is None
    assert facts["contacts"] == [
        {
            "name": "Oulun kaupunki",
            "names": {"fi": "Oulun kaupunki", "en": "City of Oulu"},
            "phone": "+35885584123",
            "shown": "+358 8 5584123",
        }
    ]
    assert 'src="/static/invitation.js?v=' in typo.text
    # A real code whose person asked not to be contacted: the letter's own language.
    arabic = await session.scalar(select(Newcomer).where(Newcomer.language == "ar"))
    arabic.do_not_contact = True
    await session.commit()
    link = links.link(
        "http://testserver", TEST_SECRET, newcomer_id=arabic.id, salt=arabic.link_salt
    )
    gone = await client.get(link.removeprefix("http://testserver"), headers=browser)
    assert gone.status_code == 404 and _facts(gone.text)["language"] == "ar"
    # A program asking gets problem details, as before.
    machine = await client.get("/i/AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-A")
    assert machine.headers["content-type"] == "application/problem+json"
