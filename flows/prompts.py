"""The names a client hears besides the prompts: each active service's and each
municipality's, as written in the language (speech's library with scheduling's tables)."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scheduling.models import Municipality, Service
from speech import library
from speech.models import RecordingKind


async def names(session: AsyncSession, *, lang: str) -> dict[library.Item, str]:
    """The spoken names of services and municipalities in ``lang``: only names written in
    ``lang`` itself (a municipality's Swedish name in Swedish, its Finnish one elsewhere)."""
    found: dict[library.Item, str] = {}
    for service_id, written in await session.execute(
        select(Service.id, Service.names).where(Service.active)
    ):
        if written.get(lang):
            found[(RecordingKind.SERVICE, str(service_id))] = written[lang]
    for code, name_fi, name_sv in await session.execute(
        select(Municipality.code, Municipality.name_fi, Municipality.name_sv)
    ):
        found[(RecordingKind.MUNICIPALITY, code)] = name_sv if lang == "sv" else name_fi
    return found
