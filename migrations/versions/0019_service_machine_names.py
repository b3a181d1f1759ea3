"""service machine translations: which of a service's names nobody has reviewed yet

An admin adds a service's name in a client language from a machine translation; the console
marks it for review until a person who speaks the language has checked it.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 05:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


SQLITE_RANDOM = "lower(hex(randomblob(16)))"


def _sqlite_triggers() -> None:
    """Put back the schedule-version triggers (0008) that a SQLite table copy drops."""
    for event in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS schedule_changed_services_{event}")
        op.execute(
            f"CREATE TRIGGER schedule_changed_services_{event} AFTER {event.upper()} "
            f"ON services BEGIN UPDATE schedule_versions SET token = {SQLITE_RANDOM} "
            "WHERE id = 1; END"
        )


def upgrade() -> None:
    op.add_column(
        "services",
        sa.Column("machine_translated", sa.JSON(), nullable=False, server_default="[]"),
    )
    # The default filled the rows there were; new rows get theirs from the model, as elsewhere.
    # SQLite changes a column's default only by copying the table, which drops its triggers.
    with op.batch_alter_table("services") as batch:
        batch.alter_column("machine_translated", server_default=None)
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_triggers()


def downgrade() -> None:
    with op.batch_alter_table("services") as batch:
        batch.drop_column("machine_translated")
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_triggers()
