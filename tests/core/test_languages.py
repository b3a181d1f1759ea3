"""The languages registry: the codes Neuvo's clients speak, their names and directions."""

import pytest
from pydantic import TypeAdapter, ValidationError

from core import languages

CODES = TypeAdapter(languages.LanguageCode)


@pytest.mark.parametrize("code", ["so", "ti", "prs", "ckb", "ps", "fa", "kmr", "ar", "fi"])
def test_registry_knows_the_languages_of_neuvos_clients(code):
    assert languages.is_known(code)
    assert languages.get(code).code == code


def test_dari_is_not_farsi_and_sorani_is_not_kurmanji():
    assert languages.get("prs") != languages.get("fa")
    assert languages.get("prs").endonym != languages.get("fa").endonym
    assert languages.get("ckb").script != languages.get("kmr").script


@pytest.mark.parametrize("code", ["ar", "prs", "fa", "ckb", "ps", "ur", "he"])
def test_arabic_and_hebrew_scripts_run_right_to_left(code):
    assert languages.get(code).direction == "rtl"


@pytest.mark.parametrize("code", ["fi", "so", "ti", "kmr"])
def test_latin_and_ethiopic_scripts_run_left_to_right(code):
    assert languages.get(code).direction == "ltr"


def test_every_language_has_an_endonym_and_its_own_code_as_key():
    for code, language in languages.LANGUAGES.items():
        assert language.code == code
        assert language.endonym.strip()
        assert language.english.strip()


def test_unknown_code_is_not_known():
    assert not languages.is_known("xx")
    with pytest.raises(KeyError):
        languages.get("xx")


def test_language_code_accepts_known_codes():
    assert CODES.validate_python("prs") == "prs"


@pytest.mark.parametrize("code", ["xx", "", "PRS", "per", "ku"])
def test_language_code_rejects_unknown_codes(code):
    with pytest.raises(ValidationError, match="unknown language code"):
        CODES.validate_python(code)
