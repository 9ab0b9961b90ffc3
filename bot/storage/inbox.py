"""The updates Telegram handed us (`received_updates`): stored on receipt in polling mode,
marked handled in the transaction that handles them, kept as a bare id for a day after.

A handled row keeps no payload and no user or chat id: only that this update_id was applied, so
a second delivery of it is recognised and skipped.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot.storage.db import Database
from bot.storage.models import ReceivedUpdate

# Telegram keeps an unconfirmed update for 24 hours; a delivery later than that cannot come.
KEEP_HANDLED = timedelta(days=1)


def _insert(session: AsyncSession) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert(ReceivedUpdate)


def _who(update: Update) -> tuple[int | None, int | None]:
    user = update.effective_user
    chat = update.effective_chat
    return (user.id if user else None, chat.id if chat else None)


async def store(database: Database, update: Update, now: datetime) -> bool:
    """Stores a received update in a transaction of its own; False if it was stored before
    (then it is handled already, or queued from the table at start-up)."""
    return update.update_id in await store_many(database, [update], now)


async def store_many(database: Database, updates: list[Update], now: datetime) -> set[int]:
    """Stores the updates of one getUpdates answer in one transaction; returns the ids of
    those not stored before."""
    if not updates:
        return set()
    rows = []
    for update in updates:
        user_id, chat_id = _who(update)
        rows.append(
            {
                "update_id": update.update_id,
                "user_id": user_id,
                "chat_id": chat_id,
                "payload": update.to_dict(),
                "received_at": now,
            }
        )
    async with database.session() as session, session.begin():
        statement = (
            _insert(session)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["update_id"])
            .returning(ReceivedUpdate.update_id)
        )
        return set((await session.scalars(statement)).all())


async def unhandled(database: Database) -> list[dict[str, Any]]:
    """The stored updates not handled yet, oldest first (what a killed process left)."""
    async with database.session() as session:
        payloads = await session.scalars(
            select(ReceivedUpdate.payload)
            .where(ReceivedUpdate.handled_at.is_(None))
            .order_by(ReceivedUpdate.update_id)
        )
        return [payload for payload in payloads if payload is not None]


async def was_handled(session: AsyncSession, update_id: int) -> bool:
    handled = await session.scalar(
        select(ReceivedUpdate.handled_at).where(ReceivedUpdate.update_id == update_id)
    )
    return handled is not None


async def mark_handled(session: AsyncSession, update_id: int, now: datetime) -> None:
    """Records that the update was applied, in the caller's transaction, forgetting its content
    and whose it was."""
    await mark_many_handled(session, [update_id], now)


async def mark_many_handled(session: AsyncSession, update_ids: list[int], now: datetime) -> None:
    """`mark_handled` for several updates in one statement."""
    if not update_ids:
        return
    handled = {"handled_at": now, "payload": None, "user_id": None, "chat_id": None}
    rows = [{"update_id": update_id, "received_at": now, **handled} for update_id in update_ids]
    await session.execute(
        _insert(session)
        .values(rows)
        .on_conflict_do_update(index_elements=["update_id"], set_=handled)
    )


async def prune(session: AsyncSession, now: datetime) -> None:
    """Forgets the ids of updates handled more than a day ago."""
    await session.execute(
        delete(ReceivedUpdate).where(ReceivedUpdate.handled_at < now - KEEP_HANDLED)
    )
