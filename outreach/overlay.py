"""The batch PDF put together from parts WeasyPrint laid out once each: a letter's page is
its language's template page (the texts, the same for everyone of one language, laid out
once and placed as a form XObject), the person's own text cut from a tall page that holds
many people's address blocks and links (WeasyPrint spends about 4 ms on every page it
makes, whatever is on it), and the QR code drawn as squares. qpdf (pikepdf) does the
cutting and placing; only the person's parts are laid out per letter, and still by Pango,
so names in any script are shaped.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import pikepdf
import segno

MM = 72 / 25.4  # points
A4 = (210 * MM, 297 * MM)
PX = 96 / 25.4  # WeasyPrint's CSS pixels per millimetre
BAND = 297 * PX  # one person's band on a tall page, in CSS pixels
QR_LEFT, QR_TOP, QR_SIZE = 20, 225, 32  # mm, where the letter's CSS keeps room for it
QR_BORDER = 4  # modules of quiet zone
_STATE = {"gs", "rg", "RG", "g", "G", "k", "K", "cs", "CS", "sc", "scn", "SC", "SCN", "w"}


@dataclass(frozen=True, slots=True)
class Sheet:
    """What WeasyPrint's PDF holds, in order: ``kept`` pages printed as they are (the
    cover), ``templates`` template pages, then tall pages of ``per_tall`` people each
    (``people`` in all)."""

    kept: int
    templates: int
    per_tall: int
    people: int


def qr_ops(data: str) -> bytes:
    """The QR code of ``data`` as filled squares in the page's own coordinates (a fixed
    mask: choosing the best of eight costs six times as long, and any mask reads alike)."""
    matrix = segno.make_qr(data, error="m", mask=0).matrix
    count = len(matrix) + 2 * QR_BORDER
    scale = QR_SIZE * MM / count
    bottom = A4[1] - (QR_TOP + QR_SIZE) * MM
    ops = [f"q 0 g {scale:.5f} 0 0 {scale:.5f} {QR_LEFT * MM:.4f} {bottom:.4f} cm".encode()]
    for y, row in enumerate(matrix):
        top = count - QR_BORDER - 1 - y
        x, width = 0, len(row)
        while x < width:
            if row[x]:
                end = x
                while end < width and row[end]:
                    end += 1
                ops.append(b"%d %d %d 1 re" % (x + QR_BORDER, top, end - x))
                x = end
            else:
                x += 1
    ops.append(b"f Q\n")
    return b"\n".join(ops)


def _bands(page: pikepdf.Page, people: int) -> list[list[pikepdf.ContentStreamInstruction]]:
    """A tall page's text cut into each person's band: every text object with the colour
    and graphics state it was drawn in. Anything else drawn there is refused, so that a
    style that adds a border or a background fails here rather than vanishes."""
    bands: list[list[pikepdf.ContentStreamInstruction]] = [[] for _ in range(people)]
    stack: list[list[pikepdf.ContentStreamInstruction]] = [[]]
    text: list[pikepdf.ContentStreamInstruction] | None = None
    band = -1
    frames = 0
    for instruction in pikepdf.parse_content_stream(page):
        operator = str(instruction.operator)
        if text is not None:
            text.append(instruction)
            if operator == "Tm":
                found = int(float(instruction.operands[5]) // BAND)
                if band not in (-1, found):
                    raise ValueError("a text object runs across two people's bands")
                band = found
            elif operator == "ET":
                if not 0 <= band < people:
                    raise ValueError("text outside the people's bands")
                bands[band] += [pikepdf.ContentStreamInstruction([], pikepdf.Operator("q"))]
                bands[band] += [*stack[-1], *text]
                bands[band] += [pikepdf.ContentStreamInstruction([], pikepdf.Operator("Q"))]
                text = None
        elif operator == "BT":
            text, band = [instruction], -1
        elif operator == "q":
            stack.append(list(stack[-1]))
        elif operator == "Q":
            stack.pop()
        elif operator in _STATE:
            stack[-1].append(instruction)
        elif operator == "cm" and frames < 2:
            frames += 1  # WeasyPrint's flip to y downwards and its scale of pixels to points
        else:
            raise ValueError(f"unexpected {operator!r} in the personal parts")
    return bands


def assemble(raw: bytes, sheet: Sheet, *, templates: Sequence[int], links: Sequence[str]) -> bytes:
    """WeasyPrint's PDF of the kept pages, the templates and the tall pages, made into the
    kept pages and a page per person: person ``i`` on template ``templates[i]``, with the
    QR code of ``links[i]``."""
    pdf = pikepdf.open(io.BytesIO(raw))
    pages = pdf.pages
    talls = -(-sheet.people // sheet.per_tall)
    if len(pages) != sheet.kept + sheet.templates + talls:
        # A template or a band that spilled onto a page of its own would shift every letter.
        raise ValueError(f"{len(pages)} pages laid out for {sheet}")
    forms = [pages[sheet.kept + index].as_form_xobject() for index in range(sheet.templates)]
    tall_start = sheet.kept + sheet.templates
    flip = f"q 1 0 0 -1 0 {A4[1]:.6f} cm 0.75 0 0 0.75 0 0 cm\n"
    made = []
    for tall_index in range(tall_start, len(pages)):
        tall = pages[tall_index]
        first = (tall_index - tall_start) * sheet.per_tall
        people = min(sheet.per_tall, sheet.people - first)
        resources = tall.obj.Resources
        fonts = pdf.make_indirect(resources.get("/Font", pikepdf.Dictionary()))
        states = pdf.make_indirect(resources.get("/ExtGState", pikepdf.Dictionary()))
        for offset, band in enumerate(_bands(tall, people)):
            person = first + offset
            shift = f"1 0 0 1 0 {Decimal(-offset * BAND):.6f} cm\n".encode()
            content = (
                b"q /Tpl Do Q\n"
                + flip.encode()
                + shift
                + pikepdf.unparse_content_stream(band)
                + b"\nQ\n"
                + qr_ops(links[person])
            )
            page = pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=pikepdf.Array([0, 0, *A4]),
                Resources=pikepdf.Dictionary(
                    Font=fonts,
                    ExtGState=states,
                    XObject=pikepdf.Dictionary(Tpl=forms[templates[person]]),
                ),
                Contents=pdf.make_stream(content),
            )
            made.append(pdf.make_indirect(page))
    del pages[sheet.kept :]
    for page in made:
        pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
