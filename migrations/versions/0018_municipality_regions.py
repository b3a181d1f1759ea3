"""municipality regions: each municipality's region (maakunta) by code and in Swedish

The official list of municipalities ships with Neuvo (``scheduling/data``) and ``neuvo migrate``
loads it; a region is kept by its Statistics Finland code and its Finnish (``region``, as before)
and Swedish names.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 05:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_RANDOM = "lower(hex(randomblob(16)))"


def upgrade() -> None:
    op.add_column(
        "municipalities",
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
    )
    op.add_column(
        "municipalities",
        sa.Column("region_sv", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    )


def downgrade() -> None:
    with op.batch_alter_table("municipalities") as batch:
        batch.drop_column("region_sv")
        batch.drop_column("region_code")
    if op.get_bind().dialect.name == "sqlite":
        # The table copy dropped the schedule-version triggers (0008): put them back.
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS schedule_changed_municipalities_{event}")
            op.execute(
                f"CREATE TRIGGER schedule_changed_municipalities_{event} AFTER {event.upper()} "
                f"ON municipalities BEGIN UPDATE schedule_versions SET token = {SQLITE_RANDOM} "
                "WHERE id = 1; END"
            )
