"""bridged calls: a phone session's client dialled by Neuvo through its SIP connection

A try to call the client may now be placed by Neuvo itself (Janus's SIP plugin, the advisor's
browser connected): ``booking_calls`` keeps when it was answered and ended, the last SIP code,
the Janus session and handle while it lasts, and the SDP answer the browser has yet to take.
Its outcome is known only at the end, so ``outcome`` may be empty while the call goes on.

Revision ID: 0027
Revises: 0032
Create Date: 2026-12-06 09:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OUTCOME = sa.Enum(
    "reached",
    "no_answer",
    "wrong_number",
    name="calloutcome_value",
    native_enum=False,
    create_constraint=True,
    length=32,
)


def upgrade() -> None:
    with op.batch_alter_table("booking_calls", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("bridged", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("sip_code", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("janus_session", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("janus_handle", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("answer_sdp", sa.Text(), nullable=True))
        batch_op.alter_column("outcome", existing_type=OUTCOME, nullable=True)
    with op.batch_alter_table("booking_calls", schema=None) as batch_op:
        # The default filled the rows there were; new rows say it themselves.
        batch_op.alter_column("bridged", existing_type=sa.Boolean(), server_default=None)


def downgrade() -> None:
    # A call still going on has no outcome: it counts as unanswered once the column is needed.
    op.execute("UPDATE booking_calls SET outcome = 'no_answer' WHERE outcome IS NULL")
    with op.batch_alter_table("booking_calls", schema=None) as batch_op:
        batch_op.alter_column("outcome", existing_type=OUTCOME, nullable=False)
        for column in (
            "answer_sdp",
            "janus_handle",
            "janus_session",
            "sip_code",
            "ended_at",
            "answered_at",
            "bridged",
        ):
            batch_op.drop_column(column)
