"""The pages: the client page at ``/`` and the staff console at ``/console``."""

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

import frontend

router = APIRouter(include_in_schema=False)

PAGES = Path(frontend.__file__).resolve().parent
# Pages carry no secrets in their URLs, but the client's booking links will: never leak them.
HEADERS = {"Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"}


@router.get("/")
async def client_page() -> FileResponse:
    return FileResponse(PAGES / "client.html", headers=HEADERS)


@router.get("/console")
async def console_page() -> FileResponse:
    return FileResponse(PAGES / "console.html", headers=HEADERS)
