"""A batch's letter pages put together from parts: across the bands of several tall pages,
each page carries its own person's address, link and QR code and its own language's text."""

import re
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

import zxingcpp
from PIL import Image

from outreach import letters, overlay, texts


def _letter(index: int) -> letters.Letter:
    language = ("ar", "fi", "uk")[index % 3]
    parts = [
        (code, texts.LETTER[code]["title"], f"Q{code.upper()}Q {texts.LETTER[code]['body']}", "")
        for code in dict.fromkeys((language, "fi"))
    ]
    return letters.Letter(
        name=f"محمد Hassan {index}" if index % 2 else f"Amina {index} Ali",
        street_address=f"Kauppurienkatu {index} A",
        postcode="90100",
        post_office="Oulu",
        sender="Oulun kaupunki",
        link=f"http://testserver/i/PERSON-{index:03d}",
        parts=parts,
    )


def _pages(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")


def _qr(path: Path, page: int, tmp_path: Path) -> list[str]:
    prefix = tmp_path / f"qr{page}"
    pages = ["-f", str(page), "-l", str(page)]
    subprocess.run(
        ["pdftoppm", *pages, "-r", "100", "-png", "-singlefile", path, prefix], check=True
    )
    return [code.text for code in zxingcpp.read_barcodes(Image.open(f"{prefix}.png"))]


def test_each_page_of_a_batch_over_several_tall_pages_is_its_own_persons(
    tmp_path: Path,
) -> None:
    count = letters.PER_TALL + 3  # the last people on a second tall page
    made = [_letter(index) for index in range(count)]
    cover = letters.cover_html("Syksy", date(2026, 9, 1), Counter(["ar"] * count))
    path = tmp_path / "batch.pdf"
    path.write_bytes(letters.render(made, cover=cover))
    pages = _pages(path)
    assert f"Letters: {count}" in pages[0]
    for index, page in enumerate(pages[1 : count + 1]):
        assert re.findall(r"Kauppurienkatu \d+ A", page) == [f"Kauppurienkatu {index} A"]
        assert page.count("PERSON-") == 1 and f"PERSON-{index:03d}" in page
        language = made[index].parts[0][0]
        assert f"Q{language.upper()}Q" in page and "QFIQ" in page
        assert ("QUKQ" in page) == (language == "uk") and ("QARQ" in page) == (language == "ar")
    for page in (2, letters.PER_TALL + 1, letters.PER_TALL + 2, count + 1):
        assert _qr(path, page, tmp_path) == [f"http://testserver/i/PERSON-{page - 2:03d}"]


def test_a_drawing_in_the_personal_parts_is_refused_rather_than_lost() -> None:
    import weasyprint

    html = '<p style="border: 1px solid">Amina</p>'
    raw = weasyprint.HTML(string=html).write_pdf()
    sheet = overlay.Sheet(kept=0, templates=0, per_tall=50, people=1)
    try:
        overlay.assemble(raw, sheet, templates=[0], links=["http://testserver/i/X"])
    except ValueError as error:
        assert "unexpected" in str(error)
    else:
        raise AssertionError("a border in the personal parts was dropped silently")
