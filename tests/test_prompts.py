"""The client pages' prompt files: every language has every prompt a client can meet, with
the same placeholders; only fi, sv and en claim a person's review."""

import json
import re
from pathlib import Path

import pytest

import frontend

PROMPTS = Path(frontend.__file__).resolve().parent / "static" / "prompts"
REVIEWED = {"fi", "sv", "en"}
# Only staff see these (the room's host controls): Finnish, Swedish and English are enough.
STAFF_ONLY = {
    "room_admit",
    "room_waiting_list",
    "room_to_phone",
    "room_interpreter_in",
    "room_interpreter_out",
    "room_nobody_waiting",
}


def _load(code: str) -> dict:
    return json.loads((PROMPTS / f"{code}.json").read_text(encoding="utf-8"))


CODES = sorted(path.stem for path in PROMPTS.glob("*.json"))


TEN = {"fi", "sv", "en", "ar", "so", "prs", "ckb", "ti", "uk", "ru"}
# Among the largest foreign languages in Finland (InfoFinland publishes in most of them).
TWELVE = {"et", "fa", "kmr", "zh", "sq", "vi", "th", "tr", "es", "fr", "ps", "am"}


def test_the_twenty_two_languages_are_there():
    assert set(CODES) == TEN | TWELVE


@pytest.mark.parametrize("code", sorted(TWELVE))
def test_a_new_language_says_its_own_name_and_is_marked_for_review(code):
    from core import languages

    found = _load(code)
    assert found["reviewed"] is False  # machine translated: the pages and the studio say so
    assert found["text"]["language_name"].casefold() == languages.get(code).endonym.casefold()
    assert found["text"]["choose_language"] != _load("en")["text"]["choose_language"]


@pytest.mark.parametrize("code", CODES)
def test_every_client_prompt_is_in_every_language(code):
    english = _load("en")["text"]
    found = _load(code)
    assert found["reviewed"] is (code in REVIEWED)
    wanted = set(english) - (set() if code in REVIEWED else STAFF_ONLY)
    assert set(found["text"]) >= wanted, sorted(wanted - set(found["text"]))
    for key, text in found["text"].items():
        assert text.strip(), key
        wanted_names = re.findall(r"\{(\w+)\}", english.get(key, ""))  # a key ahead of English's
        assert set(re.findall(r"\{(\w+)\}", text)) == set(wanted_names)
