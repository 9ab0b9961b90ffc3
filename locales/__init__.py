"""Babel catalogs, shipped inside the coach as `bot.locales` (see pyproject.toml)."""
