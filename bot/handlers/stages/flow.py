"""A stage conversation: which questions a stage asks, in which order, and how it finishes.

Each stage module (recruiter, screening, ...) declares a `StageFlow`: the questions it asks once
the application is known (handlers/stages/questions.py) and its `finish`. `build_conversation`
turns a flow into PTB's ConversationHandler with only the states the flow uses. The order of the
questions lives here and only here: an answered question (`Answered`) leads to the next one in
`StageFlow.questions`, and after the last one to `finish`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler

from bot import callbacks, keyboards
from bot.callbacks import GO, MENU_STAGE, pattern
from bot.coach.stages import STAGE_INFO, Stage
from bot.context import CoachContext
from bot.handlers import conversation, privacy
from bot.handlers.stages.question import Answered, Pressed, Result, Take, Typed
from bot.handlers.stages.questions import QUESTIONS, ask, lost_application, reask
from bot.handlers.stages.records import application_label, move_to_stage
from bot.handlers.stages.steps import Step
from bot.i18n import _
from bot.storage import repositories
from bot.storage.models import ApplicationStatus, JobApplication

END = ConversationHandler.END
Finish = Callable[[CoachContext, JobApplication], Awaitable[None]]
Callback = Callable[[Update, CoachContext], Coroutine[Any, Any, object]]

# Asked before a flow's own questions, to know which application it is about.
CHOOSE_APPLICATION = (Step.PICK_APPLICATION, Step.COMPANY, Step.ROLE)


@dataclass(frozen=True)
class StageFlow:
    stage: Stage
    questions: tuple[Step, ...]  # asked in this order once the application is known
    offer_existing: bool  # whether to offer the user's active applications first
    finish: Finish

    def next_question(self, answered: Step | None) -> Step | None:
        """The question after `answered` (None: the application was just chosen)."""
        if answered is None or answered in CHOOSE_APPLICATION:
            return self.questions[0] if self.questions else None
        position = self.questions.index(answered)
        return self.questions[position + 1] if position + 1 < len(self.questions) else None

    def states(self) -> list[Step]:
        """Every state the conversation can be in: its questions and their follow-ups."""
        first = [Step.PICK_APPLICATION] if self.offer_existing else []
        asked = [*first, Step.COMPANY, *self.questions]
        return [step for question in asked for step in (question, *QUESTIONS[question].follow_ups)]


async def proceed(
    context: CoachContext, flow: StageFlow, answered: Step | None, application: JobApplication
) -> Result:
    """Asks the next question, or finishes the stage when none is left."""
    application.updated_at = context.now()
    following = flow.next_question(answered)
    if following is not None:
        return await ask(context, following, application)
    context.user.pending = {}
    await flow.finish(context, application)
    return END


def _header(stage: Stage) -> str:
    info = STAGE_INFO[stage]
    return f"{info.emoji} <b>{info.number}. {_(info.title)}</b>"


def _entries(flow: StageFlow) -> list[conversation.Handler]:
    async def start(update: Update, context: CoachContext) -> Result:
        """Enters the stage from the /wawancara menu."""
        context.user.pending = {}
        context.reply(f"{_header(flow.stage)}\n{_(STAGE_INFO[flow.stage].summary)}")
        if flow.offer_existing and await repositories.active_applications(
            context.session, context.user.id
        ):
            return await ask(context, Step.PICK_APPLICATION, None)
        return await ask(context, Step.COMPANY, None)

    async def start_for(update: Update, context: CoachContext) -> Result:
        """Enters the stage for an application named by a button (go:<id>:<stage>)."""
        context.user.pending = {}
        parts = callbacks.data(update).split(":")
        application = None
        application_id = keyboards.parse_id(parts[1]) if len(parts) == 3 else None
        if application_id is not None:
            application = await repositories.get_application(
                context.session, context.user.id, application_id
            )
        if application is None or application.status != ApplicationStatus.ACTIVE:
            return await lost_application(context)
        await move_to_stage(context, application, flow.stage)
        context.reply(f"{_header(flow.stage)} — {application_label(application)}")
        return await proceed(context, flow, None, application)

    return [
        CallbackQueryHandler(start, pattern=pattern(MENU_STAGE, f"{flow.stage.value}$")),
        CallbackQueryHandler(start_for, pattern=pattern(GO, f"\\d+:{flow.stage.value}$")),
    ]


def _answering(flow: StageFlow, take: Take) -> Callback:
    """PTB's callback for an answer: the answer, then the flow's next question if it is done."""

    async def callback(update: Update, context: CoachContext) -> Result:
        result = await take(update, context, flow.stage)
        if isinstance(result, Answered):
            return await proceed(context, flow, result.step, result.application)
        return result

    callback.__name__ = callback.__qualname__ = take.__name__
    return callback


def _handlers(flow: StageFlow, step: Step) -> list[conversation.Handler]:
    handlers: list[conversation.Handler] = []
    for answer in QUESTIONS[step].answers:
        callback = _answering(flow, answer.take)
        if isinstance(answer, Typed):
            handlers.append(MessageHandler(conversation.TEXT, callback))
        elif isinstance(answer, Pressed):
            handlers.append(CallbackQueryHandler(callback, pattern=answer.pattern))
    return handlers


def wrong_input(step: Step) -> Callback:
    """The callback for whatever a state does not expect: other media, old buttons, ..."""

    async def explain(update: Update, context: CoachContext) -> Result:
        if update.callback_query is not None:
            context.answer(_("Tombol itu dari pesan lama. Jawab pertanyaan terakhir, ya."))
        return await reask(context, step)

    return explain


async def cancel(update: Update, context: CoachContext) -> Result:
    """Leaves the conversation; what was entered stays stored."""
    context.user.pending = {}
    context.reply(
        _(
            "Baik, percakapan dihentikan. Data yang sudah Anda isi tetap tersimpan. Ketik "
            "/wawancara kapan saja untuk melanjutkan."
        )
    )
    return END


async def switch_away(update: Update, context: CoachContext) -> Result:
    """Forgets the half-given answer, then ends the conversation as every one does."""
    context.user.pending = {}
    return await conversation.switch_away(update, context)


def build_conversation(flow: StageFlow) -> ConversationHandler[CoachContext]:
    """One ConversationHandler for one stage, named after the stage."""
    return conversation.build(
        f"tahap_{flow.stage.value}",
        entry_points=_entries(flow),
        states={step: _handlers(flow, step) for step in flow.states()},
        wrong_input=wrong_input,
        cancel=cancel,
        switch_away=switch_away,
        # The copy of one's data, and the question whether to delete it, leave the
        # conversation running (a confirmed deletion ends it: see handlers/privacy.py).
        more_fallbacks=[
            CommandHandler("ekspor", privacy.export_data),
            CommandHandler("hapusdata", privacy.ask_to_delete),
        ],
    )
