"""Changing an organisation with nulls: what can be emptied is emptied, what cannot stays
(found by the OpenAPI fuzzer: a null opening_hours was a 500)."""

from tests.api.conftest import World


async def test_nulls_empty_the_contact_and_leave_the_name_and_zone(client, world: World) -> None:
    url = f"/api/v1/organisations/{world.oulu.id}"
    filled = {"names": {"fi": "Oulun kaupunki"}, "opening_hours": {"fi": "ma–pe 9–15"}}
    response = await client.patch(url, json=filled, headers=world.admin.headers)
    assert response.status_code == 200, response.text
    nulls = {"name": None, "timezone": None, "kind": None, "names": None, "opening_hours": None}
    response = await client.patch(url, json=nulls, headers=world.platform_admin.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["name"], body["timezone"]) == (world.oulu.name, world.oulu.timezone)
    assert (body["names"], body["opening_hours"]) == ({}, {})
