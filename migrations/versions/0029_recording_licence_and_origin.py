"""recordings: the licence the recorder agreed to, and where an imported recording came from

A take recorded in the studio carries the licence its recorder agreed to (CC BY 4.0 unless the
installation states another); a language pack shares only takes with one. A take imported from
another installation's pack keeps who recorded and approved it there (the licence's credit) and
which installation's key signed the pack.

Revision ID: 0029
Revises: 0027
Create Date: 2026-12-06 08:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("licence", "recorded_by_name", "approved_by_name", "origin")


def upgrade() -> None:
    with op.batch_alter_table("speech_recordings") as batch:
        batch.add_column(sa.Column("licence", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("recorded_by_name", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("approved_by_name", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("origin", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("speech_recordings") as batch:
        for column in reversed(COLUMNS):
            batch.drop_column(column)
