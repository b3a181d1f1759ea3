"""What an HTTP voice provider (46elks) asks of Neuvo during a call: the answer to a key (the
next step of the call, and the result once it is known), the end of the call, and the audio
it plays. Each webhook's URL carries its own secret (``notifications.telephony.elks_urls``): a
wrong one is refused (401) before anything is read; a call that is not ours, or not the one
the provider names, is not found (404); a result goes in through ``flows.voice``, once."""

from collections.abc import Mapping
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock, tokens
from core.config import Settings
from flows import voice
from flows.effects import Done
from notifications.errors import VoiceCallNotFound, WebhookRefused
from notifications.telephony import elks_steps, elks_urls
from notifications.telephony.gateway import CallResult
from notifications.telephony.models import KeyApplied, VoiceCall
from speech import library

SAID = frozenset({KeyApplied.KEPT, KeyApplied.CANCELLED, KeyApplied.CALLBACK})


def _base(settings: Settings) -> str:
    return (settings.public_url or settings.base_url).rstrip("/")


async def _ours(session: AsyncSession, *, call_id: UUID, provider_id: str | None) -> VoiceCall:
    """The call, when it exists and the provider's id (if both know one) is its own."""
    call = await session.scalar(select(VoiceCall).where(VoiceCall.id == call_id))
    if call is None or (provider_id and call.provider_id and call.provider_id != provider_id):
        raise VoiceCallNotFound("no such call", call_id=call_id)
    return call


async def _record(
    session: AsyncSession, *, call_id: UUID, result: CallResult, settings: Settings
) -> Done[None]:
    done = await voice.record_call_result(
        session, call_id=call_id, result=result, settings=settings
    )
    return Done(None, done.effects)


async def key_pressed(
    session: AsyncSession,
    *,
    call_id: UUID,
    token: str,
    script: str,
    ask: int,
    wrong: str,
    form: Mapping[str, str],
    settings: Settings,
) -> Done[dict]:
    """The ``ivr``'s result: the step the provider plays next (the question once more, the
    key's goodbye, or hang up); an allowed key, or the last silence, is the call's result."""
    expected = elks_urls.ivr_token(settings.secret_key, call_id, script)
    if not tokens.constant_time_equal(token, expected):
        raise WebhookRefused("this webhook's secret is wrong")
    call = await _ours(session, call_id=call_id, provider_id=form.get("callid"))
    decoded = elks_urls.Script.decode(script)
    now = clock.now()
    urls = elks_urls.Urls(
        _base(settings), settings.secret_key, call_id, elks_urls.expiry(now, decoded.max_seconds)
    )
    step = elks_steps.after_ivr(
        urls,
        script,
        ask_number=ask,
        wrong=wrong,
        result=form.get("result", ""),
        why=form.get("why"),
        provider_id=form.get("callid", ""),
    )
    if step.result is None:
        return Done(step.action)
    done = await _record(session, call_id=call_id, result=step.result, settings=settings)
    # The goodbye says what was done ("cancelled"): only when this key was applied (now, or
    # by the same webhook before); a key for a changed booking, or on a call given up on, is
    # answered by hanging up.
    if call.key != step.result.key or call.applied not in SAID:
        return Done(elks_steps.HANG_UP, done.effects)
    return Done(step.action, done.effects)


async def hung_up(
    session: AsyncSession,
    *,
    call_id: UUID,
    token: str,
    keys: str,
    form: Mapping[str, str],
    settings: Settings,
) -> Done[None]:
    """The call is over: its result, unless a key webhook told it first (then nothing)."""
    if not tokens.constant_time_equal(
        token, elks_urls.hangup_token(settings.secret_key, call_id, keys)
    ):
        raise WebhookRefused("this webhook's secret is wrong")
    await _ours(session, call_id=call_id, provider_id=form.get("id"))
    result = elks_steps.after_hangup(form, keys=keys, now=clock.now())
    return await _record(session, call_id=call_id, result=result, settings=settings)


async def audio(
    session: AsyncSession,
    *,
    call_id: UUID,
    expires: int,
    token: str,
    parts: str,
    settings: Settings,
) -> bytes:
    """The speech library's files an audio URL names, joined into one MP3; not found when
    the URL is wrong or has expired."""
    paths = elks_urls.audio_paths(
        settings.secret_key,
        call_id=call_id,
        expires=expires,
        token=token,
        parts=parts,
        now=clock.now(),
    )
    if paths is None:
        raise VoiceCallNotFound("no such audio, or no longer", call_id=call_id)
    files = []
    for path in paths:
        lang, prefix, key, short = elks_urls.parse_path(path)
        found = await library.audio(session, lang=lang, prefix=prefix, key=key, short_hash=short)
        if found is None:
            raise VoiceCallNotFound("no such audio", call_id=call_id)
        files.append(found)
    return elks_urls.join_mp3(files)
