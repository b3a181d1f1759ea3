"""callback requests: status "lapsed" and an index on booking_id

A reminder by a person (source "remind") that nobody gave before its session began, or whose
session was cancelled after a try, closes as "lapsed": kept, with its tries, out of the queue.
Every cancellation and move looks up its booking's reminder, and the sweep that lapses them
joins on the booking: ``callback_requests.booking_id`` gets an index.

The CHECK of ``callback_requests.status`` lists "lapsed". SQLite rebuilds the table for it and
cannot carry over the one-open-request index (an expression index it cannot reflect): it is
dropped before and made again after, as 0034 did. The plain index on booking_id is made after
the rebuild (a plain index would survive it; made after, there is nothing to survive).

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-06 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from migrations import checks

revision: str = "0035"
down_revision: str | None = "0034"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES_BEFORE = ("open", "helped", "gave_up", "booked")
STATUSES = (*STATUSES_BEFORE, "lapsed")


def _statuses(new: tuple[str, ...], old: tuple[str, ...]) -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    if sqlite:
        op.drop_index("ix_callback_requests_one_open", table_name="callback_requests")
    checks.replace_values("callback_requests", "status", "callbackstatus_value", new, old)
    if sqlite:
        # One open request per number and service; a request without a service counts as one.
        op.create_index(
            "ix_callback_requests_one_open",
            "callback_requests",
            [
                "organisation_id",
                "phone_e164",
                sa.text("coalesce(CAST(service_id AS VARCHAR(36)), '')"),
            ],
            unique=True,
            sqlite_where=sa.text("status = 'open'"),
        )


def upgrade() -> None:
    _statuses(STATUSES, STATUSES_BEFORE)
    op.create_index(
        "ix_callback_requests_booking_id", "callback_requests", ["booking_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_callback_requests_booking_id", table_name="callback_requests")
    # Before 0035 a lapsed reminder stayed open; closed it stays, as the nearest closed state.
    op.execute("UPDATE callback_requests SET status = 'gave_up' WHERE status = 'lapsed'")
    _statuses(STATUSES_BEFORE, STATUSES)
