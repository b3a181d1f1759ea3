"""speech reviewers: who approves what every client of a language hears, named by the platform

Until now any organisation's admin, or any recorder of the language, approved takes that every
organisation's clients then heard. Approval now needs a platform admin or a reviewer of the
language named by one; no one is named by this migration (platform admins name them).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 03:23:11.719612
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "speech_reviewers",
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("lang", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("named_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["named_by"], ["staff.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("staff_id", "lang"),
    )


def downgrade() -> None:
    op.drop_table("speech_reviewers")
