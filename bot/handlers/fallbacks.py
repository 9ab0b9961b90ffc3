"""Answers for what no other handler took: other media, unknown text, stale buttons, errors."""

from __future__ import annotations

import html
import logging
import traceback

from telegram import Update
from telegram.error import Forbidden

from bot.context import CoachContext
from bot.i18n import _

log = logging.getLogger(__name__)


async def unsupported_message(update: Update, context: CoachContext) -> None:
    """Explains that the coach reads text and commands, not stickers, photos or voice notes."""
    await context.reply(
        _(
            "Maaf, saya hanya bisa membaca pesan teks dan perintah, bukan stiker, foto, pesan "
            "suara, atau berkas. Ketik /wawancara untuk memilih tahap, atau /bantuan untuk "
            "melihat perintah."
        )
    )


async def unknown_text(update: Update, context: CoachContext) -> None:
    """Points free text outside a conversation to the commands."""
    await context.reply(
        _(
            "Saya belum mengerti pesan itu. Ketik /wawancara untuk memilih tahap wawancara, atau "
            "/bantuan untuk melihat semua perintah."
        )
    )


async def unknown_command(update: Update, context: CoachContext) -> None:
    """Answers a command the coach does not have."""
    await context.reply(
        _("Perintah itu tidak saya kenal. Ketik /bantuan untuk melihat perintah yang tersedia.")
    )


async def stale_button(update: Update, context: CoachContext) -> None:
    """Answers a button whose conversation is over or whose data is not ours."""
    query = update.callback_query
    assert query is not None
    await query.answer(
        _("Tombol ini sudah tidak berlaku. Ketik /wawancara untuk memulai lagi."), show_alert=True
    )


async def on_error(update: object, context: CoachContext) -> None:
    """Logs the error with its details, then tells the user something kind."""
    unit = context.unit_or_none()
    if unit is not None:
        unit.failed = True
    error = context.error
    if isinstance(error, Forbidden):
        log.info("user blocked the bot: %s", error)
        return
    log.error(
        "error while handling an update: %s",
        "".join(traceback.format_exception(error)) if error else "unknown",
    )
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await context.bot.send_message(
            update.effective_chat.id,
            _(
                "Maaf, terjadi kesalahan di pihak saya. Data Anda aman; silakan coba lagi "
                "sebentar lagi atau ketik /batal lalu /wawancara."
            ),
        )
    except Exception:  # the user may have blocked us or Telegram is down; the log has it
        log.exception("could not tell the user about the error")
    admin = context.services.settings.admin_chat_id
    if admin is not None:
        try:
            await context.bot.send_message(admin, f"<pre>{html.escape(repr(error))[:3500]}</pre>")
        except Exception:
            log.exception("could not tell the admin chat about the error")
