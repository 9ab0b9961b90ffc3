"""Where each chat stands in each conversation, in the `conversation_states` table.

One update reads the chat's rows together with its user (`user_and_states`) and, once its
handlers have run, writes back only what changed (`save_states`), in the update's own
transaction: a step is committed with the data it stored, or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import ConversationState, User

Key = tuple[int, ...]


def encode_key(key: Key) -> str:
    """PTB keys a conversation by (chat id, user id); stored as "chat:user"."""
    return ":".join(str(part) for part in key)


async def user_and_states(
    session: AsyncSession, user_id: int
) -> tuple[User | None, list[ConversationState]]:
    """The user (None on first contact) and every conversation state stored for them, in one
    statement: the first two reads of every update (bench/RESULTS.md counts them).

    While the caller holds the rows, the session finds them in its identity map: `session.get`
    of the user does not read it again (the map holds rows weakly)."""
    result = await session.execute(
        select(User, ConversationState)
        .outerjoin(ConversationState, ConversationState.user_id == User.id)
        .where(User.id == user_id)
    )
    user: User | None = None
    states: list[ConversationState] = []
    for found, state in result:
        user = found
        if state is not None:
            states.append(state)
    return user, states


async def save_states(
    session: AsyncSession,
    key: Key,
    before: Mapping[str, ConversationState],
    after: Mapping[str, str],
    now: datetime,
) -> None:
    """Writes the chat's states as `after` says (conversation name -> state), given the rows
    read at the start of the update (`before`); unchanged rows are not touched."""
    encoded = encode_key(key)
    ended = [name for name in before if name not in after]
    if ended:
        # A statement, not session.delete(row): /hapusdata may have deleted the row already
        # in this transaction, and the ORM would take a missing row for a concurrent change.
        await session.execute(
            delete(ConversationState).where(
                ConversationState.key == encoded, ConversationState.name.in_(ended)
            )
        )
    for name, state in after.items():
        row = before.get(name)
        if row is None:
            session.add(
                ConversationState(
                    name=name, key=encoded, user_id=key[-1], state=state, updated_at=now
                )
            )
        elif row.state != state:
            row.state = state
            row.updated_at = now
