"""Small helpers the end-to-end tests share: reading what the coach stored, matching replies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from bot.storage.db import Database
from bot.storage.models import User
from tgemu.models import BotMessage


async def rows(database_url: str, model: type) -> list[Any]:
    """Every stored row of `model`, read in a session of its own."""
    database = Database(database_url)
    try:
        async with database.session() as session:
            return list(await session.scalars(select(model)))
    finally:
        await database.dispose()


async def stored_user(database_url: str, user_id: int) -> User:
    database = Database(database_url)
    try:
        async with database.session() as session:
            user = await session.get(User, user_id)
            assert user is not None
            return user
    finally:
        await database.dispose()


def says(fragment: str) -> Callable[[BotMessage], bool]:
    """A predicate for wait_reply: the message's text contains `fragment`."""
    return lambda message: fragment in (message.text or "")
