"""Stage 1, contacted by a recruiter: company, role and channel, then a reply draft."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from bot.coach import drafts
from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.followups import schedule as followups
from bot.handlers.stages.flow import StageFlow
from bot.handlers.stages.records import application_label, local_now
from bot.handlers.stages.steps import CHANNELS, Step
from bot.handlers.stages.wrapup import finish_stage
from bot.i18n import _, format_moment
from bot.storage import repositories
from bot.storage.models import JobApplication


def proposed_times(context: CoachContext) -> list[str]:
    """Two working-day slots to offer the recruiter: the next working days at 10.00 and 14.00."""
    day = local_now(context).replace(hour=0, minute=0, second=0, microsecond=0)
    slots: list[datetime] = []
    while len(slots) < 2:
        day += timedelta(days=1)
        if day.weekday() < 5:
            slots.append(day + timedelta(hours=10 if not slots else 14))
    return [format_moment(slot, context.timezone) for slot in slots]


async def finish(context: CoachContext, application: JobApplication) -> None:
    contacted = await repositories.latest_event(context.session, application.id, "contacted")
    await followups.on_recruiter_contact(context.session, context.user, application, context.now())
    channel = str(contacted.detail.get("channel", "email")) if contacted else "email"
    draft = drafts.recruiter_reply(
        company=application.company,
        role=application.role,
        recruiter_name="",
        channel=cast(drafts.Channel, channel if channel in CHANNELS else "email"),
        time_options=proposed_times(context),
        user_name=context.user.first_name,
    )
    recorded = _("Tercatat: {application}, dihubungi lewat {channel}.").format(
        application=application_label(application), channel=_(CHANNELS.get(channel, channel))
    )
    await finish_stage(context, application, Stage.RECRUITER, recorded=recorded, drafts=[draft])


FLOW = StageFlow(Stage.RECRUITER, (Step.CHANNEL,), offer_existing=False, finish=finish)
