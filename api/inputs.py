"""A rule every request's input keeps, whatever its route: no NUL character in any text.

PostgreSQL cannot store U+0000 in a text column (asyncpg refuses it), so a NUL that reached a
query would answer 500; it has no business in a name, an e-mail address or a code either.
Checked here once for the path, the query string and every string (and key) of a JSON body,
so no route can forget it; the answer is the usual 422 naming the field.
"""

from collections.abc import Iterator

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from starlette.requests import HTTPConnection

NUL = "\x00"
_JSON_NUL = b"\\u0000"  # JSON writes U+0000 only as this escape, never as a raw byte
REASON = "must not contain the NUL character (U+0000)"


def _strings(value: object, loc: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
    """The locations of strings holding a NUL, keys included, inside parsed JSON."""
    if isinstance(value, str):
        if NUL in value:
            yield loc
    elif isinstance(value, dict):
        for key, item in value.items():
            name = str(key).replace(NUL, "\\u0000")
            if NUL in str(key):
                yield (*loc, name)
            yield from _strings(item, (*loc, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*loc, index))


def _refuse(locations: list[tuple[str | int, ...]]) -> None:
    if locations:
        raise RequestValidationError(
            [{"type": "string_nul", "loc": loc, "msg": REASON, "input": None} for loc in locations]
        )


async def refuse_nul(connection: HTTPConnection) -> None:
    """Refuse a request with a NUL anywhere in its path, query string or JSON body."""
    if connection.scope["type"] != "http":
        return  # WebSocket messages are validated by their own protocol
    path = connection.path_params.items()
    _refuse([("path", name) for name, value in path if isinstance(value, str) and NUL in value])
    _refuse(
        [
            ("query", name)
            for name, value in connection.query_params.multi_items()
            if NUL in name or NUL in value
        ]
    )
    assert isinstance(connection, Request)
    media_type = connection.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type.startswith("multipart/") or media_type == "application/x-www-form-urlencoded":
        return  # a form (parsed as a stream by its route, which checks its own fields)
    if _JSON_NUL not in await connection.body():  # the body is read and kept for the route
        return
    try:
        data = await connection.json()
    except ValueError:
        return  # not JSON: the route's own validation says so
    _refuse(list(_strings(data, ("body",))))
