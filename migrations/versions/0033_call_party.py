"""call party: a phone session's interpreter dialled into the client's bridged call

The advisor may have Neuvo dial the session's interpreter too, a second leg beside the
client's that her browser mixes into a three-way call. Each leg is a row of ``booking_calls``;
``party`` says whom it went to ("client" or "interpreter", a CHECK of the values), so that an
interpreter's leg is never counted as a try to reach the client. The rows there were are the
client's.

Revision ID: 0033
Revises: 0026
Create Date: 2026-12-06 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0033"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PARTIES = ("client", "interpreter")


def upgrade() -> None:
    with op.batch_alter_table("booking_calls", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("party", sa.String(length=32), nullable=False, server_default="client")
        )
    with op.batch_alter_table("booking_calls", schema=None) as batch_op:
        # The default filled the rows there were; new rows say it themselves.
        batch_op.alter_column("party", existing_type=sa.String(length=32), server_default=None)
    if op.get_bind().dialect.name == "postgresql":
        listed = ", ".join(f"'{value}'" for value in PARTIES)
        op.create_check_constraint("callparty_value", "booking_calls", f"party IN ({listed})")


def downgrade() -> None:
    op.execute("DELETE FROM booking_calls WHERE party = 'interpreter'")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("callparty_value", "booking_calls", type_="check")
    with op.batch_alter_table("booking_calls", schema=None) as batch_op:
        batch_op.drop_column("party")
