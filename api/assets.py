"""Pages and static files as a slow, metered phone should get them: versioned and cached.

At start-up every script and style sheet gets a fingerprint (a hash of its bytes). The pages
are rendered once with their references made versioned (``/static/client.js?v=<hash>``) and an
import map that versions the modules those scripts import, so a versioned file can be cached
for a year (``immutable``): a new release changes its address. Pages, and static files asked
for without their current version (prompts, audio), are revalidated on each use (``no-cache``
with an ETag: a 304 costs a few bytes).
"""

import hashlib
import json
import re
from functools import cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

import frontend

PAGES = Path(frontend.__file__).resolve().parent
STATIC = PAGES / "static"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
_VERSIONED = (".js", ".css")
_REFERENCE = re.compile(r'(?P<attr>(?:href|src)=")/static/(?P<name>[^"?#]+)"')


@cache
def fingerprints() -> dict[str, str]:
    """The fingerprint of each script and style sheet, by its path under ``/static/``."""
    return {
        path.relative_to(STATIC).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        for path in sorted(STATIC.rglob("*"))
        if path.suffix in _VERSIONED and path.is_file()
    }


def versioned(name: str) -> str:
    """The address of ``/static/<name>`` with its version, when it has one."""
    version = fingerprints().get(name)
    return f"/static/{name}?v={version}" if version else f"/static/{name}"


def render(html: str) -> str:
    """``html`` with versioned static references and an import map for its modules."""
    html = _REFERENCE.sub(lambda m: f'{m["attr"]}{versioned(m["name"])}"', html)
    scripts = {f"/static/{name}": versioned(name) for name in fingerprints() if name[-3:] == ".js"}
    importmap = json.dumps({"imports": scripts}, separators=(",", ":"))
    # An import map must come before the first module script to apply to its imports.
    return html.replace(
        '<script type="module"',
        f'<script type="importmap">{importmap}</script>\n<script type="module"',
        1,
    )


@cache
def _page(name: str) -> tuple[bytes, str]:
    body = render((PAGES / name).read_text(encoding="utf-8")).encode()
    return body, f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def page(request: Request, name: str, headers: dict[str, str]) -> Response:
    """The page ``name``, revalidated by ETag (304 when the browser has it already)."""
    body, etag = _page(name)
    headers = {"Cache-Control": REVALIDATE, **headers, "ETag": etag}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="text/html; charset=utf-8", headers=headers)


class Static(StaticFiles):
    """Static files: a year for the current version of a versioned file, else revalidation."""

    def file_response(self, full_path, stat_result, scope: Scope, status_code: int = 200):  # type: ignore[no-untyped-def]
        response = super().file_response(full_path, stat_result, scope, status_code)
        name = Path(full_path).resolve().relative_to(STATIC).as_posix()
        version = Request(scope).query_params.get("v")
        current = fingerprints().get(name)
        fresh = current is not None and version == current
        response.headers["Cache-Control"] = IMMUTABLE if fresh else REVALIDATE
        return response
