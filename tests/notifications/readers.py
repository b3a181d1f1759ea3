"""Three independent calendar parsers, each asked when every event starts and ends (in UTC)
by the calendar's own VTIMEZONE, as a client that knows nothing of zoneinfo would see it:
ical.js (Thunderbird's, run under node from ``tests/js``), ``icalendar`` and ``ical``."""

import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from ical.calendar_stream import IcsCalendarStream
from ical.timezone import IcsTimezoneInfo
from icalendar import Calendar

from tests.conftest import missing

JS = Path(__file__).resolve().parents[1] / "js"
Times = list[tuple[str, datetime, datetime]]  # (uid, start, end) per event, aware UTC


def icaljs(bodies: list[bytes]) -> list[Times]:
    """Each calendar's events as ical.js 2.2.1 reads them (one node process for all)."""
    node = shutil.which("node")
    if node is None or not (JS / "node_modules" / "ical.js").is_dir():
        missing("ical.js", "needs node and `npm ci --prefix tests/js`")
    texts = [body.decode("utf-8") for body in bodies]
    done = subprocess.run(
        [node, str(JS / "read_calendars.mjs")],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return [
        [(e["uid"], _utc(e["start"]), _utc(e["end"])) for e in events]
        for events in json.loads(done.stdout)
    ]


def icalendar(body: bytes) -> Times:
    """The events as Python ``icalendar`` reads them with the calendar's VTIMEZONEs."""
    calendar = Calendar.from_ical(body)
    zones = {tz.tz_name: tz.to_tz(lookup_tzid=False) for tz in calendar.timezones}

    def instant(prop) -> datetime:
        tzid = prop.params.get("TZID")
        value = prop.dt if tzid is None else prop.dt.replace(tzinfo=None)
        if tzid is not None:
            value = value.replace(tzinfo=zones[tzid])
        return value.astimezone(UTC)

    return [(str(e["UID"]), instant(e["DTSTART"]), instant(e["DTEND"])) for e in calendar.events]


def ical(body: bytes) -> Times:
    """The events as Python ``ical`` reads them, turned into instants by the calendar's own
    VTIMEZONEs (``ical`` itself prefers the system's zoneinfo for a known TZID)."""
    calendar = IcsCalendarStream.calendar_from_ics(body.decode("utf-8"))
    zones = {tz.tz_id: IcsTimezoneInfo.from_timezone(tz) for tz in calendar.timezones}

    def instant(value: datetime) -> datetime:
        zone = zones.get(str(value.tzinfo))  # a UTC time (Z) has none
        return (value if zone is None else value.replace(tzinfo=zone)).astimezone(UTC)

    return [(e.uid, instant(e.dtstart), instant(e.dtend)) for e in calendar.events]


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)
