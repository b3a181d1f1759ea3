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

A code typed wrong (or an expired link) gives a browser a page, not problem details: in the
letter's language when the code was a real one, else the browser's, with the number to call
(``frontend/invitation.html``).
"""

import html
import json
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from api import assets, headers
from api.deps import WRITES, SessionDep, SettingsDep
from core import clock
from outreach import campaigns, invitations, letters
from outreach.errors import InvitationNotFound

router = APIRouter(tags=["outreach"], include_in_schema=False)


@router.get("/i/{token}", dependencies=[WRITES])
async def open_invitation(
    token: str, request: Request, session: SessionDep, settings: SettingsDep
) -> Response:
    """Mark the invitation opened and go on to the client page, ready to book."""
    now = clock.now()
    try:
        newcomer, campaign = await invitations.open_link(
            session, typed=token, now=now, zone=settings.timezone
        )
    except InvitationNotFound:
        if "text/html" not in request.headers.get("accept", ""):
            raise
        return _missing_page(await invitations.missing(session, typed=token, now=now))
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


def _missing_page(found: invitations.Missing) -> Response:
    """The page for a link that opens nothing, its facts in ``<main data-facts>``."""
    facts = {
        "language": found.language,
        "contacts": [
            {
                "name": contact.name,
                "names": contact.names,
                "phone": contact.phone,
                "shown": letters.phone_shown(contact.phone),  # as the letter writes it
            }
            for contact in found.contacts
        ],
    }
    page = assets.render((assets.PAGES / "invitation.html").read_text(encoding="utf-8"))
    attribute = html.escape(json.dumps(facts, ensure_ascii=False), quote=True)
    body = page.replace('data-facts="{}"', f'data-facts="{attribute}"', 1)
    return Response(body, status_code=404, media_type="text/html; charset=utf-8",
                    headers=headers.PRIVATE)  # fmt: skip
