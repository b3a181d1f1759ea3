"""A real HTTP server in 46elks's documented shapes, standing in for the HTTP voice API.

What it keeps of the provider (https://46elks.com/docs: make-call, call-actions, voice-play,
voice-ivr, voice-hangup, show-call-id):

- ``POST /a1/calls``, HTTP Basic authentication, a form (``application/x-www-form-urlencoded``)
  with ``from`` and ``to`` in E.164, ``voice_start`` (a URL, or a JSON object of call actions),
  ``whenhangup`` (a URL) and ``timeout`` (seconds to ring); the answer is the call object as
  JSON: ``id``, ``created``, ``direction`` "outgoing", ``from``, ``to``, ``state`` "ongoing".
- Once the phone answers, the actions run: ``play`` fetches its audio by GET, then goes on at
  ``next``; ``ivr`` fetches its audio, waits ``timeout`` seconds for ``digits`` keys, plays it
  ``repeat`` times in all, then takes the alternative given for the key, or POSTs ``next`` with
  the form ``callid``, ``direction``, ``from``, ``to``, ``result`` (the keys, or "failed" with
  ``why`` "noinput" when nothing was pressed); ``hangup`` ends the call. A ``next`` is a URL
  (POSTed, the answer is the next action) or an action object itself.
- When the call ends, ``whenhangup`` is POSTed the call object as a form: ``id``,
  ``direction``, ``from``, ``to``, ``created``, ``state`` ("success", "busy" or "failed"), and
  for an answered call ``start``, ``duration``, ``cost`` and ``actions`` (JSON).
- A webhook must answer 200-204, or the call ends (46elks retries ``whenhangup`` later:
  ``replay`` does that by hand).

The phone at each number is told what to do (``Phone``); ``run`` plays the call through and
keeps what happened (``ElksCall``): every audio file fetched, every webhook and its answer.
Nothing runs until the test says so, the way a real call's answer comes after the request.
"""

import asyncio
import base64
import itertools
import json
import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from core import clock
from speech import audio as speech_audio

USERNAME = "u0123456789abcdef0123456789abcdef"
PASSWORD = "elks-test-password"
MAX_ACTIONS = 40  # a runaway chain of actions ends the call, as the provider's own limit does


@dataclass
class Phone:
    """What the phone at a number does: ``answer`` ("answer", "busy", "failed", "no answer"),
    then the key it presses at each wait of an ``ivr`` (``None``: silence for the whole wait),
    and whether it hangs up once its keys are used up (else it listens to the end)."""

    answer: str = "answer"
    keys: list[str | None] = field(default_factory=list)
    hang_up_when_done: bool = False


@dataclass
class Fetched:
    url: str
    status: int
    content_type: str
    data: bytes

    @property
    def seconds(self) -> float:
        """The audio's length, decoded to the end (raises for anything that is not audio)."""
        return speech_audio.duration(self.data)

    @property
    def container(self) -> str:
        return speech_audio.container_of(self.data)


@dataclass
class Posted:
    url: str
    form: dict[str, str]
    status: int
    answer: Any  # the JSON the webhook answered, or its text


@dataclass
class ElksCall:
    id: str
    form: dict[str, str]
    created: datetime
    state: str = "ongoing"
    start: datetime | None = None
    actions: list[dict[str, Any]] = field(default_factory=list)
    fetched: list[Fetched] = field(default_factory=list)
    posted: list[Posted] = field(default_factory=list)

    @property
    def voice_start(self) -> Any:
        value = self.form["voice_start"]
        return value if value.startswith(("http://", "https://")) else json.loads(value)

    def hangup_form(self) -> dict[str, str]:
        """The call object as ``whenhangup`` receives it."""
        form = {
            "id": self.id,
            "direction": "outgoing",
            "from": self.form["from"],
            "to": self.form["to"],
            "created": _stamp(self.created),
            "state": self.state,
        }
        if self.start is not None:
            ended = clock.now()
            form |= {
                "start": _stamp(self.start),
                "duration": str(max(0, round((ended - self.start).total_seconds()))),
                "cost": "0",
                "actions": json.dumps(self.actions),
            }
        return form


def check_action(action: dict[str, Any]) -> None:
    """Refuse (AssertionError: the test fails) an action outside the documented shapes."""
    verbs = {"play", "ivr", "hangup", "connect", "record"} & set(action)
    assert len(verbs) == 1, f"one action at a time: {action}"
    if "hangup" in action:
        assert action["hangup"] in ("busy", "reject", "404") and "next" not in action, action
    if "ivr" in action:
        assert isinstance(action.get("digits", 1), int) and action.get("digits", 1) >= 1, action
        assert 1 <= action.get("timeout", 10) <= 30, action  # other values become 10
        assert isinstance(action.get("repeat", 3), int) and action.get("repeat", 3) >= 1, action
    for verb in ("play", "ivr"):
        if verb in action:
            assert urlsplit(action[verb]).scheme in ("http", "https"), action
    allowed = {"play", "ivr", "hangup", "digits", "timeout", "repeat", "next", "skippable"}
    allowed |= set("0123456789*#")
    assert set(action) <= allowed | {"connect", "record", "callerid", "whenhangup"}, action


def _stamp(at: datetime) -> str:
    """46elks's time stamps: UTC, ISO 8601 with microseconds and no offset."""
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def _e164(number: str) -> bool:
    return number.startswith("+") and number[1:].isdigit() and 8 <= len(number) <= 16


@dataclass
class ElksProvider:
    url: str = ""  # the API's base, as configured in Neuvo: http://127.0.0.1:PORT/a1
    phones: dict[str, Phone] = field(default_factory=dict)
    calls: dict[str, ElksCall] = field(default_factory=dict)
    refused: list[int] = field(default_factory=list)  # statuses to answer before accepting
    requests: int = 0
    # The phones answer by themselves once a call is taken (a benchmark); tests run each
    # call when they choose (``run``).
    answer_at_once: bool = False
    running: set["asyncio.Task[ElksCall]"] = field(default_factory=set)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    _client: aiohttp.ClientSession | None = None

    async def start(self) -> "ElksProvider":
        app = web.Application()
        app.router.add_post("/a1/calls", self._make_call)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        self.url = f"http://127.0.0.1:{port}/a1"
        self._client = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        return self

    async def stop(self) -> None:
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def only(self) -> ElksCall:
        (call,) = self.calls.values()
        return call

    async def _make_call(self, request: web.Request) -> web.Response:
        self.requests += 1
        expected = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
        if request.headers.get("Authorization") != f"Basic {expected}":
            return web.Response(status=401, text="API access requires Basic Authentication")
        if request.content_type != "application/x-www-form-urlencoded":
            return web.Response(status=400, text="Expected a form")
        form = {key: str(value) for key, value in (await request.post()).items()}
        for key in ("from", "to", "voice_start"):
            if not form.get(key):
                return web.Response(status=400, text=f"Missing key {key}")
        if not _e164(form["to"]):
            return web.Response(status=400, text="Invalid to number")
        if not _e164(form["from"]):
            return web.Response(status=400, text="Invalid from number")
        if not form["voice_start"].startswith(("http://", "https://")):
            try:
                json.loads(form["voice_start"])
            except ValueError:
                return web.Response(status=400, text="Invalid voice_start")
        if self.refused:
            return web.Response(status=self.refused.pop(0), text="Try again later")
        call = ElksCall(id=f"c{next(self._ids):032x}", form=form, created=clock.now())
        self.calls[call.id] = call
        if self.answer_at_once:
            task = asyncio.get_running_loop().create_task(self.run(call.id))
            self.running.add(task)
            task.add_done_callback(self.running.discard)
        return web.json_response(
            {
                "id": call.id,
                "created": _stamp(call.created),
                "direction": "outgoing",
                "from": form["from"],
                "to": form["to"],
                "state": "ongoing",
            }
        )

    # --- the phone's side of a call -------------------------------------------------------

    async def run(self, call_id: str | None = None) -> ElksCall:
        """Play a call through as its phone does, then POST ``whenhangup``."""
        call = self.calls[call_id] if call_id else self.only
        phone = self.phones.get(call.form["to"], Phone())
        if phone.answer == "answer":
            call.start = clock.now()
            await self._answered(
                call, Phone(phone.answer, list(phone.keys), phone.hang_up_when_done)
            )
            call.state = "success"
        else:  # 46elks reports a call nobody took as "busy" or "failed"
            call.state = "busy" if phone.answer == "busy" else "failed"
        if call.form.get("whenhangup"):
            await self._post(call, call.form["whenhangup"], call.hangup_form())
        return call

    async def replay(self, call: ElksCall, index: int = -1) -> Posted:
        """POST a webhook of ``call`` once more, as the provider does when it retries."""
        earlier = call.posted[index]
        return await self._post(call, earlier.url, earlier.form)

    async def _answered(self, call: ElksCall, phone: Phone) -> None:
        action: Any = call.voice_start
        result = "newoutgoing"
        for _ in range(MAX_ACTIONS):
            if isinstance(action, str):
                answer = await self._post(call, action, self._form(call, result))
                if not isinstance(answer.answer, dict):
                    return  # not 2xx, or not an action: the provider ends the call
                action = answer.answer
            if not isinstance(action, dict):
                return
            check_action(action)
            if "hangup" in action:
                return
            if "play" in action:
                result = await self._fetch_audio(call, action["play"])
                call.actions.append({"play": action["play"], "result": result})
                if phone.hang_up_when_done and not phone.keys:
                    return
                action = action.get("next")
            elif "ivr" in action:
                result, why = await self._ivr(call, action, phone)
                if result == "hangup":  # the phone hung up while it played
                    return
                call.actions.append({"ivr": action["ivr"], "result": result})
                if result in action:  # an alternative given for the key itself
                    action = action[result]
                    continue
                if "next" not in action:
                    return
                form = self._form(call, result) | ({"why": why} if why else {})
                answer = await self._post(call, action["next"], form)
                if not isinstance(answer.answer, dict):
                    return
                action = answer.answer
                continue
            else:
                return  # an action this stand-in does not play (connect, record)
            if action is None:
                return
        return

    async def _ivr(self, call: ElksCall, action: dict[str, Any], phone: Phone) -> tuple[str, str]:
        """The keys pressed at an ``ivr``, or "failed"/"noinput" after ``repeat`` silent waits;
        "hangup" when the phone hangs up instead."""
        await self._fetch_audio(call, action["ivr"])  # fetched once: the provider caches it
        repeat = int(action.get("repeat", 3))
        for _ in range(max(1, repeat)):
            if not phone.keys:
                if phone.hang_up_when_done:
                    return "hangup", ""
                continue  # silence for the whole ``timeout``
            key = phone.keys.pop(0)
            if key is not None:
                return key, ""
        return "failed", "noinput"

    def _form(self, call: ElksCall, result: str) -> dict[str, str]:
        return {
            "callid": call.id,
            "direction": "outgoing",
            "from": call.form["from"],
            "to": call.form["to"],
            "result": result,
        }

    async def _fetch_audio(self, call: ElksCall, url: str) -> str:
        assert self._client is not None
        assert urlsplit(url).scheme in ("http", "https"), url
        async with self._client.get(url) as response:
            fetched = Fetched(
                url=url,
                status=response.status,
                content_type=response.headers.get("Content-Type", ""),
                data=await response.read(),
            )
        call.fetched.append(fetched)
        return "success" if fetched.status == 200 else "failed"

    async def _post(self, call: ElksCall, url: str, form: dict[str, str]) -> Posted:
        assert self._client is not None
        async with self._client.post(url, data=form) as response:
            status = response.status
            text = await response.text()
        answer: Any = text
        if 200 <= status <= 204 and text:
            try:
                answer = json.loads(text)
            except ValueError:
                answer = text
        posted = Posted(url=url, form=form, status=status, answer=answer)
        call.posted.append(posted)
        return posted
