"""PTB persistence for conversation states, kept in the coach's own database.

Only conversations are persisted: everything else a user told the coach lives in its own tables.
`CoachApplication` flushes the states after every update inside the update's transaction, so a
state is committed together with the data of the step that produced it, before the answer goes
out; PTB's own interval flush finds nothing left to write, and writes nothing outside an update
(see `update_conversation`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram.ext import BasePersistence, ConversationHandler, PersistenceInput
from telegram.ext._utils.trackingdict import TrackingDict
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from bot.clock import Clock
from bot.storage.db import current_unit
from bot.storage.models import ConversationState, User

# The interval flush has nothing to do (see the module docstring); keep it rare.
IDLE_FLUSH_SECONDS = 3600.0


def encode_key(key: ConversationKey) -> str:
    return ":".join(str(part) for part in key)


def decode_key(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(":"))


class SQLPersistence(BasePersistence[dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """Conversation states in the `conversation_states` table; nothing else."""

    def __init__(self, clock: Clock) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=False, callback_data=False
            ),
            update_interval=IDLE_FLUSH_SECONDS,
        )
        self._clock = clock

    async def get_conversations(self, name: str) -> ConversationDict:
        """Nothing at start-up: base.load_user brings each chat's states in from the database
        when its update arrives (adopt_state), so start-up does not grow with the number of
        conversations (100,000 stored states made it 3.3x slower and 1.5x bigger,
        bench/footprint_users.py)."""
        return {}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        """Writes inside the update's own unit only. Outside one, PTB is flushing what a failed
        update left in memory (its step was rolled back; the next update of that chat reads the
        truth back from the database) or flushing at shutdown what is already stored: writing
        it would store a step the user was told failed, or overwrite another replica's newer
        state without the chat's lock."""
        unit = current_unit.get()
        if unit is not None and not unit.failed:
            await self._write(unit.session, name, key, new_state)

    async def _write(
        self, session: AsyncSession, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        encoded = encode_key(key)
        if new_state is None:
            await session.execute(
                delete(ConversationState).where(
                    ConversationState.name == name, ConversationState.key == encoded
                )
            )
            return
        # States are StrEnum members (stable values); anything else is a programming error.
        if not isinstance(new_state, str):
            raise TypeError(f"conversation {name} returned a non-string state {new_state!r}")
        row = await session.get(ConversationState, (name, encoded))
        if row is None:
            session.add(
                ConversationState(
                    name=name,
                    key=encoded,
                    user_id=key[-1] if key else None,
                    state=str(new_state),
                    updated_at=self._clock.now(),
                )
            )
        else:
            row.state = str(new_state)
            row.updated_at = self._clock.now()

    # Everything below is not stored (PersistenceInput above says so); PTB still calls some.
    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def get_bot_data(self) -> dict[Any, Any]:
        return {}

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        return None

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        return None

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        return None

    async def drop_user_data(self, user_id: int) -> None:
        return None

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        return None

    async def flush(self) -> None:
        return None


async def user_and_states(
    session: AsyncSession, user_id: int
) -> tuple[User | None, list[ConversationState]]:
    """The user (None on first contact) and every conversation state stored for them, in one
    statement: the first two reads of every update (bench/RESULTS.md counts them).

    While the caller holds the rows, the session finds them in its identity map: `session.get`
    of the user and `_write` of a state do not read them again (the map holds rows weakly)."""
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


def adopt_state(
    handler: ConversationHandler[Any], key: ConversationKey, state: str | None
) -> None:
    """Makes the handler's in-memory state of `key` what the database says.

    PTB keeps conversation states in a dict that persistence fills only at start-up, so another
    replica's (or a rolled-back update's) change would be invisible. PTB has no public way to
    set a state from outside; this touches its `_conversations` dict, in this one place, with
    the TrackingDict calls PTB itself uses to load persisted states (no write-back is caused).
    """
    conversations = handler._conversations  # private on purpose: see the docstring
    current = conversations.get(key)
    if state is None:
        if current is not None and not isinstance(current, str | int):
            return  # a PendingState of a non-blocking callback: leave it to PTB
        if key in conversations:
            conversations.pop(key, None)
        return
    if current != state:
        if isinstance(conversations, TrackingDict):
            conversations.update_no_track({key: state})
        else:
            conversations[key] = state


def active_in(handlers: Iterable[ConversationHandler[Any]], key: ConversationKey) -> set[str]:
    """The names of the conversations in which `key` has a state (see adopt_state on why this
    reads PTB's private dict)."""
    return {handler.name or "" for handler in handlers if key in handler._conversations}
