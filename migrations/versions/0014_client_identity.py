"""client identity: one row per person, named by their phone number (or e-mail without one)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 23:03:43.650215

Until now every operator booking with details, and every public booking whose language or
municipality differed, recorded a new client, so one person could hold several rows and
several overlapping sessions. Before the unique indexes are made, the rows of one person are
merged into their oldest: client e-mail addresses are lower-cased, and each duplicate's
bookings, busy time, audit events and interpreter wishes move to the oldest row (exclusions
are united; the oldest row's gender wish wins, else the newest duplicate's).

Where the merged person was already booked twice at once, both sessions stay booked (people
were told of them): the client busy time of the later-made booking is set inactive, so that
the exclusion constraint holds, and the migration says how many it found. Staff find them
as sessions of one client at one time.
"""

import logging
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")

clients = sa.table(
    "clients",
    sa.column("id", sa.Uuid()),
    sa.column("phone_e164", sa.String()),
    sa.column("email", sa.String()),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
bookings = sa.table(
    "bookings",
    sa.column("id", sa.Uuid()),
    sa.column("client_id", sa.Uuid()),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
busy = sa.table(
    "busy_intervals",
    sa.column("id", sa.Uuid()),
    sa.column("booking_id", sa.Uuid()),
    sa.column("person_id", sa.Uuid()),
    sa.column("role", sa.String()),
    sa.column("starts_at", sa.DateTime(timezone=True)),
    sa.column("ends_at", sa.DateTime(timezone=True)),
    sa.column("active", sa.Boolean()),
)
audit = sa.table("audit_events", sa.column("client_id", sa.Uuid()))
wishes = sa.table(
    "client_interpreter_wishes", sa.column("client_id", sa.Uuid()), sa.column("gender")
)
excluded = sa.table(
    "client_excluded_interpreters",
    sa.column("client_id", sa.Uuid()),
    sa.column("interpreter_id", sa.Uuid()),
)


def upgrade() -> None:
    connection = op.get_bind()
    connection.execute(
        clients.update()
        .where(clients.c.email.is_not(None))
        .values(email=sa.func.lower(clients.c.email))
    )
    groups = _duplicates(connection)
    overlaps = sum(_merge(connection, keeper, others) for keeper, *others in groups)
    if groups:
        log.info("merged %d people's duplicate client rows", len(groups))
    if overlaps:
        log.warning(
            "%d sessions overlap another of the same client; both stay booked, and the later "
            "one's client busy time is inactive",
            overlaps,
        )
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_index("ix_clients_phone_e164")
        batch_op.create_index("ix_clients_phone_e164", ["phone_e164"], unique=True)
        batch_op.create_index(
            "ix_clients_email_without_phone",
            ["email"],
            unique=True,
            sqlite_where=sa.text("phone_e164 IS NULL"),
            postgresql_where=sa.text("phone_e164 IS NULL"),
        )


def downgrade() -> None:
    # Merged rows stay merged: nothing tells which booking was whose.
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_index("ix_clients_email_without_phone")
        batch_op.drop_index("ix_clients_phone_e164")
        batch_op.create_index("ix_clients_phone_e164", ["phone_e164"], unique=False)


def _duplicates(connection: sa.Connection) -> list[list[Any]]:
    """Each person with more than one row: their row ids, the oldest first."""
    rows = connection.execute(
        sa.select(clients.c.id, clients.c.phone_e164, clients.c.email)
        .where(sa.or_(clients.c.phone_e164.is_not(None), clients.c.email.is_not(None)))
        .order_by(clients.c.created_at, clients.c.id)
    )
    people: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for client_id, phone, email in rows:
        people[("phone", phone) if phone else ("email", email)].append(client_id)
    return [ids for ids in people.values() if len(ids) > 1]


def _merge(connection: sa.Connection, keeper: Any, others: list[Any]) -> int:
    """Move everything of ``others`` to ``keeper`` and delete them; the overlaps found."""
    overlaps = _deactivate_overlaps(connection, [keeper, *others])
    moved = busy.c.person_id.in_(others) & (busy.c.role == "client")
    connection.execute(busy.update().where(moved).values(person_id=keeper))
    connection.execute(
        bookings.update().where(bookings.c.client_id.in_(others)).values(client_id=keeper)
    )
    connection.execute(audit.update().where(audit.c.client_id.in_(others)).values(client_id=keeper))
    has_wish = connection.scalar(sa.select(wishes.c.client_id).where(wishes.c.client_id == keeper))
    if has_wish is None:
        said = dict(
            connection.execute(
                sa.select(wishes.c.client_id, wishes.c.gender).where(wishes.c.client_id.in_(others))
            ).all()
        )
        newest = next((said[i] for i in reversed(others) if i in said), None)
        if any(i in said for i in others):
            connection.execute(wishes.insert().values(client_id=keeper, gender=newest))
    kept = set(
        connection.scalars(
            sa.select(excluded.c.interpreter_id).where(excluded.c.client_id == keeper)
        )
    )
    more = set(
        connection.scalars(
            sa.select(excluded.c.interpreter_id).where(excluded.c.client_id.in_(others))
        )
    )
    if more - kept:
        connection.execute(
            excluded.insert(),
            [{"client_id": keeper, "interpreter_id": i} for i in sorted(more - kept, key=str)],
        )
    # Their wishes and exclusions go with them (ON DELETE CASCADE).
    connection.execute(clients.delete().where(clients.c.id.in_(others)))
    return overlaps


def _deactivate_overlaps(connection: sa.Connection, ids: list[Any]) -> int:
    """Set inactive each active client interval of these rows that overlaps one of an
    earlier-made booking; the number set inactive."""
    rows = connection.execute(
        sa.select(busy.c.id, busy.c.starts_at, busy.c.ends_at)
        .join(bookings, bookings.c.id == busy.c.booking_id)
        .where(busy.c.person_id.in_(ids), busy.c.role == "client", busy.c.active.is_(True))
        .order_by(bookings.c.created_at, bookings.c.id)
    ).all()
    kept: list[tuple[Any, Any]] = []
    clash = []
    for interval_id, starts_at, ends_at in rows:
        if any(starts_at < end and start < ends_at for start, end in kept):
            clash.append(interval_id)
        else:
            kept.append((starts_at, ends_at))
    if clash:
        connection.execute(busy.update().where(busy.c.id.in_(clash)).values(active=False))
    return len(clash)
