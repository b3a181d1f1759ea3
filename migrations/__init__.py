"""Alembic: one migration history for SQLite and PostgreSQL.

- ``env.py``: runs migrations on an async engine (batch mode on SQLite).
- ``versions/``: the history; PostgreSQL-only parts are written by hand behind dialect checks.
- ``checks``: what several revisions do alike: a CHECK-ed column's allowed values replaced.
- ``upgrade(url)`` / ``alembic_config(url)``: what ``neuvo migrate`` and the tests call.
"""

from pathlib import Path

from alembic import command
from alembic.config import Config

HERE = Path(__file__).resolve().parent


def alembic_config(url: str) -> Config:
    """Return an Alembic configuration for the database at ``url``."""
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Upgrade the database at ``url`` to ``revision``."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    """Downgrade the database at ``url`` to ``revision``."""
    command.downgrade(alembic_config(url), revision)
