"""A campaign's own wording over HTTP: its admins replace the letter and SMS texts per
language (marked reviewed or not), the letters and the SMS then use them, a text that could
not be filled in is refused with the field named; and finding a newcomer by name or phone to
mark them "do not contact"."""

import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from notifications.models import Message, MessageKind
from tests.api import letters
from tests.api import scheduling_world as sw
from tests.outreach.conftest import csv_bytes, person_row

TODAY = sw.NOW.date()
MOVED = (TODAY - timedelta(days=10)).isoformat()
OWN_FI = "Muutit kuntaan {municipality}. Varaa aika: {service}. Tämä on kampanjan oma teksti."


# The clock stands at the scheduling world's Monday morning in every test here.
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
async def campaign_id(client, network) -> str:
    body = {
        "name": "Syksy",
        "service_id": str(network.service.id),
        "municipality_codes": ["564"],
        "sends_from": TODAY.isoformat(),
        "ends_on": (TODAY + timedelta(days=30)).isoformat(),
    }
    response = await client.post("/api/v1/campaigns", json=body, headers=network.admin.headers)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _pdf_words(path: Path) -> str:
    read = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(read.stdout.split())


def _by_language(rows: list[dict]) -> dict[str, dict]:
    return {row["language"]: row for row in rows}


async def test_own_wording_replaces_the_default_in_the_letter_and_the_sms(
    client, network, campaign_id, session, sessions, settings, tmp_path: Path
):
    texts = f"/api/v1/campaigns/{campaign_id}/texts"
    before = _by_language((await client.get(texts, headers=network.admin.headers)).json())
    assert before["so"]["sms"]["own"] is False and before["so"]["sms"]["reviewed"] is False
    assert before["fi"]["letter"]["reviewed"] is True  # the defaults say which were reviewed

    put = await client.put(
        f"{texts}/letter/fi", json={"text": OWN_FI, "reviewed": True}, headers=network.admin.headers
    )
    assert put.status_code == 200, put.text
    own_sms = {"text": "Neuvo: Soo dhawoow, {link}", "reviewed": False}
    put = await client.put(f"{texts}/sms/so", json=own_sms, headers=network.admin.headers)
    after = _by_language(put.json())
    assert after["fi"]["letter"] == {"text": OWN_FI, "reviewed": True, "own": True}
    assert after["so"]["sms"] == {**own_sms, "own": True}

    person = person_row(
        1, moving_date=MOVED, mother_tongue="so", municipality_code="564", phone="+358401112233"
    )
    upload = await client.post(
        f"/api/v1/campaigns/{campaign_id}/imports",
        files={"file": ("muutot.csv", csv_bytes([person]), "text/csv")},
        headers=network.admin.headers,
    )
    assert upload.json()["imported"] == 1, upload.text
    printed = await letters.printed(client, sessions, settings, campaign_id, network.admin.headers)
    pdf = tmp_path / "letters.pdf"
    pdf.write_bytes(printed.content)
    words = _pdf_words(pdf)
    assert "Muutit kuntaan Oulu. Varaa aika:" in words and "kampanjan oma teksti" in words

    queued = await client.post(
        f"/api/v1/campaigns/{campaign_id}/sms", headers=network.admin.headers
    )
    assert queued.json() == {"queued": 1}
    message = await session.scalar(select(Message).where(Message.kind == MessageKind.INVITATION))
    assert message.params["text"] == own_sms["text"] and message.params["reviewed"] is False

    reset = await client.delete(f"{texts}/sms/so", headers=network.admin.headers)
    assert _by_language(reset.json())["so"]["sms"]["own"] is False


@pytest.mark.parametrize(
    ("path", "text", "reason"),
    [
        ("letter/fi", "Tervetuloa {nimi}", "unknown placeholder {nimi}"),
        ("letter/fi", "Tervetuloa {municipality", "curly bracket"),
        ("sms/fi", "Neuvo: tervetuloa!", "{link} exactly once"),
        ("sms/fi", "{link} " + "x" * 480, "longer than 480"),
        ("letter/fi", "", None),  # too short for the schema
        # str.format's mini-language is no placeholder: a text that could grow without
        # bound, change what is sent or break every later letter is refused where it is typed.
        ("letter/fi", "{service:>60000} {municipality}", "at character 1"),
        ("letter/fi", "Tervetuloa {service:{municipality}}", "at character 12"),
        ("letter/fi", "{service:d}", "not a placeholder"),
        ("letter/fi", "{service.__class__}", "not a placeholder"),
        ("sms/fi", "Neuvo: {link!r}", "at character 8"),
    ],
)
async def test_a_text_that_cannot_be_filled_in_is_refused(
    client, network, campaign_id, path, text, reason
):
    response = await client.put(
        f"/api/v1/campaigns/{campaign_id}/texts/{path}",
        json={"text": text},
        headers=network.admin.headers,
    )
    assert response.status_code == 422, response.text
    problem = response.json()
    if reason:
        assert reason in problem["detail"] and problem["errors"][0]["field"] == "text"
    listed = await client.get(
        f"/api/v1/campaigns/{campaign_id}/texts", headers=network.admin.headers
    )
    assert _by_language(listed.json())["fi"]["letter"]["own"] is False  # nothing kept


async def test_only_the_organisations_admins_change_the_wording(client, network, campaign_id):
    path = f"/api/v1/campaigns/{campaign_id}/texts/sms/fi"
    body = {"text": "Neuvo: {link}"}
    assert (await client.put(path, json=body, headers=network.operator.headers)).status_code == 403
    assert (await client.put(path, json=body, headers=network.outsider.headers)).status_code == 404
    unknown = await client.put(
        f"/api/v1/campaigns/{campaign_id}/texts/sms/xx", json=body, headers=network.admin.headers
    )
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "language"
    wrong_kind = await client.put(
        f"/api/v1/campaigns/{campaign_id}/texts/poster/fi", json=body, headers=network.admin.headers
    )
    assert wrong_kind.status_code == 422


async def test_a_new_campaign_with_a_broken_text_is_refused_whole(client, network):
    body = {
        "name": "Rikki",
        "service_id": str(network.service.id),
        "municipality_codes": ["564"],
        "sends_from": TODAY.isoformat(),
        "ends_on": TODAY.isoformat(),
        "texts": {"sms": {"ar": {"text": "Neuvo: بلا رابط"}}},
    }
    response = await client.post("/api/v1/campaigns", json=body, headers=network.admin.headers)
    assert response.status_code == 422 and "{link}" in response.json()["detail"]
    listed = await client.get("/api/v1/campaigns", headers=network.admin.headers)
    assert listed.json() == []


async def test_a_person_found_by_name_or_phone_is_marked_do_not_contact(
    client, network, campaign_id
):
    people = [
        person_row(
            1, moving_date=MOVED, first_names="Amina", last_name="Warsame", phone="+358401112233"
        ),
        person_row(2, moving_date=MOVED, first_names="Hodan", last_name="Warsame"),
        person_row(4, moving_date=MOVED, first_names="Liya", last_name="Tesfay"),
    ]
    upload = await client.post(
        f"/api/v1/campaigns/{campaign_id}/imports",
        files={"file": ("muutot.csv", csv_bytes(people), "text/csv")},
        headers=network.admin.headers,
    )
    assert upload.json()["imported"] == 3, upload.text
    search = f"/api/v1/campaigns/{campaign_id}/newcomers"

    by_name = await client.get(search, params={"q": "warsa"}, headers=network.operator.headers)
    assert [p["first_names"] for p in by_name.json()] == ["Amina", "Hodan"]
    assert set(by_name.json()[0]) == {
        "id", "first_names", "last_name", "postcode", "language",
        "letter_printed", "opened", "booked",
    }  # fmt: skip
    by_phone = await client.get(search, params={"q": "040 111 2233"}, headers=network.admin.headers)
    assert [p["first_names"] for p in by_phone.json()] == ["Amina"]
    wildcard = await client.get(search, params={"q": "%%"}, headers=network.admin.headers)
    assert wildcard.json() == []  # a percent sign is a character, not "everyone"
    assert (
        await client.get(search, params={"q": "w"}, headers=network.admin.headers)
    ).status_code == 422
    outsider = await client.get(search, params={"q": "warsa"}, headers=network.outsider.headers)
    assert outsider.status_code == 404

    amina = by_phone.json()[0]["id"]
    marked = await client.post(f"{search}/{amina}/do-not-contact", headers=network.operator.headers)
    assert marked.status_code == 204
    again = await client.get(search, params={"q": "warsa"}, headers=network.admin.headers)
    assert [p["first_names"] for p in again.json()] == ["Hodan"]  # her data is gone
    reimported = await client.post(
        f"/api/v1/campaigns/{campaign_id}/imports",
        files={"file": ("muutot.csv", csv_bytes(people[:1]), "text/csv")},
        headers=network.admin.headers,
    )
    assert reimported.json()["imported"] == 0
