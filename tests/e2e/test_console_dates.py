"""The console's dates and times are said as the messages say them: the page's Intl formats
(console/i18n.js) give, in Finnish, Swedish and English, what Babel's CLDR formats give on the
server for the same instant in Europe/Helsinki, DST days and midnight included."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date, format_skeleton, format_time

HELSINKI = ZoneInfo("Europe/Helsinki")
LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_FI"}  # as notifications/templates.py
INSTANTS = [
    datetime(2026, 3, 5, 7, 5, tzinfo=UTC),  # 09.05 in winter: a one-digit hour
    datetime(2026, 3, 29, 1, 30, tzinfo=UTC),  # the spring-forward morning, 04.30 local
    datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # the fall-back night, the first 03.30
    datetime(2026, 12, 31, 22, 0, tzinfo=UTC),  # midnight: a new year in Helsinki
    datetime(2026, 6, 15, 11, 45, tzinfo=UTC),  # 14.45 in summer
]


def _babel(instant: datetime, lang: str) -> dict[str, str]:
    local = instant.astimezone(HELSINKI)
    locale = LOCALES[lang]
    return {
        "date": format_skeleton("yMd", local, locale=locale),
        "weekday": format_date(local.date(), "cccc", locale=locale),  # a weekday alone
        "dayShort": format_skeleton("MEd", local, locale=locale),
        "time": format_time(local, format="short", locale=locale),
        # Weekly hours: a wall-clock "HH:MM" of the API, written as a time is.
        "clock": format_time(local.time(), format="short", locale=locale),
    }


def _plain(text: str) -> str:
    """Narrow and non-breaking spaces read as spaces: CLDR and Intl differ only in those."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
async def test_the_console_formats_dates_and_times_as_babel_does(
    live_server, browser_context, lang
):
    page = await browser_context.new_page()
    await page.goto(live_server + "/console")
    shown = await page.evaluate(
        """async ([lang, instants]) => {
          const { formatter } = await import("/static/console/i18n.js");
          const fmt = formatter(lang, "Europe/Helsinki");
          return instants.map(([iso, wall]) => ({ date: fmt.date(iso), weekday: fmt.weekday(iso),
            dayShort: fmt.dayShort(iso), time: fmt.time(iso), clock: fmt.clock(wall) }));
        }""",
        [
            lang,
            [[i.isoformat(), i.astimezone(HELSINKI).strftime("%H:%M")] for i in INSTANTS],
        ],
    )
    for instant, page_says in zip(INSTANTS, shown, strict=True):
        expected = {key: _plain(value) for key, value in _babel(instant, lang).items()}
        said = {key: _plain(value) for key, value in page_says.items()}
        assert said == expected, instant.isoformat()
