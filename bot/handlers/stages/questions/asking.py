"""What every question of the stage conversations uses: asking and asking again, what the
conversation holds between updates, reading a typed answer, the interview being filled in, and
the ✏️ Ubah button under what was just recorded.

What a running conversation holds besides the database rows sits in `User.pending` (`remember`,
`forget`): the interview it fills in ("interview"), whether it adds another one ("adding"), the
fact being changed through ✏️ Ubah ("edit"), a day waiting for its time ("day"), the names
waiting for their honorific ("honorific") and the stage a PASSED question moves to ("to").
"""

from __future__ import annotations

from html import escape
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ConversationHandler

from bot.callbacks import EDIT
from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.handlers.stages.question import single_button
from bot.handlers.stages.questions.table import QUESTIONS
from bot.handlers.stages.steps import Step
from bot.i18n import _
from bot.storage import repositories
from bot.storage.models import Interview, JobApplication
from bot.text import clean_text, has_words

END = ConversationHandler.END


async def ask(context: CoachContext, step: Step, application: JobApplication | None) -> Step:
    """Sends the question of `step` and returns it as the new conversation state."""
    await QUESTIONS[step].ask(context, application)
    return step


async def reask(context: CoachContext, step: Step, problem: str | None = None) -> Step:
    """Says what was wrong, or what is expected, and asks again where the question has buttons."""
    context.reply(problem or QUESTIONS[step].expected())
    if QUESTIONS[step].reshow:
        application = await repositories.focused_application(context.session, context.user)
        await ask(context, step, application)
    return step


async def lost_application(context: CoachContext) -> int:
    """The application was closed or deleted meanwhile: say so and end."""
    context.user.pending = {}
    context.reply(
        _("Lamaran ini sudah ditutup atau dihapus. Ketik /wawancara untuk memulai lagi.")
    )
    return END


async def too_many_applications(context: CoachContext) -> int:
    """The user already has repositories.MAX_APPLICATIONS active applications, so no new one is
    recorded: say so and what to do, and end (nothing of the new one is kept)."""
    context.user.pending = {}
    context.reply(
        _(
            "Lamaran baru belum bisa saya catat: Anda sudah punya {limit} lamaran aktif, "
            "jumlah terbanyak yang bisa saya simpan. Tutup dulu lamaran yang sudah tidak "
            "berjalan: ketik /lamaran, pilih lamarannya, lalu tekan ↩️ Saya mundur atau "
            "💪 Ditolak. Setelah itu, coba lagi; lamaran tertutup yang paling lama akan saya "
            "hapus untuk memberi tempat."
        ).format(limit=repositories.MAX_APPLICATIONS)
    )
    return END


def remember(context: CoachContext, **values: Any) -> None:
    """Adds to what the conversation holds (a new dict, so that the JSON column is written)."""
    context.user.pending = {**context.user.pending, **values}


def forget(context: CoachContext, *keys: str) -> None:
    context.user.pending = {k: v for k, v in context.user.pending.items() if k not in keys}


def editing(context: CoachContext) -> bool:
    """Whether the conversation changes one recorded fact (✏️ Ubah) rather than walks a stage."""
    return bool(context.user.pending.get("edit"))


def message_text(update: Update) -> str:
    """The answer's text, cleaned ("" for none)."""
    message = update.effective_message
    return clean_text(message.text or "") if message is not None else ""


def is_typed(update: Update) -> bool:
    """Whether the answer was typed rather than pressed."""
    return update.callback_query is None


def name_problem(text: str, limit: int) -> str | None:
    """The problem with a typed name, or None when it is fine."""
    if not text or not has_words(text):
        return _("Tolong tulis namanya dengan huruf atau angka, bukan hanya emoji atau simbol.")
    if len(text) > limit:
        return _("Terlalu panjang: maksimal {limit} karakter. Coba tulis lebih singkat.").format(
            limit=limit
        )
    return None


def escaped_company(application: JobApplication | None) -> str:
    """The application's company, ready for an HTML message."""
    return escape(application.company) if application else ""


async def current_interview(
    context: CoachContext, application: JobApplication, stage: Stage
) -> Interview | None:
    """The interview this conversation fills in: the one it recorded or was opened for, else
    (continuing the stage) the stage's latest one; none while another one is being added."""
    raw = context.user.pending.get("interview")
    if isinstance(raw, int):
        interview = await repositories.get_interview(context.session, application.id, raw)
        if interview is not None:
            return interview
    if context.user.pending.get("adding"):
        return None
    return await repositories.latest_interview(context.session, application.id, stage.value)


async def tick(
    context: CoachContext, application: JobApplication, stage: Stage, item: str
) -> None:
    """What was just recorded proves a checklist item done: it is ticked on the card."""
    await repositories.tick(context.session, application.id, stage.value, item, context.now())


def change_button(
    application: JobApplication, field: str, interview_id: int | None = None
) -> InlineKeyboardMarkup:
    """✏️ Ubah right under what was just recorded (flow.EDITABLE names the fields)."""
    data = f"{EDIT}{application.id}:{application.stage}:{field}"
    return single_button(_("✏️ Ubah"), f"{data}:{interview_id}" if interview_id else data)


def is_past(context: CoachContext, interview: Interview | None) -> bool:
    return bool(interview and interview.scheduled_at and interview.scheduled_at <= context.now())
