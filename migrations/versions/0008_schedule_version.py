"""schedule version: a token that every write to the schedule tables replaces

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 18:40:00.000000

``scheduling.directory`` keeps the schedule tables in memory per version. The token is random,
so that a version seen inside a transaction that rolled back is never seen again. On
PostgreSQL a statement-level trigger replaces it *before* each statement, so a writer takes
the version row's lock before any row of the table it writes (writers of the schedule queue
on that row first, rather than deadlock over it halfway); SQLite, whose writers are serialised already, has row
triggers only. Batch operations on SQLite rebuild a table and drop its triggers: a later
migration that rebuilds one of these tables must create its triggers again
(``tests/scheduling/test_directory.py`` checks that every one is there at head).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "municipalities",
    "organisations",
    "services",
    "agreements",
    "agreement_services",
    "staff",
    "staff_roles",
    "staff_languages",
    "availability_rules",
    "availability_overrides",
    "absences",
    "interpreter_profiles",
    "interpreter_languages",
)
POSTGRES_RANDOM = "gen_random_uuid()::text"
SQLITE_RANDOM = "lower(hex(randomblob(16)))"
SQLITE_EVENTS = ("insert", "update", "delete")


def upgrade() -> None:
    op.create_table(
        "schedule_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    token = POSTGRES_RANDOM if postgres else SQLITE_RANDOM
    op.execute(f"INSERT INTO schedule_versions (id, token) VALUES (1, {token})")
    if postgres:
        op.execute(
            "CREATE FUNCTION neuvo_schedule_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN UPDATE schedule_versions SET token = {POSTGRES_RANDOM} WHERE id = 1; "
            "RETURN NULL; END $$"
        )
        for table in TABLES:
            op.execute(
                f"CREATE TRIGGER schedule_changed BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION neuvo_schedule_changed()"
            )
        return
    for table in TABLES:
        for event in SQLITE_EVENTS:
            op.execute(
                f"CREATE TRIGGER schedule_changed_{table}_{event} AFTER {event.upper()} "
                f"ON {table} BEGIN UPDATE schedule_versions SET token = {SQLITE_RANDOM} "
                "WHERE id = 1; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER schedule_changed ON {table}")
        op.execute("DROP FUNCTION neuvo_schedule_changed()")
    else:
        for table in TABLES:
            for event in SQLITE_EVENTS:
                op.execute(f"DROP TRIGGER schedule_changed_{table}_{event}")
    op.drop_table("schedule_versions")
