"""A stage conversation: which questions a stage asks, in which order, and how it finishes.

Each stage module (recruiter, screening, ...) declares a `StageFlow`: the questions it asks once
the application is known (handlers/stages/questions/) and its `finish`. `build_conversation`
turns a flow into PTB's ConversationHandler. The order of the questions lives here and only
here: an answered question (`Answered`) leads to the next one in `StageFlow.questions` that is
not already known for the application (`Question.known`), and after the last one to `finish`.
So continuing a stage ("▶️ Lanjutkan") asks only what is missing, and a stage whose questions
are all answered shows the application's card instead of starting over.

A conversation is entered five ways: the /wawancara menu (which application is asked), a button
naming the application and stage (`go:`), "➕ Tambah wawancara" (`iv:`: one more interview),
"✏️ Ubah" (`ed:`: one recorded fact, asked again; the conversation then ends with the card) and
"✅ Ya, catat" under a progress message understood (`pr:`: what the sentence said is recorded,
handlers/stages/reported.py, then the stage goes on from there).

Typed text that is no answer to the question waiting (a forwarded recruiter's message, "ini
penipuan ga?", "gimana cara nego gaji?") is answered aside, and the question repeated
(handlers/stages/asides.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler

from bot import callbacks, keyboards
from bot.callbacks import ADD_INTERVIEW, EDIT, GO, GUIDANCE, MENU_STAGE, pattern
from bot.coach import guidance
from bot.coach.intents import Intent
from bot.coach.stages import STAGE_INFO, Stage, parse_stage
from bot.context import CoachContext, callback_message
from bot.handlers import conversation, privacy, understanding
from bot.handlers.stages import asides, passing, reported
from bot.handlers.stages.question import Answered, Pressed, Result, Take, Typed
from bot.handlers.stages.questions import QUESTIONS
from bot.handlers.stages.questions.asking import (
    ask,
    editing,
    forget,
    lost_application,
    reask,
    remember,
    too_many_applications,
)
from bot.handlers.stages.records import (
    application_label,
    is_earlier,
    move_to_stage,
    new_application,
    record_passed,
    stage_title,
)
from bot.handlers.stages.reported import Reading
from bot.handlers.stages.steps import Step
from bot.handlers.stages.wrapup import send_card
from bot.i18n import _
from bot.storage import reports, repositories
from bot.storage.models import ApplicationStatus, JobApplication

END = ConversationHandler.END
Finish = Callable[[CoachContext, JobApplication], Awaitable[None]]
Callback = Callable[[Update, CoachContext], Coroutine[Any, Any, object]]

# Asked before a flow's own questions, to know which application it is about.
CHOOSE_APPLICATION = (Step.PICK_APPLICATION, Step.COMPANY, Step.ROLE)
# ✏️ Ubah: the field named in the button's data, and the question that asks it again.
EDITABLE: dict[str, Step] = {
    "co": Step.EDIT_COMPANY,
    "rn": Step.CONTACT,
    "wk": Step.WHEN,
    "fm": Step.FORMAT,
    "kd": Step.KIND,
    "pw": Step.INTERVIEWERS,
    "am": Step.OFFER_FIGURES,
    "dl": Step.OFFER_DEADLINE,
    "sg": Step.SIGNATURE,
}
INTERVIEW_FIELDS = frozenset({"wk", "fm", "kd", "pw"})
# Every flow, by its stage (filled as the stage modules declare them).
FLOWS: dict[Stage, StageFlow] = {}


@dataclass(frozen=True)
class StageFlow:
    stage: Stage
    questions: tuple[Step, ...]  # asked in this order once the application is known
    offer_existing: bool  # whether to offer the user's active applications first
    finish: Finish

    def __post_init__(self) -> None:
        FLOWS[self.stage] = self

    def next_question(self, answered: Step | None) -> Step | None:
        """The question after `answered` (None: the application was just chosen)."""
        if answered is None or answered in CHOOSE_APPLICATION:
            return self.questions[0] if self.questions else None
        if answered not in self.questions:
            return None
        position = self.questions.index(answered)
        return self.questions[position + 1] if position + 1 < len(self.questions) else None

    def states(self) -> list[Step]:
        """Every state the conversation can be in: every question, since ✏️ Ubah may ask any
        of them in any stage's conversation."""
        return list(QUESTIONS)


async def _known(
    context: CoachContext, step: Step, application: JobApplication, stage: Stage
) -> bool:
    known = QUESTIONS[step].known
    return known is not None and await known(context, application, stage)


async def first_unknown(
    context: CoachContext, flow: StageFlow, answered: Step | None, application: JobApplication
) -> Step | None:
    """The next question of the flow after `answered` that the application has no answer to."""
    step = flow.next_question(answered)
    while step is not None and await _known(context, step, application, flow.stage):
        step = flow.next_question(step)
    return step


async def asks_more(context: CoachContext, application: JobApplication, stage: Stage) -> bool:
    """Whether the stage's conversation still has a question for the application."""
    flow = FLOWS.get(stage)
    if flow is None or stage is Stage.PERSISTENCE:
        return False
    return await first_unknown(context, flow, None, application) is not None


async def _arrive(context: CoachContext, flow: StageFlow, application: JobApplication) -> None:
    """Moves the application to the flow's stage, unless it is already there or further on."""
    if not is_earlier(flow.stage, parse_stage(application.stage)):
        await move_to_stage(context, application, flow.stage)
    context.user.focus_application_id = application.id


async def proceed(
    context: CoachContext, flow: StageFlow, answered: Step | None, application: JobApplication
) -> Result:
    """Asks the next question not yet answered, or finishes the stage when none is left."""
    reading = context.user.pending.get("reading")
    if answered in CHOOSE_APPLICATION and isinstance(reading, dict):
        # A progress message confirmed for a new application: its company is known now.
        forget(context, "reading")
        intent = str(context.user.pending.get("intent", ""))
        forget(context, "intent")
        return await _record_report(
            context, flow, application, Reading.from_detail(intent, reading)
        )
    if editing(context):
        # ✏️ Ubah changes one fact: the conversation ends with the card as it now reads.
        context.user.pending = {}
        application.updated_at = context.now()
        await send_card(context, application)
        return END
    if (answered is None or answered in CHOOSE_APPLICATION) and is_earlier(
        flow.stage, parse_stage(application.stage)
    ):
        context.user.pending = {}
        context.reply(
            _("{application} sudah di tahap <b>{stage}</b>. Ini catatannya:").format(
                application=application_label(application), stage=stage_title(application)
            )
        )
        await send_card(context, application)
        return END
    application.updated_at = context.now()
    following = await first_unknown(context, flow, answered, application)
    if following is Step.PASSED:
        remember(context, to=flow.stage.value)
        return await ask(context, following, application)
    await _arrive(context, flow, application)
    if following is not None:
        return await ask(context, following, application)
    context.user.pending = {}
    if answered is Step.PICK_APPLICATION and flow.stage is not Stage.PERSISTENCE:
        # Picked again from the menu, with every answer known: nothing new to say.
        return await _all_known(context, application)
    await flow.finish(context, application)
    return END


async def _all_known(context: CoachContext, application: JobApplication) -> int:
    """Continuing a stage whose questions are all answered: the card, nothing asked again."""
    context.user.pending = {}
    context.reply(
        _("Semua untuk tahap {stage} sudah tercatat. Ini kartunya:").format(
            stage=stage_title(application)
        )
    )
    await send_card(context, application)
    return END


def _header(stage: Stage) -> str:
    info = STAGE_INFO[stage]
    return f"{info.emoji} <b>{info.number}. {_(info.title)}</b>"


async def _opening(context: CoachContext, stage: Stage, application: JobApplication) -> None:
    """The stage and the application; with what matters now the first time it gets there."""
    line = f"{_header(stage)} — {application_label(application)}"
    shown = await repositories.guidance_was_shown(context.session, application.id, stage.value)
    # After a rejection the feeling comes first (questions/feeling.py), the practical next.
    if not shown and stage is not Stage.PERSISTENCE:
        line += "\n" + guidance.brief(stage).partition("\n")[2]
        if stage is Stage.RECRUITER:
            context.reply(line, reply_markup=keyboards.rows([understanding.check_button()]))
            return
    context.reply(line)


async def _application_of(context: CoachContext, raw: str) -> JobApplication | None:
    application_id = keyboards.parse_id(raw)
    if application_id is None:
        return None
    application = await repositories.get_application(
        context.session, context.user.id, application_id
    )
    if application is None or application.status != ApplicationStatus.ACTIVE:
        return None
    return application


async def _old_card(context: CoachContext, application: JobApplication) -> int:
    """A button of an earlier stage: said kindly, with the card as it is now."""
    context.user.pending = {}
    context.answer(_("Kartu ini dari tahap sebelumnya."))
    context.reply(
        _(
            "Kartu itu dari tahap sebelumnya. {application} sekarang di tahap <b>{stage}</b>:"
        ).format(application=application_label(application), stage=stage_title(application))
    )
    await send_card(context, application)
    return END


async def _record_report(
    context: CoachContext, flow: StageFlow, application: JobApplication, reading: Reading
) -> Result:
    """Moves the application to the flow's stage and records what the message said (an
    interview, an offer), then asks only what is still missing, or finishes the stage."""
    stage, current = flow.stage, parse_stage(application.stage)
    context.user.focus_application_id = application.id
    if is_earlier(stage, current):
        return await proceed(context, flow, None, application)  # "already further": the card
    if reading.intent is Intent.PASSED_STAGE and stage is Stage.OFFER:
        # Passed the last interview: the offer is still to come, as the card's ✅ Lolos says.
        await passing.pass_to(context, application, stage)
        passing.announce(context, application, stage)
        return END
    await passing.pass_to(context, application, stage)
    await _opening(context, stage, application)
    waiting = await reported.record(context, application, stage, reading)
    if waiting is not None:
        return waiting
    return await proceed(context, flow, None, application)


def _entries(flow: StageFlow) -> list[conversation.Handler]:
    stage = flow.stage

    async def start(update: Update, context: CoachContext) -> Result:
        """Enters the stage from the /wawancara menu: what matters now, then which application."""
        context.user.pending = {}
        buttons = [
            InlineKeyboardButton(_("📖 Panduan lengkap"), callback_data=f"{GUIDANCE}{stage.value}")
        ]
        if stage is Stage.RECRUITER:
            # Is the recruiter real? Checked before anything is recorded.
            buttons.append(understanding.check_button())
        context.reply(guidance.brief(stage), reply_markup=keyboards.rows(buttons))
        if flow.offer_existing and await repositories.active_applications(
            context.session, context.user.id
        ):
            return await ask(context, Step.PICK_APPLICATION, None)
        return await ask(context, Step.COMPANY, None)

    async def start_for(update: Update, context: CoachContext) -> Result:
        """Enters the stage for an application named by a button (go:<id>:<stage>)."""
        context.user.pending = {}
        parts = callbacks.data(update).split(":")
        application = await _application_of(context, parts[1]) if len(parts) == 3 else None
        if application is None:
            return await lost_application(context)
        current = parse_stage(application.stage)
        if is_earlier(stage, current):
            return await _old_card(context, application)
        context.user.focus_application_id = application.id
        if is_earlier(current, stage):
            # "🎉 Tawaran" on a stage-2 card: the user passed the stage the application was at.
            await record_passed(context, application)
            await move_to_stage(context, application, stage)
        elif await first_unknown(context, flow, None, application) is None:
            return await _all_known(context, application)
        await _opening(context, stage, application)
        return await proceed(context, flow, None, application)

    async def add_interview(update: Update, context: CoachContext) -> Result:
        """One more interview of the application's stage (iv:<id>:<stage>)."""
        context.user.pending = {}
        parts = callbacks.data(update).split(":")
        application = await _application_of(context, parts[1]) if len(parts) == 3 else None
        if application is None:
            return await lost_application(context)
        if application.stage != stage.value:
            return await _old_card(context, application)
        context.user.focus_application_id = application.id
        remember(context, adding=True)
        context.reply(f"{_header(stage)} — {application_label(application)}")
        return await proceed(context, flow, None, application)

    async def edit(update: Update, context: CoachContext) -> Result:
        """Asks one recorded fact again (ed:<id>:<stage>:<field>[:<interview id>])."""
        context.user.pending = {}
        parts = callbacks.data(update).split(":")
        application = await _application_of(context, parts[1]) if len(parts) >= 4 else None
        step = EDITABLE.get(parts[3]) if len(parts) >= 4 else None
        if application is None or step is None:
            return await lost_application(context)
        context.user.focus_application_id = application.id
        pending: dict[str, object] = {"edit": parts[3]}
        if parts[3] in INTERVIEW_FIELDS:
            interview_id = keyboards.parse_id(parts[4]) if len(parts) == 5 else None
            interview = (
                await repositories.get_interview(context.session, application.id, interview_id)
                if interview_id is not None
                else None
            )
            if interview is None:
                return await lost_application(context)
            pending["interview"] = interview.id
        context.user.pending = pending
        return await ask(context, step, application)

    async def confirm(update: Update, context: CoachContext) -> Result:
        """Records a progress message understood, after the user's tap
        (pr:<report id>:<application id or 0>:<stage>[:t]), then goes on with the stage."""
        context.user.pending = {}
        parsed = reported.parse_confirm(callbacks.data(update))
        report = (
            await reports.get(context.session, context.user.id, parsed[0], context.now())
            if parsed is not None
            else None
        )
        if parsed is None or report is None:
            context.answer(_("Pesan itu sudah terlalu lama. Tulis lagi kabarnya, ya."), alert=True)
            return END
        if report.status == reports.RECORDED:
            context.answer(_("Sudah tercatat."))
            return END
        context.answer()
        if parsed[1] == 0 and not await repositories.room_for_application(
            context.session, context.user.id
        ):
            # No new application now; the report and its buttons stay, so that once the user
            # has closed one, the same tap records it.
            return await too_many_applications(context)
        context.drop_buttons(callback_message(update))
        reading = Reading.from_detail(report.intent, report.detail)
        if not parsed[2]:
            reading = reading.without_specifics()
        reports.mark_recorded(report)
        if parsed[1] == 0:
            if not reading.company:
                # Which company? Asked as the stage asks it; the reading waits in pending.
                remember(context, reading=reading.detail(), intent=reading.intent.value)
                return await ask(context, Step.COMPANY, None)
            application = await new_application(
                context, reading.company, stage, role=reading.role or ""
            )
        else:
            found = await _application_of(context, str(parsed[1]))
            if found is None:
                return await lost_application(context)
            application = found
        return await _record_report(context, flow, application, reading)

    return [
        CallbackQueryHandler(confirm, pattern=reported.confirm_pattern(stage)),
        CallbackQueryHandler(start, pattern=pattern(MENU_STAGE, f"{stage.value}$")),
        CallbackQueryHandler(start_for, pattern=pattern(GO, f"\\d+:{stage.value}$")),
        CallbackQueryHandler(
            add_interview, pattern=pattern(ADD_INTERVIEW, f"\\d+:{stage.value}$")
        ),
        CallbackQueryHandler(edit, pattern=pattern(EDIT, f"\\d+:{stage.value}:[a-z]+(?::\\d+)?$")),
    ]


def _answering(flow: StageFlow, step: Step, take: Take) -> Callback:
    """PTB's callback for an answer: the answer, then the flow's next question if it is done.
    Typed text that is no answer to the question is answered aside (handlers/stages/asides.py)."""

    async def callback(update: Update, context: CoachContext) -> Result:
        if await asides.answered_aside(update, context, step):
            return step
        result = await take(update, context, flow.stage)
        if isinstance(result, Answered):
            return await proceed(context, flow, result.step, result.application)
        return result

    callback.__name__ = callback.__qualname__ = take.__name__
    return callback


def _handlers(flow: StageFlow, step: Step) -> list[conversation.Handler]:
    handlers: list[conversation.Handler] = []
    for answer in QUESTIONS[step].answers:
        callback = _answering(flow, step, answer.take)
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
        elif await asides.answered_aside(update, context, step):
            return step  # a question, or a forwarded message with a caption, answered aside
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
