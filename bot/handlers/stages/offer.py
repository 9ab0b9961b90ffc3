"""Stage 4, the job offer: when it came, the deadline, the figures; then three drafts."""

from __future__ import annotations

from datetime import datetime
from html import escape

from bot.coach import drafts
from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.followups import schedule as followups
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
    if offer is not None:
        deadline_at = (
            datetime.fromisoformat(str(offer.detail["deadline"])) if deadline_text else None
        )
        await followups.on_offer(
            context.session,
            context.user,
            application,
            offer.occurred_at,
            deadline_at,
            context.now(),
        )
    recorded = None
    if offer is not None:
        received = format_day(offer.occurred_at, context.timezone)
        recorded = (
            _("Tercatat: penawaran datang {day}; jawab paling lambat {deadline}.").format(
                day=received, deadline=deadline_text
            )
            if deadline_text
            else _("Tercatat: penawaran datang {day}, tanpa batas waktu jawaban.").format(
                day=received
            )
        )
    name = context.user.first_name
    decide_by = deadline_text  # empty: the draft asks for "a day or two"
    offer_drafts = [
        drafts.offer_ask_time(
            company=application.company, role=application.role, user_name=name, decide_by=decide_by
        ),
        drafts.offer_negotiate(company=application.company, role=application.role, user_name=name),
        drafts.offer_accept(company=application.company, role=application.role, user_name=name),
    ]
    if recorded and offer is not None and offer.note:
        recorded += "\n" + _("Angka penawaran: {figures}").format(figures=escape(offer.note))
    await finish_stage(context, application, Stage.OFFER, recorded=recorded, drafts=offer_drafts)


FLOW = StageFlow(
    Stage.OFFER,
    (Step.OFFER_RECEIVED, Step.OFFER_DEADLINE, Step.OFFER_FIGURES),
    offer_existing=True,
    finish=finish,
)
