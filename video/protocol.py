"""The signalling protocol: every message a browser may send, as a pydantic discriminated
union on ``type``, and the close codes the server ends a connection with.

Browser to server: join, offer, answer, candidate, leave, admit, mute, ping.
Server to browser: welcome, peer_joined, peer_left, waiting, admitted, room_closed, error,
pong, and the relayed offer, answer, candidate and mute (with ``from`` instead of ``to``).
"""

from enum import IntEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

MAX_MESSAGE_BYTES = 64 * 1024
PEER_ID = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]


class Close(IntEnum):
    """Close codes (RFC 6455 leaves 4000–4999 to applications), each with a plain reason."""

    NORMAL = 1000
    GOING_AWAY = 1001
    TOO_BIG = 1009
    ROOM_CLOSED = 4000
    BAD_MESSAGE = 4400
    UNAUTHORISED = 4401
    FORBIDDEN = 4403
    JOIN_TIMEOUT = 4408
    ROOM_FULL = 4409
    OUTSIDE_WINDOW = 4410
    REPLACED = 4411
    FLOOD = 4429


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Join(_Message):
    type: Literal["join"]
    token: str = Field(min_length=16, max_length=200)
    audio_only: bool = False


class SessionDescription(_Message):
    to: PEER_ID
    sdp: str = Field(min_length=1, max_length=MAX_MESSAGE_BYTES)


class Offer(SessionDescription):
    type: Literal["offer"]


class Answer(SessionDescription):
    type: Literal["answer"]


class IceCandidate(_Message):
    """An RTCIceCandidateInit, with the browser's own field names."""

    candidate: str = Field(max_length=2000)
    sdpMid: str | None = Field(default=None, max_length=64)
    sdpMLineIndex: int | None = Field(default=None, ge=0, le=64)
    usernameFragment: str | None = Field(default=None, max_length=256)


class Candidate(_Message):
    type: Literal["candidate"]
    to: PEER_ID
    candidate: IceCandidate | None  # None: this peer has no more candidates


class Leave(_Message):
    type: Literal["leave"]


class Admit(_Message):
    type: Literal["admit"]
    peer: PEER_ID


class Mute(_Message):
    type: Literal["mute"]
    audio: bool
    video: bool


class Ping(_Message):
    type: Literal["ping"]


Message = Join | Offer | Answer | Candidate | Leave | Admit | Mute | Ping
INCOMING: TypeAdapter[Message] = TypeAdapter(Annotated[Message, Field(discriminator="type")])


def parse(raw: str | bytes) -> Message:
    """Validate one message; raises ``pydantic.ValidationError`` for bad JSON or shape."""
    return INCOMING.validate_json(raw)
