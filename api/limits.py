"""How large a request body may be, checked before it is read: a small default for every
route, larger only where a file is the point (a register file, a recorded prompt).

A body over its limit gets a 413 problem as soon as its Content-Length is seen, before a
byte of it is read; a body sent without a length is counted as it streams in and refused the
moment it passes the limit. Nothing is kept in memory past the limit.
"""

import re
from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import errors
from outreach import records
from scheduling import logos
from speech import audio

DEFAULT = 256 * 1024  # the largest JSON a console form sends (a campaign's texts) fits often
MULTIPART_SLACK = 64 * 1024  # a form's boundaries and its other fields
REGISTER_FILE = records.MAX_BYTES + MULTIPART_SLACK
# A little over the upload's own limit, so that a recording somewhat too long is told by the
# upload's check (422 naming the field and the size); far over is 413 before it is read.
RECORDING = audio.MAX_BYTES + 512 * 1024
LOGO = logos.MAX_BYTES + 64 * 1024

# The routes that take more than the default: (method, path as the router writes it, limit).
LARGER = (
    ("POST", "/api/v1/campaigns/{campaign_id}/imports", REGISTER_FILE),
    ("POST", "/api/v1/speech/{lang}/{kind}/{key}", RECORDING),
    ("PUT", "/api/v1/organisations/{organisation_id}/logo", LOGO),
)
_LARGER = tuple(
    (method, re.compile("^" + re.sub(r"\{\w+\}", "[^/]+", path) + "$"), limit)
    for method, path, limit in LARGER
)


def limit_for(method: str, path: str) -> int:
    """The most bytes a request's body may have."""
    for wanted, pattern, limit in _LARGER:
        if method == wanted and pattern.match(path):
            return limit
    return DEFAULT


class TooLarge(HTTPException):
    """A streamed body passed its route's limit (rendered as a problem by ``api/errors``)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes")


class BodyLimit:
    """Refuse a request whose body is over its route's limit, before reading it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope["method"], scope["path"])
        claimed = Headers(scope=scope).get("content-length", "")
        if claimed.isdigit() and int(claimed) > limit:
            refusal = errors.problem(
                413,
                "Content Too Large",
                detail=f"the request body is larger than {limit} bytes",
                instance=scope["path"],
                headers={"Connection": "close"},
            )
            await refusal(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLarge(limit)
            return message

        await self.app(scope, counted, send)


async def read_upload(request: Request, *, limit: int, refused: Callable[[], Exception]) -> bytes:
    """A file sent as the request body, read whole; ``refused()`` is raised (the route's own
    422 naming its field) as soon as it passes ``limit``, before the rest is read."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise refused()
        chunks.append(chunk)
    return b"".join(chunks)
