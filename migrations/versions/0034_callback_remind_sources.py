"""callback sources "remind" and "reminder_changed": operators remind by a person

A client who is to be reminded by a call that cannot be placed (a part without audio in the
language, or no telephone connection) gets the SMS and a call-back request of the source
"remind"; a key pressed on a call for a booking that changed meanwhile opens one of the source
"reminder_changed". The CHECK of ``callback_requests.source`` lists both. SQLite rebuilds the
table for it and cannot carry over the one-open-request index (an expression index it cannot
reflect): it is dropped before and made again after, as 0025 made it.

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-06 12:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from migrations import checks

revision: str = "0034"
down_revision: str | None = "0033"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SOURCES_BEFORE = ("client_page", "booking_link", "reminder_call", "no_answer")
SOURCES = (*SOURCES_BEFORE, "remind", "reminder_changed")


def _sources(new: tuple[str, ...], old: tuple[str, ...]) -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    if sqlite:
        op.drop_index("ix_callback_requests_one_open", table_name="callback_requests")
    checks.replace_values("callback_requests", "source", "callbacksource_value", new, old)
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
    _sources(SOURCES, SOURCES_BEFORE)


def downgrade() -> None:
    op.execute("DELETE FROM callback_requests WHERE source IN ('remind', 'reminder_changed')")
    _sources(SOURCES_BEFORE, SOURCES)
