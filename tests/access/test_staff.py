"""Staff accounts: a platform administrator adds staff only to an organisation that exists."""

from uuid import uuid4

import pytest
from sqlalchemy import func, select

from access import errors, staff
from access.actors import Actor
from access.models import Role, StaffMember
from access.schemas import StaffCreate
from tests import factories


async def _platform_admin(session, organisation_id) -> Actor:
    person = await factories.person(session, organisation_id, Role.ADMIN, platform_admin=True)
    return Actor(
        staff_id=person.id,
        organisation_id=organisation_id,
        roles=frozenset({Role.ADMIN}),
        is_platform_admin=True,
    )


def _body(organisation_id) -> StaffCreate:
    return StaffCreate(
        email=f"{uuid4().hex[:8]}@example.fi",
        display_name="Uusi Neuvoja",
        roles=[Role.ADVISOR],
        organisation_id=organisation_id,
    )


async def test_platform_admin_adds_staff_to_another_existing_organisation(session) -> None:
    home = await factories.organisation(session, "Kotikunta")
    other = await factories.organisation(session, "Naapurikunta")
    actor = await _platform_admin(session, home.id)
    view = await staff.create(session, actor=actor, data=_body(other.id))
    assert view.member.organisation_id == other.id


async def test_staff_for_an_organisation_that_does_not_exist_is_not_found(session) -> None:
    home = await factories.organisation(session, "Kotikunta")
    actor = await _platform_admin(session, home.id)
    before = await session.scalar(select(func.count()).select_from(StaffMember))
    with pytest.raises(errors.OrganisationNotFound):
        await staff.create(session, actor=actor, data=_body(uuid4()))
    assert await session.scalar(select(func.count()).select_from(StaffMember)) == before
