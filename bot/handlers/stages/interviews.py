"""Stage 3, further interviews: when, what kind, with whom; then prep and a note per interviewer."""

from __future__ import annotations

from typing import cast

from bot.coach import drafts
from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.handlers.stages.flow import StageFlow
from bot.handlers.stages.screening import interview_summary
from bot.handlers.stages.steps import KINDS, Step
from bot.handlers.stages.wrapup import finish_stage
from bot.i18n import _, format_moment
from bot.storage import repositories
from bot.storage.models import JobApplication


async def finish(context: CoachContext, application: JobApplication) -> None:
    interview = await repositories.latest_interview(
        context.session, application.id, Stage.FOLLOW_UP_INTERVIEWS.value
    )
    recorded = None
    kind = "manajer"
    names: list[str] = []
    if interview is not None:
        kind = interview.kind if interview.kind in KINDS else "manajer"
        names = list(interview.interviewers)
        if interview.scheduled_at is not None:
            recorded = interview_summary(
                context,
                application,
                format_moment(interview.scheduled_at, context.timezone),
                _(KINDS[kind]),
            )
    notes = [
        drafts.interviewer_thank_you(
            company=application.company,
            role=application.role,
            interviewer=name,
            kind=cast(drafts.InterviewKind, kind),
            user_name=context.user.first_name,
        )
        for name in (names or [""])
    ]
    notes[0] = (
        _("📨 Setelah wawancara, kirim catatan terima kasih kepada setiap pewawancara.")
        + "\n\n"
        + notes[0]
    )
    await finish_stage(
        context, application, Stage.FOLLOW_UP_INTERVIEWS, recorded=recorded, drafts=notes
    )


FLOW = StageFlow(
    Stage.FOLLOW_UP_INTERVIEWS,
    (Step.WHEN, Step.KIND, Step.INTERVIEWERS),
    offer_existing=True,
    finish=finish,
)
