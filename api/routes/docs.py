"""The API docs, /docs (Swagger UI) and /redoc, with their scripts and styles served from the
fastapi-offline package, so that they work on a network with no way out (FastAPI's own pages
load them from a CDN)."""

from functools import cache
from pathlib import Path

import fastapi_offline
from fastapi import APIRouter
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

ASSETS = Path(fastapi_offline.__file__).parent / "static"
PREFIX = "/docs-assets"
OAUTH2_REDIRECT = "/docs/oauth2-redirect"

router = APIRouter(include_in_schema=False)


def assets() -> StaticFiles:
    """The package's swagger-ui and redoc files, to mount at ``PREFIX``."""
    return StaticFiles(directory=ASSETS)


@router.get("/docs")
async def swagger_ui() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="Neuvo API",
        oauth2_redirect_url=OAUTH2_REDIRECT,
        swagger_js_url=f"{PREFIX}/swagger-ui-bundle.js",
        swagger_css_url=f"{PREFIX}/swagger-ui.css",
        swagger_favicon_url=f"{PREFIX}/favicon.png",
    )


@router.get(OAUTH2_REDIRECT)
async def swagger_ui_redirect() -> HTMLResponse:
    return get_swagger_ui_oauth2_redirect_html()


# Redoc's side menu shows a logo it fetches from its makers' CDN; the page hides it on error.
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@cache
def _redoc_script() -> bytes:
    text = (ASSETS / "redoc.standalone.js").read_text(encoding="utf-8")
    return text.replace(REDOC_LOGO, "data:,").encode()


@router.get(f"{PREFIX}/redoc.js")
async def redoc_script() -> Response:
    """Redoc's script with its one outside address taken out."""
    return Response(
        _redoc_script(),
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=86400"},
    )


@router.get("/redoc")
async def redoc() -> HTMLResponse:
    return get_redoc_html(
        openapi_url="/openapi.json",
        title="Neuvo API",
        redoc_js_url=f"{PREFIX}/redoc.js",
        redoc_favicon_url=f"{PREFIX}/favicon.png",
        with_google_fonts=False,
    )
