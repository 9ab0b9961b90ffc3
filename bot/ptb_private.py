"""The one place that reads and sets a ConversationHandler's state from outside.

The database holds where each chat stands in each conversation (bot/storage/conversations.py).
For one update, `CoachApplication` puts the chat's stored states into the conversations before
the handlers run and takes them out again afterwards, so that nothing of a chat stays in memory
between its updates (aiogram's FSM model: the state is read after the chat's lock is taken) and
only this chat's states are written, in this update's transaction.

PTB has no public way to do either (python-telegram-bot issues #4452 and #5225: a conversation's
states are loaded from persistence once at start-up and never read back), so this touches the
handler's private `_conversations` dict. The conversations are not persistent, which makes that a
plain dict; tests/test_conversation_layer.py fails loudly if a PTB release changes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from telegram.ext import ConversationHandler

Key = tuple[int, ...]
AnyConversation = ConversationHandler[Any]


def _states(handler: AnyConversation) -> dict[Key, object]:
    conversations = handler._conversations  # private on purpose: see the module docstring
    if type(conversations) is not dict:
        raise TypeError(
            f"{handler.name}: PTB keeps conversation states in a {type(conversations).__name__},"
            " not a dict; bot/ptb_private.py needs updating for this PTB release"
        )
    return conversations


def put(handlers: Iterable[AnyConversation], key: Key, states: Mapping[str, str]) -> None:
    """Makes `states` (conversation name -> state) the chat's state in every conversation."""
    for handler in handlers:
        state = states.get(handler.name or "")
        if state is None:
            _states(handler).pop(key, None)
        else:
            _states(handler)[key] = state


def take(handlers: Iterable[AnyConversation], key: Key) -> dict[str, str]:
    """The chat's state in every conversation it is in, removed from memory."""
    taken: dict[str, str] = {}
    for handler in handlers:
        state = _states(handler).pop(key, None)
        if state is None:
            continue
        # Every conversation callback blocks and returns a StrEnum state; a PendingState
        # (block=False) or a bare int would be a programming error that the database cannot hold.
        if not isinstance(state, str):
            raise TypeError(f"conversation {handler.name} holds a non-string state {state!r}")
        taken[handler.name or ""] = state
    return taken
