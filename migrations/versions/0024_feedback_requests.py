"""feedback requests: the outbox takes the SMS that asks a client how the session went

Clients were never asked for the three faces; after a completed session one message with
the link goes out (``scheduling.feedback.ask``). The message kind is a VARCHAR with a named
CHECK of its values, so the CHECK gains "feedback".

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 05:55:00
"""

from collections.abc import Sequence

from alembic import op

from migrations import checks

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


def _message_kinds(new: tuple[str, ...], old: tuple[str, ...]) -> None:
    checks.replace_values("messages", "kind", "messagekind_value", new, old)


def upgrade() -> None:
    _message_kinds(KINDS, KINDS_BEFORE)


def downgrade() -> None:
    op.execute("DELETE FROM messages WHERE kind = 'feedback'")
    _message_kinds(KINDS_BEFORE, KINDS)
