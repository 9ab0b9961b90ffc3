"""/latihan: interview practice. The user picks a set, types answers, and gets insights on each.

The set being answered lives in `practice_sessions` (its questions and position), so a restart
continues with the same question; the answers are stored for the user alone.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import callbacks, keyboards
from bot.callbacks import pattern
from bot.coach import insights
from bot.coach.practice import (
    CATEGORY_LABELS,
    INTERVIEWER_QUESTIONS,
    QUESTIONS,
    QUESTIONS_BY_ID,
    Category,
    Question,
    pick_set,
    untried,
)
from bot.context import CoachContext
from bot.handlers import conversation
from bot.i18n import N_, _, current_locale, ngettext
from bot.storage import practice
from bot.storage.models import PracticeSession
from bot.text import has_words

END = ConversationHandler.END
Result = str | int


class Latihan(StrEnum):
    """Conversation states. Stored in the database: never rename a value."""

    CHOOSE = "pilih_set"
    ANSWER = "jawab"


# Callback data (declared in bot/callbacks.py).
SET = callbacks.PRACTICE_SET  # lt:set:<category or "campur">
MIXED = "campur"
ASK_THEM = callbacks.PRACTICE_ASK_THEM
UNTRIED = callbacks.PRACTICE_UNTRIED
SKIP = callbacks.PRACTICE_SKIP  # lt:skip:<session id>:<position>
STOP = callbacks.PRACTICE_STOP  # lt:stop:<session id>:<position>
RETRY = callbacks.PRACTICE_RETRY  # lt:ulang:<question id>
OUTLINE = callbacks.PRACTICE_OUTLINE  # lt:kerangka:<question id>

# Telegram allows 4096 characters; a spoken answer of two minutes is well under 2000.
MAX_ANSWER_CHARS = 3000
RECENT = 5
UNTRIED_EXAMPLES = 3
QUESTION_PREVIEW = 70

SET_BUTTONS: dict[str, str] = {
    Category.GENERAL.value: N_("🙋 Umum"),
    Category.BEHAVIOURAL.value: N_("🤝 Perilaku"),
    Category.TECHNICAL.value: N_("🛠️ Teknis"),
}


# --- messages -----------------------------------------------------------------------------


def _set_keyboard(history: list[Question] | None = None) -> InlineKeyboardMarkup:
    retry = [
        InlineKeyboardButton(f"🔁 {number}", callback_data=f"{RETRY}{question.id}")
        for number, question in enumerate(history or [], start=1)
    ]
    buttons = [
        InlineKeyboardButton(_(label), callback_data=f"{SET}{value}")
        for value, label in SET_BUTTONS.items()
    ]
    table = keyboards.rows(buttons, per_row=3).inline_keyboard
    return InlineKeyboardMarkup(
        [
            *keyboards.rows(retry, per_row=5).inline_keyboard,
            *table,
            [InlineKeyboardButton(_("🎲 Campuran (5 pertanyaan)"), callback_data=f"{SET}{MIXED}")],
            [InlineKeyboardButton(_("📋 Semua yang belum dicoba"), callback_data=UNTRIED)],
            [InlineKeyboardButton(_("❓ Pertanyaan untuk pewawancara"), callback_data=ASK_THEM)],
        ]
    )


def _short_day(context: CoachContext, moment: Any) -> str:
    local = moment.astimezone(ZoneInfo(context.timezone))
    locale = "en_GB" if current_locale() == "en" else "id"
    return str(format_datetime(local, "d MMM", locale=locale, tzinfo=local.tzinfo))


def _preview(question: Question) -> str:
    """The question, cut at the last space that keeps it within QUESTION_PREVIEW characters."""
    text = _(question.text)
    if len(text) <= QUESTION_PREVIEW:
        return text
    cut = text.rfind(" ", 0, QUESTION_PREVIEW)
    return (text[:cut] if cut > 0 else text[: QUESTION_PREVIEW - 1]).rstrip(" ,;:") + "…"


def _answer_keyboard(question: Question) -> InlineKeyboardMarkup:
    """Under an answer's notes: try the question again, or see the outline of a good answer."""
    return keyboards.rows(
        [
            InlineKeyboardButton(_("🔁 Coba lagi"), callback_data=f"{RETRY}{question.id}"),
            InlineKeyboardButton(
                _("📋 Kerangka jawaban"), callback_data=f"{OUTLINE}{question.id}"
            ),
        ],
        per_row=2,
    )


async def overview(context: CoachContext) -> tuple[str, list[Question]]:
    """What /latihan does, the user's history, and the questions not tried yet; with the
    questions of the numbered history lines, for their "🔁" buttons."""
    lines = [
        _("🎯 <b>Latihan wawancara</b>"),
        _(
            "Saya mengajukan pertanyaan wawancara untuk posisi keamanan siber tingkat pemula, dan "
            "Anda menjawab dengan mengetik. Setelah setiap jawaban, Anda mendapat catatan, bukan "
            "nilai: istilah teknis yang Anda pakai, struktur STAR, panjang jawaban, dan poin yang "
            "belum dibahas. Jawaban Anda hanya untuk Anda."
        ),
        "",
    ]
    user_id = context.user.id
    history: list[Question] = []
    answered = await practice.last_answered(context.session, user_id)
    if answered:
        answers = await practice.count_answers(context.session, user_id)
        lines.append(
            ngettext(
                "📚 <b>Riwayat Anda:</b> {answers} jawaban untuk {tried} dari {total} pertanyaan.",
                "📚 <b>Riwayat Anda:</b> {answers} jawaban untuk {tried} dari {total} pertanyaan.",
                answers,
            ).format(
                answers=answers,
                tried=len(answered),
                total=len(QUESTIONS),
            )
        )
        for row in await practice.recent_answers(context.session, user_id, RECENT):
            question = QUESTIONS_BY_ID.get(row.question_id)
            if question is None:
                continue
            terms = len(row.findings.get("terms") or [])
            star = row.findings.get("star")
            detail = ngettext("{count} istilah teknis", "{count} istilah teknis", terms).format(
                count=terms
            )
            if isinstance(star, list):
                detail += " · " + _("STAR {found}/4").format(found=len(star))
            if question not in history:
                history.append(question)
            lines.append(
                f"{history.index(question) + 1}. {_short_day(context, row.answered_at)} — "
                f"{_preview(question)} ({detail})"
            )
        lines.append(_("Tekan 🔁 dan nomornya untuk mencoba lagi pertanyaan itu."))
    else:
        lines.append(_("📚 Anda belum pernah berlatih. Mulailah dengan set mana saja di bawah."))
    remaining = untried(answered)
    if remaining:
        counts = {category: 0 for category in Category}
        for question in remaining:
            counts[question.category] += 1
        lines.extend(
            [
                "",
                _(
                    "🆕 <b>Belum dicoba:</b> {count} pertanyaan (umum {general}, perilaku "
                    "{behavioural}, teknis {technical}), misalnya:"
                ).format(
                    count=len(remaining),
                    general=counts[Category.GENERAL],
                    behavioural=counts[Category.BEHAVIOURAL],
                    technical=counts[Category.TECHNICAL],
                ),
            ]
        )
        # One of each category first, so the examples show the range.
        examples: list[Question] = []
        for category in Category:
            examples.extend([q for q in remaining if q.category is category][:1])
        lines.extend(f"• {_preview(q)}" for q in examples[:UNTRIED_EXAMPLES])
    else:
        lines.extend(["", _("🏅 Anda sudah mencoba semua pertanyaan. Ulangi yang paling sulit!")])
    lines.extend(["", _("Pilih set latihan:")])
    return "\n".join(lines), history


def _question_keyboard(row: PracticeSession) -> InlineKeyboardMarkup:
    where = f"{row.id}:{row.position}"
    return keyboards.rows(
        [
            InlineKeyboardButton(_("⏭️ Lewati"), callback_data=f"{SKIP}{where}"),
            InlineKeyboardButton(_("⏹️ Selesai"), callback_data=f"{STOP}{where}"),
        ],
        per_row=2,
    )


def _current(row: PracticeSession) -> Question | None:
    if 0 <= row.position < len(row.question_ids):
        return QUESTIONS_BY_ID.get(row.question_ids[row.position])
    return None


async def ask_current(context: CoachContext, row: PracticeSession) -> Result:
    """Sends the question at the set's position, or ends the set when none is left."""
    # A question removed from the bank since the set began is passed over.
    while row.position < len(row.question_ids) and _current(row) is None:
        row.position += 1
    question = _current(row)
    if question is None:
        return await finish(context, row)
    hint = (
        _("Jawab dengan STAR: Situasi, Tugas, Aksi, Hasil.")
        if question.star
        else _("Ketik jawaban Anda seperti saat berbicara dengan pewawancara.")
    )
    context.reply(
        "\n".join(
            [
                _("<b>Pertanyaan {number} dari {total}</b> · {category}").format(
                    number=row.position + 1,
                    total=len(row.question_ids),
                    category=_(CATEGORY_LABELS[question.category]),
                ),
                "",
                _(question.text),
                "",
                f"<i>{hint}</i>",
            ]
        ),
        reply_markup=_question_keyboard(row),
    )
    return Latihan.ANSWER


async def finish(context: CoachContext, row: PracticeSession) -> Result:
    """Closes the set with what it held."""
    row.finished_at = context.now()
    answers = await practice.session_answers(context.session, row.id)
    if not answers:
        context.reply(
            _("Latihan selesai tanpa jawaban. Ketik /latihan kapan saja untuk mencoba lagi.")
        )
        return END
    terms: list[str] = []
    for answer in answers:
        terms.extend(t for t in answer.findings.get("terms") or [] if t not in terms)
    lines = [
        _("🏁 <b>Latihan selesai:</b> {answered} dari {total} pertanyaan Anda jawab.").format(
            answered=len(answers), total=len(row.question_ids)
        )
    ]
    if terms:
        lines.append(
            _("Istilah teknis yang Anda pakai di sesi ini: {terms}.").format(
                terms=", ".join(insights.term_label(t) for t in terms)
            )
        )
    lines.append(
        _(
            "Jawaban Anda tersimpan hanya untuk Anda. Ketik /latihan untuk melihat riwayat dan "
            "berlatih lagi."
        )
    )
    context.reply("\n".join(lines))
    return END


# --- the steps ------------------------------------------------------------------------------


async def start(update: Update, context: CoachContext) -> Result:
    """Shows the history and the sets to choose from."""
    text, history = await overview(context)
    context.reply(text, reply_markup=_set_keyboard(history))
    return Latihan.CHOOSE


async def choose_set(update: Update, context: CoachContext) -> Result:
    """Starts a set of questions, the untried ones first."""
    raw = callbacks.data(update).removeprefix(SET)
    if raw != MIXED and raw not in SET_BUTTONS:
        return await wrong_input(Latihan.CHOOSE)(update, context)
    context.answer()
    category = None if raw == MIXED else Category(raw)
    answered = await practice.last_answered(context.session, context.user.id)
    questions = pick_set(category, answered)
    row = await practice.start_session(
        context.session,
        context.user.id,
        category=raw,
        question_ids=[q.id for q in questions],
        now=context.now(),
    )
    context.reply(
        ngettext(
            "Baik, {count} pertanyaan. Jawab dengan mengetik, seperti sedang diwawancarai; tidak "
            "ada jawaban yang dinilai benar atau salah di sini.",
            "Baik, {count} pertanyaan. Jawab dengan mengetik, seperti sedang diwawancarai; tidak "
            "ada jawaban yang dinilai benar atau salah di sini.",
            len(questions),
        ).format(count=len(questions))
    )
    return await ask_current(context, row)


async def interviewer_questions(update: Update, context: CoachContext) -> Result:
    """Lists good questions to ask the interviewer, then the sets again."""
    context.answer()
    lines = [
        _("❓ <b>Pertanyaan yang baik untuk pewawancara</b>"),
        _(
            "Di akhir wawancara, Anda biasanya diberi kesempatan bertanya. Pilih dua atau tiga "
            "yang sungguh ingin Anda ketahui:"
        ),
        *(f"• {_(question)}" for question in INTERVIEWER_QUESTIONS),
        "",
        _(
            "Pertanyaan yang baik menunjukkan minat Anda dan membantu Anda menilai apakah "
            "perusahaan itu cocok untuk Anda."
        ),
    ]
    context.reply("\n".join(lines))
    context.reply(_("Pilih set latihan:"), reply_markup=_set_keyboard())
    return Latihan.CHOOSE


async def untried_questions(update: Update, context: CoachContext) -> Result:
    """Lists every question not tried yet, one message per category, then the sets again."""
    context.answer()
    answered = await practice.last_answered(context.session, context.user.id)
    remaining = untried(answered)
    if not remaining:
        context.reply(_("🏅 Anda sudah mencoba semua pertanyaan. Ulangi yang paling sulit!"))
    for category in Category:
        questions = [q for q in remaining if q.category is category]
        if questions:
            context.reply(
                "\n".join(
                    [
                        _("🆕 <b>Belum dicoba · {category}</b>").format(
                            category=_(CATEGORY_LABELS[category])
                        ),
                        *(f"• {_(q.text)}" for q in questions),
                    ]
                )
            )
    context.reply(_("Pilih set latihan:"), reply_markup=_set_keyboard())
    return Latihan.CHOOSE


async def _open(context: CoachContext) -> PracticeSession | None:
    row = await practice.open_session(context.session, context.user.id)
    if row is None:
        context.reply(_("Sesi latihan ini sudah berakhir. Ketik /latihan untuk memulai lagi."))
    return row


async def answer(update: Update, context: CoachContext) -> Result:
    """Stores the typed answer and replies with insights, then asks the next question."""
    row = await _open(context)
    if row is None:
        return END
    question = _current(row)
    if question is None:
        return await ask_current(context, row)
    message = update.effective_message
    # PostgreSQL refuses NUL in text; the answer keeps its other characters and its lines.
    text = (message.text or "").replace("\x00", "").strip() if message is not None else ""
    if not has_words(text):
        context.reply(
            _(
                "Tulis jawaban Anda dengan kata-kata, bukan hanya emoji atau simbol. Atau tekan "
                "Lewati untuk pertanyaan berikutnya."
            )
        )
        return Latihan.ANSWER
    if len(text) > MAX_ANSWER_CHARS:
        context.reply(
            _(
                "Jawaban ini terlalu panjang untuk saya baca sekaligus (maksimal {limit} karakter). "
                "Dalam wawancara, jawaban satu sampai dua menit paling mudah diikuti: coba ringkas "
                "ke poin terpenting."
            ).format(limit=MAX_ANSWER_CHARS)
        )
        return Latihan.ANSWER
    found = insights.analyse(text, question)
    await practice.add_answer(
        context.session,
        user_id=context.user.id,
        session_id=row.id,
        question_id=question.id,
        answer=text,
        findings=found.summary(),
        now=context.now(),
    )
    context.reply(insights.describe(question, found), reply_markup=_answer_keyboard(question))
    row.position += 1
    return await ask_current(context, row)


def _question_from(update: Update, prefix: str) -> Question | None:
    return QUESTIONS_BY_ID.get(callbacks.data(update).removeprefix(prefix))


async def retry(update: Update, context: CoachContext) -> Result:
    """Asks a question again: next in the open set, or as a new set of one question."""
    question = _question_from(update, RETRY)
    if question is None:
        return await _stale(update, context)
    context.answer()
    row = await practice.open_session(context.session, context.user.id)
    if row is None:
        row = await practice.start_session(
            context.session,
            context.user.id,
            category=question.category.value,
            question_ids=[question.id],
            now=context.now(),
        )
    elif _current(row) is not question:
        # A new list: the JSON column is only written when it is assigned.
        row.question_ids = [
            *row.question_ids[: row.position],
            question.id,
            *row.question_ids[row.position :],
        ]
    context.reply(_("🔁 Baik, kita coba lagi pertanyaan ini."))
    return await ask_current(context, row)


def outline_text(question: Question) -> str:
    """The outline of a good answer: its structure, the points, the terms, the length."""
    low, high = question.words
    lines = [
        _("📋 <b>Kerangka jawaban yang baik</b>"),
        f"<i>{_(question.text)}</i>",
        "",
    ]
    if question.star:
        lines.append(_("Susun sebagai cerita STAR:"))
        lines.extend(
            f"{number}. {_(insights.STAR_HINTS[part])}"
            for number, part in enumerate(insights.StarPart, start=1)
        )
        lines.append("")
    lines.append(_("Poin yang biasanya dibahas:"))
    lines.extend(f"• {_(point.text)}" for point in question.points)
    if question.terms:
        lines.append(
            _("Istilah yang sering muncul: {terms}.").format(
                terms=", ".join(insights.term_label(term) for term in question.terms)
            )
        )
    lines.extend(
        [
            "",
            _(
                "Panjangnya sekitar {low}–{high} kata, satu sampai dua menit bila diucapkan. "
                "Pakai kata-kata dan pengalaman Anda sendiri."
            ).format(low=low, high=high),
        ]
    )
    return "\n".join(lines)


async def outline(update: Update, context: CoachContext) -> Result:
    """Shows the outline of a good answer; an open set stays where it is."""
    question = _question_from(update, OUTLINE)
    if question is None:
        return await _stale(update, context)
    context.answer()
    context.reply(outline_text(question))
    row = await practice.open_session(context.session, context.user.id)
    return Latihan.ANSWER if row is not None and _current(row) is not None else END


async def _stale(update: Update, context: CoachContext) -> Result:
    """A tampered or outdated practice button: said, and an open set stays where it is."""
    context.answer(_("Tombol ini sudah tidak berlaku. Ketik /latihan untuk berlatih lagi."))
    row = await practice.open_session(context.session, context.user.id)
    return Latihan.ANSWER if row is not None and _current(row) is not None else END


async def _pressed_here(update: Update, context: CoachContext) -> PracticeSession | None:
    """The open set, if the pressed button belongs to its current question."""
    parts = callbacks.data(update).split(":")
    row = await practice.open_session(context.session, context.user.id)
    if row is None or len(parts) != 4 or parts[2:] != [str(row.id), str(row.position)]:
        return None
    return row


async def skip(update: Update, context: CoachContext) -> Result:
    """Moves to the next question without an answer."""
    row = await _pressed_here(update, context)
    if row is None:
        return await wrong_input(Latihan.ANSWER)(update, context)
    context.answer()
    row.position += 1
    return await ask_current(context, row)


async def stop(update: Update, context: CoachContext) -> Result:
    """Ends the set early."""
    row = await _pressed_here(update, context)
    if row is None:
        return await wrong_input(Latihan.ANSWER)(update, context)
    context.answer()
    return await finish(context, row)


async def voice(update: Update, context: CoachContext) -> Result:
    """Asks for a typed answer: there is no speech recognition here."""
    context.reply(
        _(
            "🎙️ Maaf, saya belum bisa mendengarkan pesan suara. Silakan ketik jawaban Anda; "
            "menuliskannya juga membantu menyusun poin-poin sebelum wawancara."
        )
    )
    return Latihan.ANSWER


# --- everything else ----------------------------------------------------------------------


def wrong_input(state: Latihan) -> Callable[[Update, CoachContext], Coroutine[Any, Any, Result]]:
    """The callback for whatever a state does not expect: media, old buttons, typed text."""

    async def explain(update: Update, context: CoachContext) -> Result:
        if update.callback_query is not None:
            context.answer(_("Tombol itu dari pesan lama. Jawab pertanyaan terakhir, ya."))
        if state is Latihan.CHOOSE:
            context.reply(
                _("Pilih set latihan dengan tombol di bawah."), reply_markup=_set_keyboard()
            )
            return state
        row = await _open(context)
        if row is None:
            return END
        context.reply(
            _(
                "Saya menunggu jawaban Anda dalam bentuk teks. Ketik jawabannya, atau tekan "
                "Lewati atau Selesai. Ini pertanyaannya lagi:"
            )
        )
        return await ask_current(context, row)

    return explain


async def cancel(update: Update, context: CoachContext) -> Result:
    """Ends the set; the answers sent so far stay stored."""
    row = await practice.open_session(context.session, context.user.id)
    if row is not None:
        row.finished_at = context.now()
    context.reply(
        _(
            "Baik, latihan dihentikan. Jawaban yang sudah Anda kirim tetap tersimpan. Ketik "
            "/latihan untuk berlatih lagi."
        )
    )
    return END


def build_conversation() -> ConversationHandler[CoachContext]:
    """The /latihan conversation; its state is stored like the stage conversations'."""
    spoken = filters.UpdateType.MESSAGE & (filters.VOICE | filters.AUDIO | filters.VIDEO_NOTE)
    return conversation.build(
        "latihan",
        entry_points=[
            CommandHandler("latihan", start, filters=filters.ChatType.PRIVATE),
            CallbackQueryHandler(choose_set, pattern=pattern(SET)),
            CallbackQueryHandler(interviewer_questions, pattern=pattern(ASK_THEM, "$")),
            CallbackQueryHandler(untried_questions, pattern=pattern(UNTRIED, "$")),
            CallbackQueryHandler(retry, pattern=pattern(RETRY)),
            CallbackQueryHandler(outline, pattern=pattern(OUTLINE)),
        ],
        states={
            Latihan.CHOOSE: [
                CallbackQueryHandler(choose_set, pattern=pattern(SET)),
                CallbackQueryHandler(interviewer_questions, pattern=pattern(ASK_THEM, "$")),
                CallbackQueryHandler(untried_questions, pattern=pattern(UNTRIED, "$")),
            ],
            Latihan.ANSWER: [
                MessageHandler(conversation.TEXT, answer),
                MessageHandler(spoken, voice),
                CallbackQueryHandler(skip, pattern=pattern(SKIP)),
                CallbackQueryHandler(stop, pattern=pattern(STOP)),
            ],
        },
        wrong_input=wrong_input,
        cancel=cancel,
    )
