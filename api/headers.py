"""Headers that several routes share: those that keep capability links private, those of the
pages, and the invitation reference a client's browser carries to its booking."""

from fastapi import Request

# A token in the path must never travel on in a Referer, nor sit in a shared cache.
PRIVATE = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store", "X-Robots-Tag": "noindex"}
# Pages carry no secrets in their URLs, but the client's booking links will: never leak them.
PAGE = {"Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"}

# The invitation link's signed reference rides back with the booking in this header (the
# client page's requests carry no cookies), or in this cookie, sent only to the booking route.
INVITATION_HEADER = "X-Neuvo-Invitation"
INVITATION_COOKIE = "neuvo_invite"
INVITATION_COOKIE_PATH = "/api/v1/bookings"


def invitation_of(request: Request) -> str | None:
    """The signed invitation reference this browser carries, if any."""
    return request.headers.get(INVITATION_HEADER) or request.cookies.get(INVITATION_COOKIE)
