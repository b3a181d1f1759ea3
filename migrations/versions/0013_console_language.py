"""staff console language

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN (no batch rebuild), so the schedule triggers on staff stay in place.
    op.add_column(
        "staff",
        sa.Column("console_language", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
    )


def downgrade() -> None:
    op.drop_column("staff", "console_language")
