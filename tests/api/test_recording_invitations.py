"""Community recording over HTTP: an admin's recording invitation (its token only hashed at
rest, its e-mail and SMS in the outbox), the volunteer's page and takes through the link,
refusals (expired, ended, another language, a language Neuvo does not have), who may do what,
and each language's readiness (a non-reader can book; everything heard)."""

from datetime import timedelta
from uuid import UUID

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock, tokens
from notifications import dispatch
from notifications.models import Message, MessageKind
from speech import invitations, library
from speech.models import Invitation, Recording, RecordingKind, RecordingStatus
from tests.api.conftest import World
from tests.speech.conftest import tone_wav

INVITE = {"lang": "so", "meaning": "en", "name": "Amina H.", "email": "amina@example.org"}


async def _invite(client: httpx.AsyncClient, world: World, **more) -> dict:  # type: ignore[no-untyped-def]
    answer = await client.post(
        "/api/v1/speech/invitations", json={**INVITE, **more}, headers=world.admin.headers
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def _token(link: str) -> str:
    return link.rsplit("/record/", 1)[1]


async def test_an_invitation_keeps_only_its_tokens_hash_and_sends_the_link_by_mail_and_sms(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    made = await _invite(client, world, phone="040 1234567")
    token = _token(made["link"])
    assert len(token) >= 43  # 256 bits
    row = await session.get(Invitation, UUID(made["id"]))
    assert row is not None and row.token_hash == tokens.hash_token(token)
    assert token not in str(row.model_dump())  # the link itself is nowhere at rest
    messages = list(
        await session.scalars(
            select(Message).where(Message.kind == MessageKind.RECORDING_INVITATION)
        )
    )
    assert sorted(m.channel.value for m in messages) == ["email", "sms"]
    assert {m.recipient for m in messages} == {"amina@example.org", "+358401234567"}
    for message in messages:
        assert token not in str(message.params)  # the salt travels, not the token
        assert dispatch.preview(message) and "[link]" in dispatch.preview(message)
        text = dispatch.render(message, link=made["link"]).text
        assert made["link"] in text and "Somali" in text, text
    listed = await client.get("/api/v1/speech/invitations", headers=world.admin.headers)
    assert [i["name"] for i in listed.json()] == ["Amina H."]
    assert listed.json()[0]["link"] is None  # shown once, in the answer that made it


async def test_the_volunteer_records_through_the_link_booking_path_first_and_a_reviewer_approves(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    token = _token((await _invite(client, world))["link"])
    page = await client.get(f"/api/v1/recording/{token}")
    assert page.status_code == 200, page.text
    body = page.json()
    assert body["lang"] == "so" and body["name"] == "Amina H."
    booking = [item["booking"] for item in body["items"]]
    assert booking[0] and booking == sorted(booking, reverse=True)  # the booking path first
    first = body["items"][0]
    assert first["meaning"]  # its English beside it
    taken = await client.post(
        f"/api/v1/recording/{token}/so/{first['kind']}/{first['key']}", content=tone_wav(1.0)
    )
    assert taken.status_code == 201, taken.text
    take = await session.get(Recording, UUID(taken.json()["id"]))
    assert take is not None and take.status == RecordingStatus.PENDING
    assert take.recorded_by is None and take.invitation_id is not None
    again = (await client.get(f"/api/v1/recording/{token}")).json()["items"]
    assert next(i for i in again if i["key"] == first["key"])["sent"] is True
    # The studio names the invitation's person; a reviewer of Somali approves as today.
    studio = await client.get("/api/v1/speech/so/prompts", headers=world.platform_admin.headers)
    row = next(i for i in studio.json()["items"] if i["key"] == first["key"])
    assert row["takes"][0]["invited"] == "Amina H."
    approved = await client.post(
        f"/api/v1/speech/recordings/{take.id}/approve", headers=world.platform_admin.headers
    )
    assert approved.status_code == 200, approved.text


async def test_an_expired_or_ended_invitation_is_refused_in_its_language(
    client: httpx.AsyncClient, world: World
) -> None:
    made = await _invite(client, world, days=2)
    token = _token(made["link"])
    with clock.frozen(clock.now() + timedelta(days=2, seconds=1)):
        page = await client.get(f"/api/v1/recording/{token}")
        assert page.status_code == 410 and page.json()["lang"] == "so", page.text
        take = await client.post(
            f"/api/v1/recording/{token}/so/prompt/what_help", content=tone_wav(1.0)
        )
        assert take.status_code == 410 and take.json()["lang"] == "so"
    other = _token((await _invite(client, world))["link"])
    ended = await client.post(
        f"/api/v1/speech/invitations/{(await _invite(client, world))['id']}/end",
        headers=world.other_admin.headers,
    )
    assert ended.status_code == 404  # another organisation's is not found
    listed = (await client.get("/api/v1/speech/invitations", headers=world.admin.headers)).json()
    for invitation in listed:
        answer = await client.post(
            f"/api/v1/speech/invitations/{invitation['id']}/end", headers=world.admin.headers
        )
        assert answer.status_code == 200
    assert (await client.get(f"/api/v1/recording/{other}")).status_code == 410
    unknown = await client.get("/api/v1/recording/" + "x" * 43)
    assert unknown.status_code == 404


async def test_a_take_for_another_language_is_403_and_an_unknown_language_422(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    token = _token((await _invite(client, world))["link"])
    wrong = await client.post(
        f"/api/v1/recording/{token}/ti/prompt/what_help", content=tone_wav(1.0)
    )
    assert wrong.status_code == 403 and wrong.json()["lang"] == "so", wrong.text
    unknown = await client.post(
        f"/api/v1/recording/{token}/xx/prompt/what_help", content=tone_wav(1.0)
    )
    assert unknown.status_code == 422, unknown.text
    assert await session.scalar(select(Recording.id)) is None
    for lang in ("xx", "de"):  # not Neuvo's; Neuvo's but with no prompt texts to record
        refused = await client.post(
            "/api/v1/speech/invitations", json={**INVITE, "lang": lang}, headers=world.admin.headers
        )
        assert refused.status_code == 422, refused.text
    nowhere = await client.post(
        "/api/v1/speech/invitations",
        json={**INVITE, "email": None},
        headers=world.admin.headers,
    )
    assert nowhere.status_code == 422  # no address to send it to


async def test_only_admins_invite_and_see_only_their_organisations_invitations(
    client: httpx.AsyncClient, world: World
) -> None:
    for someone in (world.advisor, world.operator, world.interpreter):
        refused = await client.post(
            "/api/v1/speech/invitations", json=INVITE, headers=someone.headers
        )
        assert refused.status_code == 403, refused.text
    await _invite(client, world)
    theirs = await client.get("/api/v1/speech/invitations", headers=world.other_admin.headers)
    assert theirs.json() == []


async def test_readiness_says_when_a_non_reader_can_book(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    answer = await client.get("/api/v1/speech/readiness", headers=world.advisor.headers)
    somali = next(r for r in answer.json() if r["lang"] == "so")
    assert somali["booking"]["complete"] is False and somali["booking"]["heard"] == 0
    assert somali["booking"]["next"][0] == "prompt:language_name"
    assert somali["everything"]["total"] > somali["booking"]["total"]
    finnish = next(r for r in answer.json() if r["lang"] == "fi")
    assert finnish["booking"]["complete"] is True  # generated files say all of it
    path = library.booking_path("so")
    assert {kind for kind, _ in path} == {RecordingKind.PROMPT, RecordingKind.CLIP}


async def test_an_invitation_sends_at_most_so_many_takes(
    client: httpx.AsyncClient, world: World, monkeypatch
) -> None:
    monkeypatch.setattr(invitations, "MAX_TAKES", 1)
    token = _token((await _invite(client, world))["link"])
    path = f"/api/v1/recording/{token}/so/prompt/what_help"
    assert (await client.post(path, content=tone_wav(1.0))).status_code == 201
    refused = await client.post(path, content=tone_wav(1.0))
    assert refused.status_code == 429, refused.text
