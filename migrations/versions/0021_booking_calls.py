"""booking calls: who called a phone session's client and how it went; interpreters' numbers

A phone session could not be called from the console: the day view now shows the client's
number, records each try (reached, no answer, wrong number) and the interpreter's number for
the advisor to conference her in.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 05:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


SQLITE_RANDOM = "lower(hex(randomblob(16)))"


def _sqlite_triggers() -> None:
    """Put back the schedule-version triggers (0008) that a SQLite table copy drops."""
    for event in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS schedule_changed_interpreter_profiles_{event}")
        op.execute(
            f"CREATE TRIGGER schedule_changed_interpreter_profiles_{event} AFTER {event.upper()} "
            f"ON interpreter_profiles BEGIN UPDATE schedule_versions SET token = {SQLITE_RANDOM} "
            "WHERE id = 1; END"
        )


def upgrade() -> None:
    op.create_table(
        "booking_calls",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("booking_id", sa.Uuid(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "reached",
                "no_answer",
                "wrong_number",
                name="calloutcome_value",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["booking_id"], ["bookings.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("booking_calls", schema=None) as batch_op:
        batch_op.create_index(
            "ix_booking_calls_booking_created", ["booking_id", "created_at"], unique=False
        )
    op.add_column(
        "interpreter_profiles",
        sa.Column("phone_e164", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    )


def downgrade() -> None:
    with op.batch_alter_table("interpreter_profiles", schema=None) as batch_op:
        batch_op.drop_column("phone_e164")
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_triggers()
    with op.batch_alter_table("booking_calls", schema=None) as batch_op:
        batch_op.drop_index("ix_booking_calls_booking_created")
    op.drop_table("booking_calls")
