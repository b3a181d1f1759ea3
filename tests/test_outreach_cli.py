"""`neuvo outreach import` and `neuvo outreach letters` as a municipality's staff run them:
a register file with bad rows imports the rest and prints each bad row's line and reason;
a file refused as a whole imports nothing; the letters are one PDF with the newcomers' names."""

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api import outreach_cli
from core import clock
from core.config import get_settings
from outreach.records import COLUMNS
from tests import demo_db
from tests.demo_db import demo_database

BIN = Path(sys.executable).parent


def _neuvo(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "neuvo"), *args],
        env={**env, "NEUVO_CLOCK": demo_db.now().isoformat()},  # the demo's time now
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A migrated database with the demo data; wide output so that no reason is wrapped."""
    made = demo_database(tmp_path / "run.db")
    made.update(COLUMNS="200", NEUVO_BASE_URL="https://neuvo.example.fi")
    return made


def _file(path: Path, rows: list[tuple[str, ...]], header: tuple[str, ...] = COLUMNS) -> Path:
    lines = [",".join(header), *(",".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


MOVED = (demo_db.now().date() - timedelta(days=14)).isoformat()
FUTURE = (demo_db.now().date() + timedelta(days=14)).isoformat()
ROWS = [
    ("أمينة", "حسن", "Kauppurienkatu 5 A 3", "90100", "564", "ar", "SY", MOVED, "", ""),
    ("Hodan", "Warsame", "Isokatu 7", "93100", "615", "so", "SO", MOVED, "+358401234567", ""),
    ("Yonas", "Tesfay", "Torikatu 1", "90100", "999", "ti", "ER", MOVED, "", ""),  # line 4
    ("Olena", "Koval", "Rantakatu 2", "90100", "564", "xx", "UA", MOVED, "", ""),  # line 5
    ("Reza", "Ahmadi", "Pakkahuoneenkatu 9", "90100", "564", "fa", "IR", FUTURE, "", ""),
    ("Sara", "Mohammed", "Hallituskatu 3", "90100", "564", "ckb", "IQ", MOVED, "12ab", ""),
]


def test_import_reports_each_rejected_row_by_line_and_reason(env, tmp_path: Path) -> None:
    path = _file(tmp_path / "muuttajat.csv", ROWS)
    done = _neuvo(env, "outreach", "import", str(path), "--campaign", "Syksy 2026")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Campaign 'Syksy 2026' made." in done.stdout
    assert "2 imported, 4 rejected of 6." in done.stdout
    table = {
        line.split("│")[1].strip(): line.split("│")[2].strip()
        for line in done.stdout.splitlines()
        if line.count("│") == 3
    }
    assert table == {
        "4": "unknown municipality code '999'",
        "5": "unknown language code 'xx'",
        "6": f"moving_date {FUTURE} is in the future",
        "7": "malformed phone number '12ab'",
    }
    again = _neuvo(env, "outreach", "import", str(path), "--campaign", "Syksy 2026")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "0 imported, 6 rejected of 6." in again.stdout
    assert again.stdout.count("the person is already imported in this campaign") == 2


def test_a_file_without_required_columns_is_refused_and_imports_nothing(env, tmp_path) -> None:
    short = tuple(column for column in COLUMNS if column != "mother_tongue")
    path = _file(tmp_path / "short.csv", [row[:5] + row[6:] for row in ROWS[:2]], header=short)
    done = _neuvo(env, "outreach", "import", str(path), "--campaign", "Syksy 2026")
    assert done.returncode != 0
    assert "required columns missing: mother_tongue" in done.stdout + done.stderr
    letters = _neuvo(env, "outreach", "letters", "--campaign", "Syksy 2026", "--out", "x.pdf")
    assert letters.returncode != 0  # not even the campaign was made
    assert "no campaign named 'Syksy 2026'" in letters.stdout + letters.stderr


def test_letters_are_one_pdf_with_the_newcomers_names_and_links(env, tmp_path) -> None:
    path = _file(tmp_path / "muuttajat.csv", ROWS[:2])
    assert _neuvo(env, "outreach", "import", str(path), "--campaign", "Kevät").returncode == 0
    out = tmp_path / "kirjeet.pdf"
    done = _neuvo(env, "outreach", "letters", "--campaign", "Kevät", "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"2 letters written to {out}." in done.stdout.replace("\n", "")
    assert out.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Letters: 2" in text  # the cover count
    assert "Hodan Warsame" in text and "حسن" in text and "أمينة" in text
    assert text.count("https://neuvo.example.fi/i/") == 2
    # Printed letters count as sent: the next batch holds none of them.
    again = _neuvo(env, "outreach", "letters", "--campaign", "Kevät", "--out", str(out))
    assert again.returncode == 0 and "0 letters written" in again.stdout


def test_a_newcomer_who_moved_in_today_in_helsinki_is_not_in_the_future(
    env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 23:30 UTC on 2 December is 01:30 on 3 December in Helsinki: the move is today there.
    row = ("Hodan", "Warsame", "Isokatu 7", "93100", "615", "so", "SO", "2026-12-03", "", "")
    path = _file(tmp_path / "today.csv", [row])
    monkeypatch.setenv("DATABASE_URL", env["DATABASE_URL"])
    get_settings.cache_clear()
    try:
        with clock.frozen(datetime(2026, 12, 2, 23, 30, tzinfo=UTC)):
            args = ["import", str(path), "--campaign", "Joulu"]
            done = CliRunner().invoke(outreach_cli.app, args)
    finally:
        get_settings.cache_clear()
    assert done.exit_code == 0, done.output
    assert "1 imported, 0 rejected of 1." in done.output
