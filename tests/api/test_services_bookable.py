"""A service no agreement covers is not offered to clients and cannot be booked; the console
sees it, marked not bookable. Machine-translated names stay marked until reviewed."""

from tests.api.test_validation import SERVICE


async def test_a_service_no_agreement_covers_is_not_offered_nor_bookable(client, world) -> None:
    created = await client.post(
        "/api/v1/services", json={**SERVICE, "slug": "uusi"}, headers=world.admin.headers
    )
    assert created.status_code == 201, created.text
    service = created.json()
    assert service["bookable"] is False
    offered = (await client.get("/api/v1/services")).json()
    assert service["id"] not in {s["id"] for s in offered}
    assert {s["id"] for s in offered} >= {str(world.service.id)}
    assert all(s["bookable"] for s in offered)
    everything = (await client.get("/api/v1/services?include_inactive=true")).json()
    assert {s["id"]: s["bookable"] for s in everything}[service["id"]] is False
    search = await client.get(
        "/api/v1/slots",
        params={
            "service_id": service["id"],
            "municipality": "615",
            "language": "fi",
            "channel": "video",
            "from": "2026-12-07",
            "to": "2026-12-20",
        },
    )
    assert search.status_code == 200, search.text
    assert search.json()["slots"] == []

    agreement = await client.post(
        "/api/v1/agreements",
        json={
            "municipality_code": "564",
            "service_ids": [service["id"]],
            "valid_from": "2026-01-01",
        },
        headers=world.admin.headers,
    )
    assert agreement.status_code == 201, agreement.text
    offered = (await client.get("/api/v1/services")).json()
    assert {s["id"]: s["bookable"] for s in offered}[service["id"]] is True


async def test_machine_translated_names_are_marked_until_reviewed(client, world) -> None:
    body = {
        **SERVICE,
        "slug": "kaannetty",
        "names": {"fi": "Arviointi", "ar": "تقييم", "so": "Qiimeyn"},
        "machine_translated": ["ar", "so", "ar", "ru"],
    }
    created = await client.post("/api/v1/services", json=body, headers=world.admin.headers)
    assert created.status_code == 201, created.text
    assert created.json()["machine_translated"] == ["ar", "so"]  # once each, only names it has
    url = f"/api/v1/services/{created.json()['id']}"
    reviewed = await client.patch(
        url, json={"machine_translated": ["so"]}, headers=world.admin.headers
    )
    assert reviewed.json()["machine_translated"] == ["so"]
    renamed = await client.patch(
        url, json={"names": {"fi": "Arviointi", "ar": "تقييم"}}, headers=world.admin.headers
    )
    assert renamed.json()["machine_translated"] == []
    assert (await client.get(url)).json()["machine_translated"] == []
