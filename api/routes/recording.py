"""Community recording: an admin's recording invitations (``/api/v1/speech/invitations``),
the coverage of each language (a non-reader can book; everything heard), and the volunteer's
page behind an invitation's link (``/record/{token}``) with its API: what to record, and each
take as the request body (checked and normalised in the sandbox, as the studio's are)."""

from uuid import UUID

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from api import assets, headers, limits
from api.deps import ActorDep, SessionDep, SettingsDep, UnitDep
from core import clock
from flows import prompts, recording
from speech import audio, invitations
from speech.errors import AudioRejected
from speech.models import RecordingKind
from speech.schemas import InvitationCreate, InvitationRead, Readiness, VolunteerPage

router = APIRouter(tags=["community recording"])


@router.get("/api/v1/speech/readiness", response_model=list[Readiness])
async def readiness(actor: ActorDep, session: SessionDep) -> list[Readiness]:
    """Per language: how close it is to "a non-reader can book" and to "everything heard",
    with what to record next."""
    return await prompts.readiness(session)


@router.get("/api/v1/speech/invitations", response_model=list[InvitationRead])
async def listed(actor: ActorDep, session: SessionDep) -> list[InvitationRead]:
    """My organisation's recording invitations, newest first (admins)."""
    found = await invitations.listed(session, actor=actor)
    return [recording.read(row, takes) for row, takes in found]


@router.post("/api/v1/speech/invitations", response_model=InvitationRead, status_code=201)
async def invite(
    body: InvitationCreate, actor: ActorDep, uow: UnitDep, settings: SettingsDep
) -> InvitationRead:
    """Invite someone without a staff account to record one language, by e-mail and/or SMS;
    the answer shows the link once (to hand over in person too)."""
    done = await recording.invite(uow.session, actor=actor, data=body, settings=settings)
    return uow.after(done)


@router.post("/api/v1/speech/invitations/{invitation_id}/end", response_model=InvitationRead)
async def end(invitation_id: UUID, actor: ActorDep, session: SessionDep) -> InvitationRead:
    """End an invitation now: its link stops working (an admin of its organisation)."""
    ended = await invitations.end(
        session, actor=actor, invitation_id=invitation_id, now=clock.now()
    )
    return recording.read(ended, 0)


@router.get("/record/{token}", include_in_schema=False)
async def volunteer_page(token: str, request: Request) -> Response:
    """The volunteer's page; its script asks the API what the link is."""
    return assets.page(request, "record.html", headers.PRIVATE)


@router.get("/api/v1/recording/{token}", response_model=VolunteerPage)
async def volunteer(token: str, session: SessionDep) -> Response:
    """What the link's holder records, the booking path's first; an expired or ended link is
    410 with the invitation's language (the page says it in that language)."""
    found = await recording.page(session, token=token)
    return JSONResponse(found.model_dump(mode="json"), headers=headers.PRIVATE)


@router.post("/api/v1/recording/{token}/{lang}/{kind}/{key}", status_code=201)
async def take(
    token: str, lang: str, kind: RecordingKind, key: str, request: Request, session: SessionDep
) -> Response:
    """A take through the link (the audio file is the body), in the invitation's language
    only; waiting for a reviewer of that language."""
    data = await limits.read_upload(request, limit=audio.MAX_BYTES, refused=_too_large)
    made = await recording.record(session, token=token, lang=lang, kind=kind, key=key, data=data)
    answer = {"id": str(made.id), "status": made.status.value, "seconds": made.seconds}
    return JSONResponse(answer, status_code=201, headers=headers.PRIVATE)


def _too_large() -> AudioRejected:
    return AudioRejected(f"the file is larger than {audio.MAX_BYTES} bytes", field="audio")
