"""HEAD and OPTIONS for every route, and a 405 that lists every method a path takes.

FastAPI's routes answer only the methods they declare, and a path served by several routes
(GET here, PATCH there) answered 405 with ``Allow: GET`` to OPTIONS or to a wrong method. This
middleware asks the router which methods the path takes, all routes together: OPTIONS gets
204 with ``Allow``; HEAD runs the GET route and sends its headers alone; a 405 names them all.
No CORS here: Neuvo's pages and API share one origin.
"""

from starlette.datastructures import MutableHeaders
from starlette.routing import BaseRoute, Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def allowed(routes: list[BaseRoute], scope: Scope) -> set[str]:
    """Every method that some route takes for the path of ``scope`` (none: no such path).

    Each method is tried against the router's routes (FastAPI nests the included routers, so
    their routes are not a flat list to read); a mount is static files, GET and HEAD.
    """
    methods: set[str] = set()
    for method in _METHODS:
        probe = {**scope, "method": method}
        for route in routes:
            if route.matches(probe)[0] == Match.FULL:
                methods |= {"GET"} if isinstance(route, Mount) else {method}
                break
    if "GET" in methods:
        methods.add("HEAD")
    return methods | {"OPTIONS"} if methods else methods


class Methods:
    """Answer OPTIONS, run HEAD as GET without the body, and complete ``Allow`` on a 405."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        routes = scope["app"].router.routes if "app" in scope else []
        if method == "OPTIONS":
            methods = allowed(routes, scope)
            if methods:
                await _options(send, methods)
                return
        if method == "HEAD":
            methods = allowed(routes, scope)
            if "GET" in methods:
                await self.app({**scope, "method": "GET"}, receive, _headers_only(send))
                return
        await self.app(scope, receive, _full_allow(send, lambda: allowed(routes, scope)))


def _allow(methods: set[str]) -> str:
    return ", ".join(sorted(methods))


async def _options(send: Send, methods: set[str]) -> None:
    headers = [(b"allow", _allow(methods).encode()), (b"content-length", b"0")]
    await send({"type": "http.response.start", "status": 204, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


def _headers_only(send: Send) -> Send:
    async def sender(message: Message) -> None:
        if message["type"] == "http.response.body":
            if not message.get("more_body", False):
                await send({"type": "http.response.body", "body": b""})
            return
        await send(message)

    return sender


def _full_allow(send: Send, methods) -> Send:  # type: ignore[no-untyped-def]
    async def sender(message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] == 405:
            headers = MutableHeaders(scope=message)
            headers["Allow"] = _allow(methods())
        await send(message)

    return sender
