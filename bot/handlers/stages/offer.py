"""Stage 4, the job offer: when it came, the deadline, the figures; then three drafts."""

from __future__ import annotations

from datetime import datetime

from bot.coach import drafts
from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.handlers.stages.flow import StageFlow
from bot.handlers.stages.steps import Step
from bot.handlers.stages.wrapup import finish_stage
from bot.i18n import _, format_day, format_moment
from bot.storage import repositories
from bot.storage.models import JobApplication


async def finish(context: CoachContext, application: JobApplication) -> None:
    offer = await repositories.latest_event(context.session, application.id, "offer")
    deadline_text = ""
    if offer is not None and offer.detail.get("deadline"):
        deadline = datetime.fromisoformat(str(offer.detail["deadline"]))
        deadline_text = format_moment(deadline, context.timezone)
    recorded = None
    if offer is not None:
        received = format_day(offer.occurred_at, context.timezone)
        recorded = (
            _("Tercatat: penawaran diterima {day}; jawab paling lambat {deadline}.").format(
                day=received, deadline=deadline_text
            )
            if deadline_text
            else _("Tercatat: penawaran diterima {day}, tanpa batas waktu jawaban.").format(
                day=received
            )
        )
    name = context.user.first_name
    decide_by = deadline_text or _("dalam dua hari kerja")
    offer_drafts = [
        drafts.offer_ask_time(
            company=application.company, role=application.role, user_name=name, decide_by=decide_by
        ),
        drafts.offer_negotiate(company=application.company, role=application.role, user_name=name),
        drafts.offer_accept(company=application.company, role=application.role, user_name=name),
    ]
    await finish_stage(context, application, Stage.OFFER, recorded=recorded, drafts=offer_drafts)


FLOW = StageFlow(
    Stage.OFFER,
    (Step.OFFER_RECEIVED, Step.OFFER_DEADLINE, Step.OFFER_FIGURES),
    offer_existing=True,
    finish=finish,
)
