"""Answers for what no other handler took: other media, unknown text, stale buttons, errors."""

from __future__ import annotations

import html
import logging
import traceback
from collections.abc import Iterable
from typing import Any

from telegram import Chat, InlineKeyboardButton, Message, MessageEntity, Update
from telegram.error import Forbidden
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    BaseHandler,
    CommandHandler,
    ConversationHandler,
)

from bot import callbacks, delivery, keyboards
from bot.coach import commands
from bot.context import CoachContext
from bot.i18n import _

log = logging.getLogger(__name__)


async def unsupported_message(update: Update, context: CoachContext) -> None:
    """Explains that the coach reads text and commands, not stickers, photos or voice notes."""
    context.reply(
        _(
            "Maaf, saya hanya bisa membaca pesan teks dan perintah, bukan stiker, foto, pesan "
            "suara, atau berkas. Ketik /wawancara untuk memilih tahap, atau /bantuan untuk "
            "melihat perintah."
        )
    )


async def edited_message(update: Update, context: CoachContext) -> None:
    """Explains that edits are not read, so a corrected answer must be sent anew."""
    context.reply(
        _(
            "Saya tidak membaca pesan yang diedit. Jika ingin mengubah jawaban, kirim sebagai pesan baru."
        )
    )
    # A running conversation must not take the edit as an answer.
    raise ApplicationHandlerStop


async def unknown_command(update: Update, context: CoachContext) -> None:
    """Answers a command the coach does not have: "Maksud Anda /latihan?" with a button that runs
    it when the typo is clear ("/latian"), else where the commands are listed."""
    message = update.effective_message
    meant = commands.suggest_command(
        message.text or "" if message is not None else "",
        registered_commands(context.application),
    )
    if meant is None:
        context.reply(
            _(
                "Perintah itu tidak saya kenal. Ketik /bantuan untuk melihat perintah yang "
                "tersedia."
            )
        )
        return
    context.reply(
        _("Maksud Anda {command}?").format(command=meant),
        reply_markup=keyboards.rows(
            [command_button(_("▶️ Ya, {command}").format(command=meant), meant)]
        ),
    )


# --- commands behind buttons ----------------------------------------------------------------


def _handlers_in(
    handlers: Iterable[BaseHandler[Any, Any, Any]],
) -> Iterable[BaseHandler[Any, Any, Any]]:
    for handler in handlers:
        if isinstance(handler, ConversationHandler):
            yield from _handlers_in(handler.entry_points)
            yield from _handlers_in(h for state in handler.states.values() for h in state)
            yield from _handlers_in(handler.fallbacks)
        else:
            yield handler


def registered_commands(application: Application[Any, Any, Any, Any, Any, Any]) -> frozenset[str]:
    """Every command name some handler answers, those that open a conversation included."""
    return frozenset(
        command
        for group in application.handlers.values()
        for handler in _handlers_in(group)
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    )


def command_button(label: str, command: str) -> InlineKeyboardButton:
    """A button that runs `command` ("/latihan" or "latihan") as if the user had typed it."""
    return InlineKeyboardButton(
        label, callback_data=f"{callbacks.RUN_COMMAND}{command.removeprefix('/')}"
    )


def _typed(update: Update, context: CoachContext, chat: Chat, command: str) -> Update:
    """The update the user would have sent by typing `/command` in this chat."""
    text = f"/{command}"
    message = Message(
        message_id=0,
        date=context.now(),
        chat=chat,
        from_user=update.effective_user,
        text=text,
        entities=(MessageEntity(MessageEntity.BOT_COMMAND, 0, len(text)),),
    )
    message.set_bot(context.bot)
    typed = Update(update.update_id, message=message)
    typed.set_bot(context.bot)
    return typed


async def run_command(update: Update, context: CoachContext) -> None:
    """Runs the command a button names (cmd:<name>) as if the user had typed it, in this update.

    The typed command goes through the same handlers, in the same order, as one the user types:
    a command that opens a conversation (/latihan, /tangguh) enters it, and any other reaches
    its handler in the last group. The button has already ended a running conversation (it is
    SWITCHING), as a typed command would have.
    """
    from bot.handlers import FIRST_CONVERSATION  # the package imports this module

    command = callbacks.data(update).removeprefix(callbacks.RUN_COMMAND)
    application = context.application
    chat = update.effective_chat
    if command not in registered_commands(application) or chat is None:
        await stale_button(update, context)
        return
    context.answer()
    typed = _typed(update, context, chat, command)
    # From the first conversation on: the user is loaded already, and this is no edit.
    for group in sorted(g for g in application.handlers if g >= FIRST_CONVERSATION):
        handlers: list[BaseHandler[Any, Any, Any]] = application.handlers[group]
        for handler in handlers:
            check = handler.check_update(typed)
            if check is None or check is False:
                continue
            try:
                await handler.handle_update(typed, application, check, context)
            except ApplicationHandlerStop:
                return
            break


async def stale_button(update: Update, context: CoachContext) -> None:
    """Answers a button whose conversation is over or whose data is not ours."""
    context.answer(
        _("Tombol ini sudah tidak berlaku. Ketik /wawancara untuk memulai lagi."), alert=True
    )


async def on_error(update: object, context: CoachContext) -> None:
    """Logs the error with its details, then tells the user something kind."""
    unit = context.unit_or_none()
    if unit is not None:
        # Nothing of the failed update is kept or sent; the user gets the sentence below instead.
        unit.failed = True
    error = context.error
    if isinstance(error, Forbidden):
        log.info("user blocked the bot: %s", error)
        return
    log.error(
        "error while handling an update: %s",
        "".join(traceback.format_exception(error)) if error else "unknown",
    )
    await delivery.apologise(update, context.bot)
    admin = context.services.settings.admin_chat_id
    if admin is not None:
        try:
            await context.bot.send_message(admin, f"<pre>{html.escape(repr(error))[:3500]}</pre>")
        except Exception:
            log.exception("could not tell the admin chat about the error")
    if unit is not None:
        # The update is over: a handler of a later group (after base.load_user failed, say)
        # would fail the same way and apologise a second time.
        raise ApplicationHandlerStop
