"""interpreter kept: when the interpreter accepted, and the message telling staff of it

A booking records when its interpreter accepted (the advisor and the operator see it), and the
outbox takes the staff message "the interpreter accepted".

Revision ID: 0022
Revises: 0019
Create Date: 2026-12-06 05:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from migrations import checks

revision: str = "0022"
down_revision: str | None = "0019"
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
)
KINDS = (*KINDS_BEFORE, "interpreter_accepted")


def _message_kinds(new: tuple[str, ...], old: tuple[str, ...]) -> None:
    checks.replace_values("messages", "kind", "messagekind_value", new, old)


def upgrade() -> None:
    op.add_column(
        "bookings",
        sa.Column("interpreter_accepted_at", sa.DateTime(timezone=True), nullable=True),
    )
    _message_kinds(KINDS, KINDS_BEFORE)


def downgrade() -> None:
    op.execute("DELETE FROM messages WHERE kind = 'interpreter_accepted'")
    _message_kinds(KINDS_BEFORE, KINDS)
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_column("interpreter_accepted_at")
