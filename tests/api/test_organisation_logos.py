"""An organisation's logo for letters: what an upload may be, what Neuvo keeps of it, who may
change it, and that letters print it."""

import base64
import io
import subprocess
from pathlib import Path

import httpx
from PIL import Image, PngImagePlugin

from api import limits
from outreach import letters, texts
from scheduling import logos
from tests.api.conftest import World

URL = "/api/v1/organisations/{}/logo"


def _image(kind: str, size: tuple[int, int], *, note: str = "") -> bytes:
    out = io.BytesIO()
    picture = Image.new("RGB", size, (0, 90, 160))
    info = PngImagePlugin.PngInfo()
    if note:
        info.add_text("Comment", note)
    picture.save(out, format=kind, **({"pnginfo": info} if kind == "PNG" else {}))
    return out.getvalue()


async def _put(client: httpx.AsyncClient, world: World, data: bytes, kind: str = "image/png"):
    return await client.put(
        URL.format(world.oulu.id),
        content=data,
        headers={**world.admin.headers, "Content-Type": kind},
    )


async def test_a_png_is_kept_as_neuvos_own_smaller_png(client, world: World) -> None:
    response = await _put(client, world, _image("PNG", (2000, 600), note="secret-metadata"))
    assert response.status_code == 200, response.text
    assert response.json()["logo_updated_at"] is not None
    got = await client.get(URL.format(world.oulu.id), headers=world.advisor.headers)
    assert got.status_code == 200 and got.headers["content-type"] == "image/png"
    kept = Image.open(io.BytesIO(got.content))
    assert kept.format == "PNG" and kept.size == (800, 240)  # scaled into 800 × 300
    assert b"secret-metadata" not in got.content  # nothing of the upload but its pixels


async def test_a_jpeg_is_taken_and_removing_the_logo_leaves_none(client, world: World) -> None:
    response = await _put(client, world, _image("JPEG", (300, 100)), "image/jpeg")
    assert response.status_code == 200, response.text
    removed = await client.delete(URL.format(world.oulu.id), headers=world.admin.headers)
    assert removed.status_code == 200 and removed.json()["logo_updated_at"] is None
    got = await client.get(URL.format(world.oulu.id), headers=world.admin.headers)
    assert got.status_code == 404


async def test_what_is_not_a_png_or_jpeg_is_refused_beside_the_field(client, world: World) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><image href="http://x/y.png"/></svg>'
    bomb = _image("PNG", (4100, 4100))  # few bytes, too many pixels to decode
    for data in (
        b"",
        b"not an image",
        svg,
        _image("GIF", (10, 10)),
        bomb,
        _image("PNG", (9, 9))[:40],
    ):
        response = await _put(client, world, data)
        assert response.status_code == 422, (data[:20], response.text)
        assert response.json()["errors"][0]["field"] == "logo"
    got = await client.get(f"/api/v1/organisations/{world.oulu.id}", headers=world.admin.headers)
    assert got.json()["logo_updated_at"] is None  # nothing was kept


async def test_a_file_far_too_large_is_refused_before_it_is_read(client, world: World) -> None:
    response = await _put(client, world, b"\x89PNG" + b"0" * limits.LOGO)
    assert response.status_code == 413


async def test_another_organisations_admin_cannot_see_it_exists(client, world: World) -> None:
    await _put(client, world, _image("PNG", (100, 50)))
    response = await client.put(
        URL.format(world.oulu.id),
        content=_image("PNG", (100, 50)),
        headers={**world.other_admin.headers, "Content-Type": "image/png"},
    )
    assert response.status_code == 404


def test_a_letter_prints_its_organisations_logo(tmp_path: Path) -> None:
    image = logos.normalise(_image("PNG", (400, 120)))
    parts = [("fi", texts.LETTER["fi"]["title"], texts.LETTER["fi"]["body"], "")]
    letter = letters.Letter(
        name="Amina Ali",
        street_address="Kauppurienkatu 1 A",
        postcode="90100",
        post_office="Oulu",
        sender="Oulun kaupunki",
        link="http://testserver/i/PERSON",
        parts=parts,
        logo="data:image/png;base64," + base64.b64encode(image.png).decode(),
    )
    path = tmp_path / "letter.pdf"
    path.write_bytes(letters.render([letter, letter]))
    listed = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout
    sizes = {tuple(line.split()[3:5]) for line in listed.splitlines()[2:]}
    assert ("400", "120") in sizes  # the logo, as Neuvo kept it
