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
    invited: str | None = None  # recorded through a recording invitation by this person


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


class InvitationCreate(BaseModel):
    lang: str
    meaning: str = "en"  # fi or en: read beside each text
    name: str
    email: str | None = None
    phone: str | None = None
    days: int = 14


class InvitationRead(BaseModel):
    id: UUID
    lang: str
    meaning: str
    name: str
    email: str | None
    phone: str | None
    expires_at: datetime
    ended_at: datetime | None
    takes: int
    link: str | None = None  # only in the answer that made it, to hand over in person


class Progress(BaseModel):
    heard: int
    total: int
    complete: bool
    next: list[str]  # "kind:key" of what to record next, the booking path's first


class Readiness(BaseModel):
    lang: str
    booking: Progress  # a non-reader can book when complete
    everything: Progress


class VolunteerItem(BaseModel):
    kind: RecordingKind
    key: str
    text: str
    meaning: str | None
    meaning_audio: str | None  # the Finnish or English file of the same prompt, to hear
    booking: bool  # on the booking path
    sent: bool  # a take is waiting or approved


class VolunteerPage(BaseModel):
    lang: str
    meaning: str
    name: str
    expires_at: datetime
    booking: Progress
    items: list[VolunteerItem]
