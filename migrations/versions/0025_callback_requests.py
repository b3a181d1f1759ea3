"""callback requests: a client's "call me" and the operators' queue; the SMS after three tries

Clients who cannot read (or whose language is not recorded yet) had only "call us". A request
keeps the number and the language (nothing else of the person), where it came from, its tries
and how it ended. One open request per number and service (none counts as one) is a partial
unique index. The outbox gains the kind "callback_missed": the one SMS with the
organisation's number after three unanswered tries.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06 08:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from migrations import checks

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS_BEFORE = (
    "confirmation",
    "reminder",
    "moved",
    "cancelled",
    "interpreter_offer",
    "offer_withdrawn",
    "invitation",
    "interpreter_accepted",
    "staff_welcome",
    "password_reset",
    "feedback",
)
KINDS = (*KINDS_BEFORE, "callback_missed")


def _values(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _message_kinds(new: tuple[str, ...], old: tuple[str, ...]) -> None:
    checks.replace_values("messages", "kind", "messagekind_value", new, old)


def upgrade() -> None:
    op.create_table(
        "callback_requests",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("service_id", sa.Uuid(), nullable=True),
        sa.Column("booking_id", sa.Uuid(), nullable=True),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("phone_e164", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("topic", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column(
            "source",
            _values(
                "callbacksource_value", "client_page", "booking_link", "reminder_call", "no_answer"
            ),
            nullable=False,
        ),
        sa.Column("source_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column(
            "status",
            _values("callbackstatus_value", "open", "helped", "gave_up", "booked"),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "outcome",
            _values("callbackoutcome_value", "helped", "no_answer", "booked"),
            nullable=True,
        ),
        sa.Column("closed_by_staff_id", sa.Uuid(), nullable=True),
        sa.Column("booked_booking_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["booking_id"], ["bookings.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["closed_by_staff_id"], ["staff.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["booked_booking_id"], ["bookings.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("callback_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_callback_requests_organisation_status",
            ["organisation_id", "status"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_callback_requests_source_hash"), ["source_hash"], unique=False
        )
    # One open request per number and service; a request without a service counts as one.
    op.create_index(
        "ix_callback_requests_one_open",
        "callback_requests",
        [
            "organisation_id",
            "phone_e164",
            sa.text("coalesce(CAST(service_id AS VARCHAR(36)), '')"),
        ],
        unique=True,
        sqlite_where=sa.text("status = 'open'"),
        postgresql_where=sa.text("status = 'open'"),
    )
    _message_kinds(KINDS, KINDS_BEFORE)


def downgrade() -> None:
    op.execute("DELETE FROM messages WHERE kind = 'callback_missed'")
    _message_kinds(KINDS_BEFORE, KINDS)
    op.drop_index("ix_callback_requests_one_open", table_name="callback_requests")
    with op.batch_alter_table("callback_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_callback_requests_source_hash"))
        batch_op.drop_index("ix_callback_requests_organisation_status")
    op.drop_table("callback_requests")
