"""Stage 5, building persistence: room for the feeling first, then thanks and a feedback request."""

from __future__ import annotations

from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.handlers.stages import drafting
from bot.handlers.stages.flow import StageFlow
from bot.handlers.stages.records import mark_rejected
from bot.handlers.stages.steps import Step
from bot.handlers.stages.wrapup import finish_stage
from bot.storage.models import JobApplication


async def finish(context: CoachContext, application: JobApplication) -> None:
    await mark_rejected(context, application)
    draft = drafting.rejection_reply(context, application)
    await finish_stage(context, application, Stage.PERSISTENCE, drafts=[draft])


FLOW = StageFlow(Stage.PERSISTENCE, (Step.FEELING,), offer_existing=True, finish=finish)
