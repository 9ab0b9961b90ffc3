"""/tangguh: after a rejection, the feeling first, then the thinking traps, the seed's actions with
a ready draft, one lesson to keep, and a check-in a few days later.

Free text such as "saya ditolak" outside a conversation gets an offer to go through it; the
flow itself starts with /tangguh or that offer's button.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import timedelta
from enum import StrEnum
from html import escape
from typing import Any

from sqlalchemy import select
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import callbacks, keyboards
from bot.callbacks import pattern
from bot.coach import drafts, names, nudges, resilience, slots
from bot.coach.nudges import NudgeKind
from bot.context import CoachContext
from bot.followups import schedule as followups
from bot.handlers import conversation
from bot.handlers.stages import drafting, records
from bot.handlers.stages.records import application_label
from bot.i18n import _, format_day
from bot.storage import practice, repositories
from bot.storage.models import ApplicationStatus, FollowUp, FollowUpStatus, JobApplication
from bot.text import clean_text, has_words

END = ConversationHandler.END
Result = str | int


class Tangguh(StrEnum):
    """Conversation states. Stored in the database: never rename a value."""

    FEELING = "perasaan"
    READY = "siap"
    TRAPS = "pikiran"
    APPLICATION = "lamaran"
    LESSON = "pelajaran"
    CHECK_IN = "cek"
    COMPANY = "perusahaan"
    MARK = "tandai"


# Callback data (declared in bot/callbacks.py).
GO = callbacks.TANGGUH_GO
LATER = callbacks.TANGGUH_LATER
FEEL = callbacks.TANGGUH_FEELING
READY = callbacks.TANGGUH_READY
TRAP = callbacks.TANGGUH_TRAP
NEXT = callbacks.TANGGUH_NEXT
PICK = callbacks.TANGGUH_PICK
SKIP_LESSON = callbacks.TANGGUH_SKIP
CHECK = callbacks.TANGGUH_CHECK_IN
MARK = callbacks.TANGGUH_MARK
KEEP = callbacks.TANGGUH_KEEP
NO_COMPANY = callbacks.TANGGUH_NO_COMPANY
DRAFT = callbacks.TANGGUH_DRAFT

MAX_LISTED_APPLICATIONS = 5
# A rejection this recent is still the one the user is likely talking about.
RECENT_REJECTION = timedelta(days=30)


class _MentionsRejection(filters.MessageFilter):
    """Text saying the writer was turned down for a job ("saya ditolak", "ga lolos")."""

    def filter(self, message: Message) -> bool:
        return bool(message.text) and resilience.mentions_rejection(message.text or "")


MENTIONS_REJECTION = _MentionsRejection(name="mentions_rejection")


# --- keyboards and prompts ------------------------------------------------------------------


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def _feelings() -> InlineKeyboardMarkup:
    return keyboards.rows(
        (_button(_(f.button), f"{FEEL}{f.id}") for f in resilience.FEELINGS), per_row=2
    )


def _ready() -> InlineKeyboardMarkup:
    return keyboards.rows(
        [_button(_("💪 Saya siap lanjut"), READY), _button(_("Nanti saja"), LATER)], per_row=2
    )


def _traps(current: str | None = None) -> InlineKeyboardMarkup:
    buttons = [
        _button(_(trap.thought), f"{TRAP}{trap.id}")
        for trap in resilience.TRAPS
        if trap.id != current
    ]
    buttons.append(_button(_("➡️ Lanjut ke langkah berikutnya"), NEXT))
    return keyboards.rows(buttons)


def _check_in() -> InlineKeyboardMarkup:
    buttons = [
        _button(_("{days} hari lagi").format(days=days), f"{CHECK}{days}")
        for days in resilience.CHECK_IN_DAYS
    ]
    buttons.append(_button(_("Tidak usah"), f"{CHECK}0"))
    return keyboards.rows(buttons, per_row=3)


async def _candidates(context: CoachContext) -> list[JobApplication]:
    """Applications the rejection may be about: active ones and recently rejected ones."""
    since = context.now() - RECENT_REJECTION
    return [
        application
        for application in await repositories.all_applications(context.session, context.user.id)
        if application.status == ApplicationStatus.ACTIVE
        or (
            application.status == ApplicationStatus.REJECTED
            and application.closed_at is not None
            and application.closed_at >= since
        )
    ][:MAX_LISTED_APPLICATIONS]


async def keyboard(context: CoachContext, state: Tangguh) -> InlineKeyboardMarkup:
    """The buttons that answer `state`."""
    match state:
        case Tangguh.FEELING:
            return _feelings()
        case Tangguh.READY:
            return _ready()
        case Tangguh.TRAPS:
            return _traps()
        case Tangguh.APPLICATION:
            buttons = [
                _button(_application_button(a), f"{PICK}{a.id}")
                for a in await _candidates(context)
            ]
            buttons.append(_button(_("Lamaran lain (isi sendiri)"), f"{PICK}0"))
            return keyboards.rows(buttons)
        case Tangguh.LESSON:
            return keyboards.rows([_button(_("Lewati"), SKIP_LESSON)])
        case Tangguh.CHECK_IN:
            return _check_in()
        case Tangguh.COMPANY:
            return keyboards.rows([_button(_("Lewati"), NO_COMPANY)])
        case Tangguh.MARK:
            return keyboards.rows([_button(_("Biarkan aktif"), KEEP)])


def question(state: Tangguh) -> str:
    """What the flow asks in `state`."""
    match state:
        case Tangguh.FEELING:
            return _(
                "Ditolak itu berat, dan tidak ada cara yang benar atau salah untuk merasakannya. "
                "💙\n\nApa yang paling Anda rasakan sekarang? Pilih di bawah, atau tuliskan dengan "
                "kata-kata Anda sendiri. Tulisan ini tidak saya simpan."
            )
        case Tangguh.READY:
            return _(
                "Beri diri Anda waktu; tidak perlu buru-buru. Jika sudah siap, kita lihat pikiran "
                "yang sering muncul setelah ditolak, lalu langkah berikutnya."
            )
        case Tangguh.TRAPS:
            return _(
                "<b>Pikiran yang sering muncul setelah ditolak</b>\nMana yang paling terasa "
                "sekarang? Pilih satu, dan kita lihat cara memandangnya dengan lebih jernih dan "
                "seimbang."
            )
        case Tangguh.APPLICATION:
            return _("Draf ucapan terima kasihnya untuk lamaran yang mana?")
        case Tangguh.LESSON:
            return _(
                "<b>Satu pelajaran untuk dicatat</b>\nApa satu hal dari proses ini yang ingin "
                "Anda bawa ke wawancara berikutnya? Tulis satu atau dua kalimat, misalnya: "
                "<i>Saya perlu menyiapkan contoh STAR tentang kerja tim.</i>"
            )
        case Tangguh.CHECK_IN:
            return _("Mau saya tanyakan kabar Anda lagi dalam beberapa hari?")
        case Tangguh.COMPANY:
            return _(
                "Di perusahaan mana? Tulis namanya, dan posisinya jika mau, misalnya: "
                "<i>PT Aman Siber, Analis SOC</i>. Nama itu saya pakai di draf."
            )
        case Tangguh.MARK:
            return _("Tandai lamaran ini sebagai tidak diterima?")


async def prompt(context: CoachContext, state: Tangguh) -> Tangguh:
    """Asks what `state` waits for, with its buttons, and returns it as the new state."""
    context.reply(question(state), reply_markup=await keyboard(context, state))
    return state


def _application_button(application: JobApplication) -> str:
    label = (
        f"{application.company} · {application.role}" if application.role else application.company
    )
    return label[:60]


def expected(state: Tangguh) -> str:
    """What the flow waits for in `state`, said when it gets something else."""
    match state:
        case Tangguh.FEELING:
            return _(
                "Pilih perasaan Anda dengan tombol, atau tuliskan dengan kata-kata. Stiker, foto, "
                "dan pesan suara belum bisa saya baca."
            )
        case Tangguh.READY:
            return _(
                "Terima kasih sudah bercerita. Jika sudah siap, tekan <b>Saya siap lanjut</b>; "
                "jika ingin berhenti dulu, tekan <b>Nanti saja</b>."
            )
        case Tangguh.TRAPS:
            return _("Pilih salah satu pikiran dengan tombol, atau tekan <b>Lanjut</b>.")
        case Tangguh.APPLICATION:
            return _("Pilih lamarannya dengan tombol, atau tekan <b>Lamaran lain</b>.")
        case Tangguh.LESSON:
            return _(
                "Saya menunggu pelajaran Anda dalam bentuk teks (maksimal {limit} karakter), atau "
                "tekan Lewati."
            ).format(limit=resilience.MAX_LESSON_CHARS)
        case Tangguh.CHECK_IN:
            return _(
                "Pilih kapan saya menyapa Anda lagi dengan tombol, atau tekan <b>Tidak usah</b>."
            )
        case Tangguh.COMPANY:
            return _(
                "Tulis nama perusahaannya dengan kata-kata, atau tekan <b>Lewati</b> untuk draf "
                "tanpa nama perusahaan."
            )
        case Tangguh.MARK:
            return _("Pilih dengan tombol: tandai tidak diterima, atau biarkan aktif.")


# --- the steps ------------------------------------------------------------------------------


async def offer(update: Update, context: CoachContext) -> None:
    """Answers free text about a rejection with an offer to go through it together."""
    context.reply(
        _(
            "Sepertinya Anda baru saja mendapat kabar yang kurang menyenangkan. Saya turut "
            "prihatin. 💙\n\nMau saya temani sebentar? Kita mulai dari perasaan Anda, lalu pelan-"
            "pelan menyusun langkah berikutnya."
        ),
        reply_markup=keyboards.rows(
            [_button(_("💙 Ya, temani saya"), GO), _button(_("Nanti saja"), LATER)], per_row=2
        ),
    )


async def start(update: Update, context: CoachContext) -> Result:
    """Opens the flow with room for the feeling (from /tangguh or the offer's button)."""
    context.answer()
    return await prompt(context, Tangguh.FEELING)


async def later(update: Update, context: CoachContext) -> Result:
    """Leaves the flow kindly; it can be opened again at any time."""
    context.answer()
    context.reply(
        _(
            "Tidak apa-apa. Luangkan waktu sebanyak yang Anda perlukan. Ketik /tangguh kapan saja "
            "jika ingin melanjutkan. 💙"
        )
    )
    return END


async def feeling(update: Update, context: CoachContext) -> Result:
    """Acknowledges the feeling, chosen or typed, and leaves room before moving on."""
    if update.callback_query is not None:
        chosen = resilience.FEELINGS_BY_ID.get(callbacks.data(update).removeprefix(FEEL))
        if chosen is None:
            return await wrong_input(Tangguh.FEELING)(update, context)
        context.answer()
        context.reply(_(chosen.response))
    else:
        # Emoji are feelings too, and nothing typed here is stored: any text is welcome.
        context.reply(
            _("Terima kasih sudah menuliskannya. Apa pun yang Anda rasakan, perasaan itu wajar.")
        )
    return await prompt(context, Tangguh.READY)


async def ready(update: Update, context: CoachContext) -> Result:
    """Moves on to the thinking traps."""
    context.answer()
    return await prompt(context, Tangguh.TRAPS)


async def trap(update: Update, context: CoachContext) -> Result:
    """Names the chosen thinking trap and offers fairer thoughts."""
    chosen = resilience.TRAPS_BY_ID.get(callbacks.data(update).removeprefix(TRAP))
    if chosen is None:
        return await wrong_input(Tangguh.TRAPS)(update, context)
    context.answer()
    lines = [
        f"<b>{_(chosen.name)}</b>",
        _(chosen.explanation),
        "",
        _("<b>Coba pikirkan ini:</b>"),
        *(f"• {_(counter)}" for counter in chosen.counters),
    ]
    context.reply("\n".join(lines), reply_markup=_traps(current=chosen.id))
    return Tangguh.TRAPS


async def actions(update: Update, context: CoachContext) -> Result:
    """The seed's actions, then the draft (for an application the user picks, if any)."""
    context.answer()
    steps = "\n".join(
        f"{number}. {'✅ ' if number == 1 else ''}{_(action)}"
        for number, action in enumerate(resilience.ACTIONS, start=1)
    )
    context.reply(
        "\n".join(
            [
                _("<b>Langkah berikutnya</b>"),
                steps,
                "",
                _(
                    "Draf di bawah berisi ucapan terima kasih, minat pada posisi lain, dan "
                    "permintaan umpan balik."
                ),
            ]
        )
    )
    if await _candidates(context):
        return await prompt(context, Tangguh.APPLICATION)
    return await prompt(context, Tangguh.COMPANY)


async def _owned(context: CoachContext, raw: str) -> JobApplication | None:
    application_id = keyboards.parse_id(raw)
    if not application_id:
        return None
    return await repositories.get_application(context.session, context.user.id, application_id)


async def pick_application(update: Update, context: CoachContext) -> Result:
    """The draft for the chosen application; "Lamaran lain" asks for the company first."""
    raw = callbacks.data(update).removeprefix(PICK)
    if raw == "0":
        context.answer()
        return await prompt(context, Tangguh.COMPANY)
    application = await _owned(context, raw)
    if application is None:
        return await wrong_input(Tangguh.APPLICATION)(update, context)
    context.answer()
    return await _for_application(context, application)


def _draft(
    company: str, role: str, context: CoachContext, application: JobApplication | None = None
) -> str:
    """The reply to the rejection, greeting the recorded recruiter and signed as the user
    asked (bot/handlers/stages/drafting.py), or for a company typed here."""
    if application is not None:
        return drafting.rejection_reply(context, application)
    return drafts.rejection_reply(
        company=company, role=role, contact_name="", **drafting.signed(context)
    )


async def _for_application(context: CoachContext, application: JobApplication) -> Result:
    """The draft once per rejection: an application already marked not accepted got it then
    (here or in the stage), and gets a button to see it again instead of a second copy."""
    if application.status == ApplicationStatus.ACTIVE:
        context.reply(_draft(application.company, application.role, context, application))
        context.reply(
            _(
                "Lamaran {application} masih tercatat aktif. Tandai sebagai tidak diterima? "
                "Pengingat untuk lamaran ini akan saya batalkan, dan saya akan mengingatkan Anda "
                "untuk meminta umpan balik."
            ).format(application=application_label(application)),
            reply_markup=keyboards.rows(
                [
                    _button(_("✅ Ya, tandai tidak diterima"), f"{MARK}{application.id}"),
                    _button(_("Biarkan aktif"), KEEP),
                ],
                per_row=2,
            ),
        )
        return Tangguh.MARK
    context.reply(
        _(
            "Lamaran {application} sudah tercatat tidak diterima, dan draf ucapan terima kasihnya "
            "sudah saya kirim saat itu."
        ).format(application=application_label(application)),
        reply_markup=keyboards.rows(
            [_button(_("📄 Tampilkan drafnya lagi"), f"{DRAFT}{application.id}")]
        ),
    )
    return await prompt(context, Tangguh.LESSON)


async def mark_rejected(update: Update, context: CoachContext) -> Result:
    """Closes the application as not accepted: its nudges are cancelled, and the feedback
    request and check-in of a rejection are planned (followups.on_rejection)."""
    application = await _owned(context, callbacks.data(update).removeprefix(MARK))
    if application is None:
        return await wrong_input(Tangguh.MARK)(update, context)
    context.answer()
    await records.mark_rejected(context, application)
    feedback = await context.session.scalar(
        select(FollowUp.due_at).where(
            FollowUp.application_id == application.id,
            FollowUp.kind == NudgeKind.REJECTION_FEEDBACK.value,
            FollowUp.status == FollowUpStatus.PENDING.value,
        )
    )
    lines = [
        _(
            "Tercatat: lamaran {application} tidak diterima. Pengingat untuk lamaran ini sudah "
            "saya batalkan."
        ).format(application=application_label(application))
    ]
    if feedback is not None:
        lines.append(
            _("Saya akan mengingatkan Anda untuk meminta umpan balik pada {day}.").format(
                day=format_day(feedback, context.timezone)
            )
        )
    context.reply(" ".join(lines))
    return await prompt(context, Tangguh.LESSON)


async def keep_active(update: Update, context: CoachContext) -> Result:
    """Leaves the application as it is."""
    context.answer()
    context.reply(_("Baik, lamarannya tetap aktif. Anda bisa menutupnya kapan saja di /lamaran."))
    return await prompt(context, Tangguh.LESSON)


async def show_draft(update: Update, context: CoachContext) -> Result:
    """The draft of an application already marked not accepted, on request."""
    application = await _owned(context, callbacks.data(update).removeprefix(DRAFT))
    if application is None:
        return await wrong_input(Tangguh.LESSON)(update, context)
    context.answer()
    context.reply(_draft(application.company, application.role, context, application))
    return Tangguh.LESSON


def company_and_role(text: str) -> tuple[str, str]:
    """ "pt aman siber, analis soc" -> ("PT Aman Siber", "Analis SOC"); "analis soc di pt aman
    siber" the same; a line without either form is the company alone."""
    company, comma, role = text.partition(",")
    if comma and company.strip() and role.strip():
        return names.company_name(company.strip()), names.role_name(role.strip())
    role_part, company_part = names.role_and_company(text)
    if company_part:
        return company_part, role_part
    return names.company_name(text.strip()), ""


async def company(update: Update, context: CoachContext) -> Result:
    """The company (and role) of an application not recorded: the draft names them. One the
    user did record is recognised and treated as picked."""
    message = update.effective_message
    text = clean_text(message.text or "") if message is not None else ""
    if not has_words(text):
        return await wrong_input(Tangguh.COMPANY)(update, context)
    active = await repositories.active_applications(context.session, context.user.id)
    known = slots.match_known(text, [application.company for application in active])
    if known is not None:
        return await _for_application(context, next(a for a in active if a.company == known))
    name, role = company_and_role(text[: resilience.MAX_COMPANY_CHARS])
    context.reply(_draft(name, role, context))
    if not role:
        context.reply(_("Ganti bagian dalam [kurung siku] sebelum mengirimnya."))
    return await prompt(context, Tangguh.LESSON)


async def no_company(update: Update, context: CoachContext) -> Result:
    """The draft with placeholders, for the user to fill in."""
    context.answer()
    context.reply(_draft("", "", context))
    context.reply(_("Ganti bagian dalam [kurung siku] sebelum mengirimnya."))
    return await prompt(context, Tangguh.LESSON)


async def lesson(update: Update, context: CoachContext) -> Result:
    """Stores the lesson, shows the ones kept so far, and offers the check-in."""
    message = update.effective_message
    text = clean_text(message.text or "") if message is not None else ""
    if not has_words(text):
        context.reply(
            _(
                "Tulis pelajarannya dengan kata-kata, bukan hanya emoji atau simbol, atau tekan Lewati."
            )
        )
        return Tangguh.LESSON
    if len(text) > resilience.MAX_LESSON_CHARS:
        context.reply(
            _("Terlalu panjang: maksimal {limit} karakter. Coba tulis lebih singkat.").format(
                limit=resilience.MAX_LESSON_CHARS
            )
        )
        return Tangguh.LESSON
    await practice.add_lesson(context.session, context.user.id, text, context.now())
    kept = await practice.recent_lessons(context.session, context.user.id)
    lines = [_("📝 Tercatat. Pelajaran yang sudah Anda kumpulkan:")]
    lines.extend(f"• {escape(row.lesson)}" for row in kept)
    context.reply("\n".join(lines))
    return await prompt(context, Tangguh.CHECK_IN)


async def skip_lesson(update: Update, context: CoachContext) -> Result:
    """Moves on to the check-in without a lesson."""
    context.answer()
    return await prompt(context, Tangguh.CHECK_IN)


async def check_in(update: Update, context: CoachContext) -> Result:
    """Schedules the check-in (or not), then closes with tips the user has not seen yet."""
    raw = callbacks.data(update).removeprefix(CHECK)
    days = int(raw) if raw.isdigit() else -1
    if days != 0 and days not in resilience.CHECK_IN_DAYS:
        return await wrong_input(Tangguh.CHECK_IN)(update, context)
    context.answer()
    if days:
        now = context.now()
        # The user chose when to be asked: a rejection's own check-in a week later would ask twice.
        await followups.cancel(
            context.session, user_id=context.user.id, kinds=[NudgeKind.REJECTION_CHECK_IN]
        )
        planned = await followups.schedule(
            context.session,
            context.user,
            nudges.resilience_check_in(now + timedelta(days=days)),
            now=now,
        )
        if planned is not None:
            context.reply(
                _("Baik, saya akan menyapa Anda pada {day}.").format(
                    day=format_day(planned.due_at, context.timezone)
                )
            )
    seen = await practice.tips_seen(context.session, context.user.id)
    tips = resilience.pick_tips(seen)
    await practice.mark_tips_seen(
        context.session, context.user.id, [tip.id for tip in tips], context.now()
    )
    lines = [_("💡 <b>Untuk hari-hari ke depan</b>")]
    lines.extend(f"• {_(tip.text)}" for tip in tips)
    lines.extend(
        [
            "",
            _(
                "Ketik /tangguh kapan saja jika butuh teman bicara, atau /latihan untuk berlatih "
                "wawancara. Anda tidak sendirian. 💙"
            ),
        ]
    )
    context.reply("\n".join(lines))
    return END


# --- everything else ----------------------------------------------------------------------


def wrong_input(state: Tangguh) -> Callable[[Update, CoachContext], Coroutine[Any, Any, Result]]:
    """The callback for whatever a state does not expect: media, old buttons, typed text."""

    async def explain(update: Update, context: CoachContext) -> Result:
        if update.callback_query is not None:
            context.answer(_("Tombol itu dari pesan lama. Jawab pertanyaan terakhir, ya."))
        # One message: what is expected, with the buttons again (the question may have
        # scrolled away).
        context.reply(expected(state), reply_markup=await keyboard(context, state))
        return state

    return explain


async def cancel(update: Update, context: CoachContext) -> Result:
    """Leaves the flow on /batal."""
    context.reply(
        _("Baik, kita berhenti di sini. Ketik /tangguh kapan saja untuk memulai lagi. 💙")
    )
    return END


def build_conversation() -> ConversationHandler[CoachContext]:
    """The /tangguh conversation; its state is stored like the stage conversations'."""
    text = conversation.TEXT
    return conversation.build(
        "tangguh",
        entry_points=[
            CommandHandler("tangguh", start, filters=filters.ChatType.PRIVATE),
            CallbackQueryHandler(start, pattern=pattern(GO, "$")),
            CallbackQueryHandler(later, pattern=pattern(LATER, "$")),
        ],
        states={
            Tangguh.FEELING: [
                CallbackQueryHandler(feeling, pattern=pattern(FEEL)),
                MessageHandler(text, feeling),
            ],
            Tangguh.READY: [
                CallbackQueryHandler(ready, pattern=pattern(READY, "$")),
                CallbackQueryHandler(later, pattern=pattern(LATER, "$")),
            ],
            Tangguh.TRAPS: [
                CallbackQueryHandler(trap, pattern=pattern(TRAP)),
                CallbackQueryHandler(actions, pattern=pattern(NEXT, "$")),
            ],
            Tangguh.APPLICATION: [
                CallbackQueryHandler(pick_application, pattern=pattern(PICK, "\\d+$"))
            ],
            Tangguh.COMPANY: [
                MessageHandler(text, company),
                CallbackQueryHandler(no_company, pattern=pattern(NO_COMPANY, "$")),
            ],
            Tangguh.MARK: [
                CallbackQueryHandler(mark_rejected, pattern=pattern(MARK, "\\d+$")),
                CallbackQueryHandler(keep_active, pattern=pattern(KEEP, "$")),
            ],
            Tangguh.LESSON: [
                MessageHandler(text, lesson),
                CallbackQueryHandler(skip_lesson, pattern=pattern(SKIP_LESSON, "$")),
                CallbackQueryHandler(show_draft, pattern=pattern(DRAFT, "\\d+$")),
            ],
            Tangguh.CHECK_IN: [CallbackQueryHandler(check_in, pattern=pattern(CHECK, "\\d+$"))],
        },
        wrong_input=wrong_input,
        cancel=cancel,
    )
