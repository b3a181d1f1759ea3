"""The letters: Arabic right to left and shaped, Finnish and Swedish, a QR code that reads
back as the person's own link, one PDF per batch with a cover count, printed once."""

import re
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import zxingcpp
from babel.dates import format_date
from PIL import Image
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from outreach import imports, letters
from outreach.models import Newcomer
from tests.outreach.conftest import TODAY, OutreachWorld, csv_bytes, person_row

SECRET = "test-secret-" + "x" * 40
DPI = 200


async def _batch(session, world, rows, tmp_path: Path) -> tuple[Path, letters.Batch]:  # type: ignore[no-untyped-def]
    await imports.run(
        session, campaign=world.campaign, data=csv_bytes(rows), secret=SECRET, today=TODAY
    )
    batch = await letters.batch(
        session, campaign=world.campaign, base_url="http://testserver", secret=SECRET
    )
    path = tmp_path / "letters.pdf"
    path.write_bytes(batch.pdf)
    return path, batch


def _text(path: Path, page: int) -> str:
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return " ".join(re.sub(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", out.stdout).split())


def _lines(path: Path, page: int) -> list[str]:
    """The page's lines as pdftotext reads them, spaces and direction marks as ``_text``."""
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    cleaned = re.sub(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", out)
    return [" ".join(line.split()) for line in cleaned.splitlines() if line.strip()]


def _words(path: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """Each word pdftotext finds on ``page`` (in the order of its glyphs on the page, so an
    Arabic word reads reversed), with its box in points."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pattern = (
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    )
    return [
        (w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in re.findall(pattern, out)
    ]


def _png(path: Path, page: int, tmp_path: Path) -> Image.Image:
    prefix = tmp_path / f"page{page}"
    subprocess.run(
        [
            "pdftoppm",
            "-f",
            str(page),
            "-l",
            str(page),
            "-r",
            str(DPI),
            "-png",
            "-singlefile",
            str(path),
            str(prefix),
        ],
        check=True,
    )
    return Image.open(f"{prefix}.png").convert("L")


def _ink_runs(image: Image.Image, box: tuple[float, float, float, float]) -> int:
    """How many separate stretches of ink a word's box holds from left to right."""
    scale = DPI / 72
    left, top, right, bottom = (round(value * scale) for value in box)
    crop = image.crop((left + 1, top, right - 1, bottom))
    width, height = crop.size
    pixels = crop.load()
    inked = [any(pixels[x, y] < 128 for y in range(height)) for x in range(width)]
    return sum(1 for x in range(width) if inked[x] and (x == 0 or not inked[x - 1]))


async def test_an_arabic_letter_runs_right_to_left_shaped_with_finnish_and_a_qr_link(
    session: AsyncSession, outreach_world: OutreachWorld, tmp_path: Path
) -> None:
    path, batch = await _batch(
        session, outreach_world, [person_row(7, mother_tongue="ar", first_names="محمد")], tmp_path
    )
    assert batch.count == 1
    cover = _text(path, 1)
    assert "Letters: 1" in cover and "ar" in cover
    text = _text(path, 2)
    assert "يمكن أن يكون اللقاء بالهاتف" in text  # logical order, whole words
    assert "Muutit hiljattain kuntaan Oulu" in text  # the municipality's language beside it
    words = _words(path, 2)
    # Right to left: each word of the sentence stands left of the one before it.
    sentence = ["يكون", "اللقاء", "بالهاتف"]
    boxes = [next(w for w in words if w[0] == word[::-1]) for word in sentence]
    assert boxes[0][1] > boxes[1][1] > boxes[2][1]
    # Shaped: "يمكنك" is five joining letters drawn as one stroke; unshaped, five apart.
    joined = next(w for w in words if w[0] == "يمكنك"[::-1])
    image = _png(path, 2, tmp_path)
    assert _ink_runs(image, joined[1:]) == 1
    newcomer = await session.scalar(
        select(Newcomer).where(Newcomer.campaign_id == outreach_world.campaign.id)
    )
    codes = zxingcpp.read_barcodes(image)
    assert len(codes) == 1
    link = codes[0].text
    assert re.fullmatch(r"http://testserver/i/([A-Z2-7]{5}-){5}[A-Z2-7]", link)
    assert link in text
    assert newcomer.letter_printed_at is not None


async def test_letters_in_finnish_and_swedish_and_each_printed_once(
    session: AsyncSession, outreach_world: OutreachWorld, tmp_path: Path
) -> None:
    outreach_world.campaign.national_language = "sv"
    rows = [person_row(1, mother_tongue="fi"), person_row(2, mother_tongue="sv")]
    path, batch = await _batch(session, outreach_world, rows, tmp_path)
    assert batch.count == 2
    pages = [_text(path, 2), _text(path, 3)]
    assert any("Muutit hiljattain" in page for page in pages)
    assert all("Du har nyss flyttat till" in page for page in pages)
    again = await letters.batch(
        session, campaign=outreach_world.campaign, base_url="http://testserver", secret=SECRET
    )
    assert again.count == 0


async def test_both_halves_of_a_letter_say_the_same_facts_and_no_internal_name(
    session: AsyncSession, outreach_world: OutreachWorld, tmp_path: Path
) -> None:
    organisation = outreach_world.organisation
    organisation.names = {"fi": "Oulun kaupunki", "en": "City of Oulu"}
    organisation.phone_e164 = "+35885584123"
    path, batch = await _batch(
        session, outreach_world, [person_row(8, mother_tongue="ar", first_names="محمد")], tmp_path
    )
    assert batch.count == 1
    text = _text(path, 2)
    # Each half opens with its sender's line: the name, the number, the date.
    senders = [line for line in _lines(path, 2) if " · " in line]
    assert len(senders) == 2
    arabic, finnish = text.split(senders[1])  # the person's language first, then Finnish
    on = clock.now().astimezone(ZoneInfo(organisation.timezone)).date()
    number = "+358 8 5584123"
    halves = ((arabic, senders[0], "ar", "اتصل بنا"), (finnish, senders[1], "fi", "Soita meille"))
    for half, sender, language, call_us in halves:
        assert "Oulun kaupunki" in sender  # Arabic has no name of its own: the Finnish one
        assert number in sender
        # pdftotext gives a right-to-left line in the order drawn: the date's words, each.
        assert all(word in sender for word in format_date(on, "long", locale=language).split())
        assert call_us in half and number in half.split(call_us)[-1] + half.split(call_us)[0]
    assert text.count(number) == 4
    # Both halves invite to book; neither says a time was reserved.
    assert "Voit varata" in finnish and "varattu" not in finnish
    assert "يمكنك حجز" in arabic
    # The campaign's name is the staff's: it is on the printer's cover, never on a letter.
    assert outreach_world.campaign.name not in text
    assert outreach_world.campaign.name in _text(path, 1)
    assert re.search(r"/i/((?:[A-Z2-7]{5}-){5}[A-Z2-7])", text) is not None


async def test_a_letter_in_english_names_the_sender_in_english(
    session: AsyncSession, outreach_world: OutreachWorld, tmp_path: Path
) -> None:
    outreach_world.organisation.names = {"fi": "Oulun kaupunki", "en": "City of Oulu"}
    outreach_world.organisation.phone_e164 = None
    path, _ = await _batch(session, outreach_world, [person_row(9, mother_tongue="en")], tmp_path)
    text = _text(path, 2)
    senders = [line for line in _lines(path, 2) if " · " in line]
    assert "City of Oulu" in senders[0] and "Oulun kaupunki" in senders[1]
    english, finnish = text.split(senders[1])
    assert "City of Oulu" in english and "City of Oulu" not in finnish
    assert "Call us" not in english  # no number, no "call us"
