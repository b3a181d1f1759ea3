"""slot step of a service, and a log of whose busy time changed

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 22:50:51.969259

``services.slot_step_minutes``: slots start every this many minutes (none: duration plus
buffer, as before).

``busy_changes``: every statement that writes busy time logs the staff members it touched,
in the writer's own transaction, so that ``scheduling.busy`` can keep busy time in memory and
read again only the people changed since its copy. On PostgreSQL a row carries its
transaction's id (``pg_current_xact_id``): a reader remembers its snapshot's ``xmin`` (every
transaction below it had ended when the copy was read) and next asks for the rows at or above
it, which hold every change it could not have seen, whatever order transactions commit in.
The triggers only insert (no row is locked, so bookings never queue on the log). On SQLite,
whose writers are serialised, the ``id`` (AUTOINCREMENT: never reused, even after pruning)
follows commit order, and a reader asks for the rows after the last it saw.

``busy_clocks``: the database's busy-time epoch (random, so two databases never share a copy;
a new one when busy_intervals is truncated) and the point below which the log was pruned.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POSTGRES_RANDOM = "gen_random_uuid()::text"
SQLITE_RANDOM = "lower(hex(randomblob(16)))"
# Transition tables allow one event per trigger: one trigger for each.
POSTGRES_EVENTS = (("insert", "NEW"), ("update", "NEW"), ("delete", "OLD"))
SQLITE_EVENTS = (("insert", "NEW"), ("update", "NEW"), ("delete", "OLD"))


def upgrade() -> None:
    op.add_column("services", sa.Column("slot_step_minutes", sa.Integer(), nullable=True))
    op.create_table(
        "busy_changes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("xid", sa.BigInteger(), nullable=True),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_busy_changes_xid"), "busy_changes", ["xid"], unique=False)
    op.create_table(
        "busy_clocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("epoch", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("pruned_below", sa.BigInteger(), nullable=False),
        sa.Column("prune_mark", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    random = POSTGRES_RANDOM if postgres else SQLITE_RANDOM
    op.execute(
        f"INSERT INTO busy_clocks (id, epoch, pruned_below, prune_mark) VALUES (1, {random}, 0, 0)"
    )
    if postgres:
        op.execute(
            "CREATE FUNCTION neuvo_busy_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN INSERT INTO busy_changes (xid, person_id) "
            "SELECT DISTINCT pg_current_xact_id()::text::bigint, person_id FROM changed "
            "WHERE role <> 'client'; RETURN NULL; END $$"
        )
        for event, table in POSTGRES_EVENTS:
            op.execute(
                f"CREATE TRIGGER busy_changed_{event} AFTER {event.upper()} ON busy_intervals "
                f"REFERENCING {table} TABLE AS changed FOR EACH STATEMENT "
                "EXECUTE FUNCTION neuvo_busy_changed()"
            )
        op.execute(
            "CREATE FUNCTION neuvo_busy_truncated() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN UPDATE busy_clocks SET epoch = {POSTGRES_RANDOM} WHERE id = 1; "
            "RETURN NULL; END $$"
        )
        op.execute(
            "CREATE TRIGGER busy_truncated AFTER TRUNCATE ON busy_intervals "
            "FOR EACH STATEMENT EXECUTE FUNCTION neuvo_busy_truncated()"
        )
        return
    for event, row in SQLITE_EVENTS:
        op.execute(
            f"CREATE TRIGGER busy_changed_{event} AFTER {event.upper()} ON busy_intervals "
            f"WHEN {row}.role <> 'client' BEGIN INSERT INTO busy_changes (person_id) "
            f"VALUES ({row}.person_id); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for event, _ in POSTGRES_EVENTS:
            op.execute(f"DROP TRIGGER busy_changed_{event} ON busy_intervals")
        op.execute("DROP TRIGGER busy_truncated ON busy_intervals")
        op.execute("DROP FUNCTION neuvo_busy_changed()")
        op.execute("DROP FUNCTION neuvo_busy_truncated()")
    else:
        for event, _ in SQLITE_EVENTS:
            op.execute(f"DROP TRIGGER busy_changed_{event}")
    op.drop_table("busy_clocks")
    op.drop_index(op.f("ix_busy_changes_xid"), table_name="busy_changes")
    op.drop_table("busy_changes")
    # Not in batch mode: a rebuilt services table would lose its triggers (0008).
    op.drop_column("services", "slot_step_minutes")
