"""letter batches: letters laid out by a job and kept for download, never in the request

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 03:08:41.655043
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "letter_batches",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("requested_by", sa.Uuid(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "printing",
                "ready",
                "failed",
                name="batchstatus_value",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("letters", sa.Integer(), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("error", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["requested_by"], ["staff.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("letter_batches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_letter_batches_campaign_id"), ["campaign_id"], unique=False
        )
        batch_op.create_index("ix_letter_batches_status", ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("letter_batches", schema=None) as batch_op:
        batch_op.drop_index("ix_letter_batches_status")
        batch_op.drop_index(batch_op.f("ix_letter_batches_campaign_id"))

    op.drop_table("letter_batches")
