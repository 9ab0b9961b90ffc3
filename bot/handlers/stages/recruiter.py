"""Stage 1, contacted by a recruiter: company, role, channel and the recruiter's name, then a
reply draft that proposes times away from the interviews already booked."""

from __future__ import annotations

from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.followups import schedule as followups
from bot.handlers.stages import drafting
from bot.handlers.stages.flow import StageFlow
from bot.handlers.stages.records import application_label
from bot.handlers.stages.steps import CHANNEL_WORDS, Step
from bot.handlers.stages.wrapup import finish_stage
from bot.i18n import _
from bot.storage import repositories
from bot.storage.models import JobApplication


async def finish(context: CoachContext, application: JobApplication) -> None:
    contacted = await repositories.latest_event(context.session, application.id, "contacted")
    await followups.on_recruiter_contact(context.session, context.user, application, context.now())
    channel = str(contacted.detail.get("channel", "email")) if contacted else "email"
    recorded = _("Tercatat: {application}, dihubungi lewat {channel}.").format(
        application=application_label(application),
        channel=_(CHANNEL_WORDS.get(channel, CHANNEL_WORDS["email"])),
    )
    draft = await drafting.recruiter_reply(context, application)
    await finish_stage(context, application, Stage.RECRUITER, recorded=recorded, drafts=[draft])


FLOW = StageFlow(
    Stage.RECRUITER,
    (Step.PASSED, Step.CHANNEL, Step.CONTACT, Step.SIGNATURE),
    offer_existing=True,
    finish=finish,
)
