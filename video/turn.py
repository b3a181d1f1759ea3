"""ICE servers for a participant: STUN as configured, TURN with time-limited credentials made
the coturn ``use-auth-secret`` way (the TURN REST API draft): the username is
``expiry:participant`` and the password the base64 HMAC-SHA1 of it under the shared secret."""

import base64
import hashlib
import hmac
from datetime import datetime


def credentials(secret: str, participant: str, *, now: datetime, ttl_seconds: int) -> dict:
    """A username and password that coturn with ``static-auth-secret=secret`` accepts until
    ``now + ttl_seconds``."""
    username = f"{int(now.timestamp()) + ttl_seconds}:{participant}"
    digest = hmac.new(secret.encode("utf-8"), username.encode("utf-8"), hashlib.sha1).digest()
    return {"username": username, "credential": base64.b64encode(digest).decode("ascii")}


def ice_servers(
    *,
    stun_urls: list[str],
    turn_urls: list[str],
    turn_secret: str | None,
    participant: str,
    now: datetime,
    ttl_seconds: int,
) -> list[dict]:
    """The ``iceServers`` of an ``RTCConfiguration`` for one participant. Without TURN, peers
    connect directly (host candidates), which is enough on one network."""
    servers: list[dict] = []
    if stun_urls:
        servers.append({"urls": list(stun_urls)})
    if turn_urls and turn_secret:
        servers.append(
            {
                "urls": list(turn_urls),
                **credentials(turn_secret, participant, now=now, ttl_seconds=ttl_seconds),
            }
        )
    return servers
