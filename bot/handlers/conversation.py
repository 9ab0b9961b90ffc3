"""The rules every persistent conversation shares: the stage conversations, /tangguh, /latihan.

`build` turns a conversation's own parts (entry points, the answers each state takes, what to say
on a wrong answer, how to cancel) into PTB's ConversationHandler, adding what they all have:
whatever a state does not take gets a word on what it expects, /batal ends the conversation,
/bantuan and /privasi answer without leaving it, and any other command or menu button ends it
and is handed on anew. The state is persisted under the conversation's name in the database
(base.load_user brings it in): never rename a conversation or a state value.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Coroutine, Mapping, Sequence
from typing import Any, TypeVar

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot import keyboards
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
    """Ends the conversation and hands the update (a command or menu button) on anew."""
    # The update is processed again once this conversation has ended; its button is answered
    # then, and Telegram refuses a second answer.
    context.unit.query_answered = True
    await context.application.update_queue.put(update)
    return END


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
    """One persistent ConversationHandler, its state stored under `name`.

    Each state takes its own answers first; any other message, and any button that is not one of
    the global ones (menu, reminders, ...), goes to `wrong_input(state)`. The fallbacks, in order:
    /batal (`cancel`), /bantuan and /privasi, `more_fallbacks`, then any other command or a
    button that switches elsewhere (`switch_away`).
    """
    with_catch_alls: dict[object, list[Handler]] = {}
    for state, answers in states.items():
        catch_all = wrong_input(state)
        with_catch_alls[state] = [
            *answers,
            MessageHandler(filters.UpdateType.MESSAGE & ~filters.COMMAND, catch_all),
            CallbackQueryHandler(catch_all, pattern=f"^(?!{keyboards.GLOBAL})"),
        ]
    with warnings.catch_warnings():
        # PTB warns that with per_message=False a button is tracked per chat, not per message;
        # that is what we want: any button of the current question answers it.
        warnings.filterwarnings("ignore", message=".*per_message", category=PTBUserWarning)
        return ConversationHandler(
            entry_points=entry_points,
            states=with_catch_alls,
            fallbacks=[
                CommandHandler("batal", cancel),
                CommandHandler(["bantuan", "help", "privasi"], stay_with_help),
                *more_fallbacks,
                MessageHandler(filters.COMMAND, switch_away),
                CallbackQueryHandler(switch_away, pattern=f"^{keyboards.SWITCHING}"),
            ],
            name=name,
            persistent=True,
            allow_reentry=True,
        )
