"""Where a client likely lives, first: the municipalities a client page offers as a short
list of cards before "another place", and the language each one's name is said in.

A listener cannot scan 308 names: the list starts with the home municipalities of the
organisations that serve clients under an agreement, then the municipalities those agreements
cover (the more services reach a place, the earlier), then every other one by name.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from scheduling import agreements
from scheduling.models import Agreement, Municipality, Organisation

# The municipalities whose majority language is Swedish (Government decree on the linguistic
# status of municipalities, 2023-2032: the bilingual ones with a Swedish majority, and Åland's
# sixteen, Swedish only). Their Swedish name is the name a resident says, in a Swedish voice,
# inside a sentence of any language; every other place is said by its Finnish name.
SWEDISH_SPEAKING = frozenset(
    {
        *("149", "280", "287", "288", "322", "440", "445", "475", "499", "545"),
        *("598", "599", "710", "893", "946"),
        *("035", "043", "060", "062", "065", "076", "170", "295", "318", "417"),
        *("438", "478", "736", "766", "771", "941"),
    }
)


def name_language(code: str) -> str:
    """The language (``"fi"`` or ``"sv"``) a municipality's name is said in on a page of any
    other language: Swedish for a Swedish-speaking municipality, Finnish for the rest."""
    return "sv" if code in SWEDISH_SPEAKING else "fi"


@dataclass(frozen=True, slots=True)
class Place:
    """A municipality as a client's list offers it: whether an organisation that serves clients
    is at home there, and how many bookable services reach its residents."""

    municipality: Municipality
    home: bool
    reach: int


def ordered(
    municipalities: Iterable[Municipality],
    *,
    homes: set[str],
    reach: dict[str, int],
    lang: str = "fi",
) -> list[Place]:
    """The municipalities likeliest first (pure): the serving organisations' homes, then the
    places agreements cover, each group by how many services reach it, then by name (Swedish
    names for a Swedish page)."""

    def name(m: Municipality) -> str:
        return (m.name_sv if lang == "sv" else m.name_fi).casefold()

    def rank(m: Municipality) -> tuple[int, int, str, str]:
        served = reach.get(m.code, 0)
        tier = 0 if m.code in homes and served else 1 if served else 2
        return (tier, -served, name(m), m.code)

    return [
        Place(municipality=m, home=m.code in homes, reach=reach.get(m.code, 0))
        for m in sorted(municipalities, key=rank)
    ]


async def likely(session: AsyncSession, *, on: date, lang: str = "fi") -> list[Place]:
    """Every municipality, the likeliest home of a client first (see ``ordered``)."""
    served = await agreements.coverage(session, on=on)
    homes = set(
        await session.scalars(
            select(Organisation.municipality_code)
            .join(Agreement, Agreement.organisation_id == Organisation.id)
            .where(
                Organisation.municipality_code.is_not(None),
                or_(Agreement.valid_to.is_(None), Agreement.valid_to >= on),
            )
        )
    )
    everything = await session.scalars(select(Municipality))
    counts = {code: len(ids) for code, ids in served.items()}
    return ordered(everything, homes=homes, reach=counts, lang=lang)
