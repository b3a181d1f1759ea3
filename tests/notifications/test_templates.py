"""Every message in every language: filled in, dated the language's way, marked as reviewed or
machine translated, falling back to the second language or Finnish and Swedish."""

from datetime import UTC, datetime

import pytest

from notifications import templates
from notifications.errors import UnknownTemplate
from notifications.texts import TEXTS

CLIENT_LANGUAGES = ("fi", "sv", "en", "ar", "so", "prs", "ckb", "ti", "uk", "ru")
CLIENT_KINDS = ("confirmation", "reminder", "moved", "cancelled")
OFFER_KINDS = ("interpreter_offer", "offer_withdrawn")
PARAMS = {
    "channel": "video",
    "link": "https://neuvo.example/b/abc123",
    "session_language": "ar",
    "minutes": "45",
}
AT = datetime(2026, 3, 30, 6, 0, tzinfo=UTC)  # Monday 09:00 in Helsinki (EEST)


def _render(kind: str, language: str, **change):
    arguments = {
        "language": language,
        "second_language": None,
        "at": AT,
        "zone": "Europe/Helsinki",
        "params": PARAMS,
        **change,
    }
    return templates.render(kind, **arguments)


@pytest.mark.parametrize("language", CLIENT_LANGUAGES)
@pytest.mark.parametrize("kind", CLIENT_KINDS + OFFER_KINDS)
def test_every_kind_renders_in_every_language(kind: str, language: str) -> None:
    rendered = _render(kind, language)
    assert rendered.language == language and rendered.fallback is None
    assert "{" not in rendered.text and "}" not in rendered.text
    assert rendered.text.startswith("Neuvo") or "Neuvo" in rendered.text
    assert rendered.subject.startswith("Neuvo: ")
    if "{link}" in TEXTS[language]["kinds"][kind]:
        assert "https://neuvo.example/b/abc123" in rendered.text
    assert rendered.reviewed == (language in ("fi", "sv", "en"))


@pytest.mark.parametrize("language", CLIENT_LANGUAGES)
def test_every_language_names_every_channel(language: str) -> None:
    assert set(TEXTS[language]["channels"]) == {"video", "phone", "in_person"}
    assert set(TEXTS[language]["subjects"]) >= set(CLIENT_KINDS + OFFER_KINDS)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fi", "ma 30. maaliskuuta klo 9.00"),
        ("sv", "kl. 9.00"),  # Finland-Swedish, as CLDR 49 (Babel 2.19) writes it
        ("en", "at 9.00"),
        ("ru", "в 09:00"),
    ],
)
def test_dates_and_times_are_local_and_written_the_languages_way(language, expected) -> None:
    assert expected in _render("reminder", language).text


def test_the_repeated_october_hour_is_told_apart() -> None:
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 03:30 EEST
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 03:30 EET, an hour later
    assert "klo 3.30" in _render("reminder", "fi", at=first).text
    assert "klo 3.30" in _render("reminder", "fi", at=second).text
    assert "klo 9.00" in _render("reminder", "fi", at=datetime(2026, 10, 25, 7, tzinfo=UTC)).text


def test_right_to_left_texts_isolate_dates_times_and_links() -> None:
    text = _render("confirmation", "ar").text
    assert f"{templates.LRI}https://neuvo.example/b/abc123{templates.PDI}" in text
    assert text.count(templates.FSI) == 2  # the date and the time
    assert templates.LRI not in _render("confirmation", "fi").text


def test_a_missing_language_falls_back_to_the_second_language_and_says_so() -> None:
    rendered = _render("confirmation", "vi", second_language="ru")
    assert rendered.language == "ru" and not rendered.reviewed
    assert rendered.fallback == "no confirmation text in vi; sent in the second language ru"


def test_without_a_second_language_finnish_and_swedish_go_together() -> None:
    rendered = _render("confirmation", "vi", second_language="th")
    assert rendered.language == "fi+sv" and rendered.reviewed
    assert "Aikasi on varattu" in rendered.text and "Din tid är bokad" in rendered.text
    assert rendered.fallback == "no confirmation text in vi; sent in Finnish and Swedish"


def test_staff_texts_exist_in_the_national_languages_and_english() -> None:
    assert templates.kind_for("confirmation", staff=True) == "staff_confirmation"
    assert templates.kind_for("interpreter_offer", staff=True) == "interpreter_offer"
    rendered = _render("staff_moved", "fi")
    assert "kieli: arabia" in rendered.text and "/b/" not in rendered.text
    assert _render("staff_moved", "ar").language == "fi+sv"  # no Arabic staff text


def test_an_unknown_kind_or_a_missing_value_is_refused() -> None:
    with pytest.raises(UnknownTemplate):
        _render("birthday", "fi")
    with pytest.raises(UnknownTemplate, match="link"):
        _render("confirmation", "fi", params={"channel": "video"})


def test_latin_sms_stay_in_the_gsm_alphabet() -> None:
    """Babel's narrow no-break spaces would turn an SMS into UCS-2 and halve its length."""
    for language in ("fi", "sv", "en", "so"):
        text = _render("reminder", language).text
        assert "\u202f" not in text and "\xa0" not in text


@pytest.mark.parametrize("language", ["so", "ti", "ar"])
def test_the_pages_say_a_time_with_the_smss_words(language) -> None:
    at = datetime(2026, 4, 14, 7, 0, tzinfo=UTC)  # 10:00 in Helsinki
    said = templates.spoken_when(at, language=language, zone="Europe/Helsinki")
    sms = _render("reminder", language, at=at)
    assert said.day in sms.text.replace(templates.FSI, "").replace(templates.PDI, "")
    assert said.time in sms.text.replace(templates.FSI, "").replace(templates.PDI, "")
    assert said.day in said.label and said.time in said.label
