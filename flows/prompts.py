"""The names a client hears besides the prompts: each active service's, as written in the
language, and each municipality's in Finnish and Swedish (speech's library with scheduling's
tables)."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scheduling.models import Municipality, Service
from speech import library
from speech.models import RecordingKind

# A municipality's name is a Finnish or Swedish word in any sentence: the client pages play it
# from these languages' files only (frontend/static/places.js), so no other language records it.
PLACE_VOICES = ("fi", "sv")


async def names(session: AsyncSession, *, lang: str) -> dict[library.Item, str]:
    """The spoken names of services and municipalities in ``lang``: only names written in
    ``lang`` itself; municipalities in Finnish and Swedish only (each in its own language)."""
    found: dict[library.Item, str] = {}
    for service_id, written in await session.execute(
        select(Service.id, Service.names).where(Service.active)
    ):
        if written.get(lang):
            found[(RecordingKind.SERVICE, str(service_id))] = written[lang]
    if lang not in PLACE_VOICES:
        return found
    for code, name_fi, name_sv in await session.execute(
        select(Municipality.code, Municipality.name_fi, Municipality.name_sv)
    ):
        found[(RecordingKind.MUNICIPALITY, code)] = name_sv if lang == "sv" else name_fi
    return found
