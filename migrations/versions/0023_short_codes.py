"""short codes and "not sent": a code an operator reads out, and messages that never left

A booking gets an eight-digit short code (derived from the secret key and a salt, only its
keyed hash stored) that opens it on the client page; wrong tries are kept briefly per network
address. A message is ``not_sent`` when no SMS gateway (or SMTP server) is configured, instead
of ``sent``.

Revision ID: 0023
Revises: 0021
Create Date: 2026-12-06 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from migrations import checks

revision: str = "0023"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES_BEFORE = ("pending", "sending", "sent", "failed", "undeliverable", "cancelled")
STATUSES = ("pending", "sending", "sent", "not_sent", "failed", "undeliverable", "cancelled")


def _message_statuses(new: tuple[str, ...], old: tuple[str, ...]) -> None:
    checks.replace_values("messages", "status", "messagestatus_value", new, old)


def upgrade() -> None:
    op.add_column(
        "bookings",
        sa.Column("short_code_salt", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    )
    op.add_column(
        "bookings",
        sa.Column("short_code_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    )
    op.create_index("ix_bookings_short_code_hash", "bookings", ["short_code_hash"], unique=True)
    op.create_table(
        "short_code_attempts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("address_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_short_code_attempts_address_at",
        "short_code_attempts",
        ["address_hash", "created_at"],
        unique=False,
    )
    _message_statuses(STATUSES, STATUSES_BEFORE)


def downgrade() -> None:
    op.execute("UPDATE messages SET status = 'sent' WHERE status = 'not_sent'")
    _message_statuses(STATUSES_BEFORE, STATUSES)
    op.drop_index("ix_short_code_attempts_address_at", table_name="short_code_attempts")
    op.drop_table("short_code_attempts")
    op.drop_index("ix_bookings_short_code_hash", table_name="bookings")
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("short_code_hash")
        batch.drop_column("short_code_salt")
