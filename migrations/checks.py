"""What several revisions do alike: replace the allowed values of a column kept as a VARCHAR with
a named CHECK (``core.models.enum_type``), such as the outbox's message kinds and statuses.

A revision calls it with the values it found and the values it leaves, both written out in the
revision itself, so that an old revision keeps doing what it did when a later one adds a value."""

import sqlalchemy as sa
from alembic import op


def _values(name: str, values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def replace_values(
    table: str, column: str, check: str, new: tuple[str, ...], old: tuple[str, ...]
) -> None:
    """Let ``table.column`` hold ``new`` instead of ``old`` (the CHECK named ``check``).
    PostgreSQL drops and adds the constraint; SQLite rebuilds the table in batch mode (which
    drops any triggers: use it only on a table without them)."""
    if op.get_context().dialect.name == "postgresql":
        op.drop_constraint(check, table, type_="check")
        listed = ", ".join(f"'{value}'" for value in new)
        op.create_check_constraint(check, table, f"{column} IN ({listed})")
        return
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.alter_column(
            column,
            existing_type=_values(check, old),
            type_=_values(check, new),
            existing_nullable=False,
        )
