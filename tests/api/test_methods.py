"""OPTIONS and 405 name every method a path takes; HEAD runs GET without the body."""

import pytest


@pytest.mark.parametrize(
    ("path", "methods"),
    [
        ("/api/v1/services/0b9c6f3e-34c5-4a56-9d3c-2f1d4b0c7e11", "GET, HEAD, OPTIONS, PATCH"),
        (
            "/api/v1/agreements/0b9c6f3e-34c5-4a56-9d3c-2f1d4b0c7e11",
            "DELETE, GET, HEAD, OPTIONS, PATCH",
        ),
        ("/api/v1/services", "GET, HEAD, OPTIONS, POST"),
        ("/api/v1/auth/login", "OPTIONS, POST"),
        ("/static/client.js", "GET, HEAD, OPTIONS"),
    ],
)
async def test_options_lists_every_method_of_the_path(client, path, methods) -> None:
    response = await client.options(path)
    assert response.status_code == 204, response.text
    assert response.headers["allow"] == methods


async def test_a_wrong_method_is_405_naming_every_allowed_one(client) -> None:
    response = await client.put("/api/v1/agreements/0b9c6f3e-34c5-4a56-9d3c-2f1d4b0c7e11")
    assert response.status_code == 405
    assert response.headers["allow"] == "DELETE, GET, HEAD, OPTIONS, PATCH"
    assert response.headers["content-type"] == "application/problem+json"


async def test_options_and_head_on_an_unknown_path_are_404(client) -> None:
    assert (await client.options("/no/such/page")).status_code == 404
    assert (await client.head("/no/such/page")).status_code == 404


async def test_head_on_a_staff_route_is_still_authenticated(client) -> None:
    response = await client.head("/api/v1/staff")
    assert response.status_code == 401 and response.content == b""
