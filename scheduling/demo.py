"""Demo data: a regional network modelled on Northern Ostrobothnia and the Jakobstad region.

Municipality codes are the official ones of Statistics Finland; organisations, people and
e-mail addresses are made up. ``neuvo demo`` loads it into an empty database.
"""

import asyncio
from dataclasses import dataclass
from datetime import date, time
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access import staff
from access.models import LanguageLevel, Role
from access.schemas import StaffCreate, StaffLanguageIn
from core import passwords
from scheduling import classification, municipalities
from scheduling.classification import Entry
from scheduling.models import (
    Agreement,
    AgreementService,
    AvailabilityRule,
    Channel,
    Organisation,
    OrganisationKind,
    Service,
)
from scheduling.schemas import ServiceCreate

DEMO_PASSWORD = "neuvo-demo-2026"  # noqa: S105 - printed by `make run`, demo accounts only
DOMAIN = "demo.neuvo.fi"
TIMEZONE = "Europe/Helsinki"

# The demo's municipalities (official codes): their names and regions come from the built-in list
# (``scheduling.classification``), which ``neuvo migrate`` loads whole.
OULU_REGION = ("564", "615", "244", "425", "139", "494", "859", "436", "072", "889")
JAKOBSTAD_REGION = ("598", "288", "440", "893", "599")
MUNICIPALITY_CODES: tuple[str, ...] = (
    *OULU_REGION,
    "305",
    "678",
    "748",
    *JAKOBSTAD_REGION,
    "905",
    "499",
)

# (key used below, name, kind, the municipality it is, if it is one)
ORGANISATIONS: tuple[tuple[str, str, OrganisationKind, str | None], ...] = (
    ("oulu", "Oulun kaupunki – maahanmuuttajapalvelut", OrganisationKind.MUNICIPALITY, "564"),
    ("pudasjarvi", "Pudasjärven kaupunki", OrganisationKind.MUNICIPALITY, "615"),
    ("jakobstad", "Jakobstads stad – integrationsenheten", OrganisationKind.MUNICIPALITY, "598"),
    ("employment-oulu", "Oulun seudun työllisyysalue", OrganisationKind.EMPLOYMENT_AREA, None),
    (
        "employment-jakobstad",
        "Jakobstadsregionens sysselsättningsområde / Pietarsaaren seudun työllisyysalue",
        OrganisationKind.EMPLOYMENT_AREA,
        None,
    ),
    ("county", "Pohjois-Pohjanmaan hyvinvointialue", OrganisationKind.WELLBEING_COUNTY, None),
    ("peers", "Monikulttuurinen vertaisohjaus ry (demo)", OrganisationKind.NGO, None),
    ("interpreting", "Pohjolan tulkkauspalvelu (demo)", OrganisationKind.OTHER, None),
)

_ALL_CHANNELS = [Channel.VIDEO, Channel.PHONE, Channel.IN_PERSON]
_GUIDANCE_NAMES = {
    "fi": "Ohjaus ja neuvonta",
    "sv": "Vägledning och rådgivning",
    "en": "Guidance and advice",
    # Machine translations, as the prompts of these languages are: better than English.
    "so": "Hagid iyo talo",
    "ti": "መምርሕን ምኽርን",
    "prs": "راهنمایی و مشوره",
    "ckb": "ڕێنمایی و ئامۆژگاری",
    "uk": "Консультування та поради",
    "ru": "Консультации и советы",
    "et": "Juhendamine ja nõustamine",
    "fa": "راهنمایی و مشاوره",
    "kmr": "Rêberî û şêwirmendî",
    "zh": "指导和咨询",
    "sq": "Udhëzim dhe këshillim",
    "vi": "Hướng dẫn và tư vấn",
    "th": "คำแนะนำและการให้คำปรึกษา",
    "tr": "Rehberlik ve danışmanlık",
    "es": "Orientación y asesoramiento",
    "fr": "Orientation et conseil",
    "ps": "لارښوونه او مشوره",
    "am": "መመሪያ እና ምክር",
}

# (owning organisation, service); slugs are unique across the demo, so agreements name them alone.
SERVICES: tuple[tuple[str, ServiceCreate], ...] = (
    ("oulu", ServiceCreate(
        slug="guidance", names={**_GUIDANCE_NAMES, "ar": "الإرشاد والمشورة"},
        duration_minutes=45, buffer_minutes=15, channels=_ALL_CHANNELS,
        min_notice_minutes=120, horizon_days=60,
    )),
    ("oulu", ServiceCreate(
        slug="needs-assessment",
        names={"fi": "Palvelutarpeen arviointi", "sv": "Bedömning av servicebehov",
               "en": "Service needs assessment", "so": "Qiimeynta baahida adeegga",
               "ti": "ገምጋም ድሌት ኣገልግሎት", "ar": "تقييم الحاجة إلى الخدمات"},
        duration_minutes=60, buffer_minutes=15, channels=_ALL_CHANNELS,
        min_notice_minutes=120, horizon_days=60,
    )),
    ("oulu", ServiceCreate(
        slug="integration-plan",
        names={"fi": "Kotoutumissuunnitelma", "sv": "Integrationsplan", "en": "Integration plan",
               "so": "Qorshaha is-dhexgalka", "ti": "መደብ ምውህሃድ", "ar": "خطة الاندماج"},
        duration_minutes=90, buffer_minutes=15, channels=[Channel.VIDEO, Channel.IN_PERSON],
        min_notice_minutes=24 * 60, horizon_days=60,
    )),
    ("oulu", ServiceCreate(
        slug="civic-orientation",
        names={"fi": "Yhteiskuntaorientaatio – info", "sv": "Samhällsorientering – info",
               "en": "Civic orientation – information session",
               "so": "Hagidda bulshada – kulan macluumaad", "ti": "ምልላይ ሕብረተሰብ – ሓበሬታ",
               "ar": "التوجيه المدني – جلسة معلومات"},
        duration_minutes=60, buffer_minutes=15, channels=[Channel.VIDEO, Channel.IN_PERSON],
        min_notice_minutes=120, horizon_days=60,
    )),
    ("peers", ServiceCreate(
        slug="peer-guidance",
        names={"fi": "Vertaisohjaus", "sv": "Kamratvägledning", "en": "Peer guidance",
               "so": "Hagid asaageed", "ti": "መምርሒ ብመዛኑ", "ar": "الإرشاد من الأقران"},
        duration_minutes=45, buffer_minutes=15, channels=[Channel.VIDEO, Channel.PHONE],
        min_notice_minutes=120, horizon_days=60, peer_guidance=True,
    )),
    ("jakobstad", ServiceCreate(
        slug="vagledning",
        names={**_GUIDANCE_NAMES, "ar": "الإرشاد والمشورة"},
        duration_minutes=45, buffer_minutes=15, channels=_ALL_CHANNELS,
        min_notice_minutes=120, horizon_days=60,
    )),
)  # fmt: skip

_FROM_2026 = date(2026, 1, 1)

# (serving organisation, municipalities served, service slugs, valid from, valid to, note)
AGREEMENTS: tuple[tuple[str, tuple[str, ...], tuple[str, ...], date, date | None, str], ...] = (
    ("oulu", OULU_REGION, ("guidance", "needs-assessment", "civic-orientation"), _FROM_2026, None,
     "Oulun seudun yhteinen ohjaus ja neuvonta"),
    ("pudasjarvi", ("615",), ("guidance",), _FROM_2026, None, "Oma ohjaus ja neuvonta"),
    ("employment-oulu", OULU_REGION, ("needs-assessment", "integration-plan"), _FROM_2026, None,
     "Työllisyysalueen asiakkaat"),
    ("jakobstad", JAKOBSTAD_REGION, ("vagledning",), _FROM_2026, None,
     "Gemensam vägledning i Jakobstadsregionen"),
    ("peers", OULU_REGION, ("peer-guidance",), _FROM_2026, None, "Vertaisohjaus Oulun seudulla"),
    # Ended: a Kuusamo resident may no longer book guidance from Oulu.
    ("oulu", ("305",), ("guidance",), date(2025, 1, 1), date(2025, 12, 31),
     "Kokeilu päättyi 31.12.2025"),
)  # fmt: skip

_NATIVE = LanguageLevel.NATIVE
_FLUENT = LanguageLevel.FLUENT
_WORKING = LanguageLevel.WORKING
_BASIC = LanguageLevel.BASIC


@dataclass(frozen=True, slots=True)
class Person:
    """A demo staff member; ``login`` describes the account where ``neuvo demo`` prints it."""

    organisation: str
    user: str
    name: str
    roles: tuple[Role, ...]
    languages: tuple[tuple[str, LanguageLevel], ...]
    login: str | None = None
    platform_admin: bool = False

    @property
    def email(self) -> str:
        return f"{self.user}@{DOMAIN}"


STAFF: tuple[Person, ...] = (
    Person("oulu", "admin", "Demo Admin", (Role.ADMIN,), (("fi", _NATIVE), ("en", _FLUENT)),
           login="platform admin", platform_admin=True),
    Person("oulu", "oulu.admin", "Aino K.", (Role.ADMIN, Role.ADVISOR),
           (("fi", _NATIVE), ("en", _FLUENT), ("sv", _WORKING)), login="org admin (Oulu)"),
    Person("oulu", "oulu.advisor", "Mikko L.", (Role.ADVISOR,),
           (("fi", _NATIVE), ("en", _FLUENT), ("ru", _WORKING), ("uk", _BASIC)),
           login="advisor (Oulu)"),
    Person("oulu", "oulu.advisor.ar", "Samira H.", (Role.ADVISOR,),
           (("ar", _NATIVE), ("fi", _FLUENT), ("en", _WORKING))),
    Person("oulu", "oulu.advisor.so", "Hodan A.", (Role.ADVISOR,),
           (("so", _NATIVE), ("fi", _FLUENT), ("en", _FLUENT), ("ar", _BASIC))),
    Person("oulu", "oulu.operator", "Elina P.", (Role.OPERATOR,),
           (("fi", _NATIVE), ("en", _WORKING)), login="phone operator (Oulu)"),
    Person("pudasjarvi", "pudasjarvi.advisor", "Ville R.", (Role.ADMIN, Role.ADVISOR),
           (("fi", _NATIVE), ("en", _WORKING))),
    Person("jakobstad", "jakobstad.admin", "Annika S.", (Role.ADMIN,),
           (("sv", _NATIVE), ("fi", _FLUENT), ("en", _FLUENT)),
           login="org admin (Jakobstad)"),
    Person("jakobstad", "jakobstad.advisor", "Johanna B.", (Role.ADVISOR,),
           (("sv", _NATIVE), ("fi", _FLUENT), ("en", _FLUENT))),
    Person("jakobstad", "jakobstad.advisor.ckb", "Karwan M.", (Role.ADVISOR,),
           (("ckb", _NATIVE), ("sv", _FLUENT), ("fi", _FLUENT), ("en", _WORKING))),
    Person("jakobstad", "jakobstad.operator", "Fredrik Å.", (Role.OPERATOR,),
           (("sv", _NATIVE), ("fi", _FLUENT))),
    Person("employment-oulu", "employment.oulu.admin", "Heidi N.", (Role.ADMIN, Role.ADVISOR),
           (("fi", _NATIVE), ("en", _FLUENT))),
    Person("employment-oulu", "employment.oulu.advisor", "Jari T.", (Role.ADVISOR,),
           (("fi", _NATIVE), ("en", _FLUENT), ("ru", _FLUENT))),
    Person("employment-jakobstad", "employment.jakobstad.advisor", "Camilla W.",
           (Role.ADMIN, Role.ADVISOR), (("sv", _NATIVE), ("fi", _FLUENT), ("en", _WORKING))),
    Person("interpreting", "interpreter.ar", "Layla A.", (Role.ADMIN, Role.INTERPRETER),
           (("ar", _NATIVE), ("fi", _FLUENT), ("en", _FLUENT))),
    Person("interpreting", "interpreter.so", "Abdi M.", (Role.INTERPRETER,),
           (("so", _NATIVE), ("fi", _FLUENT), ("en", _WORKING)), login="interpreter (Somali)"),
    Person("interpreting", "interpreter.prs", "Mariam R.", (Role.INTERPRETER,),
           (("prs", _NATIVE), ("fa", _FLUENT), ("fi", _FLUENT))),
    Person("interpreting", "interpreter.ckb", "Rebin K.", (Role.INTERPRETER,),
           (("ckb", _NATIVE), ("kmr", _FLUENT), ("sv", _FLUENT), ("fi", _WORKING))),
    Person("interpreting", "interpreter.ti", "Senait T.", (Role.INTERPRETER,),
           (("ti", _NATIVE), ("fi", _FLUENT), ("en", _FLUENT))),
    Person("interpreting", "interpreter.uk", "Olena S.", (Role.INTERPRETER,),
           (("uk", _NATIVE), ("ru", _NATIVE), ("fi", _FLUENT))),
    Person("interpreting", "interpreter.ps", "Zarmina W.", (Role.INTERPRETER,),
           (("ps", _NATIVE), ("prs", _FLUENT), ("en", _FLUENT))),
    Person("peers", "peer.ar", "Rana D.", (Role.ADMIN, Role.PEER_COUNSELLOR),
           (("ar", _NATIVE), ("fi", _WORKING), ("en", _WORKING)),
           login="peer counsellor (Arabic)"),
    Person("peers", "peer.so", "Faadumo Y.", (Role.PEER_COUNSELLOR,),
           (("so", _NATIVE), ("fi", _WORKING))),
    Person("peers", "peer.prs", "Farid N.", (Role.PEER_COUNSELLOR,),
           (("prs", _NATIVE), ("fa", _FLUENT), ("fi", _BASIC), ("en", _WORKING))),
    Person("peers", "peer.ti", "Yonas G.", (Role.PEER_COUNSELLOR,),
           (("ti", _NATIVE), ("am", _FLUENT), ("fi", _WORKING))),
    Person("peers", "peer.uk", "Iryna B.", (Role.PEER_COUNSELLOR,),
           (("uk", _NATIVE), ("ru", _FLUENT), ("en", _WORKING))),
)  # fmt: skip

LOGINS: tuple[tuple[str, str], ...] = tuple(
    (person.login, person.email) for person in STAFF if person.login
)
"""(description, e-mail) of the accounts worth printing; all use ``DEMO_PASSWORD``."""


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What ``load`` inserted, and the log-ins to show."""

    organisations: int
    municipalities: int
    services: int
    staff: int
    agreements: int
    logins: list[tuple[str, str]]


async def is_empty(session: AsyncSession) -> bool:
    """Tell whether the database holds no organisation yet (and so may take the demo data)."""
    return await session.scalar(select(Organisation.id).limit(1)) is None


async def load(session: AsyncSession) -> DemoSummary:
    """Insert the demo network into an empty database; flushes, the caller commits."""
    await _add_municipalities(session)
    organisations = await _add_organisations(session)
    services = await _add_services(session, organisations=organisations)
    agreements = await _add_agreements(session, organisations=organisations, services=services)
    await _add_staff(session, organisations=organisations)
    return DemoSummary(
        organisations=len(organisations),
        municipalities=len(MUNICIPALITY_CODES),
        services=len(services),
        staff=len(STAFF),
        agreements=agreements,
        logins=list(LOGINS),
    )


def municipalities_of_demo() -> list[Entry]:
    """The demo's municipalities as the built-in list has them."""
    listed = classification.builtin().by_code()
    return [listed[code] for code in MUNICIPALITY_CODES]


async def _add_municipalities(session: AsyncSession) -> None:
    # Those of the built-in list the demo uses (all of it is there after `neuvo migrate`).
    await municipalities.load(session, municipalities_of_demo(), only=True)


# Made-up numbers in the 555 range, which no Finnish subscriber has; opening hours per language.
PHONES = {
    "oulu": "+35885550100",
    "pudasjarvi": "+35885550110",
    "jakobstad": "+35867550120",
    "employment-oulu": "+35885550130",
    "employment-jakobstad": "+35867550140",
    "county": "+35885550150",
    "peers": "+358405550160",
    "interpreting": "+35885550170",
}
OPENING_HOURS = {"fi": "ma–pe 9–15", "sv": "mån–fre 9–15", "en": "Mon–Fri 9–15"}


async def _add_organisations(session: AsyncSession) -> dict[str, UUID]:
    rows = {
        key: Organisation(
            name=name,
            kind=kind,
            municipality_code=code,
            timezone=TIMEZONE,
            phone_e164=PHONES.get(key),  # the interpreting agency gives clients no number
            opening_hours=dict(OPENING_HOURS),
        )
        for key, name, kind, code in ORGANISATIONS
    }
    session.add_all(rows.values())
    await session.flush()
    return {key: organisation.id for key, organisation in rows.items()}


async def _add_services(
    session: AsyncSession, *, organisations: dict[str, UUID]
) -> dict[str, UUID]:
    rows = {
        data.slug: Service(organisation_id=organisations[owner], **data.model_dump(mode="json"))
        for owner, data in SERVICES
    }
    session.add_all(rows.values())
    await session.flush()
    return {slug: service.id for slug, service in rows.items()}


async def _add_agreements(
    session: AsyncSession, *, organisations: dict[str, UUID], services: dict[str, UUID]
) -> int:
    agreements: list[Agreement] = []
    links: list[AgreementService] = []
    for serving, codes, slugs, valid_from, valid_to, note in AGREEMENTS:
        for code in codes:
            agreement = Agreement(
                organisation_id=organisations[serving],
                municipality_code=code,
                valid_from=valid_from,
                valid_to=valid_to,
                note=note,
            )
            agreements.append(agreement)
            links += (
                AgreementService(agreement_id=agreement.id, service_id=services[slug])
                for slug in slugs
            )
    # No relationships tell the unit of work the order, so the agreements go in first.
    session.add_all(agreements)
    await session.flush()
    session.add_all(links)
    await session.flush()
    return len(agreements)


async def _add_staff(session: AsyncSession, *, organisations: dict[str, UUID]) -> None:
    # Every demo account shares one password: hash it once, not once per account (argon2 is
    # slow on purpose).
    password_hash = await asyncio.to_thread(passwords.hash_password, DEMO_PASSWORD)
    for person in STAFF:
        data = StaffCreate(
            email=person.email,
            display_name=person.name,
            roles=list(person.roles),
            languages=[
                StaffLanguageIn(language=code, level=level) for code, level in person.languages
            ],
            timezone=TIMEZONE,
        )
        view = await staff.add(
            session,
            data=data,
            organisation_id=organisations[person.organisation],
            platform_admin=person.platform_admin,
        )
        view.member.password_hash = password_hash
        # Interpreters and peer counsellors keep the advisors' hours too, so that sessions
        # needing them can be found.
        if {Role.ADVISOR, Role.INTERPRETER, Role.PEER_COUNSELLOR} & set(person.roles):
            _add_week(session, view.member.id)
    await session.flush()


# Staff work weekdays 09:00–15:00 Helsinki time; in person on Tuesdays and Thursdays.
def _add_week(session: AsyncSession, staff_id: UUID) -> None:
    for weekday in range(5):
        channels = [Channel.VIDEO.value, Channel.PHONE.value]
        if weekday in (1, 3):
            channels.append(Channel.IN_PERSON.value)
        session.add(
            AvailabilityRule(
                staff_id=staff_id,
                weekday=weekday,
                starts=time(9),
                ends=time(15),
                timezone=TIMEZONE,
                channels=channels,
            )
        )
