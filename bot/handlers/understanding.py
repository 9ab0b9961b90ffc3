"""Free text outside a conversation, answered by what the user means (issues 13 and 17).

`route` decides, from the text alone, what a message asks of the coach: a recruiter's message to
check (forwarded, pasted, or described with a warning sign in it), a request for such a check
without the message, a rejection of the writer's own (today's /tangguh offer), one of the
intents of bot/coach/intents.py, a choice between two readings when the classifier is unsure,
or the menu. The handlers then answer in a message or two, each with the buttons that lead on:
a guidance excerpt with its draft, the stage a progress message belongs to, /latihan.

Nothing is recorded from free text without a tap: a progress message gets what was understood
and "✅ Ya, catat" (handlers/progress.py), which records it in the stage's conversation; a
rejection gets /tangguh's offer and, for the application it names, "Tandai tidak diterima". The
same route answers text typed inside a running stage that is no answer to its question
(handlers/stages/asides.py). A recruiter's message is checked and forgotten; while the coach
waits for one ("ini penipuan ga?" and nothing pasted yet), only the
conversation state is stored, never the text.

Condolences need evidence: /tangguh's offer goes only to a message that
`intents.reports_own_rejection` says reports the writer's own rejection ("takut ga lolos besok"
is fear, and gets preparation help).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from enum import StrEnum
from html import escape
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import callbacks, keyboards
from bot.callbacks import CHECK_RECRUITER_MESSAGE, FREE_DRAFT, GO, MEANT, MENU_STAGE, pattern
from bot.coach import drafts, guidance, intents, money, scam, slots
from bot.coach.intents import CONDOLENCE, Intent
from bot.coach.length import visible_len
from bot.coach.stages import Stage, parse_stage
from bot.context import CoachContext
from bot.handlers import conversation, fallbacks, progress, tangguh
from bot.handlers.stages.records import button_label, local_now
from bot.i18n import N_, _
from bot.storage import repositories
from bot.storage.models import JobApplication

log = logging.getLogger(__name__)

END = ConversationHandler.END
Result = str | int

# Guidance answers to typed questions stay a phone screen: the rest is behind their buttons.
ANSWER_LIMIT = guidance.BRIEF_LIMIT
# Once asked for a recruiter's message, a text this long (or with a warning sign, or forwarded)
# is taken as that message; a shorter one ("ga jadi", "makasih") is read as chat again.
MESSAGE_WORDS = 8
# An application's name on a button that also names the stage it opens.
LABEL_NAME = 32


def load_classifier() -> None:
    """Trains the intent classifier now (about 150 ms), so the first message does not wait.

    Call it once at start-up, from the application's post_init.
    """
    intents.default_classifier()


# --- what a message asks for ----------------------------------------------------------------


class Action(StrEnum):
    """What the coach does with a free-text message."""

    CHECK = "check"  # a recruiter's message to check: forwarded, pasted, or a sign described
    ASK_FOR_MESSAGE = "ask_for_message"  # "ini penipuan ga?" without the message
    CONSOLE = "console"  # the writer's own rejection: /tangguh's offer
    ANSWER = "answer"  # the answer of `intent`
    ASK_WHICH = "ask_which"  # unsure: `intent` or `runner_up` (else the stages), as buttons
    MENU = "menu"  # what the coach does, and the stages


@dataclass(frozen=True)
class Route:
    action: Action
    intent: Intent = Intent.OTHER
    runner_up: Intent | None = None


# Intents that can be offered as a reading when the classifier is unsure.
READINGS: dict[Intent, str] = {
    Intent.GREETING: N_("👋 Sekadar menyapa"),
    Intent.THANKS: N_("🙏 Berterima kasih"),
    Intent.ACKNOWLEDGEMENT: N_("👌 Oke, sudah jelas"),
    Intent.PASSED_STAGE: N_("✅ Saya lolos ke tahap berikutnya"),
    Intent.INTERVIEW_SCHEDULED: N_("📅 Saya dapat jadwal wawancara"),
    Intent.OFFER_RECEIVED: N_("🎉 Saya mendapat tawaran kerja"),
    Intent.ASK_NEGOTIATE_SALARY: N_("💰 Cara menegosiasikan gaji"),
    Intent.ASK_THANK_YOU_EMAIL: N_("✉️ Email terima kasih"),
    Intent.ASK_REPLY_RECRUITER: N_("📞 Cara membalas rekruter"),
    Intent.ASK_PREPARE_INTERVIEW: N_("📖 Persiapan wawancara"),
    Intent.ASK_QUESTIONS_FOR_INTERVIEWER: N_("❓ Pertanyaan untuk pewawancara"),
    Intent.ASK_HOW_LONG_TO_WAIT: N_("⏳ Berapa lama menunggu kabar"),
    Intent.NERVOUS_BEFORE_INTERVIEW: N_("😟 Gugup sebelum wawancara"),
    Intent.PRACTICE_REQUEST: N_("🎯 Latihan wawancara"),
    Intent.SCAM_CHECK: N_("🔍 Cek pesan rekruter"),
}


def route(text: str, *, forwarded: bool = False) -> Route:
    """What to do with a free-text message (pure: the text and whether it was forwarded).

    In order: a forwarded message is a recruiter's message to check; the writer's own rejection
    gets /tangguh's offer; a warning sign in the text (a fee, an OTP, "like video YouTube") is
    checked, whatever else the message says; a question whether something is a scam, without
    the message, asks for it; then the classifier's intent; unsure, a choice between its two
    readings (or its one reading and the stages); the menu for anything else.
    """
    if forwarded:
        return Route(Action.CHECK, Intent.SCAM_CHECK)
    result = intents.classify(text)
    if result.intent in CONDOLENCE:
        if intents.reports_own_rejection(text):
            return Route(Action.CONSOLE, result.intent)
        # The classifier decides condolences through that rule; should the two ever disagree,
        # no condolences.
        return Route(Action.MENU)
    if scam.check_message(text).findings:
        return Route(Action.CHECK, Intent.SCAM_CHECK)
    asks_for_check = result.intent is Intent.SCAM_CHECK or (
        scam.asks_for_check(text) and (result.intent is Intent.OTHER or not result.confident)
    )
    if asks_for_check:
        if len(text) > scam.MAX_QUESTION:
            return Route(Action.CHECK, Intent.SCAM_CHECK)  # the message, with the question
        return Route(Action.ASK_FOR_MESSAGE, Intent.SCAM_CHECK)
    if result.confident:
        if result.intent is Intent.OTHER:
            return Route(Action.MENU)
        return Route(Action.ANSWER, result.intent)
    if result.intent not in READINGS:
        return Route(Action.MENU)
    second = result.runner_up
    if second not in READINGS or second is result.intent:
        second = None  # the reading, or the stages
    return Route(Action.ASK_WHICH, result.intent, second)


def _forwarded(message: Message) -> bool:
    return message.forward_origin is not None


class _AsksForCheck(filters.MessageFilter):
    """Typed text asking whether a recruiter or job is real, without the message itself."""

    def filter(self, message: Message) -> bool:
        text = message.text or ""
        if not text or _forwarded(message):
            return False
        return route(text).action is Action.ASK_FOR_MESSAGE


ASKS_FOR_CHECK = _AsksForCheck(name="asks_for_check")


# --- buttons --------------------------------------------------------------------------------


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def check_button() -> InlineKeyboardButton:
    """ "🔍 Cek pesan rekruter": any module may show it; it asks for the message to check."""
    return _button(_("🔍 Cek pesan rekruter"), CHECK_RECRUITER_MESSAGE)


def _stage_title(stage: Stage) -> str:
    return progress.stage_heading(stage)


def _stage_button(stage: Stage, application: JobApplication | None = None) -> InlineKeyboardButton:
    """Opens a stage: for `application` (go:), or asking which application (m:s:)."""
    if application is None:
        return _button(_stage_title(stage), f"{MENU_STAGE}{stage.value}")
    return _button(
        f"{button_label(application)[:LABEL_NAME]} → {_stage_title(stage)}",
        f"{GO}{application.id}:{stage.value}",
    )


def _next_steps() -> InlineKeyboardMarkup:
    return keyboards.rows(
        [
            fallbacks.command_button(_("🧭 Tahap wawancara"), "wawancara"),
            fallbacks.command_button(_("🎯 Latihan"), "latihan"),
        ],
        per_row=2,
    )


def _draft_button(
    label: str, kind: str, application: JobApplication | None, *extra: int
) -> InlineKeyboardButton:
    parts = [kind, str(application.id if application else 0), *(str(value) for value in extra)]
    return _button(label, FREE_DRAFT + ":".join(parts))


# --- the answers ----------------------------------------------------------------------------


def _pack(lines: Sequence[str], limit: int = ANSWER_LIMIT) -> str:
    """The lines, in order, as many as fit `limit` as Telegram counts (the first always)."""
    kept: list[str] = []
    for line in lines:
        if kept and visible_len("\n".join([*kept, line])) > limit:
            continue
        kept.append(line)
    return "\n".join(kept)


def _section_points(stage: Stage, title: str) -> tuple[str, ...]:
    """The points of one section of a stage's guidance, found by its title's message id."""
    for section in guidance.GUIDANCE[stage].sections:
        if section.title == title:
            return section.points
    raise KeyError(f"{stage.value} has no section {title!r}")


def _bullets(points: Sequence[str]) -> list[str]:
    return [f"• {_(point)}" for point in points]


async def _one_application(
    context: CoachContext, text: str, stage: Stage | None = None
) -> JobApplication | None:
    """The application a question is most likely about: the one it names, else the only active
    one (at `stage`, when given); None when that is not clear."""
    named = await progress.named_applications(context, text)
    if len(named) == 1:
        return named[0]
    if named:
        return None
    active = await repositories.active_applications(context.session, context.user.id)
    if stage is not None:
        active = [a for a in active if a.stage == stage.value]
    return active[0] if len(active) == 1 else None


def _small_talk(context: CoachContext, intent: Intent) -> str:
    name = escape(context.user.first_name.strip())
    if intent is Intent.THANKS:
        return _("Sama-sama! Semoga lancar, dan kabari saya jika ada perkembangan. 💪")
    if intent is Intent.ACKNOWLEDGEMENT:
        return _("Baik. Jika ada perkembangan atau pertanyaan, tulis saja di sini.")
    if name:
        return _(
            "Halo, {name}! 👋 Ceritakan perkembangan lamaran Anda, atau tanyakan apa saja "
            "tentang wawancara kerja."
        ).format(name=name)
    return _(
        "Halo! 👋 Ceritakan perkembangan lamaran Anda, atau tanyakan apa saja tentang wawancara "
        "kerja."
    )


async def _negotiate(context: CoachContext, text: str) -> tuple[str, InlineKeyboardMarkup]:
    amounts = slots.parse_amounts(text) if text else ()
    amount = amounts[0] if amounts else None
    lines = [f"💰 <b>{_('Bernegosiasi dengan sopan')}</b>"]
    if amount is not None and amount > 0:
        lines.append(money.render_counter_offer(amount))
    lines += _bullets(_section_points(Stage.OFFER, "Bernegosiasi dengan sopan"))
    application = await _one_application(context, text, Stage.OFFER)
    extra = (amount,) if amount is not None and amount > 0 else ()
    markup = keyboards.rows(
        [
            _draft_button(_("💬 Draf email negosiasi"), "nego", application, *extra),
            _stage_button(Stage.OFFER, application),
        ]
    )
    return _pack(lines), markup


async def _thank_you(context: CoachContext, text: str) -> tuple[str, InlineKeyboardMarkup]:
    screening = _section_points(Stage.SCREENING, "Setelah wawancara")
    later = _section_points(Stage.FOLLOW_UP_INTERVIEWS, "Setelah setiap wawancara")
    lines = [f"📨 <b>{_('Setelah wawancara')}</b>", *_bullets([screening[0], *later[:2]])]
    application = await _one_application(context, text)
    markup = keyboards.rows(
        [
            _draft_button(_("✉️ Draf email terima kasih"), "terima", application),
            _button(
                _("✉️ Catatan untuk pewawancara"),
                f"{MENU_STAGE}{Stage.FOLLOW_UP_INTERVIEWS.value}",
            ),
        ]
    )
    return _pack(lines), markup


def _prepare_stage(found: slots.Slots, application: JobApplication | None) -> Stage:
    if found.screening:
        return Stage.SCREENING
    if found.kind is not None:
        return Stage.FOLLOW_UP_INTERVIEWS
    current = parse_stage(application.stage) if application else None
    if current is Stage.FOLLOW_UP_INTERVIEWS:
        return current
    return Stage.SCREENING


async def _prepare(context: CoachContext, text: str) -> tuple[str, InlineKeyboardMarkup]:
    found = slots.extract_slots(text, local_now(context)) if text else slots.Slots()
    stage = _prepare_stage(found, await _one_application(context, text))
    markup = keyboards.rows(
        [fallbacks.command_button(_("🎯 Latihan wawancara"), "latihan"), _stage_button(stage)]
    )
    return _pack(guidance.brief(stage).split("\n")), markup


def _questions_to_ask() -> tuple[str, InlineKeyboardMarkup]:
    questions = guidance.GUIDANCE[Stage.FOLLOW_UP_INTERVIEWS].questions_to_ask
    lines = [
        f"❓ <b>{_('Pertanyaan yang bisa Anda ajukan')}</b>",
        _("Di akhir wawancara, pilih dua atau tiga yang sungguh ingin Anda ketahui, misalnya:"),
        *_bullets(questions[:3]),
    ]
    markup = keyboards.rows(
        [
            _button(_("🙋 Contoh lainnya"), callbacks.PRACTICE_ASK_THEM),
            fallbacks.command_button(_("🎯 Latihan wawancara"), "latihan"),
        ]
    )
    return _pack(lines), markup


def _waiting() -> tuple[str, InlineKeyboardMarkup]:
    lines = [
        _("⏳ <b>Menunggu kabar</b>"),
        "• "
        + _(
            "Kabar biasanya datang dalam satu sampai dua minggu setelah wawancara; di perusahaan "
            "besar atau menjelang hari libur bisa lebih lama."
        ),
        *_bullets(_section_points(Stage.FOLLOW_UP_INTERVIEWS, "Setelah setiap wawancara")[2:]),
        *_bullets(_section_points(Stage.PERSISTENCE, "Bangkit dan lanjutkan")[1:2]),
    ]
    markup = keyboards.rows(
        [
            fallbacks.command_button(_("📋 Lamaran saya"), "lamaran"),
            fallbacks.command_button(_("⏰ Pengingat"), "pengingat"),
        ],
        per_row=2,
    )
    return _pack(lines), markup


def _nervous() -> tuple[str, InlineKeyboardMarkup]:
    lines = [
        _("Gugup sebelum wawancara itu wajar: tandanya Anda peduli. 💪 Yang biasanya membantu:"),
        "• " + _("Tarik napas pelan: hirup 4 hitungan, tahan 4, embuskan 6. Ulangi tiga kali."),
        "• "
        + _("Latih perkenalan diri 60 detik dan satu cerita STAR sekali lagi, dengan bersuara."),
        "• "
        + _(
            "Siapkan semuanya sehari sebelumnya: CV, tautan atau alamat, pakaian, dan tempat yang "
            "tenang."
        ),
        "• "
        + _(
            "Saat wawancara, Anda boleh berhenti sejenak untuk berpikir sebelum menjawab; itu "
            "wajar."
        ),
    ]
    markup = keyboards.rows(
        [
            fallbacks.command_button(_("🎯 Latihan sekarang"), "latihan"),
            _button(
                _(READINGS[Intent.ASK_PREPARE_INTERVIEW]), f"{MEANT}{Intent.ASK_PREPARE_INTERVIEW}"
            ),
        ]
    )
    return _pack(lines), markup


def _practice() -> tuple[str, InlineKeyboardMarkup]:
    return (
        _(
            "🎯 Ayo berlatih! Di /latihan Anda menjawab pertanyaan wawancara dengan mengetik, lalu "
            "mendapat catatan untuk setiap jawaban."
        ),
        keyboards.rows([fallbacks.command_button(_("🎯 Mulai latihan"), "latihan")]),
    )


def _reply_recruiter() -> tuple[str, InlineKeyboardMarkup]:
    markup = keyboards.rows(
        [
            _button(_("✍️ Susun balasan"), f"{MENU_STAGE}{Stage.RECRUITER.value}"),
            check_button(),
        ]
    )
    return _pack(guidance.brief(Stage.RECRUITER).split("\n")), markup


# --- the recruiter-message check -------------------------------------------------------------


def _send_check(context: CoachContext, text: str) -> None:
    """The check of a recruiter's message; the message itself is not kept."""
    check = scam.check_message(text)
    log.info("recruiter message checked: %s", ",".join(check.sign_ids) or "no sign")
    markup = None
    if not check.findings:
        # A message that looks real may be worth recording: that is the only way it is stored.
        markup = keyboards.rows(
            [_button(_("📞 Catat sebagai lamaran"), f"{MENU_STAGE}{Stage.RECRUITER.value}")]
        )
    context.reply(scam.render_check(check), reply_markup=markup)


def _ask_for_message_text() -> str:
    return _(
        "🔍 Kirim pesan rekruternya ke sini: teruskan (forward) pesannya, atau salin dan tempel "
        "teksnya. Saya akan memeriksa tanda bahayanya; pesannya tidak saya simpan."
    )


# --- the handlers ---------------------------------------------------------------------------


async def _menu(context: CoachContext) -> None:
    active = await repositories.active_applications(context.session, context.user.id)
    current = [stage for stage in (parse_stage(a.stage) for a in active) if stage is not None]
    context.reply(
        _(
            "Saya membantu Anda di setiap tahap wawancara kerja: membalas rekruter, bersiap, "
            "menimbang tawaran, sampai bangkit setelah ditolak. Ceritakan perkembangan Anda, "
            "pilih tahapnya di bawah, atau lihat semua perintah di /bantuan."
        ),
        reply_markup=keyboards.stage_menu(current),
    )


async def _answer_intent(context: CoachContext, intent: Intent, text: str) -> None:
    """The answer to a message read as `intent` (`text` is "" when it was picked by a button)."""
    answer: tuple[str, InlineKeyboardMarkup]
    match intent:
        case Intent.GREETING | Intent.THANKS | Intent.ACKNOWLEDGEMENT:
            answer = _small_talk(context, intent), _next_steps()
        case Intent.PASSED_STAGE | Intent.INTERVIEW_SCHEDULED | Intent.OFFER_RECEIVED:
            await progress.propose(context, intent, text)
            return
        case Intent.ASK_NEGOTIATE_SALARY:
            answer = await _negotiate(context, text)
        case Intent.ASK_THANK_YOU_EMAIL:
            answer = await _thank_you(context, text)
        case Intent.ASK_REPLY_RECRUITER:
            answer = _reply_recruiter()
        case Intent.ASK_PREPARE_INTERVIEW:
            answer = await _prepare(context, text)
        case Intent.ASK_QUESTIONS_FOR_INTERVIEWER:
            answer = _questions_to_ask()
        case Intent.ASK_HOW_LONG_TO_WAIT:
            answer = _waiting()
        case Intent.NERVOUS_BEFORE_INTERVIEW:
            answer = _nervous()
        case Intent.PRACTICE_REQUEST:
            answer = _practice()
        case Intent.SCAM_CHECK:
            answer = _ask_for_message_text(), keyboards.rows([check_button()])
        case _:  # other; and never condolences without the evidence (see route)
            await _menu(context)
            return
    text_out, markup = answer
    context.reply(text_out, reply_markup=markup)


async def answer(update: Update, context: CoachContext, decision: Route, text: str) -> None:
    """Carries out a route for the update's message."""
    log.debug("free text: %s %s", decision.action, decision.intent)
    match decision.action:
        case Action.CHECK:
            _send_check(context, text)
        case Action.ASK_FOR_MESSAGE:
            # Reached only when the check's conversation could not take it: one more tap.
            context.reply(_ask_for_message_text(), reply_markup=keyboards.rows([check_button()]))
        case Action.CONSOLE:
            await tangguh.offer(update, context)
            await progress.offer_to_mark_rejected(context, text)
        case Action.ASK_WHICH:
            choices = [_reading_button(decision.intent)]
            if decision.runner_up is not None:
                choices.append(_reading_button(decision.runner_up))
            else:
                choices.append(fallbacks.command_button(_("🧭 Tahap wawancara"), "wawancara"))
            context.reply(
                _("Saya ingin memastikan dulu: maksud Anda yang mana?"),
                reply_markup=keyboards.rows(choices),
            )
        case Action.ANSWER:
            await _answer_intent(context, decision.intent, text)
        case Action.MENU:
            await _menu(context)


def _reading_button(intent: Intent) -> InlineKeyboardButton:
    if intent is Intent.SCAM_CHECK:
        return check_button()
    return _button(_(READINGS[intent]), f"{MEANT}{intent.value}")


async def understand(update: Update, context: CoachContext) -> None:
    """Answers free text (or a forwarded message's caption) outside a conversation."""
    message = update.effective_message
    if message is None:
        return
    text = message.text or message.caption or ""
    await answer(update, context, route(text, forwarded=_forwarded(message)), text)


async def meant(update: Update, context: CoachContext) -> None:
    """Answers the reading the user picked (nt:<intent>) when the coach was unsure."""
    raw = callbacks.data(update).removeprefix(MEANT)
    intent = next((i for i in READINGS if i.value == raw), None)
    if intent is None:
        await fallbacks.stale_button(update, context)
        return
    context.answer()
    await _answer_intent(context, intent, "")


async def draft(update: Update, context: CoachContext) -> None:
    """Sends the draft a guidance answer offered (dr:<kind>:<application id>[:<amount>])."""
    parts = callbacks.data(update).removeprefix(FREE_DRAFT).split(":")
    kind = parts[0]
    application_id = keyboards.parse_id(parts[1]) if len(parts) > 1 else None
    amount = keyboards.parse_id(parts[2]) if len(parts) > 2 else None
    if kind not in ("terima", "nego") or application_id is None or len(parts) > 3:
        await fallbacks.stale_button(update, context)
        return
    context.answer()
    application = (
        await repositories.get_application(context.session, context.user.id, application_id)
        if application_id
        else None
    )
    company = application.company if application else ""
    role = application.role if application else ""
    user_name = context.user.first_name
    if kind == "terima":
        text = drafts.screening_thank_you(company=company, role=role, user_name=user_name)
    else:
        text = drafts.offer_negotiate(
            company=company, role=role, user_name=user_name, offer_amount=amount or None
        )
    context.reply(text)
    if application is None:
        context.reply(_("Ganti bagian dalam [kurung siku] sebelum mengirimnya."))


# --- "🔍 Cek pesan rekruter": a short conversation that waits for the message ----------------


class Check(StrEnum):
    """Conversation states. Stored in the database: never rename a value."""

    WAITING = "menunggu_pesan"


async def ask_for_message(update: Update, context: CoachContext) -> Result:
    """Asks for the recruiter's message (from the button, or "ini penipuan ga?")."""
    context.answer()
    context.reply(_ask_for_message_text())
    return Check.WAITING


def _looks_like_a_message(text: str) -> bool:
    return (
        len(text.split()) >= MESSAGE_WORDS
        or "\n" in text.strip()
        or bool(scam.check_message(text).findings)
    )


async def message_to_check(update: Update, context: CoachContext) -> Result:
    """Checks the message sent while waiting; a short chat reply is read as chat again."""
    message = update.effective_message
    assert message is not None
    text = message.text or message.caption or ""
    if _forwarded(message) or _looks_like_a_message(text):
        _send_check(context, text)
        return END
    decision = route(text)
    if decision.action is Action.ASK_FOR_MESSAGE:
        context.reply(_ask_for_message_text())
        return Check.WAITING
    await answer(update, context, decision, text)
    return END


def wrong_input(state: Check) -> Callable[[Update, CoachContext], Coroutine[Any, Any, Result]]:
    async def explain(update: Update, context: CoachContext) -> Result:
        if update.callback_query is not None:
            context.answer(_("Tombol itu dari pesan lama. Jawab pertanyaan terakhir, ya."))
        context.reply(
            _(
                "Saya hanya bisa membaca teks. Teruskan pesan rekruternya atau tempel teksnya di "
                "sini, atau ketik /batal jika tidak jadi."
            )
        )
        return state

    return explain


async def cancel(update: Update, context: CoachContext) -> Result:
    context.reply(_("Baik, tidak jadi diperiksa."))
    return END


def build_conversation() -> ConversationHandler[CoachContext]:
    """The wait for a recruiter's message; register it after every other conversation, so that
    its entry on typed text only sees text no running conversation took."""
    private = filters.ChatType.PRIVATE
    caption = filters.UpdateType.MESSAGE & filters.FORWARDED & filters.CAPTION
    return conversation.build(
        "cek_rekruter",
        entry_points=[
            CallbackQueryHandler(ask_for_message, pattern=pattern(CHECK_RECRUITER_MESSAGE, "$")),
            MessageHandler(private & conversation.TEXT & ASKS_FOR_CHECK, ask_for_message),
        ],
        states={
            Check.WAITING: [
                MessageHandler(conversation.TEXT, message_to_check),
                MessageHandler(caption, message_to_check),
            ]
        },
        wrong_input=wrong_input,
        cancel=cancel,
    )


# What the last group's handler takes: typed text, and forwarded posts' captions.
FREE_TEXT = (
    filters.ChatType.PRIVATE
    & filters.UpdateType.MESSAGE
    & (filters.TEXT | (filters.FORWARDED & filters.CAPTION))
    & ~filters.COMMAND
)
