"""The official list of municipalities that ships with Neuvo (Statistics Finland, 2026): the data
file is right, loading it is idempotent and deletes nothing, and the next year's classification
files (the classification service's JSON and CSV) update it: a merger is reported, a rename
updates the name."""

import json
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import func, select

from scheduling import classification, municipalities
from scheduling.classification import ClassificationError
from scheduling.models import Municipality, Organisation, OrganisationKind

NEXT_YEAR = Path(__file__).parent / "classification_2027"


def test_the_data_file_states_its_source_and_year() -> None:
    text = resources.files("scheduling").joinpath("data/municipalities_2026.json").read_text()
    data = json.loads(text)
    assert data["year"] == 2026 and data["valid_from"] == "2026-01-01"
    assert "Statistics Finland" in data["source"] and "kunta_1_20260101" in data["source"]


def test_the_2026_list_has_308_municipalities_with_unique_codes_in_19_regions() -> None:
    found = classification.builtin()
    assert found.year == 2026
    codes = [entry.code for entry in found.entries]
    assert len(codes) == 308 == len(set(codes))
    assert all(len(code) == 3 and code.isdigit() for code in codes)
    regions = {(e.region_code, e.region_fi, e.region_sv) for e in found.entries}
    assert len(regions) == 19 == len({code for code, _, _ in regions})
    assert all(e.name_fi and e.name_sv and e.region_code for e in found.entries)
    per_region = Counter(e.region_fi for e in found.entries)
    # Åland's 16 municipalities are in the list; Uusimaa has 26, Northern Ostrobothnia 30.
    assert per_region["Ahvenanmaa"] == 16 and per_region["Uusimaa"] == 26
    assert per_region["Pohjois-Pohjanmaa"] == 30


@pytest.mark.parametrize(
    ("code", "fi", "sv", "region", "region_fi", "region_sv"),
    [
        ("091", "Helsinki", "Helsingfors", "01", "Uusimaa", "Nyland"),
        ("564", "Oulu", "Uleåborg", "17", "Pohjois-Pohjanmaa", "Norra Österbotten"),
        ("598", "Pietarsaari", "Jakobstad", "15", "Pohjanmaa", "Österbotten"),
        ("853", "Turku", "Åbo", "02", "Varsinais-Suomi", "Egentliga Finland"),
        ("478", "Maarianhamina - Mariehamn", "Mariehamn", "21", "Ahvenanmaa", "Åland"),
        ("090", "Heinävesi", "Heinävesi", "12", "Pohjois-Karjala", "Norra Karelen"),
        ("507", "Mäntyharju", "Mäntyharju", "10", "Etelä-Savo", "Södra Savolax"),
    ],
)
def test_spot_checks(code, fi, sv, region, region_fi, region_sv) -> None:
    entry = classification.builtin().by_code()[code]
    assert (entry.name_fi, entry.name_sv) == (fi, sv)
    assert (entry.region_code, entry.region_fi, entry.region_sv) == (region, region_fi, region_sv)


def test_pertunmaa_which_joined_mantyharju_in_2025_is_not_listed() -> None:
    assert "588" not in classification.builtin().by_code()


def test_the_data_file_is_what_to_data_file_writes() -> None:
    found = classification.builtin()
    again = classification.from_data_file(classification.to_data_file(found))
    assert again.entries == found.entries and again.year == 2026


async def test_load_adds_the_list_then_changes_nothing(session) -> None:
    found = classification.builtin()
    first = await municipalities.load(session, found.entries)
    assert len(first.added) == 308 and first.updated == [] and first.gone == []
    assert await session.scalar(select(func.count()).select_from(Municipality)) == 308
    again = await municipalities.load(session, found.entries)
    assert (again.added, again.updated, again.unchanged, again.gone) == ([], [], 308, [])
    oulu = await session.get(Municipality, "564")
    assert (oulu.name_sv, oulu.region, oulu.region_code, oulu.region_sv) == (
        "Uleåborg",
        "Pohjois-Pohjanmaa",
        "17",
        "Norra Österbotten",
    )


async def test_load_updates_names_and_regions_and_keeps_codes_it_does_not_list(session) -> None:
    # An older row (as the demo used to write it) and a code the list does not have, which an
    # organisation names: updated, and kept.
    session.add(Municipality(code="599", name_fi="Pedersöre", name_sv="Pedersöre"))
    session.add(Municipality(code="588", name_fi="Pertunmaa", name_sv="Pertunmaa"))
    await session.flush()
    session.add(
        Organisation(
            name="Pertunmaan kunta", kind=OrganisationKind.MUNICIPALITY, municipality_code="588"
        )
    )
    await session.flush()
    done = await municipalities.load(session, classification.builtin().entries)
    assert done.updated == ["599"] and done.gone == ["588"] and len(done.added) == 307
    pedersore = await session.get(Municipality, "599")
    assert (pedersore.name_fi, pedersore.region_code, pedersore.region_sv) == (
        "Pedersören kunta",
        "15",
        "Österbotten",
    )
    assert await session.get(Municipality, "588") is not None


async def _this_year(session, *codes: str) -> None:
    listed = classification.builtin().by_code()
    await municipalities.load(session, [listed[code] for code in codes])


@pytest.mark.parametrize("form", ["json", "csv"])
async def test_next_years_file_renames_adds_and_reports_a_merger(session, form) -> None:
    await _this_year(session, "091", "564", "598", "599", "615")
    if form == "json":
        found = classification.read_export(
            NEXT_YEAR / "maps_fi.json", NEXT_YEAR / "maps_sv.json", known=classification.builtin()
        )
        assert found.year == 2027 and "kunta_1_20270101" in found.source
    else:  # Finnish only: the Swedish names stay as the list in use has them
        found = classification.read_export(
            NEXT_YEAR / "maps_fi.csv", known=classification.builtin()
        )
    assert [e.code for e in found.entries] == ["091", "564", "598", "599", "620"]
    done = await municipalities.load(session, found.entries)
    assert done.added == ["620"] and done.updated == ["599"] and done.unchanged == 3
    assert done.gone == ["615"]  # Pudasjärvi merged (in this made-up year): reported, kept
    assert (await session.get(Municipality, "615")).name_fi == "Pudasjärvi"
    renamed = await session.get(Municipality, "599")
    assert (renamed.name_fi, renamed.name_sv) == ("Pedersöre", "Pedersöre")
    added = await session.get(Municipality, "620")
    assert (added.region_code, added.region, added.region_sv) == ("18", "Kainuu", "Kajanaland")
    helsinki = await session.get(Municipality, "091")
    assert (helsinki.name_sv, helsinki.region_sv) == ("Helsingfors", "Nyland")


def test_a_file_of_another_shape_is_refused(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("kunta;nimi\n091;Helsinki\n", encoding="utf-8")
    with pytest.raises(ClassificationError, match="sourceCode"):
        classification.read_export(wrong)
    bad_code = tmp_path / "bad.csv"
    bad_code.write_text("sourceCode,sourceName,targetCode,targetName\n91,Helsinki,01,Uusimaa\n")
    with pytest.raises(ClassificationError, match="three-digit"):
        classification.read_export(bad_code)


async def test_the_api_lists_each_municipality_with_its_region(session, client) -> None:
    await _this_year(session, "478", "598")
    await session.commit()
    found = {m["code"]: m for m in (await client.get("/api/v1/municipalities")).json()}
    # The fields there were, the region's code and Swedish name beside them, the language
    # its name is said in (Jakobstad is Swedish-speaking) and how likely a client's home it is.
    assert found["598"] == {
        "code": "598",
        "name_fi": "Pietarsaari",
        "name_sv": "Jakobstad",
        "region": "Pohjanmaa",
        "region_code": "15",
        "region_sv": "Österbotten",
        "language": "sv",
        "home": False,
        "reach": 0,
    }
    assert (found["478"]["name_sv"], found["478"]["region_sv"]) == ("Mariehamn", "Åland")
