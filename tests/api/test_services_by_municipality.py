"""Issue 26, item 2: a client says where she lives first, and is offered only the services an
agreement gives her municipality's residents; the places list starts where the serving
organisations are at home, then the places their agreements cover."""

from datetime import date

from tests import factories


async def test_services_are_filtered_by_the_clients_municipality(client, world) -> None:
    # World: Oulu's service reaches Pudasjärvi (615), Jakobstad's reaches Jakobstad (598).
    offered = lambda answer: {s["id"] for s in answer.json()}  # noqa: E731
    everywhere = await client.get("/api/v1/services")
    assert offered(everywhere) >= {str(world.service.id), str(world.other_service.id)}
    pudasjarvi = await client.get("/api/v1/services", params={"municipality": "615"})
    assert pudasjarvi.status_code == 200, pudasjarvi.text
    assert offered(pudasjarvi) == {str(world.service.id)}
    jakobstad = await client.get("/api/v1/services", params={"municipality": "598"})
    assert offered(jakobstad) == {str(world.other_service.id)}
    # A known municipality no agreement covers: nothing to offer (not an error).
    oulu = await client.get("/api/v1/services", params={"municipality": "564"})
    assert oulu.status_code == 200 and oulu.json() == []
    # Even the console's "every service" asks only about the place when it names one.
    every = await client.get(
        "/api/v1/services", params={"municipality": "598", "include_inactive": "true"}
    )
    assert offered(every) == {str(world.other_service.id)}


async def test_an_ended_agreement_gives_a_municipality_no_services(client, world, session):
    await factories.municipality(session, "305", "Kuusamo")
    await factories.agreement(
        session, world.oulu.id, "305", [world.service.id], date(2025, 1, 1), date(2025, 12, 31)
    )
    await session.commit()
    answer = await client.get("/api/v1/services", params={"municipality": "305"})
    assert answer.status_code == 200 and answer.json() == []


async def test_an_unknown_municipality_code_is_refused_beside_the_parameter(client, world):
    for code in ("999", "abc", ""):
        answer = await client.get("/api/v1/services", params={"municipality": code})
        assert answer.status_code == 422, (code, answer.text)
        assert [e["field"] for e in answer.json()["errors"]] == ["municipality"], answer.text


async def test_the_places_list_starts_at_the_serving_organisations_homes(client, world, session):
    # Jakobstad's organisation is at home in Jakobstad; Oulu's in Oulu, which no agreement covers.
    world.jakobstad.municipality_code = "598"
    world.oulu.municipality_code = "564"
    await factories.municipality(session, "305", "Kuusamo")
    second = await factories.service(session, world.oulu.id, "toinen")
    await factories.agreement(session, world.oulu.id, "305", [second.id])
    await session.commit()
    answer = await client.get("/api/v1/municipalities", params={"order": "likely"})
    assert answer.status_code == 200, answer.text
    places = answer.json()
    codes = [p["code"] for p in places]
    # The home that services reach, then the covered places, the rest after them.
    assert codes[:3] == ["598", "305", "615"], codes[:5]
    assert [(p["home"], p["reach"]) for p in places[:3]] == [(True, 1), (False, 1), (False, 1)]
    # Oulu is a home, but no service reaches its residents: among the rest, by name.
    rest = places[3:]
    assert all(p["reach"] == 0 for p in rest)
    assert "564" in [p["code"] for p in rest]
    names = [p["name_fi"].casefold() for p in rest]
    assert names == sorted(names)
    assert len(codes) == len(set(codes)) >= 3
    # Each says the language its name is heard in: Jakobstad's Swedish, Oulu's Finnish.
    by_code = {p["code"]: p for p in places}
    assert by_code["598"]["language"] == "sv" and by_code["564"]["language"] == "fi"


async def test_the_plain_list_stays_by_name_and_a_wrong_order_is_refused(client, world):
    plain = (await client.get("/api/v1/municipalities")).json()
    names = [p["name_fi"] for p in plain]
    assert names == sorted(names)
    bad = await client.get("/api/v1/municipalities", params={"order": "random"})
    assert bad.status_code == 422, bad.text
