"""Spoken dates, times, durations and phone numbers, composed from short clips in the word
order of each language's CLDR patterns (Babel), so that the words heard are the words shown.

The clip set of a language (each a recording or a generated file, like a prompt):

- ``n0`` … ``n59``: cardinal numbers, as the language writes them (its own digits): hours,
  minutes, counts of a duration, the digits of a phone number;
- ``d1`` … ``d31``: the day of the month as said in a date (an ordinal where the language
  says one: Finnish "neljästoista", English "fourteenth");
- ``wd1`` … ``wd7``: weekdays, Monday first (ISO), in the form the date pattern takes
  (``EEEE`` format, ``cccc`` stand-alone: Finnish "tiistai");
- ``m1`` … ``m12``: months in the form the date pattern takes (``MMMM`` format, Finnish
  "huhtikuuta"; ``LLLL`` stand-alone);
- ``am``, ``pm``: only where the short time pattern has ``a`` (Somali, Arabic, English …);
- ``at``: the word, if any, that joins date and time (Dari "ساعت");
- ``min.<plural>``, ``h.<plural>``: "minutes" and "hours" in each plural form the language
  has (CLDR's unit patterns: Arabic ``min.two`` "دقيقتان" holds its number itself).

Time: the hour, then the minutes as a number (``n0`` before a single digit, nothing at
``:00``), then the period where the language has one. Years are not said.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale, dates, numbers, units

from speech.errors import UnknownPrompt

# CLDR locales for Neuvo's codes where they differ: Dari is CLDR's Afghan Persian.
LOCALES = {"prs": "fa_AF"}
ZONE = ZoneInfo("Europe/Helsinki")
DATE_SKELETON = "MMMMEEEEd"
MAX_MINUTES = 600
MAX_DIGITS = 20
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str
    clips: list[str] = field(default_factory=list)


@cache
def locale(lang: str) -> Locale:
    """The Babel locale of ``lang`` (English if CLDR has none)."""
    try:
        return Locale.parse(LOCALES.get(lang, lang))
    except (ValueError, LookupError):
        return Locale.parse("en")


@cache
def date_pattern(lang: str) -> str:
    """Weekday, day and month, in full words, in the language's order."""
    loc = locale(lang)
    skeletons = loc.datetime_skeletons
    pattern = str(skeletons[dates.match_skeleton(DATE_SKELETON, skeletons.keys())])
    pattern = re.sub(r"E+", "EEEE", pattern)
    pattern = re.sub(r"c+", "cccc", pattern)
    # A month number with its own word after it (Chinese "4月") stays a number: the wide name
    # ("四月") already holds that word; the clip says the name, the page shows "4月".
    pattern = re.sub(r"M+(?!月)", "MMMM", pattern)
    return re.sub(r"L+(?!月)", "LLLL", pattern)


def _time_pattern(lang: str) -> str:
    return str(locale(lang).time_formats["short"].pattern)


def _time_first(lang: str) -> bool:
    """Whether the language says the time before the date (Vietnamese "{0} {1}")."""
    glue = str(locale(lang).datetime_formats["long"])
    return glue.find("{0}") < glue.find("{1}")


def _glue(lang: str) -> tuple[str, str, str]:
    """The date-and-time pattern around its first and second part (date ``{1}`` and time
    ``{0}``, in the language's order): three literals."""
    glue = str(locale(lang).datetime_formats["long"]).replace("'", "")
    first, second = ("{0}", "{1}") if _time_first(lang) else ("{1}", "{0}")
    before, _, rest = glue.partition(first)
    middle, _, after = rest.partition(second)
    return before, middle, after


def _fields(pattern: str) -> list[tuple[str, str | tuple[str, int]]]:
    return list(dates.tokenize_pattern(pattern))


def _number(lang: str, value: int) -> str:
    return numbers.format_decimal(value, format="0", locale=locale(lang))


def _day_text(lang: str, day: int) -> str:
    """The day as the date pattern writes it, with a dot right after where it has one."""
    tokens = _fields(date_pattern(lang))
    for index, (kind, value) in enumerate(tokens):
        if kind == "field" and isinstance(value, tuple) and value[0] == "d":
            after = tokens[index + 1][1] if index + 1 < len(tokens) else ""
            # the dot of "14." (Finnish, Estonian) and the word of "14日" (Chinese) are said
            said = after[0] if isinstance(after, str) and after[:1] in (".", "日") else ""
            return _number(lang, day) + said
    return _number(lang, day)


PLURAL_ORDER = ("other", "one", "two", "few", "many", "zero")


def _unit_patterns(lang: str, unit: str) -> dict[str, str]:
    """Plural form → CLDR's pattern for a duration in ``unit`` (long, else short)."""
    loc = locale(lang)
    patterns = loc._data["unit_patterns"].get(f"duration-{unit}", {})
    found = dict(patterns.get("long") or patterns.get("short") or {})
    wanted = loc.plural_form.tags | {"other"}
    return {form: str(found[form]) for form in PLURAL_ORDER if form in found and form in wanted}


def _unit_clip(lang: str, unit: str, prefix: str, form: str) -> str:
    """The clip of ``unit``'s words in plural ``form``: forms with the same words share one."""
    patterns = _unit_patterns(lang, unit)
    words = patterns.get(form, patterns.get("other", "")).replace("{0}", "").strip()
    for other, pattern in patterns.items():
        if pattern.replace("{0}", "").strip() == words:
            return f"{prefix}.{other}"
    return f"{prefix}.other"


def _unit_words(lang: str, unit: str, prefix: str) -> dict[str, str]:
    """The clips of ``unit``'s words, one per distinct spelling."""
    patterns = _unit_patterns(lang, unit)
    return {
        _unit_clip(lang, unit, prefix, form): pattern.replace("{0}", "").strip()
        for form, pattern in patterns.items()
    }


@cache
def clip_texts(lang: str) -> dict[str, str]:
    """Every clip of ``lang`` and the text it says (see the module's list)."""
    loc = locale(lang)
    texts = {f"n{n}": _number(lang, n) for n in range(60)}
    texts |= {f"d{day}": _day_text(lang, day) for day in range(1, 32)}
    pattern = date_pattern(lang)
    context = "stand-alone" if "cccc" in pattern else "format"
    texts |= {f"wd{i + 1}": loc.days[context]["wide"][i] for i in range(7)}
    context = "stand-alone" if "LLLL" in pattern else "format"
    texts |= {f"m{i}": loc.months[context]["wide"][i] for i in range(1, 13)}
    if "a" in _time_pattern(lang):
        periods = loc.day_periods["format"]["abbreviated"]
        texts |= {"am": periods["am"], "pm": periods["pm"]}
    joining = " ".join(part.strip(" ,،\u200f") for part in _glue(lang)).strip()
    if _LETTER.search(joining):
        texts["at"] = joining
    for unit, prefix in (("minute", "min"), ("hour", "h")):
        texts |= _unit_words(lang, unit, prefix)
    return texts


def _time_clips(lang: str, when: datetime) -> list[str]:
    clips: list[str] = []
    for kind, value in _fields(_time_pattern(lang)):
        if kind == "chars" or not isinstance(value, tuple):
            continue
        letter = value[0]
        if letter in "Hk":
            clips.append(f"n{when.hour}")
        elif letter in "hK":
            clips.append(f"n{when.hour % 12 or (12 if letter == 'h' else 0)}")
        elif letter == "m" and when.minute:
            clips += ([] if when.minute >= 10 else ["n0"]) + [f"n{when.minute}"]
        elif letter in "aBb":
            clips.append("am" if when.hour < 12 else "pm")
    return clips


def _date_clips(lang: str, when: datetime) -> list[str]:
    clips: list[str] = []
    for kind, value in _fields(date_pattern(lang)):
        if kind == "field" and isinstance(value, tuple):
            letter = value[0]
            if letter in "Ec":
                clips.append(f"wd{when.isoweekday()}")
            elif letter == "d":
                clips.append(f"d{when.day}")
            elif letter in "ML":
                clips.append(f"m{when.month}")
    return clips


FIRST_YEAR, LAST_YEAR = 1970, 2199


def say_when(lang: str, when: datetime) -> Phrase:
    """Weekday, date and time of ``when`` (in Helsinki time) as ``lang`` writes and says it;
    ``UnknownPrompt`` for an instant no calendar of Neuvo's reaches (before 1970, after 2199)."""
    if not FIRST_YEAR <= when.year <= LAST_YEAR:
        raise UnknownPrompt(f"say a date from {FIRST_YEAR} to {LAST_YEAR}", field="date")
    local = when.astimezone(ZONE)
    loc = locale(lang)
    day = dates.format_datetime(local, date_pattern(lang), locale=loc)
    time = dates.format_time(local, "short", locale=loc)
    before, middle, after = _glue(lang)
    joining = ["at"] if "at" in clip_texts(lang) else []
    if _time_first(lang):
        text = f"{before}{time}{middle}{day}{after}".strip()
        return Phrase(text, _time_clips(lang, local) + joining + _date_clips(lang, local))
    text = f"{before}{day}{middle}{time}{after}".strip()
    return Phrase(text, _date_clips(lang, local) + joining + _time_clips(lang, local))


def _unit(lang: str, count: int, unit: str, prefix: str) -> Phrase:
    loc = locale(lang)
    patterns = _unit_patterns(lang, unit)
    form = loc.plural_form(count)
    pattern = patterns.get(form) or patterns.get("other") or "{0}"
    words = _unit_clip(lang, unit, prefix, form)
    before, has_number, after = pattern.partition("{0}")
    clips = ([words] if before.strip() else []) + ([f"n{count}"] if has_number else [])
    clips += [words] if after.strip() and has_number else []
    text = units.format_unit(count, f"duration-{unit}", length="long", locale=loc)
    return Phrase(text, clips)


def say_duration(lang: str, minutes: int) -> Phrase:
    """A duration of ``minutes`` (hours and minutes) in ``lang``."""
    if not 0 < minutes <= MAX_MINUTES:
        raise UnknownPrompt(f"a duration is 1 to {MAX_MINUTES} minutes", field="duration")
    hours, rest = divmod(minutes, 60)
    parts = ([_unit(lang, hours, "hour", "h")] if hours else []) + (
        [_unit(lang, rest, "minute", "min")] if rest else []
    )

    # Hours and minutes side by side, no "and": every word shown is a clip heard.
    text = " ".join(part.text for part in parts)
    return Phrase(text, [clip for part in parts for clip in part.clips])


def say_digits(lang: str, digits: str) -> Phrase:
    """A phone number read back digit by digit (anything but digits is left out)."""
    # ASCII digits only: "²" or "①" pass str.isdigit but are no digit a phone number has.
    kept = [int(c) for c in digits if c in "0123456789"]
    if not kept or len(kept) > MAX_DIGITS:
        raise UnknownPrompt(f"give 1 to {MAX_DIGITS} digits", field="digits")
    return Phrase(" ".join(_number(lang, d) for d in kept), [f"n{d}" for d in kept])
