"""The pages: the client page at ``/`` and the staff console at ``/console``."""

from fastapi import APIRouter, Request, Response

from api import assets, headers

router = APIRouter(include_in_schema=False)


@router.get("/")
async def client_page(request: Request) -> Response:
    return assets.page(request, "client.html", headers.PAGE)


@router.get("/console")
async def console_page(request: Request) -> Response:
    return assets.page(request, "console.html", headers.PAGE)
