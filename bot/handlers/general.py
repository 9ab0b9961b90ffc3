"""/start, /bantuan, /bahasa, /batal and /privasi: the commands that frame every conversation."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.constants import ChatMemberStatus
from telegram.ext import ConversationHandler

from bot import callbacks, keyboards
from bot.context import CoachContext, callback_message
from bot.followups import schedule as followups
from bot.handlers import fallbacks
from bot.i18n import ZONE_ABBREVIATIONS, _, format_moment, set_locale


def privacy_text() -> str:
    return _(
        "<b>Data yang saya simpan</b>: ID Telegram dan nama depan Anda; nama lengkap dan nomor "
        "telepon untuk tanda tangan draf, jika Anda berikan; bahasa, zona waktu, dan jam tenang; "
        "status PTKP jika Anda mengisinya; lamaran yang Anda catat (perusahaan, posisi, nama "
        "rekruter, tahap, riwayat, angka penawaran beserta tunjangan dan fasilitasnya); "
        "wawancara beserta nama pewawancaranya, dan apakah berkas kalendernya sudah saya kirim; "
        "centang daftar periksa; pengingat; jawaban latihan dan pelajaran yang Anda catat di "
        "/tangguh; posisi Anda dalam percakapan yang sedang berjalan; kabar yang Anda tulis "
        "dalam satu kalimat, sampai Anda mengonfirmasinya (paling lama sehari); dan pesan Anda "
        "selama sedang saya proses. Semua itu hanya dipakai untuk melatih dan mengingatkan "
        "Anda, dan tidak dibagikan kepada siapa pun. Ketik /ekspor untuk mengunduh salinannya, "
        "atau /hapusdata untuk menghapus semuanya."
    )


async def start(update: Update, context: CoachContext) -> int:
    """Greets the user and says what the coach does and what it stores."""
    name = escape(context.user.first_name.strip())
    greeting = (
        _("Halo, {name}! 👋 Saya <b>Pelatih Wawancara</b>.").format(name=name)
        if name
        else _("Halo! 👋 Saya <b>Pelatih Wawancara</b>.")
    )
    text = "\n\n".join(
        [
            greeting,
            _(
                "Saya mendampingi Anda melewati enam tahap proses wawancara kerja, mulai dari "
                "dihubungi rekruter hingga mendapat tawaran kerja atau bangkit setelah ditolak. "
                "Anda mendapat panduan, daftar periksa, draf pesan yang siap dikirim, dan pengingat "
                "pada saat yang tepat."
            ),
            privacy_text(),
            _("Mulai dengan /wawancara, atau lihat semua perintah di /bantuan."),
        ]
    )
    context.reply(text)
    return ConversationHandler.END


async def help_command(update: Update, context: CoachContext) -> int:
    """Lists the commands."""
    lines = [
        _("<b>Perintah yang bisa Anda pakai</b>"),
        _("/wawancara — pilih tahap wawancara dan dapatkan panduannya"),
        _("/lamaran — daftar lamaran Anda dan kemajuannya"),
        _("/latihan — latihan menjawab pertanyaan wawancara, lengkap dengan umpan balik"),
        _("/tangguh — teman untuk bangkit setelah ditolak"),
        _("/pengingat — pengingat yang menunggu, jam tenang"),
        _("/jeda — jeda atau lanjutkan semua pengingat"),
        _("/zonawaktu — atur zona waktu (WIB, WITA, WIT)"),
        _("/bahasa — ganti bahasa (Indonesia/English)"),
        _("/batal — hentikan percakapan yang sedang berjalan"),
        _("/privasi — data apa yang saya simpan tentang Anda"),
        _("/ekspor — unduh salinan semua data Anda (berkas JSON)"),
        _("/hapusdata — hapus semua data Anda"),
        _("/bantuan — tampilkan daftar ini"),
    ]
    context.reply("\n".join(lines))
    return ConversationHandler.END


async def privacy(update: Update, context: CoachContext) -> int:
    """Repeats what is stored and why."""
    context.reply(privacy_text())
    return ConversationHandler.END


async def language(update: Update, context: CoachContext) -> int:
    """Offers the two languages."""
    context.reply(_("Pilih bahasa yang Anda inginkan:"), reply_markup=keyboards.language_choice())
    return ConversationHandler.END


async def choose_language(update: Update, context: CoachContext) -> None:
    """Stores the chosen language and confirms in it."""
    code = callbacks.data(update).removeprefix(callbacks.LANGUAGE)
    if code not in ("id", "en"):
        await fallbacks.stale_button(update, context)
        return
    context.user.language = code
    set_locale(code)
    context.answer()
    context.edit(
        callback_message(update),
        _(
            "Baik, saya akan berbicara dalam bahasa Indonesia. Ketik /bantuan untuk melihat "
            "perintah."
        ),
    )


async def nothing_to_cancel(update: Update, context: CoachContext) -> None:
    """Answers /batal when no conversation is running."""
    context.reply(_("Tidak ada percakapan yang sedang berjalan. Ketik /wawancara untuk memulai."))


async def timezone(update: Update, context: CoachContext) -> None:
    """Offers the three Indonesian time zones."""
    context.reply(
        _("Zona waktu Anda sekarang: <b>{zone}</b>. Pilih zona waktu Anda:").format(
            zone=ZONE_ABBREVIATIONS.get(context.user.timezone, context.user.timezone)
        ),
        reply_markup=keyboards.timezone_choice(),
    )


async def choose_timezone(update: Update, context: CoachContext) -> None:
    """Stores the chosen zone and confirms with the current time there."""
    zone = callbacks.data(update).removeprefix(callbacks.TIMEZONE)
    if zone not in ZONE_ABBREVIATIONS:
        await fallbacks.stale_button(update, context)
        return
    context.user.timezone = zone
    context.answer()
    context.edit(
        callback_message(update),
        _("Zona waktu disimpan: <b>{zone}</b>. Waktu sekarang: {moment}.").format(
            zone=ZONE_ABBREVIATIONS[zone], moment=format_moment(context.now(), zone)
        ),
    )


async def membership_changed(update: Update, context: CoachContext) -> None:
    """Notes that the user blocked the bot (no nudges until they are back), or unblocked it."""
    change = update.my_chat_member
    if change is None:
        return
    blocked = change.new_chat_member.status == ChatMemberStatus.BANNED
    context.user.blocked = blocked
    if blocked:
        # Nothing pending makes sense any more; the dispatcher would cancel it at its first 403.
        await followups.cancel(context.session, user_id=context.user.id)
