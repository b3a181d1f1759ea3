"""The order of a client's places list (scheduling/places.py), pure: the serving
organisations' homes first, then the covered places by how many services reach them, then
everything else by name; never plain alphabetical when agreements exist."""

from scheduling import places
from scheduling.models import Municipality


def _m(code: str, fi: str, sv: str | None = None) -> Municipality:
    return Municipality(code=code, name_fi=fi, name_sv=sv or fi)


ALL = [
    _m("005", "Alajärvi"),
    _m("091", "Helsinki", "Helsingfors"),
    _m("564", "Oulu", "Uleåborg"),
    _m("598", "Pietarsaari", "Jakobstad"),
    _m("615", "Pudasjärvi"),
    _m("139", "Ii"),
    _m("440", "Luoto", "Larsmo"),
]


def test_homes_come_first_then_covered_places_then_the_rest_by_name() -> None:
    found = places.ordered(
        ALL,
        homes={"564", "598"},
        reach={"564": 5, "615": 5, "139": 5, "598": 1, "440": 1},
    )
    assert [p.municipality.code for p in found] == [
        "564",  # a home, five services
        "598",  # a home, one service
        "139",  # covered, five services: Ii before Pudasjärvi by name
        "615",
        "440",  # covered, one service
        "005",  # the rest, by name
        "091",
    ]
    assert [p.home for p in found[:3]] == [True, True, False]
    assert [p.reach for p in found] == [5, 1, 5, 5, 1, 0, 0]


def test_a_home_no_service_reaches_is_not_offered_first() -> None:
    found = places.ordered(ALL, homes={"091"}, reach={"615": 2})
    codes = [p.municipality.code for p in found]
    assert codes[0] == "615"
    by_name = sorted(ALL, key=lambda m: m.name_fi.casefold())
    assert codes[1:] == [m.code for m in by_name if m.code != "615"]


def test_a_swedish_page_orders_the_rest_by_swedish_name() -> None:
    found = places.ordered(ALL, homes=set(), reach={}, lang="sv")
    names = [p.municipality.name_sv for p in found]
    assert names == sorted(names, key=str.casefold)
    assert names.index("Helsingfors") < names.index("Jakobstad") < names.index("Uleåborg")


def test_swedish_speaking_municipalities_are_said_by_their_swedish_name() -> None:
    assert places.name_language("598") == "sv"  # Jakobstad / Pietarsaari
    assert places.name_language("478") == "sv"  # Mariehamn, Åland
    assert places.name_language("564") == "fi"  # Oulu
    assert places.name_language("091") == "fi"  # Helsinki: bilingual, Finnish majority
    assert len(places.SWEDISH_SPEAKING) == 31
