"""Serialising the updates of one chat: in this process, and across replicas on PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

# A key of its own for the one dispatcher allowed at a time; chat ids never come near it.
DISPATCHER_LOCK_KEY = -(2**62) + 7


class ChatLocks:
    """One asyncio lock per chat with updates in flight; forgotten when nobody holds it."""

    def __init__(self) -> None:
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, chat_id: int) -> AsyncIterator[None]:
        lock, users = self._locks.get(chat_id, (asyncio.Lock(), 0))
        self._locks[chat_id] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[chat_id]
            if users == 1:
                del self._locks[chat_id]
            else:
                self._locks[chat_id] = (lock, users - 1)


async def lock_chat_for_transaction(session: AsyncSession, chat_id: int) -> None:
    """On PostgreSQL, waits until no other replica handles this chat; released at commit."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(select(func.pg_advisory_xact_lock(chat_id)))


async def try_dispatcher_lock(connection: AsyncConnection) -> bool:
    """On PostgreSQL, whether this process may dispatch now (held until unlock or disconnect).
    Elsewhere (SQLite: one process owns the file) always yes."""
    if connection.dialect.name != "postgresql":
        return True
    result = await connection.execute(select(func.pg_try_advisory_lock(DISPATCHER_LOCK_KEY)))
    return bool(result.scalar())


async def release_dispatcher_lock(connection: AsyncConnection) -> None:
    if connection.dialect.name == "postgresql":
        await connection.execute(select(func.pg_advisory_unlock(DISPATCHER_LOCK_KEY)))
