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

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from api import headers
from api.deps import WRITES, SessionDep, SettingsDep
from core import clock
from outreach import campaigns, invitations

router = APIRouter(tags=["outreach"], include_in_schema=False)


@router.get("/i/{token}", dependencies=[WRITES])
async def open_invitation(
    token: str, session: SessionDep, settings: SettingsDep
) -> RedirectResponse:
    """Mark the invitation opened and go on to the client page, ready to book."""
    now = clock.now()
    newcomer, campaign = await invitations.open_link(
        session, typed=token, now=now, zone=settings.timezone
    )
    reference = invitations.reference(settings.secret_key, newcomer.id)
    query = urlencode(
        {
            "lang": newcomer.language,
            "service": str(campaign.service_id),
            "municipality": newcomer.municipality_code,
            "invite": reference,
        }
    )
    response = RedirectResponse(f"/?{query}", status_code=303, headers=headers.PRIVATE)
    expires = campaigns.expires_at(campaign, settings.timezone)
    response.set_cookie(
        headers.INVITATION_COOKIE,
        reference,
        max_age=max(int((expires - now).total_seconds()), 0),
        path=headers.INVITATION_COOKIE_PATH,
        httponly=True,
        samesite="lax",
        secure=settings.base_url.startswith("https://"),
    )
    return response
