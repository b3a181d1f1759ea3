"""organisation logos: the image printed on an organisation's letters

A platform admin could give an organisation its name, number and opening hours, but its
letters went out without the logo people know it by. The image is a table of its own, so that
listing organisations never reads it; ``logo_updated_at`` says whether there is one.

Revision ID: 0032
Revises: 0024
Create Date: 2026-12-06 08:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0032"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "organisations", sa.Column("logo_updated_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_table(
        "organisation_logos",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("png", sa.LargeBinary(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("organisation_id"),
    )


def downgrade() -> None:
    op.drop_table("organisation_logos")
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("logo_updated_at")
