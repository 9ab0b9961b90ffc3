"""Questions answered with one of a few buttons, or a word typed for one ("wa", "zoom", "user"):
how the recruiter made contact, the interview's format and its kind.
"""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot import callbacks
from bot.callbacks import pattern
from bot.coach import choices
from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.handlers.stages import steps
from bot.handlers.stages.question import (
    Answered,
    Pressed,
    Question,
    Result,
    Typed,
    choice_keyboard,
)
from bot.handlers.stages.questions.asking import (
    ask,
    current_interview,
    escaped_company,
    is_past,
    is_typed,
    lost_application,
    message_text,
    reask,
)
from bot.handlers.stages.questions.table import register
from bot.handlers.stages.records import focused
from bot.handlers.stages.steps import Step
from bot.i18n import _
from bot.storage import repositories
from bot.storage.models import JobApplication


async def ask_channel(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(
        _("Bagaimana rekruter {company} menghubungi Anda?").format(
            company=escaped_company(application)
        ),
        reply_markup=choice_keyboard(steps.CHANNELS),
    )


async def ask_format(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(_("Wawancaranya lewat apa?"), reply_markup=choice_keyboard(steps.FORMATS))


async def ask_kind(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(_("Wawancara jenis apa?"), reply_markup=choice_keyboard(steps.KINDS))


def _chosen(update: Update, options: dict[str, str]) -> str | None:
    """The option of the pressed button, or of the typed answer ("wa", "zoom", "user")."""
    if is_typed(update):
        text = message_text(update)
        if options is steps.CHANNELS:
            return choices.match_channel(text, options)
        if options is steps.FORMATS:
            return choices.match_format(text, options)
        return choices.match_kind(text, options)
    value = callbacks.data(update).removeprefix(callbacks.CHOICE)
    return value if value in options else None


async def channel_known(context: CoachContext, application: JobApplication, stage: Stage) -> bool:
    contacted = await repositories.latest_event(context.session, application.id, "contacted")
    return contacted is not None


async def take_channel(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Records how the recruiter made contact."""
    application = await focused(context)
    if application is None:
        return await lost_application(context)
    if (value := _chosen(update, steps.CHANNELS)) is None:
        return await reask(context, Step.CHANNEL)
    await repositories.add_event(
        context.session, application, "contacted", context.now(), detail={"channel": value}
    )
    return Answered(application, Step.CHANNEL)


async def format_known(context: CoachContext, application: JobApplication, stage: Stage) -> bool:
    interview = await current_interview(context, application, stage)
    # A screening already held needs its thank-you now, not its format.
    return interview is None or bool(interview.kind) or is_past(context, interview)


async def kind_known(context: CoachContext, application: JobApplication, stage: Stage) -> bool:
    interview = await current_interview(context, application, stage)
    return interview is None or bool(interview.kind)


async def _take_interview_kind(
    update: Update, context: CoachContext, stage: Stage, step: Step, options: dict[str, str]
) -> Result:
    application = await focused(context)
    if application is None:
        return await lost_application(context)
    if (value := _chosen(update, options)) is None:
        return await reask(context, step)
    interview = await current_interview(context, application, stage)
    if interview is None:
        return await ask(context, Step.WHEN, application)
    interview.kind = value
    return Answered(application, step)


async def take_format(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Records the interview's format: phone, video or in person."""
    return await _take_interview_kind(update, context, stage, Step.FORMAT, steps.FORMATS)


async def take_kind(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Records the interview's kind: hiring manager, technical or panel."""
    return await _take_interview_kind(update, context, stage, Step.KIND, steps.KINDS)


def _choice_answers(take: Any) -> tuple[Typed | Pressed, ...]:
    return (Pressed(take, pattern(callbacks.CHOICE)), Typed(take))


register(
    Question(
        Step.CHANNEL,
        ask_channel,
        lambda: _("Pilih salah satu tombol di atas, atau tulis misalnya <i>lewat WA</i>."),
        _choice_answers(take_channel),
        reshow=True,
        known=channel_known,
    ),
    Question(
        Step.FORMAT,
        ask_format,
        lambda: _("Pilih salah satu tombol di atas, atau tulis misalnya <i>zoom</i>."),
        _choice_answers(take_format),
        reshow=True,
        known=format_known,
    ),
    Question(
        Step.KIND,
        ask_kind,
        lambda: _("Pilih salah satu tombol di atas, atau tulis misalnya <i>user</i>."),
        _choice_answers(take_kind),
        reshow=True,
        known=kind_known,
    ),
)
