"""Answers for what no other handler took: other media, unknown text, stale buttons, errors."""

from __future__ import annotations

import html
import logging
import traceback

from telegram import Update
from telegram.error import Forbidden
from telegram.ext import ApplicationHandlerStop

from bot import delivery
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


async def unknown_text(update: Update, context: CoachContext) -> None:
    """Points free text outside a conversation to the commands."""
    context.reply(
        _(
            "Saya belum mengerti pesan itu. Ketik /wawancara untuk memilih tahap wawancara, atau "
            "/bantuan untuk melihat semua perintah."
        )
    )


async def unknown_command(update: Update, context: CoachContext) -> None:
    """Answers a command the coach does not have."""
    context.reply(
        _("Perintah itu tidak saya kenal. Ketik /bantuan untuk melihat perintah yang tersedia.")
    )


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
