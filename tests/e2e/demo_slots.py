"""Free times on the demo database, as the browser tests' setups ask for them: the demo's
guidance service (of the organisation at ``organisation_municipality``, or the first one),
searched from ``days`` days after the demo's today, by the slot search's public route."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import httpx

from tests import demo_db

HELSINKI = ZoneInfo("Europe/Helsinki")


def free_slots(
    api: httpx.Client,
    *,
    language: str,
    channel: str,
    municipality: str = "615",
    organisation_municipality: str | None = None,
    days: tuple[int, int] = (1, 14),
    headers: dict[str, str] | None = None,
) -> list[dict]:
    """The free times of the demo's guidance service for a client of ``municipality``."""
    service = next(
        s
        for s in api.get("/api/v1/services").json()
        if s["slug"] == "guidance"
        and organisation_municipality in (None, s["organisation_municipality"])
    )
    today = demo_db.now().astimezone(HELSINKI).date()
    params = {
        "service_id": service["id"],
        "municipality": municipality,
        "language": language,
        "channel": channel,
        "from": (today + timedelta(days=days[0])).isoformat(),
        "to": (today + timedelta(days=days[1])).isoformat(),
    }
    found = api.get("/api/v1/slots", params=params, headers=headers or {})
    assert found.status_code == 200, found.text
    return found.json()["slots"]
