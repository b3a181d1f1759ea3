"""Importing a register file: good rows imported, bad ones reported by line, files refused
whole, nothing imported twice."""

import time

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from outreach import imports, records
from outreach.errors import ImportRefused
from outreach.models import DoNotContact, Newcomer
from tests.outreach.conftest import TODAY, OutreachWorld, csv_bytes, future, person_row

SECRET = "test-secret-" + "x" * 40
BAD = {
    "municipality": {"municipality_code": "999"},
    "language": {"mother_tongue": "zz"},
    "phone": {"phone": "+358 12"},
    "future": {"moving_date": future()},
}


async def _count(session: AsyncSession, world: OutreachWorld) -> int:
    return await session.scalar(
        select(func.count()).select_from(Newcomer).where(Newcomer.campaign_id == world.campaign.id)
    )


async def _import(session, world, data, **options):  # type: ignore[no-untyped-def]
    return await imports.run(
        session, campaign=world.campaign, data=data, secret=SECRET, today=TODAY, **options
    )


async def test_import_of_10000_rows_skips_each_bad_row_by_line(
    session: AsyncSession, outreach_world: OutreachWorld
) -> None:
    rows = [person_row(index) for index in range(10_000)]
    expected: dict[int, str] = {}
    for offset, (kind, change) in enumerate(BAD.items()):
        for index in (100 + offset, 5000 + offset, 9000 + offset):
            rows[index] = person_row(index, **change)
            expected[index + 2] = kind  # line 1 is the header
    rows[7000] = dict(rows[10])  # the same person twice
    expected[7002] = "same person"
    started = time.perf_counter()
    report = await _import(session, outreach_world, csv_bytes(rows))
    took = time.perf_counter() - started
    print(f"\nimport: {10_000 / took:.0f} rows/s on {session.bind.dialect.name}")
    assert {row.line for row in report.rejected} == set(expected)
    reasons = {row.line: row.reason for row in report.rejected}
    assert "unknown municipality code '999'" in reasons[102]
    assert "unknown language code 'zz'" in reasons[103]
    assert "malformed phone number" in reasons[104]
    assert "in the future" in reasons[105]
    assert reasons[7002] == "the same person as on line 12"
    assert report.imported == 10_000 - len(expected)
    assert await _count(session, outreach_world) == report.imported


async def test_importing_the_same_file_twice_creates_nothing(
    session: AsyncSession, outreach_world: OutreachWorld
) -> None:
    data = csv_bytes([person_row(index) for index in range(50)])
    first = await _import(session, outreach_world, data)
    second = await _import(session, outreach_world, data)
    assert (first.imported, second.imported) == (50, 0)
    assert {row.reason for row in second.rejected} == {
        "the person is already imported in this campaign"
    }
    assert await _count(session, outreach_world) == 50


async def test_names_of_any_script_are_kept_as_written(
    session: AsyncSession, outreach_world: OutreachWorld
) -> None:
    row = person_row(1, first_names="محمد أمين", last_name="ሃብተማርያም")
    await _import(session, outreach_world, csv_bytes([row]))
    found = await session.scalar(
        select(Newcomer).where(Newcomer.campaign_id == outreach_world.campaign.id)
    )
    assert (found.first_names, found.last_name) == ("محمد أمين", "ሃብተማርያም")
    assert found.token_hash and len(found.token_hash) == 64


async def test_a_person_who_asked_not_to_be_contacted_is_never_imported(
    session: AsyncSession, outreach_world: OutreachWorld
) -> None:
    row = person_row(3)
    key = records.person_key(
        SECRET,
        records.check(
            2,
            row,
            municipalities=frozenset({"564", "615"}),
            campaign_municipalities=frozenset({"564", "615"}),
            today=TODAY,
        ),
    )
    session.add(DoNotContact(organisation_id=outreach_world.organisation.id, person_key=key))
    await session.flush()
    report = await _import(session, outreach_world, csv_bytes([row, person_row(4)]))
    assert report.imported == 1
    assert [(r.line, r.reason) for r in report.rejected] == [
        (2, "the person asked not to be contacted")
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"first_names,last_name\nA,B\n", "required columns missing"),
        (csv_bytes([person_row(1, last_name="Mäkelä")]).decode().encode("cp1252"), "not UTF-8"),
        (b"", "empty"),
    ],
)
async def test_a_bad_file_is_refused_whole(
    session: AsyncSession, outreach_world: OutreachWorld, data: bytes, reason: str
) -> None:
    with pytest.raises(ImportRefused, match=reason):
        await _import(session, outreach_world, data)
    assert await _count(session, outreach_world) == 0


async def test_a_file_over_the_size_limit_is_refused(
    session: AsyncSession, outreach_world: OutreachWorld
) -> None:
    data = csv_bytes([person_row(index) for index in range(100)])
    with pytest.raises(ImportRefused, match="over the limit"):
        await _import(session, outreach_world, data, max_bytes=1000)
    assert await _count(session, outreach_world) == 0


async def test_a_mapping_names_other_headers_and_the_windows_1252_fallback(
    session: AsyncSession, outreach_world: OutreachWorld
) -> None:
    mapping = records.read_mapping(
        'delimiter = ";"\nencoding_fallback = "windows-1252"\ndate_format = "%d.%m.%Y"\n'
        '[columns]\nfirst_names = "Etunimet"\nlast_name = "Sukunimi"\n'
        'street_address = "Lähiosoite"\npostcode = "Postinumero"\n'
        'municipality_code = "Kuntakoodi"\nmother_tongue = "Äidinkieli"\n'
        'citizenship = "Kansalaisuus"\nmoving_date = "Muuttopäivä"\nphone = "Puhelin"\n'
    )
    moved = TODAY.strftime("%d.%m.%Y")
    text = (
        "Etunimet;Sukunimi;Lähiosoite;Postinumero;Kuntakoodi;Äidinkieli;Kansalaisuus;Muuttopäivä;Puhelin\n"
        f"Jörg;Mäkelä;Isokatu 1;90100;564;de;DE;{moved};0401234567\n"
    )
    report = await _import(session, outreach_world, text.encode("cp1252"), file_format=mapping)
    assert (report.imported, report.rejected) == (1, [])
    found = await session.scalar(
        select(Newcomer).where(Newcomer.campaign_id == outreach_world.campaign.id)
    )
    assert (found.first_names, found.phone_e164) == ("Jörg", "+358401234567")
