"""Registers every handler, in order; the order matters where a comment says so."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import callbacks as cb
from bot.callbacks import pattern
from bot.coach.stages import Stage
from bot.handlers import (
    applications,
    base,
    calendar_files,
    fallbacks,
    general,
    latihan,
    menu,
    offer_tools,
    privacy,
    progress,
    reminders,
    tangguh,
    understanding,
)
from bot.handlers.stages import (
    interviews,
    key_points,
    offer,
    recruiter,
    rejection,
    screening,
)
from bot.handlers.stages.flow import build_conversation

# The groups, in the order PTB tries them; in each, the first handler that matches runs.
LOAD_USER = -2  # every update: user lookup, the chat's conversation states, locale, private only
EDITS = -1  # edits are not answers: said before any conversation could take one as input
FIRST_CONVERSATION = 0  # then one group per conversation (see handlers/conversation.py)
EVERYTHING_ELSE = 100  # commands, buttons and text outside a conversation


STAGE_FLOWS = (recruiter.FLOW, screening.FLOW, interviews.FLOW, offer.FLOW, rejection.FLOW)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    application.add_handler(TypeHandler(Update, base.load_user), group=LOAD_USER)
    private = filters.ChatType.PRIVATE
    application.add_handler(
        MessageHandler(private & filters.UpdateType.EDITED_MESSAGE, fallbacks.edited_message),
        group=EDITS,
    )
    conversations = [
        *(build_conversation(flow) for flow in STAGE_FLOWS),
        tangguh.build_conversation(),
        latihan.build_conversation(),
        offer_tools.build_conversation(),
        # Last: its entry on typed text ("ini penipuan ga?") must only see text that no running
        # conversation took.
        understanding.build_conversation(),
    ]
    # Every conversation, for CoachApplication to put the chat's states in and take them out.
    application.bot_data["conversations"] = conversations
    for group, conversation in enumerate(conversations, start=FIRST_CONVERSATION):
        assert group < EVERYTHING_ELSE
        application.add_handler(conversation, group=group)
    application.add_handlers(
        [
            ChatMemberHandler(general.membership_changed, ChatMemberHandler.MY_CHAT_MEMBER),
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
            CallbackQueryHandler(general.choose_language, pattern=pattern(cb.LANGUAGE)),
            CallbackQueryHandler(general.choose_timezone, pattern=pattern(cb.TIMEZONE)),
            CallbackQueryHandler(privacy.confirm_delete, pattern=pattern(cb.DELETE_YES)),
            CallbackQueryHandler(privacy.cancel_delete, pattern=pattern(cb.DELETE_NO, "$")),
            CallbackQueryHandler(
                key_points.show, pattern=pattern(cb.MENU_STAGE, f"{Stage.KEY_POINTS.value}$")
            ),
            CallbackQueryHandler(menu.back_to_menu, pattern=pattern(cb.MENU_BACK, "$")),
            CallbackQueryHandler(
                applications.show_application,
                pattern=pattern(cb.SHOW_APPLICATION, "\\d+(?::n)?$"),
            ),
            CallbackQueryHandler(
                applications.list_again, pattern=pattern(cb.LIST_APPLICATIONS, "$")
            ),
            CallbackQueryHandler(applications.show_guidance, pattern=pattern(cb.GUIDANCE)),
            CallbackQueryHandler(applications.send_draft, pattern=pattern(cb.DRAFT)),
            CallbackQueryHandler(applications.edit_menu, pattern=pattern(cb.EDIT_MENU, "\\d+$")),
            CallbackQueryHandler(
                applications.close_application, pattern=pattern(cb.CLOSE_APPLICATION)
            ),
            CallbackQueryHandler(applications.outcome, pattern=pattern(cb.OUTCOME)),
            CallbackQueryHandler(applications.toggle_check, pattern=pattern(cb.CHECK)),
            CallbackQueryHandler(reminders.nudge_button, pattern=pattern(cb.NUDGE)),
            CallbackQueryHandler(reminders.toggle_pause, pattern=pattern(cb.PAUSE, "$")),
            CallbackQueryHandler(reminders.set_quiet_hours, pattern=pattern(cb.QUIET_HOURS)),
            CallbackQueryHandler(fallbacks.run_command, pattern=pattern(cb.RUN_COMMAND)),
            CallbackQueryHandler(understanding.meant, pattern=pattern(cb.MEANT)),
            CallbackQueryHandler(understanding.draft, pattern=pattern(cb.FREE_DRAFT)),
            CallbackQueryHandler(offer_tools.show_estimate, pattern=pattern(cb.ESTIMATE, "\\d+$")),
            CallbackQueryHandler(offer_tools.choose_status, pattern=pattern(cb.PTKP)),
            CallbackQueryHandler(calendar_files.add_to_calendar, pattern=pattern(cb.CALENDAR)),
            CallbackQueryHandler(
                calendar_files.cancel_interview, pattern=pattern(cb.CANCEL_INTERVIEW)
            ),
            CallbackQueryHandler(progress.wrong, pattern=pattern(cb.REPORT_WRONG, "\\d+$")),
            CallbackQueryHandler(progress.mark, pattern=pattern(cb.MARK_REJECTED, "\\d+$")),
            # The catch-alls come last: they answer only what nothing above took.
            MessageHandler(private & filters.COMMAND, fallbacks.unknown_command),
            # Free text outside a conversation, and forwarded posts' captions: what it means
            # (a rejection of the writer's own still gets /tangguh's offer).
            MessageHandler(understanding.FREE_TEXT, understanding.understand),
            MessageHandler(
                private & ~filters.TEXT & ~filters.StatusUpdate.ALL,
                fallbacks.unsupported_message,
            ),
            CallbackQueryHandler(fallbacks.stale_button),
        ],
        group=EVERYTHING_ELSE,
    )
    application.add_error_handler(fallbacks.on_error)
