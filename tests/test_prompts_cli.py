"""`neuvo prompts coverage` on a fresh install: every language with prompt texts, heard from
generated files where espeak-ng has a voice, missing (to record) where it has none."""

import os
import subprocess
import sys
from pathlib import Path

import migrations
from speech import generate

BIN = Path(sys.executable).parent
TWENTY_TWO = {"fi", "sv", "en", "ar", "so", "prs", "ckb", "ti", "uk", "ru"} | {
    "et", "fa", "kmr", "zh", "sq", "vi", "th", "tr", "es", "fr", "ps", "am",
}  # fmt: skip


def test_coverage_lists_twenty_two_languages_with_prompt_texts(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
    migrations.upgrade(url)
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    done = subprocess.run(
        [str(BIN / "neuvo"), "prompts", "coverage"],
        env={**clean, "DATABASE_URL": url, "NEUVO_ENV": "development", "COLUMNS": "160"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = {
        cells[0]: cells[1:]
        for line in done.stdout.splitlines()
        if len(cells := [c.strip() for c in line.strip("│┃ ").split("│")]) == 9
        and cells[0] in TWENTY_TWO
    }
    assert set(rows) == TWENTY_TWO
    for code, (
        can_book,
        everything,
        _recorded,
        generated,
        missing,
        _c_recorded,
        _c_generated,
        _c_missing,
    ) in rows.items():
        if code in generate.VOICES:
            assert int(generated) > 100 and missing == "0", (code, rows[code])
            assert (can_book, everything) == ("yes", "yes"), (code, rows[code])
        else:  # no voice: every prompt waits for a recording
            assert generated == "0" and int(missing) > 100, (code, rows[code])
            assert can_book.startswith("0/"), (code, rows[code])
