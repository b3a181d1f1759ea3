"""The dispatcher as a job: run by arq (``neuvo worker``) or by the API's in-process runner.

``dispatch`` sends whatever is due, whether a booking just kicked it or the periodic sweep
found it: the outbox in the database is the truth, so a Redis that lost its queue loses
nothing but a little time.
"""

from datetime import timedelta
from typing import Any

from core.config import Settings
from notifications.channels import channels_from_settings
from notifications.dispatch import Dispatcher
from notifications.telephony.channel import VoiceChannel
from notifications.telephony.elks import ElksGateway
from notifications.telephony.gateway import VoiceGateway
from notifications.telephony.sip import SipGateway


def dispatcher(ctx: dict[str, Any]) -> Dispatcher:
    """The dispatcher of this worker (made once, kept in ``ctx``)."""
    found = ctx.get("dispatcher")
    if found is None:
        settings = ctx["settings"]
        found = Dispatcher(
            sessions=ctx["sessions"],
            channels=channels_from_settings(settings),
            base_url=settings.base_url,
            secret=settings.secret_key,
            lease=timedelta(seconds=settings.message_lease_seconds),
            voice=voice_channel(ctx),
        )
        ctx["dispatcher"] = found
    return found


def voice_gateway(settings: Settings) -> VoiceGateway | None:
    """The telephone connection ``NEUVO_VOICE_GATEWAY`` names: "http", the HTTP voice API
    (46elks's shapes); "sip" (or unset, with ``SIP_ACCOUNT``), SIP; else none."""
    if not settings.voice_calls:
        return None
    if settings.voice_gateway == "http":
        return ElksGateway(settings)
    return SipGateway.from_settings(settings)


def voice_channel(ctx: dict[str, Any]) -> VoiceChannel | None:
    """The calls' channel when a telephone connection is configured (``voice_gateway``) and
    the worker can report a call's result (``ctx["voice_report"]``, given by ``api``)."""
    settings = ctx["settings"]
    report = ctx.get("voice_report")
    gateway = voice_gateway(settings) if report is not None else None
    if gateway is None:
        return None
    return VoiceChannel(
        gateway=gateway,
        sessions=ctx["sessions"],
        report=report,
        key_seconds=settings.voice_key_seconds,
        ring_seconds=settings.voice_ring_seconds,
    )


async def dispatch(ctx: dict[str, Any]) -> int:
    """Send every message that is due; return how many were handled."""
    return await dispatcher(ctx).drain()


async def close(ctx: dict[str, Any]) -> None:
    """Let go of the dispatcher's connections, when there is one."""
    found = ctx.pop("dispatcher", None)
    if found is not None:
        await found.aclose()
