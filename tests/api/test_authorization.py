"""Every admin endpoint, asked by nobody, by the wrong role and by another organisation."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.api.conftest import World


@dataclass(frozen=True)
class Case:
    method: str
    path: str  # with {placeholders} filled from the world
    body: Callable[[World], dict[str, Any]] | None = None
    wrong_role: str | None = None  # a person of the right organisation without the role: 403
    other_org: str | None = None  # a person of another organisation: 404, nothing leaks
    ok: str = "admin"  # who may do it
    params: dict[str, str] = field(default_factory=dict)
    ok_status: int | None = None  # when the right caller still fails later for another reason


AVAILABILITY = "/api/v1/staff/{advisor}/availability"
RULE = {"weekday": 1, "starts": "09:00", "ends": "12:00", "channels": ["video"]}
ABSENCE = {"starts_at": "2026-12-01T08:00:00+02:00", "ends_at": "2026-12-01T16:00:00+02:00"}


def _service(world: World) -> dict[str, Any]:
    return {
        "slug": "new-one",
        "names": {"fi": "Uusi"},
        "duration_minutes": 30,
        "channels": ["phone"],
    }


def _agreement(world: World) -> dict[str, Any]:
    return {
        "municipality_code": "564",
        "service_ids": [str(world.service.id)],
        "valid_from": "2026-02-01",
    }


def _other_org_agreement(world: World) -> dict[str, Any]:
    return {**_agreement(world), "organisation_id": str(world.jakobstad.id)}


def _staff(world: World) -> dict[str, Any]:
    return {"email": "new.person@oulu.fi", "display_name": "Uusi Ihminen", "roles": ["advisor"]}


def _client(world: World) -> dict[str, Any]:
    return {"preferred_language": "ar", "phone": "+358401234567"}


PROFILE_PATH = "/api/v1/staff/{advisor}/interpreter-profile"


def _profile(world: World) -> dict[str, Any]:
    return {
        "kind": "interpreter",
        "languages": [{"language": "ar"}],
        "into_languages": ["fi"],
        "modes": ["video"],
    }


def _campaign(world: World) -> dict[str, Any]:
    return {
        "name": "Kevät",
        "service_id": str(world.service.id),
        "municipality_codes": ["564"],
        "sends_from": "2026-12-01",
        "ends_on": "2027-01-31",
    }


CASES = [
    # Rooms: only the session's advisor (or interpreter) gets a pass or switches to the phone;
    # an admin of the organisation sees the booking but is not invited.
    Case(
        "POST",
        "/api/v1/rooms/{booking}/passes",
        wrong_role="admin",
        other_org="other_admin",
        ok="advisor",
    ),
    Case("GET", "/api/v1/rooms/{booking}/facts", other_org="other_admin", ok="advisor"),
    Case(
        "POST",
        "/api/v1/rooms/{booking}/switch-to-phone",
        lambda w: {"reason": "the picture freezes"},
        wrong_role="operator",
        other_org="other_admin",
        ok="advisor",
    ),
    # A call outcome: the session's advisor (or staff who may see its client); this video
    # session is not held by phone, so she is let through and refused for that (409).
    Case(
        "POST",
        "/api/v1/bookings/{booking}/calls",
        lambda w: {"outcome": "reached"},
        other_org="other_admin",
        ok="advisor",
        ok_status=409,
    ),
    # A call placed by Neuvo (the phone bridge): the same people; this video session is not
    # held by phone (409), and it has no such call (404, a call not found).
    Case(
        "POST",
        "/api/v1/bookings/{booking}/bridge",
        lambda w: {"sdp": "v=0\r\nm=audio 9 RTP/AVP 0\r\n"},
        other_org="other_admin",
        ok="advisor",
        ok_status=409,
    ),
    # The interpreter dialled in: the same people; a video session is not held by phone (409).
    Case(
        "POST",
        "/api/v1/bookings/{booking}/bridge/interpreter",
        lambda w: {"sdp": "v=0\r\nm=audio 9 RTP/AVP 0\r\n"},
        other_org="other_admin",
        ok="advisor",
        ok_status=409,
    ),
    Case(
        "GET",
        "/api/v1/bookings/{booking}/bridge/{call}",
        other_org="other_admin",
        ok="advisor",
        ok_status=404,
    ),
    Case(
        "POST",
        "/api/v1/bookings/{booking}/bridge/{call}/hangup",
        other_org="other_admin",
        ok="advisor",
        ok_status=404,
    ),
    # The interpreter joining from her browser: only the session's interpreter offers; the
    # advisor's side answers and either leaves. This world has no such call: 404 for the
    # right people, and nothing leaks to another organisation.
    Case(
        "POST",
        "/api/v1/bookings/{booking}/bridge/{call}/joins",
        lambda w: {"sdp": "v=0\r\nm=audio 9 RTP/AVP 0\r\n"},
        other_org="other_admin",
        ok="interpreter",
        ok_status=404,
    ),
    Case(
        "GET",
        "/api/v1/bookings/{booking}/bridge/{call}/joins/{join}",
        other_org="other_admin",
        ok="interpreter",
        ok_status=404,
    ),
    Case(
        "POST",
        "/api/v1/bookings/{booking}/bridge/{call}/joins/{join}/answer",
        lambda w: {"sdp": "v=0\r\nm=audio 9 RTP/AVP 0\r\n"},
        other_org="other_admin",
        ok="advisor",
        ok_status=404,
    ),
    Case(
        "POST",
        "/api/v1/bookings/{booking}/bridge/{call}/joins/{join}/leave",
        other_org="other_admin",
        ok="advisor",
        ok_status=404,
    ),
    Case("GET", "/api/v1/organisations", ok="advisor"),
    Case("GET", "/api/v1/organisations/{oulu}", ok="advisor"),
    Case(
        "POST",
        "/api/v1/organisations",
        lambda w: {"name": "Uusi ry", "kind": "ngo"},
        wrong_role="admin",
        ok="platform_admin",
    ),
    Case(
        "PATCH",
        "/api/v1/organisations/{oulu}",
        lambda w: {"timezone": "Europe/Helsinki"},
        wrong_role="advisor",
        other_org="other_admin",
    ),
    Case("GET", "/api/v1/organisations/{oulu}/logo", ok="advisor", ok_status=404),  # none yet
    Case(
        "PUT",
        "/api/v1/organisations/{oulu}/logo",
        lambda w: {"not": "an image"},
        wrong_role="advisor",
        other_org="other_admin",
        ok_status=422,
    ),
    Case(
        "DELETE",
        "/api/v1/organisations/{oulu}/logo",
        wrong_role="advisor",
        other_org="other_admin",
    ),
    Case(
        "POST",
        "/api/v1/municipalities",
        lambda w: {"code": "091", "name_fi": "Helsinki", "name_sv": "Helsingfors"},
        wrong_role="admin",
        ok="platform_admin",
    ),
    Case(
        "PATCH",
        "/api/v1/municipalities/{code}",
        lambda w: {"region": "Pohjois-Pohjanmaa"},
        wrong_role="admin",
        ok="platform_admin",
    ),
    Case("POST", "/api/v1/services", _service, wrong_role="advisor"),
    Case(
        "PATCH",
        "/api/v1/services/{service}",
        lambda w: {"buffer_minutes": 10},
        wrong_role="advisor",
        other_org="other_admin",
    ),
    Case("GET", "/api/v1/agreements", wrong_role="advisor"),
    Case("GET", "/api/v1/agreements/{agreement}", wrong_role="advisor", other_org="other_admin"),
    Case("POST", "/api/v1/agreements", _agreement, wrong_role="advisor"),
    Case(
        "POST", "/api/v1/agreements", _other_org_agreement, other_org="admin", ok="platform_admin"
    ),
    Case(
        "PATCH",
        "/api/v1/agreements/{agreement}",
        lambda w: {"note": "Jatkuu"},
        wrong_role="advisor",
        other_org="other_admin",
    ),
    Case("DELETE", "/api/v1/agreements/{agreement}", wrong_role="advisor", other_org="other_admin"),
    Case("GET", "/api/v1/staff", ok="advisor"),
    Case(
        "GET",
        "/api/v1/staff",
        params={"organisation_id": "{jakobstad}"},
        other_org="admin",
        ok="platform_admin",
    ),
    Case("GET", "/api/v1/staff/{advisor}", other_org="other_admin", ok="advisor"),
    Case("POST", "/api/v1/staff", _staff, wrong_role="advisor"),
    Case(
        "PATCH",
        "/api/v1/staff/{advisor}",
        lambda w: {"display_name": "Uusi Nimi"},
        wrong_role="operator",
        other_org="other_admin",
    ),
    Case("POST", "/api/v1/clients", _client, wrong_role="interpreter", ok="operator"),
    Case(
        "GET",
        "/api/v1/clients",
        params={"phone": "+358401234567"},
        wrong_role="interpreter",
        ok="operator",
    ),
    Case("GET", "/api/v1/clients/{advisor}", wrong_role="interpreter", ok_status=404),
    # Oulu serves the client's municipality and has booked them; Jakobstad does neither.
    Case(
        "GET",
        "/api/v1/clients/{client}",
        wrong_role="interpreter",
        other_org="other_admin",
        ok="operator",
    ),
    Case("GET", "/api/v1/clients/{client}", other_org="other_advisor", ok="advisor"),
    Case(
        "GET",
        "/api/v1/clients/{client}/interpreter-wishes",
        wrong_role="interpreter",
        other_org="other_advisor",
        ok="advisor",
    ),
    Case(
        "PUT",
        "/api/v1/clients/{client}/interpreter-wishes",
        lambda w: {"gender": "female"},
        wrong_role="interpreter",
        other_org="other_admin",
        ok="operator",
    ),
    Case(
        "POST",
        "/api/v1/clients",
        lambda w: {"preferred_language": "ar", "phone": "+358401234999"},
        wrong_role="interpreter",
        ok="operator",
    ),
    Case(
        "GET",
        "/api/v1/clients/{client}/bookings",
        wrong_role="interpreter",
        other_org="other_admin",
        ok="operator",
    ),
    Case("GET", AVAILABILITY, wrong_role="operator", other_org="other_admin", ok="advisor"),
    Case(
        "PUT",
        AVAILABILITY + "/rules",
        lambda w: [RULE],
        wrong_role="operator",
        other_org="other_admin",
        ok="advisor",
    ),
    Case(
        "POST",
        AVAILABILITY + "/overrides",
        lambda w: {"day": "2026-12-31", "closed": True},
        wrong_role="operator",
        other_org="other_admin",
    ),
    Case(
        "POST",
        AVAILABILITY + "/absences",
        lambda w: ABSENCE,
        wrong_role="operator",
        other_org="other_admin",
        ok="advisor",
    ),
    Case(
        "DELETE",
        AVAILABILITY + "/{kind}/{override}",
        wrong_role="operator",
        other_org="other_admin",
        ok="advisor",
    ),
    Case("GET", "/api/v1/bookings", params={"on": "2026-12-01"}, ok="advisor"),
    Case(
        "GET",
        "/api/v1/bookings",
        params={"on": "2026-12-01", "staff_id": "{advisor}"},
        other_org="other_admin",
        ok="operator",
    ),
    Case("GET", "/api/v1/bookings/{booking}", other_org="other_admin", ok="advisor"),
    Case(
        "POST",
        "/api/v1/bookings/{booking}/cancel",
        lambda w: {"reason": "sairas"},
        wrong_role="interpreter",
        other_org="other_admin",
        ok="operator",
    ),
    Case(
        "POST",
        "/api/v1/bookings/{booking}/move",
        lambda w: {"slot": "not-a-real-slot-ref"},
        wrong_role="interpreter",
        other_org="other_admin",
        ok="operator",
        ok_status=422,
    ),
    Case(
        "POST",
        "/api/v1/bookings/{booking}/status",
        lambda w: {"status": "completed"},
        wrong_role="operator",
        other_org="other_admin",
        ok="advisor",
        ok_status=422,
    ),
    Case("GET", "/api/v1/bookings/{booking}/calendar.ics", other_org="other_admin", ok="advisor"),
    Case("POST", "/api/v1/auth/me/calendar-feed", ok="advisor"),
    # One's own password: the current one is asked again (wrong here, so refused after the
    # check of who asks).
    Case(
        "POST",
        "/api/v1/auth/me/password",
        lambda w: {"current_password": "not-the-password", "new_password": "a-long-new-one-2026"},
        ok="advisor",
        ok_status=422,
    ),
    # Staff invitations: the organisation's admins; another organisation's person is hidden.
    Case(
        "POST",
        "/api/v1/staff/invitations",
        lambda w: {"email": "invited@oulu.fi", "display_name": "Kutsuttu", "roles": ["advisor"]},
        wrong_role="advisor",
    ),
    # (This advisor has set her password already: the admin is let through, and refused that.)
    Case(
        "POST",
        "/api/v1/staff/{advisor}/invitation",
        wrong_role="advisor",
        other_org="other_admin",
        ok_status=409,
    ),
    Case("GET", "/api/v1/auth/me", ok="advisor"),
    Case("PATCH", "/api/v1/auth/me", lambda w: {"console_language": "sv"}, ok="advisor"),
    Case("DELETE", "/api/v1/auth/me/calendar-feed", ok="advisor"),
    Case("POST", "/api/v1/auth/logout", ok="advisor"),
    Case("GET", "/api/v1/messages", wrong_role="advisor", ok="operator"),
    # Feedback counts: the organisation's admins; another organisation's finds none.
    Case(
        "GET",
        "/api/v1/feedback/counts",
        params={"organisation_id": "{oulu}"},
        wrong_role="advisor",
        other_org="other_admin",
        ok="admin",
    ),
    # Call-back requests: staff who serve the organisation's clients; an interpreter does not.
    # No request has the booking's id: the operator is let through, then finds nothing.
    Case("GET", "/api/v1/callbacks", wrong_role="interpreter", ok="operator"),
    Case(
        "GET",
        "/api/v1/callbacks/figures",
        params={"organisation_id": "{oulu}"},
        wrong_role="interpreter",
        other_org="other_admin",
        ok="operator",
    ),
    Case(
        "POST",
        "/api/v1/callbacks/{booking}/attempts",
        lambda w: {"outcome": "no_answer"},
        wrong_role="interpreter",
        other_org="other_admin",
        ok="operator",
        ok_status=404,
    ),
    Case("GET", "/api/v1/offers", wrong_role="advisor", ok="interpreter"),
    Case("GET", "/api/v1/offers/missing", wrong_role="advisor", ok="operator"),
    # No client has the advisor's id: staff who serve clients are let through, then find none.
    Case(
        "GET",
        "/api/v1/clients/{advisor}/interpreter-wishes",
        wrong_role="interpreter",
        ok="operator",
        ok_status=404,
    ),
    Case(
        "PUT",
        "/api/v1/clients/{advisor}/interpreter-wishes",
        lambda w: {"gender": "female"},
        wrong_role="interpreter",
        ok="operator",
        ok_status=404,
    ),
    # No offer has the booking's id: the interpreter is let through, then finds nothing.
    Case(
        "POST",
        "/api/v1/offers/{booking}/accept",
        wrong_role="advisor",
        ok="interpreter",
        ok_status=404,
    ),
    Case(
        "POST",
        "/api/v1/offers/{booking}/decline",
        lambda w: {"reason": "on holiday"},
        wrong_role="advisor",
        ok="interpreter",
        ok_status=404,
    ),
    # The advisor has no profile (404) and holds no interpreter role (422): let through, then
    # refused for what the request holds.
    Case(
        "GET",
        PROFILE_PATH,
        wrong_role="interpreter",
        other_org="other_admin",
        ok="operator",
        ok_status=404,
    ),
    Case(
        "PUT",
        PROFILE_PATH,
        _profile,
        wrong_role="operator",
        other_org="other_admin",
        ok_status=422,
    ),
    # No message has the booking's id: the operator is let through, then finds nothing.
    Case(
        "POST",
        "/api/v1/messages/{booking}/send-again",
        wrong_role="advisor",
        other_org="other_admin",
        ok="operator",
        ok_status=404,
    ),
    # The link sent again by SMS: staff of the booking's organisation who may see the client.
    Case(
        "POST",
        "/api/v1/messages/link-again",
        body=lambda world: {"booking_id": str(world.booking.id)},
        wrong_role="interpreter",
        other_org="other_admin",
        ok="operator",
        ok_status=None,
    ),
    # The recording studio: admins and the role voice; recording tasks are the admin's to give.
    Case("GET", "/api/v1/speech/coverage", ok="advisor"),
    Case("GET", "/api/v1/speech/{lang}/prompts", wrong_role="advisor"),
    Case(
        "PUT",
        "/api/v1/speech/recorders/{advisor}",
        body=lambda world: {"languages": ["so"]},
        wrong_role="operator",
        other_org="other_admin",
    ),
    Case("GET", "/api/v1/speech/recorders/{advisor}", wrong_role="operator"),
    # Who approves what every client hears is the platform's to name, not an organisation's.
    Case(
        "PUT",
        "/api/v1/speech/reviewers/{advisor}",
        body=lambda world: {"languages": ["so"]},
        wrong_role="admin",
        ok="platform_admin",
    ),
    Case("GET", "/api/v1/speech/reviewers/{advisor}", other_org="other_admin", ok="platform_admin"),
    # An admin not asked to record Somali is let through the log-in, then refused as no recorder.
    Case("POST", "/api/v1/speech/{lang}/{item_kind}/{item_key}", ok_status=403),
    # No recording has the booking's id: the admin is let through, then finds nothing.
    Case("GET", "/api/v1/speech/recordings/{booking}/audio", ok_status=404),
    Case("POST", "/api/v1/speech/recordings/{booking}/approve", ok_status=404),
    Case("POST", "/api/v1/speech/recordings/{booking}/reject", ok_status=404),
    # Community recording: admins invite (their organisation's invitations only); anyone on
    # the staff sees each language's readiness. No invitation has the booking's id.
    Case("GET", "/api/v1/speech/readiness", ok="advisor"),
    Case("GET", "/api/v1/speech/invitations", wrong_role="advisor"),
    Case(
        "POST",
        "/api/v1/speech/invitations",
        body=lambda world: {"lang": "so", "name": "Amina H.", "email": "amina@example.org"},
        wrong_role="operator",
    ),
    Case("POST", "/api/v1/speech/invitations/{booking}/end", ok_status=404),
    # Outreach campaigns: admins run them, operators read them; no campaign has the booking's id,
    # so the right caller is let through, then finds nothing (another organisation's: 404 too).
    Case("GET", "/api/v1/campaigns", wrong_role="advisor", ok="operator"),
    Case("POST", "/api/v1/campaigns", body=_campaign, wrong_role="operator"),
    Case("POST", "/api/v1/campaigns/{booking}/imports", ok_status=422),  # and no file sent
    Case("POST", "/api/v1/campaigns/{booking}/letters", ok_status=404),
    Case("GET", "/api/v1/campaigns/{booking}/letters/{booking}", ok_status=404),
    Case("GET", "/api/v1/campaigns/{booking}/letters/{booking}/pdf", ok_status=404),
    Case("POST", "/api/v1/campaigns/{booking}/sms", ok_status=404),
    Case("POST", "/api/v1/campaigns/{booking}/newcomers/{booking}/do-not-contact", ok_status=404),
    Case(
        "GET",
        "/api/v1/campaigns/{booking}/newcomers",
        ok="operator",
        params={"q": "ab"},
        ok_status=404,
    ),
    Case("GET", "/api/v1/campaigns/{booking}/texts", ok="operator", ok_status=404),
    Case(
        "PUT",
        "/api/v1/campaigns/{booking}/texts/{text_kind}/{lang}",
        body=lambda world: {"text": "Neuvo: {link}"},
        ok_status=404,
    ),
    Case("DELETE", "/api/v1/campaigns/{booking}/texts/{text_kind}/{lang}", ok_status=404),
    Case("GET", "/api/v1/campaigns/{booking}/funnel", ok="operator", ok_status=404),
    Case("GET", "/api/v1/campaigns/{booking}/funnel.csv", ok="operator", ok_status=404),
]

PUBLIC = {
    ("GET", "/api/v1/slots"),  # times only; who would serve is shown to staff alone
    ("GET", "/api/v1/phone-numbers"),  # reads a typed number, looks nothing up
    ("POST", "/api/v1/bookings"),  # clients book without an account
    ("GET", "/calendar/{token}.ics"),  # the secret address is the capability
    ("GET", "/b/{token}"),
    ("POST", "/b/{token}"),
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/api/v1/languages"),
    ("GET", "/api/v1/municipalities"),
    ("GET", "/api/v1/municipalities/{code}"),
    ("GET", "/api/v1/services"),
    ("GET", "/api/v1/services/{service_id}"),
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/tokens"),
    ("POST", "/api/v1/auth/password-links/look"),  # the link's token in the body is the capability
    ("POST", "/api/v1/auth/password-links/use"),
    ("POST", "/api/v1/auth/password-reset"),  # same answer for any address, rate-limited
    ("GET", "/"),
    ("GET", "/console"),
    ("POST", "/b/{token}/room"),  # the client's link is the capability
    ("POST", "/b/{token}/feedback"),
    ("POST", "/code"),  # a short code is the capability, ten wrong a minute per address
    ("POST", "/api/v1/callbacks"),  # a client's "call me": capped per number and address
    ("POST", "/b/{token}/callback"),  # the client's link is the capability
    ("GET", "/api/v1/callbacks/offer"),  # whether a language is heard: nothing personal
    ("POST", "/api/v1/device-tests"),  # a room pass in the body is the capability
    ("POST", "/api/v1/device-tests/ice-servers"),
    ("GET", "/api/v1/device-tests/{test_id}"),  # the test's random id is
    ("DELETE", "/api/v1/device-tests/{test_id}"),
    ("GET", "/api/v1/recording/{token}"),  # a recording invitation's link is the capability
    ("POST", "/api/v1/recording/{token}/{lang}/{kind}/{key}"),
    ("GET", "/audio/{lang}/manifest.json"),  # prompt audio is for everyone
    ("GET", "/audio/{lang}/say"),
    ("GET", "/audio/{lang}/{prefix}/{name}"),
    # The voice provider's webhooks: the secret in the URL is the authority (46elks signs
    # nothing); a wrong one is 401, an unknown call 404 (tests/api/test_elks_webhooks.py).
    ("POST", "/elks/calls/{call_id}/{token}/ivr"),
    ("POST", "/elks/calls/{call_id}/{token}/hangup"),
    ("GET", "/elks/audio/{call_id}/{expires}/{token}.mp3"),  # a capability URL, expiring
}


def _fill(text: str, world: World) -> str:
    return text.format(
        oulu=world.oulu.id,
        jakobstad=world.jakobstad.id,
        service=world.service.id,
        agreement=world.agreement.id,
        advisor=world.advisor.id,
        code="564",
        booking=world.booking.id,
        call="0b1e7f8a-0000-4000-8000-000000000027",  # no such call
        join="0b1e7f8a-0000-4000-8000-000000000028",  # no such leg
        client=world.client.id,
        override=world.override.id,
        kind="overrides",
        lang="so",
        item_kind="prompt",
        text_kind="sms",
        item_key="choose_language",
    )


async def _call(client: httpx.AsyncClient, case: Case, world: World, who: str | None):
    headers = getattr(world, who).headers if who else {}
    params = {key: _fill(value, world) for key, value in case.params.items()}
    body = case.body(world) if case.body else None
    return await client.request(
        case.method, _fill(case.path, world), json=body, params=params, headers=headers
    )


def _id(case: Case) -> str:
    return f"{case.method} {case.path} {case.params or ''} as {case.ok}"


@pytest.mark.parametrize("case", CASES, ids=_id)
async def test_endpoint_refuses_anonymous_callers(client, world: World, case: Case) -> None:
    response = await _call(client, case, world, None)
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("case", [c for c in CASES if c.wrong_role], ids=_id)
async def test_endpoint_refuses_the_wrong_role(client, world: World, case: Case) -> None:
    response = await _call(client, case, world, case.wrong_role)
    assert response.status_code == 403, response.text
    assert response.json()["type"] == "/problems/role-required"


@pytest.mark.parametrize("case", [c for c in CASES if c.other_org], ids=_id)
async def test_endpoint_hides_other_organisations_records(client, world: World, case) -> None:
    response = await _call(client, case, world, case.other_org)
    assert response.status_code == 404, response.text


@pytest.mark.parametrize("case", CASES, ids=_id)
async def test_endpoint_serves_the_right_caller(client, world: World, case: Case) -> None:
    response = await _call(client, case, world, case.ok)
    if case.ok_status:  # let through, then refused for what the request itself holds
        assert response.status_code == case.ok_status, response.text
        assert response.json()["type"] != "/problems/role-required"
    else:
        assert response.status_code < 300, response.text


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def test_every_route_is_either_public_or_in_the_matrix(app: FastAPI) -> None:
    covered = {(case.method, _shape(case.path)) for case in CASES}
    public = {(method, _shape(path)) for method, path in PUBLIC}
    routes = [
        (method.upper(), _shape(path))
        for path, operations in app.openapi()["paths"].items()
        for method in operations
    ]
    assert len(routes) > 30  # the walk sees the routes (included routers hide them elsewhere)
    missing = [route for route in routes if route not in covered and route not in public]
    assert not missing, f"add these to CASES or PUBLIC: {missing}"
