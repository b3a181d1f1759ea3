"""What the server's logs may say: capability tokens, invitation codes and references, and
phone numbers are redacted from every line, the access log included.

A booking link (``/b/<token>``), a calendar feed (``/calendar/<token>.ics``), an invitation
(``/i/<code>`` and its ``invite=`` reference), a room pass and a voice provider's webhook or
audio URL (``/elks/...``) are each the whole authority to act; a log line that kept one would
hand it to whoever reads the logs. ``config`` is the
logging set-up ``neuvo serve`` gives uvicorn: its own, with the filter on every handler and the
application's loggers sent through the same handler.
"""

import copy
import logging
import re
from typing import Any

REDACTED = "…"
# Path segments that are themselves secrets, and query values that are.
_PATHS = re.compile(r"(/(?:b|i|calendar|record|recording)/)([^/?#\s\"]+?)(\.ics)?(?=[/?#\s\"]|$)")
# The voice provider's URLs: the secret after the call's id, or after its id and expiry.
_VOICE = re.compile(r"(/elks/(?:calls/[^/?#\s\"]+|audio/[^/?#\s\"]+/\d+)/)([^/?#\s\".]+)")
_QUERY = re.compile(r"((?:[?&])(?:invite|token|t|code)=)([^&#\s\"]+)", re.IGNORECASE)
# A phone number as people and gateways write it: an optional +, then 7 to 15 digits with
# spaces or dashes between (Finnish numbers, E.164 alike), but not an ISO date.
_PHONE = re.compile(r"(?<![\w/.:-])(?!\d{4}-\d\d-\d\d)\+?\d(?:[ -]?\d){6,14}(?![\w/:-])")


def redact(text: str) -> str:
    """``text`` with tokens, codes and phone numbers replaced by an ellipsis."""
    text = _PATHS.sub(lambda m: f"{m.group(1)}{REDACTED}{m.group(3) or ''}", text)
    text = _VOICE.sub(lambda m: f"{m.group(1)}{REDACTED}", text)
    text = _QUERY.sub(lambda m: f"{m.group(1)}{REDACTED}", text)
    return _PHONE.sub(REDACTED, text)


class Redact(logging.Filter):
    """Rewrite a record's message and its string arguments before any handler writes them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        return True


def config() -> dict[str, Any]:
    """uvicorn's logging configuration with ``Redact`` on every handler, and the root logger
    (the application's own loggers) on uvicorn's default handler."""
    from uvicorn.config import LOGGING_CONFIG

    found = copy.deepcopy(LOGGING_CONFIG)
    found.setdefault("filters", {})["redact"] = {"()": Redact}
    for handler in found["handlers"].values():
        handler["filters"] = [*handler.get("filters", []), "redact"]
    found["root"] = {"handlers": ["default"], "level": "INFO"}
    return found
