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
from bot.coach.stages import Stage
from bot.followups import render
from bot.handlers import (
    applications,
    base,
    fallbacks,
    general,
    latihan,
    menu,
    privacy,
    reminders,
    tangguh,
)
from bot.handlers.stages import (
    interviews,
    key_points,
    offer,
    recruiter,
    rejection,
    screening,
    wrapup,
)
from bot.handlers.stages.flow import build_conversation

# Group -1 runs before everything else for every update: user lookup, locale, private-only guard.
PRE_GROUP = -1


STAGE_FLOWS = (recruiter.FLOW, screening.FLOW, interviews.FLOW, offer.FLOW, rejection.FLOW)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    application.add_handler(TypeHandler(Update, base.load_user), group=PRE_GROUP)

    private = filters.ChatType.PRIVATE
    conversations = [
        *(build_conversation(flow) for flow in STAGE_FLOWS),
        tangguh.build_conversation(),
        latihan.build_conversation(),
    ]
    # Every persistent conversation, for base.load_user to bring its state in from the database.
    application.bot_data["conversations"] = conversations
    application.add_handlers(
        [
            # Edits are not answers: say so before a conversation could take one as input.
            MessageHandler(private & filters.UpdateType.EDITED_MESSAGE, fallbacks.edited_message),
            # One conversation per stage. They come first so that, while one runs, its state
            # decides what a message means; commands and menu buttons end it (see conversation.py).
            *conversations,
            CommandHandler("start", general.start, filters=private),
            CommandHandler(["bantuan", "help"], general.help_command, filters=private),
            CommandHandler("bahasa", general.language, filters=private),
            CommandHandler("privasi", general.privacy, filters=private),
            CommandHandler("ekspor", privacy.export_data, filters=private),
            CommandHandler("hapusdata", privacy.ask_to_delete, filters=private),
            CommandHandler("zonawaktu", general.timezone, filters=private),
            CommandHandler("wawancara", menu.show_menu, filters=private),
            CommandHandler("lamaran", applications.list_applications, filters=private),
            CommandHandler("pengingat", reminders.show_pending, filters=private),
            CommandHandler("jeda", reminders.toggle_pause, filters=private),
            # Conversations end /batal themselves; this one answers when none is running.
            CommandHandler("batal", general.nothing_to_cancel, filters=private),
            CallbackQueryHandler(general.choose_language, pattern=f"^{keyboards.LANGUAGE}"),
            CallbackQueryHandler(general.choose_timezone, pattern=f"^{keyboards.TIMEZONE}"),
            CallbackQueryHandler(privacy.confirm_delete, pattern=f"^{privacy.CONFIRM}"),
            CallbackQueryHandler(privacy.cancel_delete, pattern=f"^{privacy.CANCEL}$"),
            CallbackQueryHandler(
                key_points.show, pattern=f"^{keyboards.MENU_STAGE}{Stage.KEY_POINTS.value}$"
            ),
            CallbackQueryHandler(menu.back_to_menu, pattern=f"^{keyboards.MENU_BACK}$"),
            CallbackQueryHandler(
                applications.show_application, pattern=f"^{applications.SHOW}\\d+$"
            ),
            CallbackQueryHandler(applications.close_application, pattern=f"^{applications.CLOSE}"),
            CallbackQueryHandler(applications.outcome, pattern=f"^{wrapup.OUTCOME}"),
            CallbackQueryHandler(applications.toggle_check, pattern=f"^{wrapup.CHECK}"),
            CallbackQueryHandler(reminders.nudge_button, pattern=f"^{render.NUDGE}"),
            CallbackQueryHandler(reminders.toggle_pause, pattern=f"^{reminders.PAUSE}$"),
            CallbackQueryHandler(reminders.set_quiet_hours, pattern=f"^{reminders.QUIET}"),
            # The catch-alls come last: they answer only what nothing above took.
            MessageHandler(private & filters.COMMAND, fallbacks.unknown_command),
            # Free text about a rejection ("saya ditolak") outside a conversation: offer /tangguh.
            MessageHandler(
                private & filters.TEXT & ~filters.COMMAND & tangguh.MENTIONS_REJECTION,
                tangguh.offer,
            ),
            MessageHandler(private & filters.TEXT, fallbacks.unknown_text),
            MessageHandler(
                private & ~filters.TEXT & ~filters.StatusUpdate.ALL,
                fallbacks.unsupported_message,
            ),
            CallbackQueryHandler(fallbacks.stale_button),
        ]
    )
    application.add_error_handler(fallbacks.on_error)
