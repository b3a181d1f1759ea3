"""Interpreter and peer-counsellor profiles: languages with dialects, modes, regions, wishes."""

import pytest

PROFILE = {
    "kind": "interpreter",
    "languages": [{"language": "ar", "dialect": "IQ"}, {"language": "ckb"}],
    "into_languages": ["fi", "en"],
    "modes": ["phone", "video", "on_site"],
    "regions": ["615", "564", "564"],
    "qualifications": [{"kind": "community_interpreting", "reference": "Asioimistulkkaus 2021"}],
    "gender": "female",
    "freelance": True,
}


def _path(world) -> str:
    return f"/api/v1/staff/{world.interpreter.id}/interpreter-profile"


async def test_admin_sets_a_profile_and_the_organisation_reads_it(client, world) -> None:
    response = await client.put(_path(world), json=PROFILE, headers=world.admin.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["languages"] == [
        {"language": "ar", "dialect": "IQ"},
        {"language": "ckb", "dialect": None},
    ]
    assert body["regions"] == ["564", "615"]  # once each, in order
    read = await client.get(_path(world), headers=world.operator.headers)
    assert read.status_code == 200 and read.json() == body


async def test_the_interpreter_keeps_their_own_profile(client, world) -> None:
    first = await client.put(_path(world), json=PROFILE, headers=world.interpreter.headers)
    assert first.status_code == 200, first.text
    changed = {**PROFILE, "languages": [{"language": "prs", "dialect": "AF"}], "gender": None}
    second = await client.put(_path(world), json=changed, headers=world.interpreter.headers)
    assert second.json()["languages"] == [{"language": "prs", "dialect": "AF"}]
    assert second.json()["gender"] is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"languages": [{"language": "xx"}]}, "languages.0.language"),
        ({"languages": [{"language": "ar", "dialect": "QQ"}]}, "languages.0.dialect"),
        ({"languages": [{"language": "ar", "dialect": "iraq"}]}, "languages.0.dialect"),
        ({"languages": []}, "languages"),
        ({"into_languages": ["de"]}, "into_languages.0"),
        ({"modes": ["carrier pigeon"]}, "modes.0"),
        ({"regions": ["999"]}, "regions"),
        ({"kind": "peer_counsellor"}, "kind"),  # the interpreter is no peer counsellor
    ],
)
async def test_bad_profiles_are_422_with_the_field(client, world, change, field) -> None:
    response = await client.put(
        _path(world), json={**PROFILE, **change}, headers=world.admin.headers
    )
    assert response.status_code == 422, response.text
    fields = [error["field"] for error in response.json()["errors"]]
    assert any(found.startswith(field) for found in fields), fields


async def test_no_profile_yet_is_404(client, world) -> None:
    response = await client.get(_path(world), headers=world.admin.headers)
    assert response.status_code == 404
    assert response.json()["type"] == "/problems/profile-not-found"


async def test_an_advisor_cannot_set_someone_elses_profile(client, world) -> None:
    response = await client.put(_path(world), json=PROFILE, headers=world.advisor.headers)
    assert response.status_code == 403


async def test_another_organisation_sees_nothing(client, world) -> None:
    await client.put(_path(world), json=PROFILE, headers=world.admin.headers)
    for who in (world.other_admin, world.other_advisor):
        response = await client.get(_path(world), headers=who.headers)
        assert response.status_code == 404
