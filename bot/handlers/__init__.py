"""Registers every handler, in order; the order matters where a comment says so."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import keyboards
from bot.handlers import base, fallbacks, general, menu

# Group -1 runs before everything else for every update: user lookup, locale, private-only guard.
PRE_GROUP = -1


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    application.add_handler(TypeHandler(Update, base.load_user), group=PRE_GROUP)

    private = filters.ChatType.PRIVATE
    application.add_handlers(
        [
            CommandHandler("start", general.start, filters=private),
            CommandHandler(["bantuan", "help"], general.help_command, filters=private),
            CommandHandler("bahasa", general.language, filters=private),
            CommandHandler("privasi", general.privacy, filters=private),
            CommandHandler("wawancara", menu.show_menu, filters=private),
            # Conversations end /batal themselves; this one answers when none is running.
            CommandHandler("batal", general.nothing_to_cancel, filters=private),
            CallbackQueryHandler(general.choose_language, pattern=f"^{keyboards.LANGUAGE}"),
            CallbackQueryHandler(menu.show_stage, pattern=f"^{keyboards.MENU_STAGE}"),
            CallbackQueryHandler(menu.back_to_menu, pattern=f"^{keyboards.MENU_BACK}$"),
            # The catch-alls come last: they answer only what nothing above took.
            MessageHandler(private & filters.COMMAND, fallbacks.unknown_command),
            MessageHandler(private & filters.TEXT, fallbacks.unknown_text),
            MessageHandler(
                private & ~filters.TEXT & ~filters.StatusUpdate.ALL & ~filters.UpdateType.EDITED,
                fallbacks.unsupported_message,
            ),
            CallbackQueryHandler(fallbacks.stale_button),
        ]
    )
    application.add_error_handler(fallbacks.on_error)
