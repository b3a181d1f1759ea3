"""organisation contact: what a client is given (names in fi/sv/en, phone number, opening hours)

Clients were told "call us" with no number anywhere; an organisation now has a public phone
number and opening hours, and its name in Finnish, Swedish and English.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 05:25:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


SQLITE_RANDOM = "lower(hex(randomblob(16)))"


def _sqlite_triggers() -> None:
    """Put back the schedule-version triggers (0008) that a SQLite table copy drops."""
    for event in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS schedule_changed_organisations_{event}")
        op.execute(
            f"CREATE TRIGGER schedule_changed_organisations_{event} AFTER {event.upper()} "
            f"ON organisations BEGIN UPDATE schedule_versions SET token = {SQLITE_RANDOM} "
            "WHERE id = 1; END"
        )


def upgrade() -> None:
    op.add_column(
        "organisations", sa.Column("names", sa.JSON(), nullable=False, server_default="{}")
    )
    op.add_column(
        "organisations",
        sa.Column("phone_e164", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    )
    op.add_column(
        "organisations", sa.Column("opening_hours", sa.JSON(), nullable=False, server_default="{}")
    )
    # The defaults filled the rows there were; new rows get theirs from the model, as elsewhere.
    # SQLite changes a column's default only by copying the table, which drops its triggers.
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("organisations") as batch:
        batch.alter_column("names", server_default=None)
        batch.alter_column("opening_hours", server_default=None)
    if sqlite:
        _sqlite_triggers()


def downgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("opening_hours")
        batch.drop_column("phone_e164")
        batch.drop_column("names")
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_triggers()
