"""Clients, for the staff who serve them; every look is written to the audit log."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response, status

from api.deps import WRITES, ActorDep, SessionDep, SettingsDep
from core import clock
from scheduling import bookings, clients, lifecycle, short_codes
from scheduling.schemas import (
    ClientCreate,
    ClientRead,
    PhoneNumber,
    StaffClientBookingRead,
)

router = APIRouter(prefix="/api/v1/clients", tags=["clients"])


@router.post(
    "",
    response_model=ClientRead,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": ClientRead, "description": "The client was recorded already"}},
)
async def create_client(
    body: ClientCreate, actor: ActorDep, session: SessionDep, response: Response
) -> ClientRead:
    """Record a client; one already recorded at the number (or e-mail) is answered with 200,
    or 409 when the caller's organisation may not see them."""
    client, new = await clients.record(session, actor=actor, data=body)
    if not new:
        response.status_code = status.HTTP_200_OK
    return ClientRead.model_validate(client)


@router.get("", response_model=list[ClientRead], dependencies=[WRITES])
async def find_clients(
    phone: Annotated[PhoneNumber, Query(description="Phone number, Finnish or international")],
    actor: ActorDep,
    session: SessionDep,
) -> list[ClientRead]:
    """Find clients by phone number (operators do this when a client calls)."""
    found = await clients.find_by_phone(session, actor=actor, phone_e164=phone)
    return [ClientRead.model_validate(client) for client in found]


@router.get("/{client_id}", response_model=ClientRead, dependencies=[WRITES])
async def get_client(client_id: UUID, actor: ActorDep, session: SessionDep) -> ClientRead:
    client = await clients.get(session, actor=actor, client_id=client_id)
    return ClientRead.model_validate(client)


@router.get(
    "/{client_id}/bookings", response_model=list[StaffClientBookingRead], dependencies=[WRITES]
)
async def coming_bookings(
    client_id: UUID, actor: ActorDep, session: SessionDep, settings: SettingsDep
) -> list[StaffClientBookingRead]:
    """A client's coming sessions with their links (the operator reads one out or sends it)."""
    found = await lifecycle.coming_for_client(
        session, actor=actor, client_id=client_id, now=clock.now()
    )
    base = settings.base_url.rstrip("/")
    return [
        StaffClientBookingRead(
            booking=shown,
            client_link=f"{base}/b/{bookings.link_token(settings.secret_key, booking)}",
            short_code=short_codes.code_of(settings.secret_key, booking),
        )
        for booking, shown in zip(found, await lifecycle.shown(session, found), strict=True)
    ]
