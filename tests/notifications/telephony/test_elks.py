"""The HTTP voice API gateway against a real local server in 46elks's documented shapes
(``tests/notifications/telephony/elks_provider.py``), and what each webhook means."""

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from uuid import uuid4

import pytest

from core.config import Settings
from notifications import jobs
from notifications.errors import TransientFailure
from notifications.telephony import elks, elks_steps, elks_urls
from notifications.telephony.gateway import AudioPart, Call, CallEvent, CallResult, Placed
from notifications.telephony.sip import LOOPBACK_ACCOUNT
from speech import audio as speech_audio
from speech import library
from speech.models import RecordingKind
from tests.notifications.telephony.elks_provider import PASSWORD, USERNAME, ElksProvider

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
TEST_SECRET = "elks-test-secret-" + "x" * 40
KIND = {"p": RecordingKind.PROMPT, "c": RecordingKind.CLIP}


def part(lang: str, name: str) -> AudioPart:
    """A generated file of the speech library, as the voice flow hands it to a gateway."""
    prefix, key = name.split("/")
    item = (KIND[prefix], key)
    made = library.generated(lang)[item]
    return AudioPart(name, library.url(lang, item, made.audio_hash), made.path.read_bytes())


def reminder(**change) -> Call:
    fields = {
        "call_id": uuid4(),
        "to": "+358401234567",
        "language": "fi",
        "audio": (part("fi", "p/reminder_only"), part("fi", "c/d14"), part("fi", "c/min.other")),
        "question": (part("fi", "p/confirm"),),
        "goodbyes": {"1": (part("fi", "p/confirmed"),), "2": (part("fi", "p/cancelled"),)},
    }
    return Call(**(fields | change))


def voice_settings(provider_url: str, **change) -> Settings:
    values = {
        "NEUVO_ENV": "test",
        "SECRET_KEY": TEST_SECRET,
        "NEUVO_BASE_URL": "http://testserver",
        "NEUVO_PUBLIC_URL": "https://neuvo.example",
        "NEUVO_VOICE_GATEWAY": "http",
        "VOICE_API_URL": provider_url,
        "VOICE_API_USERNAME": USERNAME,
        "VOICE_API_PASSWORD": PASSWORD,
        "VOICE_API_FROM": "+358931234567",
        "VOICE_API_TIMEOUT": 2,
    }
    return Settings(**(values | change))


@pytest.fixture
async def provider() -> AsyncIterator[ElksProvider]:
    server = await ElksProvider().start()
    yield server
    await server.stop()


@pytest.fixture
async def gateway(provider: ElksProvider) -> AsyncIterator[elks.ElksGateway]:
    found = elks.ElksGateway(voice_settings(provider.url))
    yield found
    await found.aclose()


async def test_place_posts_the_documented_form_and_returns_the_providers_id(
    provider: ElksProvider, gateway: elks.ElksGateway
) -> None:
    call = reminder()
    placed = await gateway.place(call)
    assert isinstance(placed, Placed)
    taken = provider.only
    assert placed.provider_id == taken.id
    assert taken.form["from"] == "+358931234567"
    assert taken.form["to"] == "+358401234567"
    assert taken.form["timeout"] == "30"
    hangup = urlsplit(taken.form["whenhangup"])
    assert (hangup.scheme, hangup.netloc) == ("https", "neuvo.example")
    assert hangup.path.startswith(f"/elks/calls/{call.call_id}/")
    start = taken.voice_start  # inline actions: nothing is asked of Neuvo before the answer
    assert set(start) == {"ivr", "digits", "timeout", "repeat", "next"}
    assert (start["digits"], start["timeout"], start["repeat"]) == (1, 8, 1)
    assert start["ivr"].startswith(f"https://neuvo.example/elks/audio/{call.call_id}/")
    parts = parse_qs(urlsplit(start["ivr"]).query)["parts"][0].split(",")
    assert parts == [elks_urls.library_path(p) for p in (*call.audio, *call.question)]
    assert urlsplit(start["next"]).path.endswith("/ivr")
    assert "+358401234567" not in start["next"] + taken.form["whenhangup"]


async def test_place_with_the_wrong_password_is_tried_again_later(provider: ElksProvider) -> None:
    gateway = elks.ElksGateway(voice_settings(provider.url, VOICE_API_PASSWORD="wrong"))
    try:
        with pytest.raises(TransientFailure, match="401"):
            await gateway.place(reminder())
    finally:
        await gateway.aclose()
    assert provider.calls == {}


async def test_provider_trouble_is_transient_and_a_refused_number_fails_the_call(
    provider: ElksProvider, gateway: elks.ElksGateway
) -> None:
    provider.refused = [503, 429]
    for _ in range(2):
        with pytest.raises(TransientFailure):
            await gateway.place(reminder())
    refused = await gateway.place(reminder(to="+35840"))  # too short for the provider
    assert isinstance(refused, CallResult)
    assert refused.outcome == CallEvent.FAILED
    assert "Invalid to number" in (refused.detail or "")
    assert provider.calls == {}


async def test_unreachable_provider_is_transient() -> None:
    gateway = elks.ElksGateway(voice_settings("http://127.0.0.1:9/a1"))
    try:
        with pytest.raises(TransientFailure, match="could not be reached"):
            await gateway.place(reminder())
    finally:
        await gateway.aclose()


def test_a_call_with_audio_outside_the_library_is_not_placed() -> None:
    gateway = elks.ElksGateway(voice_settings("http://127.0.0.1:9/a1"))
    odd = AudioPart("x", "https://elsewhere.example/x.mp3", b"")
    assert gateway.form(reminder(), now=NOW)  # the library's files are fine
    with pytest.raises(elks_urls.NotLibraryAudio):
        gateway.form(reminder(question=(odd,)), now=NOW)


# --- what the webhooks mean ----------------------------------------------------------------


def _urls(call: Call) -> tuple[elks_urls.Urls, str]:
    urls = elks_urls.Urls("https://neuvo.example", TEST_SECRET, call.call_id, 2_000_000_000)
    return urls, elks_urls.Script.of(call).encode()


def test_an_allowed_key_ends_the_call_with_its_goodbye() -> None:
    call = reminder()
    urls, script = _urls(call)
    step = elks_steps.after_ivr(
        urls, script, ask_number=1, wrong="", result="2", why=None, provider_id="c1"
    )
    assert step.result is not None
    assert (step.result.outcome, step.result.key, step.result.answered) == (
        CallEvent.DIGITS,
        "2",
        True,
    )
    goodbye = parse_qs(urlsplit(step.action["play"]).query)["parts"]
    assert goodbye == [elks_urls.library_path(call.goodbyes["2"][0])]
    zero = elks_steps.after_ivr(
        urls, script, ask_number=1, wrong="", result="0", why=None, provider_id=""
    )
    assert zero.result is not None and zero.result.key == "0"
    assert zero.action == elks_steps.HANG_UP  # no goodbye given for 0


def test_a_wrong_key_or_silence_asks_once_more_then_no_input() -> None:
    call = reminder()
    urls, script = _urls(call)
    again = elks_steps.after_ivr(
        urls, script, ask_number=1, wrong="", result="7", why=None, provider_id=""
    )
    assert again.result is None
    asked = again.action
    assert parse_qs(urlsplit(asked["ivr"]).query)["parts"] == [
        elks_urls.library_path(call.question[0])
    ]  # the question alone this time
    following = parse_qs(urlsplit(asked["next"]).query)
    assert (following["ask"], following["wrong"]) == (["2"], ["7"])
    last = elks_steps.after_ivr(
        urls, script, ask_number=2, wrong="7", result="failed", why="noinput", provider_id=""
    )
    assert last.result is not None
    assert (last.result.outcome, last.result.wrong_keys) == (CallEvent.NO_INPUT, ("7",))
    assert last.action == elks_steps.HANG_UP


def test_hangup_tells_busy_failed_hung_up_or_a_key_the_webhook_missed() -> None:
    base = {"id": "c1", "direction": "outgoing", "created": "2026-12-06T09:00:00.000000"}
    busy = elks_steps.after_hangup(base | {"state": "busy"}, keys="012", now=NOW)
    failed = elks_steps.after_hangup(base | {"state": "failed"}, keys="012", now=NOW)
    assert (busy.outcome, failed.outcome) == (CallEvent.BUSY, CallEvent.FAILED)
    assert not busy.answered and not failed.answered
    answered = base | {"state": "success", "start": "2026-12-06T09:00:05.000000"}
    gone = elks_steps.after_hangup(
        answered | {"actions": json.dumps([{"ivr": "u", "result": "failed"}])}, keys="012", now=NOW
    )
    assert (gone.outcome, gone.answered_at) == (
        CallEvent.HUNG_UP,
        datetime(2026, 12, 6, 9, 0, 5, tzinfo=UTC),
    )
    missed = elks_steps.after_hangup(
        answered
        | {"actions": json.dumps([{"ivr": "u", "result": "5"}, {"ivr": "u", "result": "2"}])},
        keys="012",
        now=NOW,
    )
    assert (missed.outcome, missed.key) == (CallEvent.DIGITS, "2")


def test_audio_urls_are_refused_when_changed_or_expired() -> None:
    call_id = uuid4()
    paths = ["fi/p/confirm.0123abcd", "fi/c/d14.89abcdef"]
    expires = elks_urls.expiry(NOW, 180)
    url = elks_urls.audio_url(
        "https://n.example", TEST_SECRET, call_id=call_id, paths=paths, expires=expires
    )
    token = urlsplit(url).path.rsplit("/", 1)[1].removesuffix(".mp3")
    joined = ",".join(paths)

    def check(**change):
        args = {"call_id": call_id, "expires": expires, "token": token, "parts": joined, "now": NOW}
        return elks_urls.audio_paths(TEST_SECRET, **(args | change))

    assert check() == paths
    assert check(parts="fi/p/confirm.0123abcd") is None
    assert check(expires=expires + 60) is None
    assert check(call_id=uuid4()) is None
    assert check(now=NOW + timedelta(hours=1)) is None
    assert (
        elks_urls.audio_paths(
            "another-secret-" + "y" * 40,
            call_id=call_id,
            expires=expires,
            token=token,
            parts=joined,
            now=NOW,
        )
        is None
    )


def test_joined_mp3_lasts_as_long_as_its_parts() -> None:
    parts = [part("fi", "p/reminder_only"), part("fi", "c/d14"), part("fi", "p/confirm")]
    joined = elks_urls.join_mp3([p.data for p in parts])
    assert speech_audio.container_of(joined) == "mp3"
    each = sum(speech_audio.duration(p.data) for p in parts)
    assert abs(speech_audio.duration(joined) - each) < 0.1 * len(parts)


def test_settings_refuse_an_http_gateway_without_its_account() -> None:
    with pytest.raises(ValueError, match="VOICE_API_PASSWORD"):
        Settings(NEUVO_VOICE_GATEWAY="http", VOICE_API_USERNAME="u", VOICE_API_FROM="+3589123")
    with pytest.raises(ValueError, match=r"E\.164"):
        Settings(
            NEUVO_VOICE_GATEWAY="http",
            VOICE_API_USERNAME="u",
            VOICE_API_PASSWORD="p",
            VOICE_API_FROM="09 123 4567",
        )


def test_settings_refuse_webhook_secrets_in_clear_in_production() -> None:
    account = {
        "NEUVO_ENV": "production",
        "SECRET_KEY": TEST_SECRET,
        "NEUVO_VOICE_GATEWAY": "http",
        "VOICE_API_USERNAME": "u",
        "VOICE_API_PASSWORD": "p",
        "VOICE_API_FROM": "+358931234567",
    }
    with pytest.raises(ValueError, match="https"):
        Settings(**account, NEUVO_PUBLIC_URL="http://neuvo.example")
    assert Settings(**account, NEUVO_PUBLIC_URL="https://neuvo.example").voice_gateway == "http"


@pytest.mark.parametrize(
    ("change", "calls"),
    [
        ({"NEUVO_VOICE_GATEWAY": None}, False),  # nothing configured
        ({"NEUVO_VOICE_GATEWAY": "sip"}, False),  # SIP named, but no account
        ({"NEUVO_VOICE_GATEWAY": None, "SIP_ACCOUNT": LOOPBACK_ACCOUNT}, True),
        ({"NEUVO_VOICE_GATEWAY": "sip", "SIP_ACCOUNT": LOOPBACK_ACCOUNT}, True),
        ({}, True),  # the HTTP voice API
    ],
)
async def test_settings_say_calls_can_be_placed_exactly_when_a_gateway_is_found(
    change, calls
) -> None:
    """``Settings.voice_calls`` (what bookings and the client page go by) and the gateway
    the worker dials through never disagree."""
    settings = voice_settings("http://127.0.0.1:9/a1", **change)
    found = jobs.voice_gateway(settings)
    try:
        assert settings.voice_calls is calls
        assert (found is not None) is calls
    finally:
        if found is not None:
            await found.aclose()
