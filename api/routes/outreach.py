"""Outreach campaigns for staff: make and list campaigns, keep their letter and SMS texts,
upload a register file (with the report of rejected rows), download a batch of letters, queue
the SMS, find a person and mark them "do not contact", read the funnel."""

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, File, Form, Query, Response, UploadFile, status

from access.models import Role
from api.deps import ActorDep, SessionDep, SettingsDep, UnitDep
from core import clock
from flows import outreach as outreach_flows
from outreach import batches, campaigns, funnel, invitations, records, wording
from outreach.models import BatchStatus, LetterBatch
from outreach.schemas import (
    CampaignCreate,
    CampaignRead,
    CampaignText,
    CampaignTextsRow,
    FunnelRow,
    ImportReport,
    LetterBatchRead,
    NewcomerFound,
    RejectedRow,
    SmsQueued,
)

router = APIRouter(prefix="/api/v1/campaigns", tags=["outreach"])


@router.post("", response_model=CampaignRead, status_code=status.HTTP_201_CREATED)
async def create_campaign(
    body: CampaignCreate, actor: ActorDep, session: SessionDep
) -> CampaignRead:
    """A campaign of the caller's organisation (admins)."""
    campaign = await campaigns.create(
        session, actor=actor, organisation_id=actor.organisation_id, data=body
    )
    return CampaignRead.model_validate(campaign)


@router.get("", response_model=list[CampaignRead])
async def list_campaigns(actor: ActorDep, session: SessionDep) -> list[CampaignRead]:
    found = await campaigns.list_for(session, actor=actor)
    return [CampaignRead.model_validate(campaign) for campaign in found]


@router.post("/{campaign_id}/imports", response_model=ImportReport)
async def upload(
    campaign_id: UUID,
    actor: ActorDep,
    session: SessionDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File()],
    mapping: Annotated[str | None, Form()] = None,
) -> ImportReport:
    """Import a register CSV file; the answer lists the rows left out, by line and reason."""
    report = await outreach_flows.import_register(
        session,
        actor=actor,
        campaign_id=campaign_id,
        data=await file.read(records.MAX_BYTES + 1),
        mapping=mapping,
        settings=settings,
    )
    return ImportReport(
        rows=report.rows,
        imported=report.imported,
        rejected=[RejectedRow(line=row.line, reason=row.reason) for row in report.rejected],
    )


def _batch(batch: LetterBatch) -> LetterBatchRead:
    view = LetterBatchRead.model_validate(batch)
    if batch.status == BatchStatus.READY:
        view.download = f"/api/v1/campaigns/{batch.campaign_id}/letters/{batch.id}/pdf"
    return view


@router.post(
    "/{campaign_id}/letters", response_model=LetterBatchRead, status_code=status.HTTP_202_ACCEPTED
)
async def letter_batch(campaign_id: UUID, actor: ActorDep, uow: UnitDep) -> LetterBatchRead:
    """Ask for the letters not yet printed: a batch, laid out by a job (never in this request);
    ask again while one is on its way and that one is answered. Poll it for its download."""
    done = await outreach_flows.print_letters(uow.session, actor=actor, campaign_id=campaign_id)
    return _batch(uow.after(done))


@router.get("/{campaign_id}/letters/{batch_id}", response_model=LetterBatchRead)
async def letter_batch_status(
    campaign_id: UUID, batch_id: UUID, actor: ActorDep, session: SessionDep
) -> LetterBatchRead:
    """How the batch goes: queued, printing (with its number of letters), ready, failed."""
    batch = await outreach_flows.letter_batch(
        session, actor=actor, campaign_id=campaign_id, batch_id=batch_id
    )
    return _batch(batch)


@router.get("/{campaign_id}/letters/{batch_id}/pdf", response_class=Response)
async def letter_batch_pdf(
    campaign_id: UUID, batch_id: UUID, actor: ActorDep, session: SessionDep
) -> Response:
    """The batch's letters, one PDF for the printer (409 until it is ready)."""
    batch = await outreach_flows.letter_batch(
        session, actor=actor, campaign_id=campaign_id, batch_id=batch_id
    )
    return Response(
        batches.pdf(batch),
        media_type="application/pdf",
        headers={
            # No file name: the console's link names it for the campaign (letters-Talvi.pdf).
            "Content-Disposition": "attachment",
            "X-Letter-Count": str(batch.letters or 0),
            "Cache-Control": "no-store",
        },
    )


@router.post("/{campaign_id}/sms", response_model=SmsQueued)
async def queue_sms(
    campaign_id: UUID, actor: ActorDep, uow: UnitDep, settings: SettingsDep
) -> SmsQueued:
    """Put the invitation SMS into the outbox (once per person, outside quiet hours)."""
    done = await outreach_flows.queue_sms(
        uow.session, actor=actor, campaign_id=campaign_id, zone=settings.timezone
    )
    return SmsQueued(queued=uow.after(done))


Kind = Literal["letter", "sms"]


@router.get("/{campaign_id}/texts", response_model=list[CampaignTextsRow])
async def read_texts(
    campaign_id: UUID, actor: ActorDep, session: SessionDep
) -> list[CampaignTextsRow]:
    """Per language, the letter body and SMS a newcomer gets: the campaign's own or the default."""
    campaign = await campaigns.get(session, actor=actor, campaign_id=campaign_id)
    return [CampaignTextsRow.model_validate(row) for row in wording.listing(campaign)]


@router.put("/{campaign_id}/texts/{kind}/{language}", response_model=list[CampaignTextsRow])
async def replace_text(
    campaign_id: UUID,
    kind: Kind,
    language: str,
    body: CampaignText,
    actor: ActorDep,
    session: SessionDep,
) -> list[CampaignTextsRow]:
    """The campaign's own letter body or SMS in one language (admins); ``reviewed`` says a
    person who speaks the language has checked it."""
    campaign = await campaigns.get(session, actor=actor, campaign_id=campaign_id)
    await wording.replace(
        session, actor=actor, campaign=campaign, kind=kind, language=language, data=body
    )
    return [CampaignTextsRow.model_validate(row) for row in wording.listing(campaign)]


@router.delete("/{campaign_id}/texts/{kind}/{language}", response_model=list[CampaignTextsRow])
async def reset_text(
    campaign_id: UUID, kind: Kind, language: str, actor: ActorDep, session: SessionDep
) -> list[CampaignTextsRow]:
    """Back to the default text in that language (admins)."""
    campaign = await campaigns.get(session, actor=actor, campaign_id=campaign_id)
    await wording.reset(session, actor=actor, campaign=campaign, kind=kind, language=language)
    return [CampaignTextsRow.model_validate(row) for row in wording.listing(campaign)]


@router.get("/{campaign_id}/newcomers", response_model=list[NewcomerFound])
async def find_newcomers(
    campaign_id: UUID,
    actor: ActorDep,
    session: SessionDep,
    q: Annotated[str, Query(min_length=2, max_length=100)],
) -> list[NewcomerFound]:
    """Newcomers whose phone number is ``q`` or whose names contain it (admins and
    operators, who take the call of a person asking not to be contacted); the search is in
    the audit log, its words are not."""
    found = await outreach_flows.find_newcomers(
        session, actor=actor, campaign_id=campaign_id, query=q
    )
    return [
        NewcomerFound(
            id=n.id,
            first_names=n.first_names,
            last_name=n.last_name,
            postcode=n.postcode,
            language=n.language,
            letter_printed=n.letter_printed_at is not None,
            opened=n.opened_at is not None,
            booked=n.booked_at is not None,
        )
        for n in found
    ]


@router.post("/{campaign_id}/newcomers/{newcomer_id}/do-not-contact", status_code=204)
async def do_not_contact(
    campaign_id: UUID, newcomer_id: UUID, actor: ActorDep, session: SessionDep
) -> Response:
    """The person asked never to be contacted: their data goes, and no file brings them back."""
    campaign = await campaigns.get(session, actor=actor, campaign_id=campaign_id)
    await invitations.do_not_contact(
        session, campaign=campaign, newcomer_id=newcomer_id, now=clock.now()
    )
    return Response(status_code=204)


async def _funnel(session, actor, campaign_id: UUID) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    campaign = await campaigns.get(session, actor=actor, campaign_id=campaign_id)
    rows = await funnel.counts(session, campaign=campaign)
    # Small counts could point at a person: only the organisation's own admins see them.
    return (
        rows
        if actor.has(Role.ADMIN) and actor.organisation_id == campaign.organisation_id
        else funnel.suppress(rows)
    )


@router.get("/{campaign_id}/funnel", response_model=list[FunnelRow])
async def read_funnel(campaign_id: UUID, actor: ActorDep, session: SessionDep) -> list[FunnelRow]:
    return [FunnelRow.model_validate(row) for row in await _funnel(session, actor, campaign_id)]


@router.get("/{campaign_id}/funnel.csv", response_class=Response)
async def funnel_csv(campaign_id: UUID, actor: ActorDep, session: SessionDep) -> Response:
    rows = await _funnel(session, actor, campaign_id)
    return Response(
        funnel.to_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="funnel-{campaign_id}.csv"'},
    )
