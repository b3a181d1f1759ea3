"""Alembic environment: async engine, every package's tables, batch mode for SQLite."""

import asyncio

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import access.models  # noqa: F401  (registers the tables)
import core.db
import interpreters.models  # noqa: F401
import notifications.models
import notifications.telephony.models  # noqa: F401
import outreach.models  # noqa: F401
import scheduling.models  # noqa: F401
import speech.models  # noqa: F401
import video.models  # noqa: F401
from core.config import Settings
from core.types import UTCDateTime

config = context.config
target_metadata = SQLModel.metadata


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    return url or Settings().database_url


def _render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Write our column types as the plain SQLAlchemy types they stand on."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        compare_server_default=True,
        render_item=_render_item,
    )


def _run(connection: Connection) -> None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = core.db.create_engine(_url(), pool_size=1)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
            await connection.commit()
    finally:
        await engine.dispose()


def run_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    asyncio.run(_run_async())
