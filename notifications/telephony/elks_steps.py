"""The steps of a call through the HTTP voice API (46elks), and what each webhook means.

The call's first step (``voice_start``, inline JSON: nothing is asked of Neuvo before the
phone answers) is an ``ivr`` whose sound is the message and the question joined in one file
(a key pressed while the message plays is taken: barge-in), ``digits`` 1, ``repeat`` 1,
``timeout`` the silence allowed; its ``next`` is the key webhook, POSTed the ``result`` (the
key, or "failed" with ``why`` "noinput"). The webhook answers the next step: the question
once more after a wrong key or silence (an ``ivr`` of the question alone), the key's goodbye
(a ``play``), or ``hangup``. ``whenhangup`` tells the end: busy, failed, or hung up.
"""

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from notifications.telephony.elks_urls import Script, Urls, library_path
from notifications.telephony.gateway import Call, CallEvent, CallResult, unanswered


def ask(
    urls: Urls, script: Script, encoded: str, *, n: int, wrong: str, lead: Sequence[str] = ()
) -> dict[str, Any]:
    """The ``ivr`` of the ``n``-th question (``lead``: what is played before it, joined)."""
    return {
        "ivr": urls.audio([*lead, *script.question]),
        "digits": 1,
        "timeout": script.timeout,
        "repeat": 1,
        "next": urls.ivr(encoded, ask=n, wrong=wrong),
    }


def voice_start(urls: Urls, call: Call) -> dict[str, Any]:
    """The call's first step: the message and the question in one ``ivr``."""
    script = Script.of(call)
    lead = [library_path(p) for p in call.audio]
    return ask(urls, script, script.encode(), n=1, wrong="", lead=lead)


HANG_UP = {"hangup": "reject"}  # after the answer, the only hang-up 46elks allows


@dataclass(frozen=True, slots=True)
class Step:
    """What a key webhook decided: the result (when the call's outcome is known) and the
    action the provider is answered."""

    result: CallResult | None
    action: dict[str, Any]


def after_ivr(
    urls: Urls,
    encoded: str,
    *,
    ask_number: int,
    wrong: str,
    result: str,
    why: str | None,
    provider_id: str,
) -> Step:
    """The step after the ``ask_number``-th question heard ``result``: an allowed key ends it
    (its goodbye follows); a wrong key or silence asks once more, until ``asks`` questions."""
    script = Script.decode(encoded)
    wrong_keys = "".join(k for k in wrong if k in "0123456789*#")[:20]
    if len(result) == 1 and result in script.keys:
        outcome = CallResult(
            CallEvent.DIGITS,
            key=result,
            answered=True,
            wrong_keys=tuple(wrong_keys),
            provider_id=provider_id,
            detail="46elks: key pressed",
        )
        goodbye = script.goodbyes.get(result)
        return Step(outcome, {"play": urls.audio(goodbye)} if goodbye else HANG_UP)
    if len(result) == 1 and result in "0123456789*#":
        wrong_keys = (wrong_keys + result)[:20]
    elif result != "failed":  # several keys or garbage: taken as a wrong answer
        wrong_keys = (wrong_keys + "?")[:20]
    if ask_number < script.asks:
        return Step(None, ask(urls, script, encoded, n=ask_number + 1, wrong=wrong_keys))
    outcome = CallResult(
        CallEvent.NO_INPUT,
        answered=True,
        wrong_keys=tuple(k for k in wrong_keys if k != "?"),
        provider_id=provider_id,
        detail=f"46elks: {why or result}"[:200],
    )
    return Step(outcome, HANG_UP)


def after_hangup(form: Mapping[str, str], *, keys: str, now: datetime) -> CallResult:
    """The result a ``whenhangup`` tells (taken when no key webhook told one first)."""
    state = form.get("state", "")
    provider_id = form.get("id") or None
    start = _elks_time(form.get("start"))
    if state == "busy":
        return unanswered(CallEvent.BUSY, ended_at=now, detail="46elks: busy")
    if start is None:
        # 46elks tells "failed" for a call nobody took and for one that could not be made.
        return unanswered(
            CallEvent.FAILED, ended_at=now, detail=f"46elks: {state or 'no state'}"[:200]
        )
    pressed = _key_in(form.get("actions"), keys)
    if pressed is not None:  # the key webhook failed, the provider ended the call: key kept
        return CallResult(
            CallEvent.DIGITS,
            key=pressed,
            answered=True,
            answered_at=start,
            ended_at=now,
            provider_id=provider_id,
            detail="46elks: key in the call's actions",
        )
    return CallResult(
        CallEvent.HUNG_UP,
        answered=True,
        answered_at=start,
        ended_at=now,
        provider_id=provider_id,
        detail=f"46elks: {state}"[:200],
    )


def _elks_time(value: str | None) -> datetime | None:
    """46elks's stamps are UTC without an offset ("2016-11-03T09:24:24.333000")."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _key_in(actions: str | None, keys: str) -> str | None:
    """The first allowed key among the results of the ``ivr`` actions the call took."""
    if not actions:
        return None
    try:
        taken = json.loads(actions)
    except ValueError:
        return None
    if not isinstance(taken, list):
        return None
    for action in taken:
        if isinstance(action, dict) and "ivr" in action:
            result = str(action.get("result", ""))
            if len(result) == 1 and result in keys:
                return result
    return None
