"""The pages: the client page at ``/`` and the staff console at ``/console``."""

from fastapi import APIRouter, Request, Response

from api import assets

router = APIRouter(include_in_schema=False)

PAGES = assets.PAGES
# Pages carry no secrets in their URLs, but the client's booking links will: never leak them.
HEADERS = {"Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"}


@router.get("/")
async def client_page(request: Request) -> Response:
    return assets.page(request, "client.html", HEADERS)


@router.get("/console")
async def console_page(request: Request) -> Response:
    return assets.page(request, "console.html", HEADERS)
