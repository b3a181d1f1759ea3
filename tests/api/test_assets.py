"""Pages and static files travel compressed, versioned and cached, and answer HEAD."""

import re

import pytest

from api import assets

PAGES = ["/", "/console", "/room/0b9c6f3e-34c5-4a56-9d3c-2f1d4b0c7e11", "/b/some-token"]


def _references(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


@pytest.mark.parametrize("path", PAGES)
async def test_a_page_is_gzipped_when_asked(client, path) -> None:
    response = await client.get(path, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200, response.text
    assert response.headers["content-encoding"] == "gzip"
    assert int(response.headers["content-length"]) < len(response.content)
    plain = await client.get(path, headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == response.content


@pytest.mark.parametrize("path", PAGES)
async def test_a_page_references_versioned_files_and_is_revalidated(client, path) -> None:
    response = await client.get(path)
    references = _references(response.text)
    assert references and all(re.search(r"\?v=[0-9a-f]{16}$", ref) for ref in references)
    assert '<script type="importmap">' in response.text
    if path.startswith("/b/"):
        assert response.headers["cache-control"] == "no-store"  # the token is in the path
        return
    assert response.headers["cache-control"] == "no-cache"
    again = await client.get(path, headers={"if-none-match": response.headers["etag"]})
    assert again.status_code == 304 and not again.content


async def test_a_versioned_static_file_is_cached_for_a_year(client) -> None:
    page = await client.get("/")
    for reference in _references(page.text):
        response = await client.get(reference)
        assert response.status_code == 200
        assert response.headers["cache-control"] == assets.IMMUTABLE
        assert response.headers["content-encoding"] == "gzip"


@pytest.mark.parametrize("query", ["", "?v=0000000000000000"])
async def test_an_unversioned_or_stale_static_file_is_revalidated(client, query) -> None:
    response = await client.get("/static/client.js" + query)
    assert response.headers["cache-control"] == "no-cache" and response.headers["etag"]
    again = await client.get(
        "/static/client.js" + query, headers={"if-none-match": response.headers["etag"]}
    )
    assert again.status_code == 304


async def test_every_module_a_script_imports_is_in_the_import_map(client) -> None:
    page = (await client.get("/console")).text
    mapped = re.search(r'<script type="importmap">(.*?)</script>', page)[1]
    for name in assets.fingerprints():
        if name.endswith(".js"):
            assert f'"/static/{name}":"{assets.versioned(name)}"' in mapped


async def test_json_answers_are_compressed_and_stay_correct(client) -> None:
    response = await client.get("/api/v1/languages", headers={"accept-encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    plain = await client.get("/api/v1/languages", headers={"accept-encoding": "identity"})
    assert response.json() == plain.json() and len(plain.json()) > 10


@pytest.mark.parametrize("path", ["/", "/console", "/static/client.js", "/api/v1/languages"])
async def test_head_answers_like_get_without_a_body(client, path) -> None:
    get = await client.get(path, headers={"accept-encoding": "identity"})
    head = await client.head(path, headers={"accept-encoding": "identity"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"]
    assert head.headers["content-type"] == get.headers["content-type"]
