"""Stage 2, the screening interview: when and how, then preparation and the thank-you email."""

from __future__ import annotations

from bot.coach import drafts
from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.handlers.stages.flow import StageFlow
from bot.handlers.stages.records import application_label
from bot.handlers.stages.steps import FORMATS, Step
from bot.handlers.stages.wrapup import finish_stage
from bot.i18n import _, format_moment
from bot.storage import repositories
from bot.storage.models import JobApplication


def interview_summary(
    context: CoachContext, application: JobApplication, when: str, kind: str
) -> str:
    return _("Tercatat: wawancara untuk {application}, {moment} ({kind}).").format(
        application=application_label(application), moment=when, kind=kind
    )


async def finish(context: CoachContext, application: JobApplication) -> None:
    interview = await repositories.latest_interview(
        context.session, application.id, Stage.SCREENING.value
    )
    recorded = None
    if interview is not None and interview.scheduled_at is not None:
        recorded = interview_summary(
            context,
            application,
            format_moment(interview.scheduled_at, context.timezone),
            _(FORMATS.get(interview.kind, "")) if interview.kind else "-",
        )
    draft = drafts.screening_thank_you(
        company=application.company,
        role=application.role,
        recruiter_name="",
        user_name=context.user.first_name,
    )
    note = _("📨 Kirim email terima kasih ini dalam 24 jam setelah wawancara.")
    await finish_stage(
        context, application, Stage.SCREENING, recorded=recorded, drafts=[note + "\n\n" + draft]
    )


FLOW = StageFlow(Stage.SCREENING, (Step.WHEN, Step.FORMAT), offer_existing=True, finish=finish)
