"""Applies the Alembic revisions in `migrations/` (shipped as `bot.migrations`) to a database."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine


def _migrations_directory() -> Path:
    directory = files("bot.migrations")
    # pip installs wheels unzipped; Alembic lists the revisions' directory.
    if not isinstance(directory, Path):
        raise RuntimeError(f"the migrations are not on disk: {directory}")
    return directory


def alembic_config(url: str) -> Config:
    """The configuration for `url`, built here rather than read from alembic.ini: that file
    sits at the repository's top (for `alembic` run by hand) and is not in the wheel."""
    config = Config()
    config.set_main_option("script_location", str(_migrations_directory()))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Brings the schema to `revision` on the engine's database, inside the running loop."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))

    def run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)
