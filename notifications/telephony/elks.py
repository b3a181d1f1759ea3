"""The HTTP voice API gateway, in 46elks's shapes (the Nordic providers' style).

Placing a call is one ``POST {VOICE_API_URL}/calls`` with HTTP Basic authentication: a form
with ``from`` (the organisation's calling number), ``to``, ``timeout`` (seconds to ring),
``whenhangup`` (our URL told of the end) and ``voice_start``: the call's first step as inline
JSON (``elks_steps``), with the URLs and secrets of ``elks_urls``. The provider's webhooks
reach ``api.routes.elks``, which brings the result to ``flows.voice``.
"""

import base64
import json
import logging
from datetime import datetime
from uuid import UUID

import aiohttp

from core import clock
from core.config import Settings
from notifications.errors import TransientFailure
from notifications.telephony.elks_steps import voice_start
from notifications.telephony.elks_urls import NotLibraryAudio, Urls, expiry, hangup_url
from notifications.telephony.gateway import Call, CallEvent, CallResult, Placed, unanswered

log = logging.getLogger(__name__)

NAME = "elks"


class ElksGateway:
    """An asynchronous ``VoiceGateway``: ``place`` hands the call to the provider and returns
    ``Placed``; its webhooks (``api.routes.elks``) bring the result."""

    name = NAME

    def __init__(self, settings: Settings) -> None:
        if not (
            settings.voice_api_url
            and settings.voice_api_username
            and settings.voice_api_password
            and settings.voice_api_from
        ):
            raise ValueError("the HTTP voice API needs its URL, username, password and number")
        self.url = settings.voice_api_url.rstrip("/") + "/calls"
        self.caller = settings.voice_api_from
        self.base = (settings.public_url or settings.base_url).rstrip("/")
        self.secret = settings.secret_key
        pair = f"{settings.voice_api_username}:{settings.voice_api_password}".encode()
        self.headers = {
            "Authorization": "Basic " + base64.b64encode(pair).decode("ascii"),
            "User-Agent": "Neuvo",
        }
        self.timeout = aiohttp.ClientTimeout(total=settings.voice_api_timeout)
        self._client: aiohttp.ClientSession | None = None

    def form(self, call: Call, *, now: datetime) -> dict[str, str]:
        """The ``POST /a1/calls`` form of ``call`` placed at ``now``."""
        urls = Urls(
            self.base, self.secret, call.call_id, expiry(now, call.ring_timeout + call.max_seconds)
        )
        keys = "".join(sorted(call.keys))
        return {
            "from": self.caller,
            "to": call.to,
            "voice_start": json.dumps(voice_start(urls, call), separators=(",", ":")),
            "whenhangup": hangup_url(self.base, self.secret, call_id=call.call_id, keys=keys),
            "timeout": str(max(1, round(call.ring_timeout))),
        }

    def _session(self) -> aiohttp.ClientSession:
        if self._client is None or self._client.closed:
            self._client = aiohttp.ClientSession(timeout=self.timeout, headers=self.headers)
        return self._client

    async def place(self, call: Call) -> CallResult | Placed:
        now = clock.now()
        try:
            form = self.form(call, now=now)
        except NotLibraryAudio as exc:
            return unanswered(CallEvent.FAILED, ended_at=now, detail=str(exc)[:200])
        try:
            async with self._session().post(self.url, data=form) as response:
                status = response.status
                text = await response.text()
        except TimeoutError as exc:
            raise TransientFailure("the voice API did not answer in time") from exc
        except aiohttp.ClientError as exc:
            raise TransientFailure(f"the voice API could not be reached: {exc}") from exc
        if status in (401, 403, 408, 429) or status >= 500:
            # our credentials, its limits or its own trouble: nothing was dialled, try later
            raise TransientFailure(f"the voice API answered {status}")
        if status >= 400:
            detail = f"46elks refused the call: {status} {text[:120]}"
            return unanswered(CallEvent.FAILED, ended_at=now, detail=detail[:200])
        try:
            answer = json.loads(text)
            provider_id = str(answer["id"])
            state = str(answer.get("state", "ongoing"))
        except (ValueError, KeyError, TypeError) as exc:
            raise TransientFailure("the voice API's answer was not a call") from exc
        log.info("voice call %s placed with 46elks", call.call_id)
        if state in ("failed", "busy"):
            outcome = CallEvent.BUSY if state == "busy" else CallEvent.FAILED
            return CallResult(
                outcome, ended_at=now, provider_id=provider_id, detail=f"46elks: {state}"
            )
        return Placed(provider_id=provider_id)

    async def hang_up(self, call_id: UUID) -> None:
        """46elks has no request that ends a call in progress; its steps end by themselves
        (each wait is bounded), and a webhook for a call that is over answers ``hangup``."""

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()
