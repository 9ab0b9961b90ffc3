"""Alembic revisions, shipped inside the coach as `bot.migrations` (see pyproject.toml)."""
