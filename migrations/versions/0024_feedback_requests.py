"""feedback requests: the outbox takes the SMS that asks a client how the session went

Clients were never asked for the three faces; after a completed session one message with
the link goes out (``scheduling.feedback.ask``). The message kind is a VARCHAR with a named
CHECK of its values, so the CHECK gains "feedback".

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 05:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
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
)
KINDS = (*KINDS_BEFORE, "feedback")


def _kind(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(
        *values, name="messagekind_value", native_enum=False, create_constraint=True, length=32
    )


def _message_kinds(new: tuple[str, ...], old: tuple[str, ...]) -> None:
    # Replace the CHECK (SQLite rebuilds the table in batch mode, and ``messages`` has no
    # triggers to put back; PostgreSQL drops and adds the constraint).
    if op.get_context().dialect.name == "postgresql":
        op.drop_constraint("messagekind_value", "messages", type_="check")
        listed = ", ".join(f"'{value}'" for value in new)
        op.create_check_constraint("messagekind_value", "messages", f"kind IN ({listed})")
        return
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.alter_column(
            "kind", existing_type=_kind(old), type_=_kind(new), existing_nullable=False
        )


def upgrade() -> None:
    _message_kinds(KINDS, KINDS_BEFORE)


def downgrade() -> None:
    op.execute("DELETE FROM messages WHERE kind = 'feedback'")
    _message_kinds(KINDS_BEFORE, KINDS)
