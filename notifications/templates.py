"""Rendering a message in the recipient's language, with dates and times as that language
writes them, in the recipient's zone.

When a language has no text for a kind, the message falls back to the recipient's second
language, else to Finnish and Swedish together, and says so in ``Rendered.fallback`` so that
the outbox records it. In right-to-left languages the date, the time and the link are
isolated (Unicode FSI/LRI ... PDI) so that digits and the address keep their order.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton, format_time

from core import languages
from core import placeholders as fields
from notifications.errors import UnknownTemplate
from notifications.texts import TEXTS

# Babel names a few languages otherwise than ISO 639-3 does.
BABEL_LOCALES = {"prs": "fa_AF", "en": "en_FI", "sv": "sv_FI"}  # and Finland's ways
NATIONAL = ("fi", "sv")
FSI, LRI, PDI = "\u2068", "\u2066", "\u2069"
PLAIN_SPACES = str.maketrans({"\u202f": " ", "\u00a0": " "})
KINDS = frozenset(kind for texts in TEXTS.values() for kind in texts["kinds"])


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    subject: str
    language: str  # the language the text is in ("fi+sv" for the national pair)
    reviewed: bool  # a person has checked every text used
    fallback: str | None  # why the text is not in the language asked for


def render(
    kind: str,
    *,
    language: str,
    second_language: str | None,
    at: datetime,
    zone: str,
    params: Mapping[str, str],
) -> Rendered:
    """The message ``kind`` about a session at ``at`` (aware), for a reader of ``language``."""
    if kind not in KINDS:
        raise UnknownTemplate(f"no message template {kind!r}", kind=kind)
    if _has(language, kind):
        return _one(kind, language, at, zone, params, fallback=None)
    if second_language and _has(second_language, kind):
        reason = f"no {kind} text in {language}; sent in the second language {second_language}"
        return _one(kind, second_language, at, zone, params, fallback=reason)
    reason = f"no {kind} text in {language}; sent in Finnish and Swedish"
    parts = [_one(kind, code, at, zone, params, fallback=reason) for code in NATIONAL]
    return Rendered(
        text="\n\n".join(part.text for part in parts),
        subject=" / ".join(part.subject for part in parts),
        language="+".join(NATIONAL),
        reviewed=all(part.reviewed for part in parts),
        fallback=reason,
    )


def kind_for(kind: str, *, staff: bool) -> str:
    """The text to use: staff are told of a client's booking, move or cancellation in their
    own words (and get the calendar invitation); offers are written to staff already."""
    return f"staff_{kind}" if staff and f"staff_{kind}" in KINDS else kind


def placeholders(kind: str, language: str) -> set[str]:
    """The names a text expects to be filled in."""
    return set(fields.names(TEXTS[language]["kinds"][kind]))


def _has(language: str, kind: str) -> bool:
    return kind in TEXTS.get(language, {}).get("kinds", {})


def _one(
    kind: str,
    language: str,
    at: datetime,
    zone: str,
    params: Mapping[str, str],
    *,
    fallback: str | None,
) -> Rendered:
    texts = TEXTS[language]
    locale = babel_locale(language)
    local = at.astimezone(ZoneInfo(zone))
    rtl = languages.is_known(language) and languages.get(language).direction == "rtl"
    values = {
        "date": _isolate(_date(local.date(), language), rtl, FSI),
        "time": _isolate(_time(local.time(), language), rtl, FSI),
        "channel": texts["channels"].get(params.get("channel", ""), params.get("channel", "")),
        "language": _language_name(params.get("session_language", ""), locale),
        "minutes": params.get("minutes", ""),
        "link": _isolate(params.get("link", ""), rtl, LRI),
        "phone": _isolate(params.get("phone", ""), rtl, LRI),
    }
    needed = placeholders(kind, language)
    missing = sorted(name for name in needed if not values.get(name))
    if missing:
        raise UnknownTemplate(f"the {kind} message needs {', '.join(missing)}", kind=kind)
    return Rendered(
        # Babel's narrow spaces would make an SMS in a Latin script cost twice (UCS-2).
        text=fields.render(texts["kinds"][kind], values).translate(PLAIN_SPACES),
        subject=f"Neuvo: {texts['subjects'][kind]}",
        language=language,
        reviewed=bool(texts["reviewed"]),
        fallback=fallback,
    )


@dataclass(frozen=True, slots=True)
class SpokenWhen:
    day: str  # "Tuesday 14 April" as the language writes it
    time: str  # "10:00"
    label: str  # both, joined as the language joins a date and a time


def spoken_when(at: datetime, *, language: str, zone: str) -> SpokenWhen:
    """How ``at`` is written in ``language`` in ``zone``: the words of the SMS, for the pages."""
    local = at.astimezone(ZoneInfo(zone))
    day = _date(local.date(), language).translate(PLAIN_SPACES)
    clock_time = _time(local.time(), language).translate(PLAIN_SPACES)
    return SpokenWhen(day=day, time=clock_time, label=_joined(language, day, clock_time))


@lru_cache(maxsize=64)
def _joiner(language: str) -> str:
    # CLDR's "{1}, {0}" (date, then time), its quoted literals unquoted.
    pattern = str(babel_locale(language).datetime_formats.get("medium", "{1} {0}"))
    return re.sub(r"'([^']*)'", lambda m: m.group(1) or "'", pattern)


def _joined(language: str, day: str, clock_time: str) -> str:
    return _joiner(language).replace("{1}", day).replace("{0}", clock_time)


# Babel takes a good millisecond per pattern; a day's messages share a few dates and times.
@lru_cache(maxsize=4096)
def _date(day: date, language: str) -> str:
    return format_skeleton("MMMMEEEEd", day, locale=babel_locale(language))


@lru_cache(maxsize=4096)
def _time(clock_time: time, language: str) -> str:
    return format_time(clock_time, format="short", locale=babel_locale(language))


def _isolate(value: str, rtl: bool, opener: str) -> str:
    return f"{opener}{value}{PDI}" if rtl and value else value


@lru_cache(maxsize=64)
def babel_locale(language: str) -> Locale:
    """Babel's locale for a language code of ours (Finnish when Babel has none)."""
    try:
        return Locale.parse(BABEL_LOCALES.get(language, language))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("fi")


def _language_name(code: str, locale: Locale) -> str:
    if not code:
        return ""
    try:
        return Locale.parse(BABEL_LOCALES.get(code, code)).get_language_name(locale) or code
    except (UnknownLocaleError, ValueError):
        return code
