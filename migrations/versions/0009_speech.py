"""speech: recordings, recorders, and the role voice

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 23:05:04.520962

The role column of ``staff_roles`` is a VARCHAR with a CHECK of the values (``enum_type``):
the CHECK is replaced to let ``voice`` in. On PostgreSQL that is a DROP and ADD CONSTRAINT;
SQLite keeps the CHECK inside the table's definition, so the table is rebuilt (batch), which
drops its schedule-version triggers (0008): they are created again here.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = ("admin", "advisor", "operator", "interpreter", "peer_counsellor")
SQLITE_RANDOM = "lower(hex(randomblob(16)))"
SQLITE_EVENTS = ("insert", "update", "delete")


def _role_type(*roles: str) -> sa.Enum:
    return sa.Enum(*roles, name="role_value", native_enum=False, create_constraint=True, length=32)


def _set_roles(*roles: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        values = ", ".join(f"'{role}'" for role in roles)
        op.execute("ALTER TABLE staff_roles DROP CONSTRAINT role_value")
        op.execute(f"ALTER TABLE staff_roles ADD CONSTRAINT role_value CHECK (role IN ({values}))")
        return
    old = [role for role in (*ROLES, "voice") if role not in roles] or list(ROLES)
    with op.batch_alter_table("staff_roles", recreate="always") as batch_op:
        batch_op.alter_column(
            "role",
            existing_type=_role_type(*old, *roles),
            type_=_role_type(*roles),
            existing_nullable=False,
        )
    for event in SQLITE_EVENTS:
        op.execute(
            f"CREATE TRIGGER IF NOT EXISTS schedule_changed_staff_roles_{event} AFTER "
            f"{event.upper()} ON staff_roles BEGIN UPDATE schedule_versions SET token = "
            f"{SQLITE_RANDOM} WHERE id = 1; END"
        )


def upgrade() -> None:
    _set_roles(*ROLES, "voice")
    op.create_table(
        "speech_recorders",
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("lang", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("assigned_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["assigned_by"], ["staff.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("staff_id", "lang"),
    )
    op.create_table(
        "speech_recordings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lang", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "prompt",
                "clip",
                "service",
                "municipality",
                name="recordingkind_value",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("text_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("audio", sa.LargeBinary(), nullable=False),
        sa.Column("audio_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "approved",
                "rejected",
                name="recordingstatus_value",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["decided_by"], ["staff.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["recorded_by"], ["staff.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("speech_recordings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_speech_recordings_lang_kind_key", ["lang", "kind", "key"], unique=False
        )
        batch_op.create_index("ix_speech_recordings_lang_status", ["lang", "status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("speech_recordings", schema=None) as batch_op:
        batch_op.drop_index("ix_speech_recordings_lang_status")
        batch_op.drop_index("ix_speech_recordings_lang_kind_key")
    op.drop_table("speech_recordings")
    op.drop_table("speech_recorders")
    op.execute("DELETE FROM staff_roles WHERE role = 'voice'")
    _set_roles(*ROLES)
