"""An organisation's logo for its letters: an upload checked and re-encoded by Neuvo.

A logo is a PNG or JPEG of at most ``MAX_BYTES`` and ``MAX_PIXELS``; Pillow decodes it in a
worker thread (a large image never holds the event loop) and Neuvo keeps only its own PNG,
scaled to fit ``BOX``: no metadata, no second frame, nothing the upload carried besides pixels.
SVG is refused: a vector file can name outside resources that the letter printer would fetch.
"""

import asyncio
import io
import warnings
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from access import audit
from access.actors import Actor
from access.errors import OrganisationNotFound
from core import clock
from scheduling.errors import InvalidValue
from scheduling.models import Organisation, OrganisationLogo

MAX_BYTES = 1024 * 1024
MAX_PIXELS = 4000 * 4000  # a decompression bomb is refused before it is decoded
BOX = (800, 300)  # the largest logo kept, in pixels (printed 50 mm wide at most)
FORMATS = {"PNG", "JPEG"}


@dataclass(frozen=True, slots=True)
class Image:
    png: bytes
    width: int
    height: int


def _refused(reason: str) -> InvalidValue:
    return InvalidValue(reason, field="logo")


def normalise(data: bytes) -> Image:
    """The upload as Neuvo's own PNG, or ``InvalidValue`` naming what is wrong with it."""
    from PIL import Image as Pil  # Pillow comes with WeasyPrint; only logos need it here
    from PIL import UnidentifiedImageError

    if not data:
        raise _refused("the file is empty")
    if len(data) > MAX_BYTES:
        raise _refused(f"the file is larger than {MAX_BYTES} bytes")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Pil.DecompressionBombWarning)
            with Pil.open(io.BytesIO(data)) as probe:
                if probe.format not in FORMATS:
                    raise _refused("a logo is a PNG or JPEG image")
                if probe.width * probe.height > MAX_PIXELS:
                    raise _refused("the image has too many pixels (at most 4000 × 4000)")
                probe.verify()
            with Pil.open(io.BytesIO(data)) as image:
                image.load()
                picture = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Pil.DecompressionBombWarning):
        raise _refused("the file is not a readable PNG or JPEG image") from None
    picture.thumbnail(BOX)
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return Image(out.getvalue(), picture.width, picture.height)


async def _organisation(session: AsyncSession, actor: Actor, organisation_id: UUID) -> Organisation:
    hidden = OrganisationNotFound("no such organisation", organisation_id=organisation_id)
    actor.require_manager(organisation_id, hidden=hidden)
    organisation = await session.get(Organisation, organisation_id)
    if organisation is None:
        raise hidden
    return organisation


async def put(
    session: AsyncSession, *, actor: Actor, organisation_id: UUID, data: bytes
) -> Organisation:
    """Set the organisation's logo (its admins or a platform administrator)."""
    organisation = await _organisation(session, actor, organisation_id)
    image = await asyncio.to_thread(normalise, data)
    row = await session.get(OrganisationLogo, organisation_id)
    if row is None:
        session.add(
            OrganisationLogo(
                organisation_id=organisation_id,
                png=image.png,
                width=image.width,
                height=image.height,
            )
        )
    else:
        row.png, row.width, row.height = image.png, image.width, image.height
    organisation.logo_updated_at = clock.now()
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action="update",
        entity="organisation",
        entity_id=organisation_id,
        detail={"fields": ["logo"]},
    )
    return organisation


async def remove(session: AsyncSession, *, actor: Actor, organisation_id: UUID) -> Organisation:
    """Take the logo off the organisation's letters."""
    organisation = await _organisation(session, actor, organisation_id)
    row = await session.get(OrganisationLogo, organisation_id)
    if row is not None:
        await session.delete(row)
    organisation.logo_updated_at = None
    await session.flush()
    await audit.record(
        session,
        actor=actor,
        action="update",
        entity="organisation",
        entity_id=organisation_id,
        detail={"fields": ["logo"]},
    )
    return organisation


async def png(session: AsyncSession, *, organisation_id: UUID) -> bytes | None:
    """The organisation's logo as PNG bytes, or None."""
    row = await session.get(OrganisationLogo, organisation_id)
    return row.png if row is not None else None
