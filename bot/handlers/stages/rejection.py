"""Stage 5, building persistence: room for the feeling first, then thanks and a feedback request."""

from __future__ import annotations

from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.followups import schedule as followups
from bot.handlers.stages import drafting
from bot.handlers.stages.flow import StageFlow
from bot.handlers.stages.steps import Step
from bot.handlers.stages.wrapup import finish_stage
from bot.storage import repositories
from bot.storage.models import ApplicationStatus, JobApplication


async def finish(context: CoachContext, application: JobApplication) -> None:
    application.status = ApplicationStatus.REJECTED
    application.closed_at = context.now()
    await repositories.add_event(context.session, application, "rejected", context.now())
    await followups.on_rejection(context.session, context.user, application, context.now())
    if context.user.focus_application_id == application.id:
        context.user.focus_application_id = None
    draft = drafting.rejection_reply(context, application)
    await finish_stage(context, application, Stage.PERSISTENCE, drafts=[draft])


FLOW = StageFlow(Stage.PERSISTENCE, (Step.FEELING,), offer_existing=True, finish=finish)
