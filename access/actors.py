"""Who is acting: a logged-in staff member, their organisation and roles, and what that allows."""

from dataclasses import dataclass
from uuid import UUID

from access.errors import RoleRequired
from access.models import Role
from core.errors import NeuvoError


@dataclass(frozen=True, slots=True)
class Actor:
    staff_id: UUID
    organisation_id: UUID
    roles: frozenset[Role]
    is_platform_admin: bool = False

    def has(self, *roles: Role) -> bool:
        """Tell whether the actor holds any of ``roles``."""
        return bool(self.roles.intersection(roles))

    def require(self, *roles: Role) -> None:
        """Raise ``RoleRequired`` unless the actor holds one of ``roles``."""
        if not self.has(*roles):
            wanted = " or ".join(role.value for role in roles)
            raise RoleRequired(f"this needs the role {wanted}")

    def require_platform_admin(self) -> None:
        """Raise ``RoleRequired`` unless the actor administers the whole platform."""
        if not self.is_platform_admin:
            raise RoleRequired("this needs a platform administrator")

    def manages(self, organisation_id: UUID) -> bool:
        """Tell whether the actor administers ``organisation_id``."""
        return self.is_platform_admin or (
            Role.ADMIN in self.roles and organisation_id == self.organisation_id
        )

    def require_manager(self, organisation_id: UUID, *, hidden: NeuvoError) -> None:
        """Let an admin of ``organisation_id`` through; others of it get ``RoleRequired``,
        and everyone else gets ``hidden`` (a not-found error), so that nothing leaks."""
        if self.manages(organisation_id):
            return
        if self.sees(organisation_id):
            raise RoleRequired("this needs the role admin")
        raise hidden

    def sees(self, organisation_id: UUID) -> bool:
        """Tell whether records owned by ``organisation_id`` are visible to the actor."""
        return self.is_platform_admin or organisation_id == self.organisation_id
