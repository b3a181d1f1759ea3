"""`neuvo migrate` loads the official list of municipalities (on SQLite and PostgreSQL), once;
`neuvo municipalities import` reads the next year's files, and writes the data file from them."""

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

import core.db
from scheduling import classification
from scheduling.models import Municipality

BIN = Path(sys.executable).parent
NEXT_YEAR = Path(__file__).parent / "scheduling" / "classification_2027"


def _neuvo(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    return subprocess.run(
        [str(BIN / "neuvo"), *args],
        env={**env, "DATABASE_URL": url, "NEUVO_ENV": "development"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def _rows(url: str) -> dict[str, Municipality]:
    engine = core.db.create_engine(url, pool_size=1)
    try:
        async with core.db.session_factory(engine)() as session:
            assert await session.scalar(select(func.count()).select_from(Municipality)) > 0
            return {m.code: m for m in await session.scalars(select(Municipality))}
    finally:
        await engine.dispose()


async def test_migrate_loads_the_list_once_and_import_updates_it(committed_url: str) -> None:
    first = await asyncio.to_thread(_neuvo, committed_url, "migrate")
    assert first.returncode == 0, first.stderr
    assert "Municipalities 2026: 308 added, 0 updated, 0 unchanged" in first.stdout
    rows = await _rows(committed_url)
    assert len(rows) == 308
    assert (rows["598"].name_fi, rows["598"].name_sv, rows["598"].region_code) == (
        "Pietarsaari",
        "Jakobstad",
        "15",
    )
    again = await asyncio.to_thread(_neuvo, committed_url, "migrate")
    assert again.returncode == 0, again.stderr
    assert "0 added, 0 updated, 308 unchanged" in again.stdout

    imported = await asyncio.to_thread(
        _neuvo,
        committed_url,
        "municipalities",
        "import",
        str(NEXT_YEAR / "maps_fi.json"),
        str(NEXT_YEAR / "maps_sv.json"),
    )
    assert imported.returncode == 0, imported.stderr
    assert "Municipalities 2027: 0 added, 1 updated, 4 unchanged" in imported.stdout
    gone = next(line for line in imported.stdout.splitlines() if "Not in the list" in line)
    assert "615" in gone and "091" not in gone
    rows = await _rows(committed_url)
    assert len(rows) == 308 and rows["599"].name_fi == "Pedersöre"


def test_import_writes_the_data_file_from_the_next_years_files(tmp_path: Path) -> None:
    out = tmp_path / "municipalities_2027.json"
    done = _neuvo(
        "sqlite:///" + str(tmp_path / "unused.db"),
        "municipalities",
        "import",
        "--write-data",
        str(out),
        str(NEXT_YEAR / "maps_fi.json"),
        str(NEXT_YEAR / "maps_sv.json"),
    )
    assert done.returncode == 0, done.stderr
    written = classification.from_data_file(out.read_text(encoding="utf-8"))
    assert written.year == 2027 and "kunta_1_20270101" in written.source
    assert {e.code: e.name_sv for e in written.entries}["564"] == "Uleåborg"
    assert not (tmp_path / "unused.db").exists()


def test_import_refuses_a_file_of_another_shape(tmp_path: Path) -> None:
    wrong = tmp_path / "kunnat.csv"
    wrong.write_text("kunta;nimi\n091;Helsinki\n", encoding="utf-8")
    done = _neuvo("sqlite:///" + str(tmp_path / "n.db"), "municipalities", "import", str(wrong))
    assert done.returncode != 0 and "sourceCode" in done.stdout + done.stderr
