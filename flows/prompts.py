"""The names a client hears besides the prompts: each active service's, as written in the
language, and each municipality's in Finnish and Swedish (speech's library with scheduling's
tables); and how close each language is to "a non-reader can book" and to "everything heard"."""

from collections.abc import Iterable
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from scheduling.models import Agreement, Municipality, Service
from speech import library
from speech.models import RecordingKind
from speech.schemas import Progress, Readiness

NEXT_SHOWN = 8

# A municipality's name is a Finnish or Swedish word in any sentence: the client pages play it
# from these languages' files only (frontend/static/places.js), so no other language records it.
PLACE_VOICES = ("fi", "sv")


async def names(
    session: AsyncSession, *, lang: str, served_only: bool = False
) -> dict[library.Item, str]:
    """The spoken names of services and municipalities in ``lang``: only names written in
    ``lang`` itself; municipalities in Finnish and Swedish only (each in its own language).
    ``served_only``: only the municipalities an agreement in force serves (what a client can
    book for, and what is worth recording first), not all 308."""
    found: dict[library.Item, str] = {}
    for service_id, written in await session.execute(
        select(Service.id, Service.names).where(Service.active)
    ):
        if written.get(lang):
            found[(RecordingKind.SERVICE, str(service_id))] = written[lang]
    if lang not in PLACE_VOICES:
        return found
    places = select(Municipality.code, Municipality.name_fi, Municipality.name_sv)
    if served_only:
        places = places.where(Municipality.code.in_(_served(clock.now().date()))).order_by(
            Municipality.name_fi
        )
    for code, name_fi, name_sv in await session.execute(places):
        found[(RecordingKind.MUNICIPALITY, code)] = name_sv if lang == "sv" else name_fi
    return found


def _served(today: date):  # type: ignore[no-untyped-def]
    return select(Agreement.municipality_code).where(
        Agreement.valid_from <= today,
        or_(Agreement.valid_to.is_(None), Agreement.valid_to >= today),
    )


def progress(found: library.Progress) -> Progress:
    return Progress(
        heard=found.heard,
        total=found.total,
        complete=found.complete,
        next=[f"{kind.value}:{key}" for kind, key in found.missing[:NEXT_SHOWN]],
    )


async def readiness(
    session: AsyncSession, *, langs: Iterable[str] = library.PROMPT_LANGUAGES
) -> list[Readiness]:
    """Per language: how much of the booking path (a non-reader can book) and of everything
    (prompts, clips, the names of the services and of the municipalities served) is heard."""
    listed = []
    for lang in langs:
        path, every = await library.readiness(
            session, lang=lang, names=await names(session, lang=lang, served_only=True)
        )
        listed.append(Readiness(lang=lang, booking=progress(path), everything=progress(every)))
    return listed
