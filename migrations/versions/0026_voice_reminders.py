"""voice reminders: a call that speaks the reminder and takes a key; the client's choice

The outbox gains the channel "voice" (a CHECK of its values), each call of a voice message
a row in ``voice_calls`` (written before dialling, so that a worker killed mid-call never
dials again), and a booking the client's choice of how to be reminded (``bookings.reminder_by``: sms,
call, call_and_sms; empty: Neuvo's default).

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-06 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from migrations import checks

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANNELS_BEFORE = ("sms", "email")
CHANNELS = (*CHANNELS_BEFORE, "voice")
WAYS = ("sms", "call", "call_and_sms")
STATUSES = ("dialling", "placed", "ended", "interrupted", "not_placed")
EVENTS = ("answered", "digits", "no_input", "busy", "no_answer", "failed", "hung_up")
APPLIED = (
    "kept",
    "cancelled",
    "callback",
    "no_answer_given",
    "hung_up",
    "stale",
    "retry",
    "sms",
)


def _enum(name: str, values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _channels(new: tuple[str, ...], old: tuple[str, ...]) -> None:
    checks.replace_values("messages", "channel", "messagechannel_value", new, old)


def upgrade() -> None:
    _channels(CHANNELS, CHANNELS_BEFORE)
    op.add_column(
        "bookings",
        sa.Column("reminder_by", sa.String(length=32), nullable=True),
    )
    if op.get_bind().dialect.name == "postgresql":
        listed = ", ".join(f"'{value}'" for value in WAYS)
        op.create_check_constraint("reminderway_value", "bookings", f"reminder_by IN ({listed})")
    op.create_table(
        "voice_calls",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("message_id", sa.Uuid(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Uuid(), nullable=True),
        sa.Column("booking_sequence", sa.Integer(), nullable=True),
        sa.Column("gateway", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("status", _enum("callstatus_value", STATUSES), nullable=False),
        sa.Column("provider_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("outcome", _enum("callevent_value", EVENTS), nullable=True),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=1), nullable=True),
        sa.Column("wrong_keys", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("applied", _enum("keyapplied_value", APPLIED), nullable=True),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["message_id"], ["messages.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["booking_id"], ["bookings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_id", "attempt", name="uq_voice_calls_message_attempt"),
    )
    op.create_index("ix_voice_calls_booking", "voice_calls", ["booking_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_voice_calls_booking", table_name="voice_calls")
    op.drop_table("voice_calls")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("reminderway_value", "bookings", type_="check")
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_column("reminder_by")
    op.execute("DELETE FROM messages WHERE channel = 'voice'")
    _channels(CHANNELS_BEFORE, CHANNELS)
