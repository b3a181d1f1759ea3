"""The dispatcher as a job: run by arq (``neuvo worker``) or by the API's in-process runner.

``dispatch`` sends whatever is due, whether a booking just kicked it or the periodic sweep
found it: the outbox in the database is the truth, so a Redis that lost its queue loses
nothing but a little time.
"""

from datetime import timedelta
from typing import Any

from notifications.channels import channels_from_settings
from notifications.dispatch import Dispatcher


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
        )
        ctx["dispatcher"] = found
    return found


async def dispatch(ctx: dict[str, Any]) -> int:
    """Send every message that is due; return how many were handled."""
    return await dispatcher(ctx).drain()


async def close(ctx: dict[str, Any]) -> None:
    """Let go of the dispatcher's connections, when there is one."""
    found = ctx.pop("dispatcher", None)
    if found is not None:
        await found.aclose()
