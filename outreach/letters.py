"""The printable letters: one A4 page each, the address in a window-envelope field, the text
in the person's language (right to left where the script is) and in the municipality's
language, a QR code and the typed link. A batch is one PDF after a cover page that counts
the letters: WeasyPrint lays out each distinct letter text once and each person's address and
link in bands of tall pages, and ``overlay`` puts every letter's page together from them.

Each half says the same facts in its language: who sends it (the organisation's name in that
language where it has one, its logo where it has one), the number to call and the letter's date
(Babel, in the organisation's zone); the campaign's own name is for staff and never printed on
a letter.

Fonts are Debian's ``fonts-noto-core``: Noto Sans for Latin and Cyrillic scripts, Noto Naskh
Arabic for Arabic, Persian, Dari and Sorani, Noto Sans Ethiopic for Tigrinya and Amharic;
Pango shapes them (joining forms, right-to-left runs).
"""

import base64
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from typing import NamedTuple
from uuid import UUID
from zoneinfo import ZoneInfo

import phonenumbers
from babel.dates import format_date
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock, languages, placeholders
from notifications.templates import babel_locale
from outreach import campaigns, links, overlay, printing
from outreach.models import Campaign, Newcomer
from scheduling import logos
from scheduling.models import Municipality, Organisation, Service

STYLE = """
@page { size: A4; margin: 0 }
body { margin: 0; font-family: "Noto Sans", "DejaVu Sans", sans-serif; font-size: 11pt; }
:lang(ar), :lang(fa), :lang(prs), :lang(ckb), :lang(ur), :lang(ps) {
  font-family: "Noto Naskh Arabic", "Noto Sans Arabic", serif; font-size: 12.5pt; }
:lang(ti), :lang(am) { font-family: "Noto Sans Ethiopic", sans-serif; }
.page { position: relative; width: 210mm; height: 297mm; page-break-after: always; }
.sender { position: absolute; left: 20mm; top: 15mm; width: 90mm; font-size: 9pt; }
.logo { position: absolute; right: 20mm; top: 12mm; max-width: 50mm; max-height: 22mm; }
.address { position: absolute; left: 20mm; top: 45mm; width: 85mm; height: 35mm; }
.body { position: absolute; left: 20mm; right: 20mm; top: 95mm; }
h1 { font-size: 14pt; margin: 0 0 3mm 0; }
.part { margin-bottom: 8mm; }
.part p { margin: 0 0 2mm 0; line-height: 1.35; }
.part .from { font-size: 9pt; color: #333; }
.reach { position: absolute; left: 20mm; right: 20mm; top: 225mm; }
.reach .qr { width: 32mm; height: 32mm; }
.person { position: relative; width: 210mm; height: 297mm; }
@page people { size: 210mm 14851mm; }
.people { page: people; break-before: page; }
.link { font-family: "DejaVu Sans Mono", monospace; font-size: 11pt; white-space: nowrap; }
.cover td { padding: 1mm 4mm; }
"""
PER_TALL = 50  # people on one tall page: 50 A4 bands, and 1 mm to spare


class Part(NamedTuple):
    """One language's half of a letter (a plain tuple, so that it crosses to the printing
    process): the sender's line (name, number, date) and the texts."""

    language: str
    title: str
    body: str
    how: str
    sender: str = ""  # the organisation in this language, its number and the date
    call: str = ""  # "Questions? Call us: <number>", when the organisation has a number


@dataclass(frozen=True, slots=True)
class Letter:
    """Everything one letter shows, already in plain values."""

    name: str
    street_address: str
    postcode: str
    post_office: str
    sender: str  # the return address above the window: the organisation, nationally named
    link: str
    parts: Sequence[tuple[str, ...]]  # a ``Part`` per language, own first
    logo: str = ""  # the organisation's logo as a data: URL (a PNG Neuvo made), or none


@dataclass(frozen=True, slots=True)
class Batch:
    pdf: bytes
    count: int


def _direction(language: str) -> str:
    known = languages.is_known(language) and languages.get(language).direction == "rtl"
    return "rtl" if known else "ltr"


def _part_html(part: Part) -> str:
    sender = f'<p class="from">{part.sender}</p>' if part.sender else ""  # already escaped
    call = f"<p>{part.call}</p>" if part.call else ""
    return (
        f'<div class="part" lang="{escape(part.language)}" dir="{_direction(part.language)}">'
        f"{sender}<h1>{escape(part.title)}</h1><p>{escape(part.body)}</p>{call}"
        f"<p>{escape(part.how)}</p></div>"
    )


def _template_html(sender: str, logo: str, parts: Sequence[tuple[str, ...]]) -> str:
    """The page that every letter of the same texts shares: the sender, its logo, the texts."""
    texts = "".join(_part_html(Part(*part)) for part in parts)
    image = f'<img class="logo" src="{escape(logo)}" alt="">' if logo else ""
    return (
        f'<section class="page"><div class="sender">{escape(sender)}</div>{image}'
        f'<div class="body">{texts}</div></section>'
    )


def _person_html(letter: Letter) -> str:
    """One person's band of a tall page: the address and the typed link where they stand
    on the letter, and room for the QR code (drawn by ``overlay``)."""
    return (
        f'<section class="person"><div class="address" dir="ltr"><bdi>{escape(letter.name)}</bdi>'
        f"<br>{escape(letter.street_address)}<br>{escape(letter.postcode)} "
        f"{escape(letter.post_office.upper())}</div>"
        f'<div class="reach" dir="ltr"><div class="qr"></div>'
        f'<p class="link">{escape(letter.link)}</p></div></section>'
    )


def cover_html(title: str, on: date, counts: Counter[str]) -> str:
    """The printer's cover page: the campaign, the day, the letters per language."""
    rows = "".join(
        f"<tr><td>{escape(code)}</td><td>{count}</td></tr>"
        for code, count in sorted(counts.items())
    )
    return (
        f'<section class="page cover"><div class="body" style="top: 30mm">'
        f"<h1>{escape(title)}</h1><p>{on.isoformat()}</p>"
        f"<p>Kirjeitä / Brev / Letters: <b>{sum(counts.values())}</b></p>"
        f"<table>{rows}</table></div></section>"
    )


def render(letters: Sequence[Letter], *, cover: str | None = None) -> bytes:
    """One PDF of the cover (if any) and every letter, a page each: the texts laid out once
    per distinct (sender, texts), the people's parts on tall pages, merged by ``overlay``."""
    import weasyprint  # loads Pango; only the letters need it

    keys = list(
        dict.fromkeys((letter.sender, letter.logo, tuple(letter.parts)) for letter in letters)
    )
    index = {key: number for number, key in enumerate(keys)}
    talls = "".join(
        '<div class="people">'
        + "".join(_person_html(letter) for letter in letters[start : start + PER_TALL])
        + "</div>"
        for start in range(0, len(letters), PER_TALL)
    )
    pages = (cover or "") + "".join(_template_html(*key) for key in keys) + talls
    head = f'<meta charset="utf-8"><style>{STYLE}</style>'
    document = f"<!doctype html><html><head>{head}</head><body>{pages}</body></html>"
    raw = weasyprint.HTML(string=document).write_pdf()
    sheet = overlay.Sheet(
        kept=1 if cover else 0, templates=len(keys), per_tall=PER_TALL, people=len(letters)
    )
    return overlay.assemble(
        raw,
        sheet,
        templates=[index[letter.sender, letter.logo, tuple(letter.parts)] for letter in letters],
        links=[letter.link for letter in letters],
    )


def _render(letters: tuple[Letter, ...], cover: str) -> bytes:
    return render(letters, cover=cover)


def phone_shown(phone_e164: str | None) -> str:
    """The organisation's number as every half of a letter writes it (+358 8 5584 1234)."""
    if not phone_e164:
        return ""
    number = phonenumbers.parse(phone_e164)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def sender_name(organisation: Organisation, language: str, national: str) -> str:
    """The organisation's name in ``language`` where it has one, else in the campaign's
    national language, else its own."""
    names = organisation.names or {}
    return names.get(language) or names.get(national) or organisation.name


def parts_for(
    campaign: Campaign,
    language: str,
    *,
    service: Service,
    municipality: Municipality,
    organisation: Organisation | None = None,
    on: date | None = None,
) -> list[Part]:
    """The letter's texts: the person's language (English when there is none), then the
    municipality's language; once when they are the same. With ``organisation`` and ``on``,
    each half carries the sender, the number to call and the date in its own language."""
    national = campaign.national_language
    wanted = [language if campaigns.text(campaign, "letter", language) else "en", national]
    parts = []
    for code in dict.fromkeys(wanted):
        found = campaigns.text(campaign, "letter", code)
        if found is None:
            continue
        text = found[1]
        fallback = campaigns.text(campaign, "letter", "en")
        base = fallback[1] if fallback else {}
        values = {
            "service": service.names.get(code) or service.names.get(national) or service.slug,
            "municipality": municipality.name_sv if code == "sv" else municipality.name_fi,
        }
        sender = call = ""
        if organisation is not None and on is not None:
            phone = phone_shown(organisation.phone_e164)
            # Digits and the plus sign keep their order inside a right-to-left line.
            shown = f'<bdi dir="ltr">{escape(phone)}</bdi>' if phone else ""
            facts = [escape(sender_name(organisation, code, national)), shown]
            facts.append(escape(format_date(on, "long", locale=babel_locale(code))))
            sender = " · ".join(fact for fact in facts if fact)
            wording = text.get("call") or base.get("call")
            if phone and wording:
                call = placeholders.render(escape(wording), {"phone": shown})
        parts.append(
            Part(
                code,
                text.get("title", base.get("title", "")),
                placeholders.render(text.get("body", ""), values),
                text.get("how", base.get("how", "")),
                sender,
                call,
            )
        )
    return parts


@dataclass(frozen=True, slots=True)
class Prepared:
    """A batch's letters in plain values, the people they go to, and its cover page."""

    letters: tuple[Letter, ...]
    newcomer_ids: tuple[UUID, ...]
    cover: str


async def prepare(
    session: AsyncSession,
    *,
    campaign: Campaign,
    base_url: str,
    secret: str,
    limit: int | None = None,
    now: datetime,
) -> Prepared:
    """The letters not yet printed, ready to lay out (reads only), dated ``now`` in the
    organisation's zone."""
    newcomers = list(
        await session.scalars(
            select(Newcomer)
            .where(
                Newcomer.campaign_id == campaign.id,
                Newcomer.letter_printed_at.is_(None),
                Newcomer.erased_at.is_(None),
                Newcomer.do_not_contact.is_(False),
            )
            .order_by(Newcomer.postcode, Newcomer.last_name, Newcomer.id)
            .limit(limit)
        )
    )
    service = await session.get(Service, campaign.service_id)
    organisation = await session.get(Organisation, campaign.organisation_id)
    assert service is not None and organisation is not None
    on = now.astimezone(ZoneInfo(organisation.timezone)).date()
    national = campaign.national_language
    png = await logos.png(session, organisation_id=organisation.id)
    logo = "data:image/png;base64," + base64.b64encode(png).decode() if png else ""
    places = {
        row.code: row
        for row in await session.scalars(
            select(Municipality).where(Municipality.code.in_(campaign.municipality_codes))
        )
    }
    made = []
    for newcomer in newcomers:
        place = places[newcomer.municipality_code]
        made.append(
            Letter(
                name=f"{newcomer.first_names} {newcomer.last_name}",
                street_address=newcomer.street_address or "",
                postcode=newcomer.postcode or "",
                post_office=newcomer.post_office
                or (place.name_sv if campaign.national_language == "sv" else place.name_fi),
                sender=sender_name(organisation, national, national),
                logo=logo,
                link=links.link(base_url, secret, newcomer_id=newcomer.id, salt=newcomer.link_salt),
                parts=parts_for(
                    campaign,
                    newcomer.language,
                    service=service,
                    municipality=place,
                    organisation=organisation,
                    on=on,
                ),
            )
        )
    counts = Counter(newcomer.language for newcomer in newcomers)
    return Prepared(
        letters=tuple(made),
        newcomer_ids=tuple(newcomer.id for newcomer in newcomers),
        cover=cover_html(campaign.name, now.date(), counts),
    )


async def lay_out(prepared: Prepared) -> bytes:
    """The prepared letters as one PDF, laid out in the printing process."""
    return await printing.run(_render, prepared.letters, prepared.cover)


async def mark_printed(
    session: AsyncSession, *, newcomer_ids: Sequence[UUID], now: datetime
) -> None:
    """Count these letters as sent."""
    if newcomer_ids:
        await session.execute(
            update(Newcomer)
            .where(Newcomer.id.in_(list(newcomer_ids)))
            .values(letter_printed_at=now)
            .execution_options(synchronize_session=False)
        )


async def batch(
    session: AsyncSession,
    *,
    campaign: Campaign,
    base_url: str,
    secret: str,
    limit: int | None = None,
) -> Batch:
    """The letters not yet printed, as one PDF, and marked printed (in the caller's
    transaction: a batch that is not committed is printed again next time). The command
    line's way; the console's goes through a job (``outreach.batches``)."""
    now = clock.now()
    prepared = await prepare(
        session, campaign=campaign, base_url=base_url, secret=secret, limit=limit, now=now,
    )  # fmt: skip
    pdf = await lay_out(prepared)
    await mark_printed(session, newcomer_ids=prepared.newcomer_ids, now=now)
    return Batch(pdf=pdf, count=len(prepared.letters))
