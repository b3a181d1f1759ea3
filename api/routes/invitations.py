"""The personal invitation link ``/i/{token}`` from a letter's QR code or an SMS: marks the
invitation opened (nothing else) and sends the browser on to the client page in the person's
language with the municipality and the campaign's service chosen.

A booking made from that browser is credited to the invitation: the redirect carries the
invitation's id, signed, as ``invite`` in the client page's address, and the page sends it
back with its booking (header ``X-Neuvo-Invitation``), because the page's requests carry no
cookies (a staff member's session must never ride on a client's booking). A cookie set by
the link (``neuvo_invite``, only to the booking endpoint, expiring with the campaign) is read
too, for a client that sends cookies. Either way a person who books on the phone that read
the QR code is counted without giving anything more, and a forged value credits nothing.
"""

from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.ext.asyncio import AsyncSession

from api.deps import WRITES, SessionDep, SettingsDep
from core import clock, tokens
from core.config import Settings
from outreach import campaigns, invitations

router = APIRouter(tags=["outreach"], include_in_schema=False)

COOKIE = "neuvo_invite"
COOKIE_PATH = "/api/v1/bookings"
HEADER = "X-Neuvo-Invitation"
PRIVATE = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


def _signature(settings: Settings, newcomer_id: UUID) -> str:
    return tokens.sign(settings.secret_key, f"invite-cookie:{newcomer_id}")


@router.get("/i/{token}", dependencies=[WRITES])
async def open_invitation(
    token: str, session: SessionDep, settings: SettingsDep
) -> RedirectResponse:
    """Mark the invitation opened and go on to the client page, ready to book."""
    now = clock.now()
    newcomer, campaign = await invitations.open_link(
        session, typed=token, now=now, zone=settings.timezone
    )
    await session.commit()
    reference = f"{newcomer.id}.{_signature(settings, newcomer.id)}"
    query = urlencode(
        {
            "lang": newcomer.language,
            "service": str(campaign.service_id),
            "municipality": newcomer.municipality_code,
            "invite": reference,
        }
    )
    response = RedirectResponse(f"/?{query}", status_code=303, headers=PRIVATE)
    expires = campaigns.expires_at(campaign, settings.timezone)
    response.set_cookie(
        COOKIE,
        reference,
        max_age=max(int((expires - now).total_seconds()), 0),
        path=COOKIE_PATH,
        httponly=True,
        samesite="lax",
        secure=settings.base_url.startswith("https://"),
    )
    return response


async def credit_booking(
    request: Request, session: AsyncSession, settings: Settings, booking_id: UUID
) -> None:
    """Credit a public booking to the invitation whose link this browser opened, if any."""
    value = request.headers.get(HEADER) or request.cookies.get(COOKIE, "")
    raw_id, _, signature = value.partition(".")
    try:
        newcomer_id = UUID(raw_id)
    except ValueError:
        return
    if not tokens.constant_time_equal(signature, _signature(settings, newcomer_id)):
        return
    await invitations.record_booking(
        session, newcomer_id=newcomer_id, booking_id=booking_id, now=clock.now()
    )
