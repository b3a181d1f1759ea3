"""Spoken dates follow each language's CLDR word order and words."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from speech import clips

# CLDR puts a narrow no-break space (U+202F) before AM/PM.
TUESDAY = datetime(2026, 4, 14, 10, 0, tzinfo=timezone(timedelta(hours=3)))


@pytest.mark.parametrize(
    ("lang", "text", "sequence"),
    [
        ("so", "Talaado, Abriil 14 10:00\u202fGH", ["wd2", "m4", "d14", "n10", "am"]),
        ("fi", "tiistai 14. huhtikuuta 10.00", ["wd2", "d14", "m4", "n10"]),
        ("ar", "الثلاثاء، 14 أبريل، 10:00 ص", ["wd2", "d14", "m4", "n10", "am"]),
        ("prs", "سه‌شنبه 14 اپریل، ساعت 10:00", ["wd2", "d14", "m4", "at", "n10"]),
        # Chinese keeps the month a number before its word "月" (the clip says "四月")
        ("zh", "4月14日星期二 10:00", ["m4", "d14", "wd2", "n10"]),
        # Vietnamese says the time first ("{0} {1}")
        ("vi", "10:00 Thứ Ba, 14 tháng 4", ["n10", "wd2", "d14", "m4"]),
        ("tr", "14 Nisan Salı 10:00", ["d14", "m4", "wd2", "n10"]),
        ("et", "teisipäev, 14. aprill 10:00", ["wd2", "d14", "m4", "n10"]),
    ],
)
def test_say_when_gives_the_clips_in_the_languages_order(lang, text, sequence) -> None:
    said = clips.say_when(lang, TUESDAY)
    assert said.text == text
    assert said.clips == sequence
    words = clips.clip_texts(lang)
    assert all(clip in words for clip in said.clips)


def test_clip_words_are_cldr_words_in_the_form_the_date_needs() -> None:
    assert clips.clip_texts("so")["wd2"] == "Talaado"
    assert clips.clip_texts("so")["m4"] == "Abriil"
    assert clips.clip_texts("fi")["m4"] == "huhtikuuta"  # partitive, as after a day
    assert clips.clip_texts("fi")["wd2"] == "tiistai"
    assert clips.clip_texts("fi")["d14"] == "14."
    assert clips.clip_texts("ar")["wd2"] == "الثلاثاء"


def test_time_says_minutes_and_afternoon() -> None:
    said = clips.say_when("en", datetime(2026, 4, 14, 14, 5, tzinfo=UTC))
    assert said.text == "Tuesday, April 14, 5:05\u202fPM"
    assert said.clips == ["wd2", "m4", "d14", "n5", "n0", "n5", "pm"]


def test_durations_take_the_plural_form_and_shared_clips() -> None:
    assert clips.say_duration("ru", 45).clips == ["n45", "min.many"]
    assert clips.say_duration("ru", 1).clips == ["n1", "min.one"]
    assert clips.say_duration("ar", 2).clips == ["min.two"]  # "دقيقتان" holds the number
    assert clips.say_duration("fi", 90).text == "1 tunti 30 minuuttia"
    assert clips.say_duration("fi", 90).clips == ["n1", "h.one", "n30", "min.other"]


def test_digits_are_read_one_by_one() -> None:
    said = clips.say_digits("so", "040 123 4567")
    assert said.clips == [f"n{d}" for d in "0401234567"]


def test_chinese_days_carry_their_word_and_months_their_name() -> None:
    words = clips.clip_texts("zh")
    assert words["d14"] == "14日"
    assert words["m4"] == "四月"
