"""call way: the interpreter joins the client's bridged call from her own browser

Beside the interpreter Neuvo dials by phone, an interpreter may join the client's live call
from her browser: the advisor's browser answers her offer and mixes her in. Her leg is a row
of ``booking_calls`` (party "interpreter") with ``way`` "browser" (a CHECK of the values; the
rows there were are "phone") and her SDP offer in ``offer_sdp`` until it is answered.

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-06 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0036"
down_revision: str | None = "0035"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WAYS = ("phone", "browser")


def upgrade() -> None:
    with op.batch_alter_table("booking_calls", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("way", sa.String(length=32), nullable=False, server_default="phone")
        )
        batch_op.add_column(sa.Column("offer_sdp", sa.Text(), nullable=True))
    with op.batch_alter_table("booking_calls", schema=None) as batch_op:
        # The default filled the rows there were; new rows say it themselves.
        batch_op.alter_column("way", existing_type=sa.String(length=32), server_default=None)
    if op.get_bind().dialect.name == "postgresql":
        listed = ", ".join(f"'{value}'" for value in WAYS)
        op.create_check_constraint("callway_value", "booking_calls", f"way IN ({listed})")


def downgrade() -> None:
    op.execute("DELETE FROM booking_calls WHERE way = 'browser'")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("callway_value", "booking_calls", type_="check")
    with op.batch_alter_table("booking_calls", schema=None) as batch_op:
        batch_op.drop_column("offer_sdp")
        batch_op.drop_column("way")
