"""The rules every conversation shares: the stage conversations, /tangguh, /latihan.

`build` turns a conversation's own parts (entry points, the answers each state takes, what to say
on a wrong answer, how to cancel) into PTB's ConversationHandler, adding what they all have:
whatever a state does not take gets a word on what it expects, /batal ends the conversation,
/bantuan and /privasi answer without leaving it, and any other command or a button that opens
something else ends it and is then handled by what it names, in the same update.

How that works with PTB: each conversation sits in a handler group of its own, before the group
of everything else (handlers/__init__.py). Every callback of a conversation ends the update's
routing with `ApplicationHandlerStop(state)`, the form PTB documents for conversations; only
`switch_away` returns END without stopping, so the later groups see the command or button, in
order, in the same transaction. The state is stored under the conversation's name in the
database (see bot/ptb_private.py): never rename a conversation or a state value.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Coroutine, Mapping, Sequence
from typing import Any, TypeVar

from telegram import Update
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot import callbacks
from bot.callbacks import Scope
from bot.context import CoachContext
from bot.i18n import _

END = ConversationHandler.END

Handler = BaseHandler[Update, CoachContext, object]
Callback = Callable[[Update, CoachContext], Coroutine[Any, Any, object]]
State = TypeVar("State")

# A typed answer: a new text message that is not a command.
TEXT = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND


async def stay_with_help(update: Update, context: CoachContext) -> None:
    """Answers /bantuan or /privasi mid-conversation without leaving it."""
    from bot.handlers import general

    if update.effective_message and (update.effective_message.text or "").startswith("/privasi"):
        await general.privacy(update, context)
    else:
        await general.help_command(update, context)
    context.reply(
        _("Kita masih di tengah percakapan: jawab pertanyaan terakhir di atas, atau ketik /batal.")
    )


async def switch_away(update: Update, context: CoachContext) -> int:
    """Ends the conversation; the command or button is then handled by the later groups."""
    return END


def _stopping(callback: Callback) -> Callback:
    """The callback, ending the update's routing with the state it returns."""

    @functools.wraps(callback)
    async def stop_after(update: Update, context: CoachContext) -> object:
        raise ApplicationHandlerStop(await callback(update, context))

    return stop_after


def _stop_after(handlers: Sequence[Handler]) -> list[Handler]:
    for handler in handlers:
        handler.callback = _stopping(handler.callback)
    return list(handlers)


def build(
    name: str,
    *,
    entry_points: list[Handler],
    states: Mapping[State, Sequence[Handler]],
    wrong_input: Callable[[State], Callback],
    cancel: Callback,
    switch_away: Callback = switch_away,
    more_fallbacks: Sequence[Handler] = (),
) -> ConversationHandler[CoachContext]:
    """One ConversationHandler, its state stored under `name`.

    Each state takes its own answers first; any other message, and any button that neither
    passes through (GLOBAL) nor switches elsewhere (SWITCHING, see bot/callbacks.py), goes to
    `wrong_input(state)`. The fallbacks, in order: /batal (`cancel`), /bantuan and /privasi,
    `more_fallbacks`, then any other command or a switching button (`switch_away`).
    """
    with_catch_alls: dict[object, list[Handler]] = {}
    for state, answers in states.items():
        catch_all = wrong_input(state)
        with_catch_alls[state] = _stop_after(
            [
                *answers,
                MessageHandler(filters.UpdateType.MESSAGE & ~filters.COMMAND, catch_all),
                CallbackQueryHandler(catch_all, pattern=callbacks.not_passing_through()),
            ]
        )
    with warnings.catch_warnings():
        # PTB warns that with per_message=False a button is tracked per chat, not per message;
        # that is what we want: any button of the current question answers it.
        warnings.filterwarnings("ignore", message=".*per_message", category=PTBUserWarning)
        return ConversationHandler(
            entry_points=_stop_after(entry_points),
            states=with_catch_alls,
            fallbacks=[
                *_stop_after(
                    [
                        CommandHandler("batal", cancel),
                        CommandHandler(["bantuan", "help", "privasi"], stay_with_help),
                        *more_fallbacks,
                    ]
                ),
                MessageHandler(filters.COMMAND, switch_away),
                CallbackQueryHandler(switch_away, pattern=f"^{callbacks.union(Scope.SWITCHING)}"),
            ],
            name=name,
            allow_reentry=True,
        )
