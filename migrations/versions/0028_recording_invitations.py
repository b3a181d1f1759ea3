"""recording invitations: someone without a staff account records a language from a link

An admin sends a capability link (one language, an expiry; only its token's hash is kept) by
e-mail and/or SMS; the takes it sends name the invitation, not a staff account, and wait for a
reviewer as every take does. The outbox's message kinds gain "recording_invitation".

Revision ID: 0028
Revises: 0025
Create Date: 2026-12-06 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from migrations import checks

revision: str = "0028"
down_revision: str | None = "0025"
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
    "callback_missed",
)
KINDS = (*KINDS_BEFORE, "recording_invitation")


def _message_kinds(new: tuple[str, ...], old: tuple[str, ...]) -> None:
    checks.replace_values("messages", "kind", "messagekind_value", new, old)


def upgrade() -> None:
    op.create_table(
        "speech_invitations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("lang", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("meaning", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["staff.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("speech_invitations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_speech_invitations_organisation_id", ["organisation_id"], unique=False
        )
    with op.batch_alter_table("speech_recordings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invitation_id", sa.Uuid(), nullable=True))
        batch_op.create_index("ix_speech_recordings_invitation_id", ["invitation_id"], unique=False)
        batch_op.create_foreign_key(
            "fk_speech_recordings_invitation_id",
            "speech_invitations",
            ["invitation_id"],
            ["id"],
            ondelete="SET NULL",
        )
    _message_kinds(KINDS, KINDS_BEFORE)


def downgrade() -> None:
    op.execute("DELETE FROM messages WHERE kind = 'recording_invitation'")
    _message_kinds(KINDS_BEFORE, KINDS)
    with op.batch_alter_table("speech_recordings", schema=None) as batch_op:
        batch_op.drop_constraint("fk_speech_recordings_invitation_id", type_="foreignkey")
        batch_op.drop_index("ix_speech_recordings_invitation_id")
        batch_op.drop_column("invitation_id")
    with op.batch_alter_table("speech_invitations", schema=None) as batch_op:
        batch_op.drop_index("ix_speech_invitations_organisation_id")
    op.drop_table("speech_invitations")
