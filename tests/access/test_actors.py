"""What an actor's roles and organisation allow (pure rules, no database)."""

from uuid import uuid4

import pytest

from access import errors
from access.actors import Actor
from access.models import Role

HOME, OTHER = uuid4(), uuid4()


def _actor(*roles: Role, platform: bool = False) -> Actor:
    return Actor(
        staff_id=uuid4(), organisation_id=HOME, roles=frozenset(roles), is_platform_admin=platform
    )


def test_require_names_the_missing_roles() -> None:
    with pytest.raises(errors.RoleRequired, match="operator or admin"):
        _actor(Role.ADVISOR).require(Role.OPERATOR, Role.ADMIN)
    _actor(Role.ADMIN).require(Role.OPERATOR, Role.ADMIN)


def test_an_admin_manages_only_their_own_organisation() -> None:
    admin = _actor(Role.ADMIN)
    assert admin.manages(HOME) and not admin.manages(OTHER)
    assert _actor(platform=True).manages(OTHER)


def test_require_manager_hides_other_organisations_and_refuses_own_non_admins() -> None:
    hidden = errors.OrganisationNotFound("no such organisation")
    with pytest.raises(errors.OrganisationNotFound):
        _actor(Role.ADMIN).require_manager(OTHER, hidden=hidden)
    with pytest.raises(errors.RoleRequired):
        _actor(Role.ADVISOR).require_manager(HOME, hidden=hidden)
    _actor(Role.ADMIN).require_manager(HOME, hidden=hidden)


def test_only_platform_admins_see_every_organisation() -> None:
    assert _actor(Role.OPERATOR).sees(HOME) and not _actor(Role.OPERATOR).sees(OTHER)
    assert _actor(platform=True).sees(OTHER)
    with pytest.raises(errors.RoleRequired):
        _actor(Role.ADMIN).require_platform_admin()
