"""API shapes of video: room passes, a room's session facts, the switch to the phone and the
device test."""

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from core.text import ShortText


class PassRead(BaseModel):
    room_id: UUID
    token: str  # put it in the room page's fragment (#t=), never in a query string
    role: str
    opens_at: datetime
    closes_at: datetime
    room_url: str


class EventRead(BaseModel):
    at: datetime
    kind: str
    role: str | None
    staff_id: UUID | None


class FactsRead(BaseModel):
    events: list[EventRead]
    client_joined: bool
    suggest_no_show: bool
    switched_to_phone_at: datetime | None


class SwitchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[ShortText | None, None] = None


class PassBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: Annotated[str, Field(min_length=16, max_length=200)]


class DeviceTestStart(PassBody):
    type: Literal["offer"]
    sdp: Annotated[str, Field(min_length=10, max_length=64 * 1024)]


class IceServersRead(BaseModel):
    ice_servers: list[dict]


class DeviceTestAnswer(BaseModel):
    id: str
    type: Literal["answer"] = "answer"
    sdp: str
