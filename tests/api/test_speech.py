"""The studio and the client's audio over HTTP: who may record and approve, what is refused,
what the manifest lists, and how files are served."""

import asyncio
import io
import resource
import threading
import time
from collections.abc import Coroutine

import av
import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from speech.models import Recording
from tests.api.conftest import World
from tests.speech.conftest import SDP, SDP_PORTS, espeak_wav, tiny_blocks_matroska, tone_wav

TAKE = "/api/v1/speech/so/prompt/choose_language"


async def _recordings(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(Recording)) or 0


async def _make_recorder(client: httpx.AsyncClient, world: World, person, langs) -> None:  # type: ignore[no-untyped-def]
    answer = await client.put(
        f"/api/v1/speech/recorders/{person.id}",
        json={"languages": langs},
        headers=world.admin.headers,
    )
    assert answer.status_code == 200, answer.text


async def _make_reviewer(client: httpx.AsyncClient, world: World, person, langs) -> None:  # type: ignore[no-untyped-def]
    answer = await client.put(
        f"/api/v1/speech/reviewers/{person.id}",
        json={"languages": langs},
        headers=world.platform_admin.headers,
    )
    assert answer.status_code == 200, answer.text


async def test_only_a_platform_admin_names_who_approves_for_everyone(
    client: httpx.AsyncClient, world: World
) -> None:
    for someone in (world.admin, world.other_admin, world.advisor):
        refused = await client.put(
            f"/api/v1/speech/reviewers/{world.advisor.id}",
            json={"languages": ["so"]},
            headers=someone.headers,
        )
        assert refused.status_code == 403, refused.text
    await _make_reviewer(client, world, world.other_advisor, ["so", "ti"])
    mine = await client.get(
        f"/api/v1/speech/reviewers/{world.other_advisor.id}", headers=world.other_advisor.headers
    )
    assert mine.json() == {"languages": ["so", "ti"]}
    hidden = await client.get(
        f"/api/v1/speech/reviewers/{world.other_advisor.id}", headers=world.admin.headers
    )
    assert hidden.status_code == 404
    page = await client.get("/api/v1/speech/so/prompts", headers=world.other_advisor.headers)
    assert page.json()["may_approve"] is True
    page = await client.get("/api/v1/speech/so/prompts", headers=world.admin.headers)
    assert page.json()["may_approve"] is False


async def test_recording_by_someone_not_asked_to_record_is_403(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    answer = await client.post(TAKE, content=espeak_wav(), headers=world.advisor.headers)
    assert answer.status_code == 403
    await _make_recorder(client, world, world.advisor, ["ti"])
    answer = await client.post(TAKE, content=espeak_wav(), headers=world.advisor.headers)
    assert answer.status_code == 403  # Tigrinya only, not Somali
    assert await _recordings(session) == 0


async def test_only_admins_give_recording_tasks(client: httpx.AsyncClient, world: World) -> None:
    answer = await client.put(
        f"/api/v1/speech/recorders/{world.advisor.id}",
        json={"languages": ["so"]},
        headers=world.interpreter.headers,
    )
    assert answer.status_code == 403
    answer = await client.put(
        f"/api/v1/speech/recorders/{world.advisor.id}",
        json={"languages": ["so"]},
        headers=world.other_admin.headers,
    )
    assert answer.status_code == 404  # another organisation's staff member


async def test_bad_uploads_get_422_with_the_reason_and_nothing_is_stored(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    await _make_recorder(client, world, world.advisor, ["so"])
    for body, reason in (
        (b"not audio at all\n" * 50, "not audio"),
        (tone_wav(40), "30 s"),
        (tone_wav(70, rate=16000), "bytes"),
    ):
        answer = await client.post(TAKE, content=body, headers=world.advisor.headers)
        assert answer.status_code == 422, answer.text
        assert reason in answer.json()["detail"]
    assert await _recordings(session) == 0


async def test_a_take_is_heard_once_a_second_person_approves_it(
    client: httpx.AsyncClient, world: World
) -> None:
    await _make_recorder(client, world, world.advisor, ["so"])
    made = await client.post(TAKE, content=espeak_wav(), headers=world.advisor.headers)
    assert made.status_code == 201, made.text
    take = made.json()
    assert take["status"] == "pending"
    listen = await client.get(take["listen"], headers=world.advisor.headers)
    assert listen.headers["content-type"] == "audio/mpeg"
    assert (await client.get("/audio/so/manifest.json")).json()["prompts"] == {}

    own = await client.post(
        f"/api/v1/speech/recordings/{take['id']}/approve", headers=world.advisor.headers
    )
    assert own.status_code == 403
    # What every organisation's clients hear is the platform's to approve: an organisation's
    # admin may not, a reviewer of the language the platform names may.
    by_admin = await client.post(
        f"/api/v1/speech/recordings/{take['id']}/approve", headers=world.admin.headers
    )
    assert by_admin.status_code in (403, 404), by_admin.text
    await _make_reviewer(client, world, world.interpreter, ["so"])
    approved = await client.post(
        f"/api/v1/speech/recordings/{take['id']}/approve", headers=world.interpreter.headers
    )
    assert approved.status_code == 200, approved.text

    manifest = (await client.get("/audio/so/manifest.json")).json()
    assert manifest["voice"] == "recorded"
    url = manifest["prompts"]["choose_language"]
    assert url.startswith("/audio/so/p/choose_language.")
    studio = await client.get("/api/v1/speech/so/prompts", headers=world.advisor.headers)
    item = next(i for i in studio.json()["items"] if i["key"] == "choose_language")
    assert item["heard"] == "recorded"
    assert item["meaning_fi"] == "Valitse kieli"
    assert [t["stale"] for t in item["takes"]] == [False]


async def test_served_audio_is_immutable_and_decodes_to_mono_speech(
    client: httpx.AsyncClient,
) -> None:
    first = await client.get("/audio/fi/manifest.json")
    assert first.headers["cache-control"] == "public, max-age=60"
    again = await client.get(
        "/audio/fi/manifest.json", headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304
    answer = await client.get(first.json()["prompts"]["choose_language"])
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert answer.headers["content-type"] == "audio/mpeg"
    with av.open(io.BytesIO(answer.content)) as container:
        assert container.streams.audio[0].codec_context.channels == 1
        samples = sum(frame.samples for frame in container.decode(audio=0))
    assert samples / 24_000 > 0.3
    wrong = first.json()["prompts"]["choose_language"].replace(".mp3", "").rsplit(".", 1)[0]
    assert (await client.get(f"{wrong}.00000000.mp3")).status_code == 404


async def test_say_gives_clips_in_order_or_says_what_is_missing(client: httpx.AsyncClient) -> None:
    date = "2026-04-14T10:00:00+03:00"
    finnish = (await client.get("/audio/fi/say", params={"date": date})).json()
    assert finnish["text"] == "tiistai 14. huhtikuuta 10.00"
    assert [url.split("/")[-1].split(".")[0] for url in finnish["sequence"]] == [
        "wd2",
        "d14",
        "m4",
        "n10",
    ]
    assert all(url.startswith("/audio/fi/c/") for url in finnish["sequence"])
    framed = (await client.get("/audio/fi/say", params={"date": date, "prompt": "when"})).json()
    assert framed["text"] == "Aikasi on tiistai 14. huhtikuuta 10.00"
    assert framed["sequence"][0].startswith("/audio/fi/p/when.")
    # A placeholder inside the words: the sentence's file, then the date it is about.
    inside = await client.get("/audio/fi/say", params={"date": date, "prompt": "cancelled_when"})
    assert inside.json()["text"] == "Aikasi tiistai 14. huhtikuuta 10.00 on peruttu."
    assert inside.json()["sequence"][0].startswith("/audio/fi/p/cancelled_when.")
    assert inside.json()["sequence"][1:] == finnish["sequence"]
    somali = (await client.get("/audio/so/say", params={"date": date})).json()
    assert somali["sequence"] == []
    assert somali["missing"] == sorted(["wd2", "m4", "d14", "n10", "am"])
    digits = (await client.get("/audio/fi/say", params={"digits": "040"})).json()
    assert len(digits["sequence"]) == 3
    duration = (await client.get("/audio/fi/say", params={"duration": 45})).json()
    assert duration["text"] == "45 minuuttia"
    for url in duration["sequence"]:  # "min.other" holds a dot of its own
        assert (await client.get(url)).status_code == 200
    bad = await client.get("/audio/fi/say", params={"date": date, "digits": "1"})
    assert bad.status_code == 422


def _udp_ports_bound() -> set[int]:
    """Local UDP ports bound on this machine now (IPv4 and IPv6), read from /proc."""
    ports: set[int] = set()
    for table in ("/proc/net/udp", "/proc/net/udp6"):
        with open(table) as lines:
            next(lines)
            ports.update(int(line.split()[1].rsplit(":", 1)[1], 16) for line in lines)
    return ports


async def test_an_sdp_upload_is_refused_at_once_and_binds_no_port(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    await _make_recorder(client, world, world.advisor, ["so"])
    seen: set[int] = set()
    done = threading.Event()

    def watch() -> None:  # a thread: it sees the ports even while the event loop is blocked
        while not done.is_set():
            seen.update(_udp_ports_bound() & set(SDP_PORTS))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    started = time.monotonic()
    try:
        answer = await client.post(TAKE, content=SDP, headers=world.advisor.headers)
    finally:
        elapsed = time.monotonic() - started
        done.set()
        watcher.join()
    assert answer.status_code == 422, answer.text
    assert "not audio" in answer.json()["detail"]
    assert elapsed < 2.0
    assert seen == set()
    assert await _recordings(session) == 0


async def _healthz_during(
    client: httpx.AsyncClient, upload: Coroutine[None, None, httpx.Response]
) -> tuple[httpx.Response, list[float]]:
    """``upload``'s answer, and the waits for /healthz asked every 20 ms meanwhile: from the
    moment it was due to its answer (a blocked event loop delays both)."""
    task = asyncio.create_task(upload)
    waits: list[float] = []
    due = time.monotonic()
    while not task.done():
        assert (await client.get("/healthz")).status_code == 200
        waits.append(time.monotonic() - due)
        await asyncio.sleep(0.02)
        due = time.monotonic()
    return await task, waits


async def test_tiny_block_matroska_is_refused_without_the_server_growing_or_stalling(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    await _make_recorder(client, world, world.advisor, ["so"])
    hostile = await asyncio.to_thread(tiny_blocks_matroska)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    answer, waits = await _healthz_during(
        client, client.post(TAKE, content=hostile, headers=world.advisor.headers)
    )
    assert answer.status_code == 422, answer.text
    assert "blocks" in answer.json()["detail"]
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mib < 100
    assert max(waits) < 1.0, waits
    assert await _recordings(session) == 0


async def test_healthz_answers_while_a_long_recording_is_normalised(
    client: httpx.AsyncClient, world: World
) -> None:
    await _make_recorder(client, world, world.advisor, ["so"])
    long_take = tone_wav(29, rate=32000)  # the longest and largest file taken: work to do
    answer, waits = await _healthz_during(
        client, client.post(TAKE, content=long_take, headers=world.advisor.headers)
    )
    assert answer.status_code == 201, answer.text
    assert len(waits) >= 5 and max(waits) < 1.0, waits


async def test_the_manifest_says_whether_neuvo_can_call_so_the_page_offers_a_call_only_then(
    app, client: httpx.AsyncClient
) -> None:
    first = await client.get("/audio/ar/manifest.json")
    assert first.json()["calls"] is False  # no telephone connection: no "call me" reminder
    app.state.settings = app.state.settings.model_copy(
        update={"sip_account": "<sip:neuvo@127.0.0.1>;regint=0"}
    )
    again = await client.get(
        "/audio/ar/manifest.json", headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 200  # the flag is part of what the ETag covers
    assert again.json()["calls"] is True
    assert again.json()["prompts"] == first.json()["prompts"]
