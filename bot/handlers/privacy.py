"""/ekspor and /hapusdata: the user's copy of their data, and its deletion after a confirmation."""

from __future__ import annotations

import logging
from datetime import timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, Update

from bot import callbacks, keyboards
from bot.context import CoachContext, callback_message
from bot.handlers import fallbacks
from bot.i18n import _
from bot.storage import privacy

log = logging.getLogger(__name__)

# Callback data: "del:yes:<when the question was asked, in ms since the epoch>" and "del:no".
# A confirmation is a decision of the moment; an old one pressed by accident must not count.
CONFIRMATION_VALID_FOR = timedelta(minutes=10)
# Clocks of replicas may differ a little; a stamp further ahead than this is tampered with.
CLOCK_SKEW = timedelta(minutes=1)


def _millis(context: CoachContext) -> int:
    return int(context.now().timestamp() * 1000)


async def export_data(update: Update, context: CoachContext) -> None:
    """Sends the user a JSON file of everything stored about them."""
    now = context.now()
    document = {
        "service": "Pelatih Wawancara",
        "about": _(
            "Semua data yang disimpan Pelatih Wawancara tentang Anda, per tabel basis data. "
            "Waktu dalam UTC."
        ),
        "exported_at": now.isoformat(),
        "telegram_user_id": context.user.id,
        "tables": await privacy.export_user(context.session, context.user.id),
    }
    day = now.astimezone(ZoneInfo(context.timezone)).date().isoformat()
    context.send_document(
        privacy.to_json(document),
        filename=f"pelatih-wawancara-data-{day}.json",
        caption=_(
            "Ini salinan semua data yang saya simpan tentang Anda, dalam format JSON. Untuk "
            "menghapus semuanya, ketik /hapusdata."
        ),
    )


async def ask_to_delete(update: Update, context: CoachContext) -> None:
    """Says what would be deleted and asks for a confirmation that expires."""
    minutes = int(CONFIRMATION_VALID_FOR.total_seconds() // 60)
    context.reply(
        _(
            "<b>Hapus semua data Anda?</b> Yang akan dihapus: profil Anda (bahasa, zona waktu, "
            "jam tenang, nama lengkap dan nomor telepon untuk tanda tangan), semua lamaran beserta "
            "riwayat dan nama rekruternya, wawancara dan nama pewawancara, daftar periksa, "
            "pengingat, jawaban latihan, pelajaran dari /tangguh, dan percakapan yang sedang "
            "berjalan. Penghapusan ini tidak bisa dibatalkan.\n\n"
            "Ingin menyimpan salinannya dulu? Ketik /ekspor. Konfirmasi ini berlaku {minutes} "
            "menit."
        ).format(minutes=minutes),
        reply_markup=keyboards.rows(
            [
                InlineKeyboardButton(
                    _("Ya, hapus semua"), callback_data=f"{callbacks.DELETE_YES}{_millis(context)}"
                ),
                InlineKeyboardButton(_("Batal"), callback_data=callbacks.DELETE_NO),
            ],
            per_row=2,
        ),
    )


async def confirm_delete(update: Update, context: CoachContext) -> None:
    """Deletes every row about the user, if the confirmation is fresh and from now."""
    query = update.callback_query
    raw = (query.data or "").removeprefix(callbacks.DELETE_YES) if query else ""
    if not (raw.isascii() and raw.isdigit()):
        await fallbacks.stale_button(update, context)
        return
    asked, now = int(raw), _millis(context)
    if asked > now + CLOCK_SKEW // timedelta(milliseconds=1):
        await fallbacks.stale_button(update, context)
        return
    message = callback_message(update)
    minutes = int(CONFIRMATION_VALID_FOR.total_seconds() // 60)
    context.answer()
    created = int(context.user.created_at.timestamp() * 1000)
    # A user stored "in the future" (the clock was ahead then) cannot be judged by it.
    if asked < created <= now:
        # Asked before the data there is now existed: the user deleted once and started again.
        context.edit(
            message,
            _(
                "Konfirmasi ini dibuat sebelum data Anda terakhir kali dihapus, jadi sudah tidak "
                "berlaku dan tidak ada yang dihapus. Ketik /hapusdata jika Anda ingin menghapus "
                "data Anda sekarang."
            ),
        )
        return
    if now - asked > CONFIRMATION_VALID_FOR // timedelta(milliseconds=1):
        context.edit(
            message,
            _(
                "Konfirmasi ini sudah kedaluwarsa (lebih dari {minutes} menit), jadi tidak ada "
                "yang dihapus. Ketik /hapusdata lagi jika Anda tetap ingin menghapus data Anda."
            ).format(minutes=minutes),
        )
        return
    user_id = context.user.id
    deleted = await privacy.delete_user(context.session, user_id)
    context.end_conversations()
    database = context.services.database
    context.unit.after_commit(lambda: privacy.forget_on_disk(database))
    context.db_user = None
    log.info("deleted a user's data on their request: %s", deleted)
    context.edit(
        message,
        _(
            "Semua data Anda sudah dihapus. Saya tidak lagi menyimpan apa pun tentang Anda, dan "
            "pengingat Anda tidak akan dikirim. Jika Anda menulis lagi kepada saya, saya akan "
            "mulai dari awal seperti dengan pengguna baru. Semoga sukses! 🍀"
        ),
    )


async def cancel_delete(update: Update, context: CoachContext) -> None:
    """Keeps everything."""
    context.answer()
    context.edit(
        callback_message(update), _("Baik, tidak ada yang dihapus. Data Anda tetap tersimpan.")
    )
