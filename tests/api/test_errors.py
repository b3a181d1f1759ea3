"""Domain errors become problem details; none may be missing from the table."""

import importlib
import pkgutil

import pytest

import access
import api
import core
import interpreters
import notifications
import scheduling
import video
from api.errors import BASES, STATUS
from core.errors import NeuvoError


def _import_everything() -> None:
    for package in (api, core, access, scheduling, interpreters, video, notifications):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if module.name != "api.main":  # builds an app from the environment
                importlib.import_module(module.name)


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _subclasses(sub)
    return found


def test_every_domain_error_has_an_http_status() -> None:
    _import_everything()
    missing = sorted(
        error.__qualname__ for error in _subclasses(NeuvoError) - BASES if error not in STATUS
    )
    assert not missing, f"add these to api/errors.py STATUS: {missing}"


def test_statuses_are_client_errors_except_upstream_ones() -> None:
    # 502: a provider refused for good; 503: a backing service or provider is away for now.
    assert all(400 <= status < 500 or status in (502, 503) for status in STATUS.values())


async def test_unknown_route_is_a_problem(client) -> None:
    response = await client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404


@pytest.mark.parametrize("path", ["/api/v1/services/not-a-uuid", "/api/v1/staff/123"])
async def test_malformed_id_is_422_naming_the_field(client, world, path) -> None:
    response = await client.get(path, headers=world.admin.headers)
    assert response.status_code == 422
    fields = [error["field"] for error in response.json()["errors"]]
    assert fields and fields[0].endswith("_id")
