"""API shapes of speech: the studio's list of a language, takes, coverage, spoken phrases."""

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel

from speech.models import RecordingKind, RecordingStatus


class TakeRead(BaseModel):
    id: UUID
    status: RecordingStatus
    stale: bool
    seconds: float
    recorded_by: UUID | None
    created_at: datetime
    listen: str


class StudioItem(BaseModel):
    kind: RecordingKind
    key: str
    text: str
    meaning_fi: str | None
    heard: str  # recorded | generated | none
    generated: bool
    takes: list[TakeRead]


class StudioPage(BaseModel):
    lang: str
    voice: str | None  # the espeak-ng voice of generated files, if any
    machine_translated: bool  # the prompt texts wait for a person's review
    licence: str  # what a recorder agrees to share a take under when sending it
    may_record: bool
    may_approve: bool
    items: list[StudioItem]


class RecorderLanguages(BaseModel):
    languages: list[str]


class Said(BaseModel):
    text: str
    sequence: list[str]
    missing: list[str] = []
