"""Names as people type them: trimmed, bounded, printable, NFC-normalised."""

import pytest
from pydantic import TypeAdapter, ValidationError

from core import text

NAME = TypeAdapter(text.Name)
SHORT_TEXT = TypeAdapter(text.ShortText)


def test_name_is_stripped():
    assert NAME.validate_python("  Aino Virtanen \n") == "Aino Virtanen"


@pytest.mark.parametrize("value", ["", "   ", "\t\n"])
def test_name_rejects_empty(value):
    with pytest.raises(ValidationError):
        NAME.validate_python(value)


def test_name_is_at_most_200_characters():
    assert NAME.validate_python("a" * 200) == "a" * 200
    with pytest.raises(ValidationError):
        NAME.validate_python("a" * 201)


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\u202e", "\ufeff"])
def test_name_rejects_control_and_format_characters(char):
    with pytest.raises(ValidationError, match="control characters"):
        NAME.validate_python(f"Ali{char}ce")


@pytest.mark.parametrize(
    "value",
    [
        "محمد العلي",  # Arabic
        "ኣብርሃም ተስፋይ",  # Tigrinya
        "می\u200cخواهم",  # Dari, with a zero-width non-joiner inside the word
        "Hüseyin Çelik",
    ],
)
def test_name_accepts_other_scripts_and_zwnj(value):
    assert NAME.validate_python(value) == value


def test_name_is_nfc_normalised():
    assert NAME.validate_python("a\u0308") == "ä"
    assert NAME.validate_python("Ma\u0308tta\u0308") == "Mättä"


def test_short_text_allows_500_characters():
    assert SHORT_TEXT.validate_python("b" * 500) == "b" * 500
    with pytest.raises(ValidationError):
        SHORT_TEXT.validate_python("b" * 501)
