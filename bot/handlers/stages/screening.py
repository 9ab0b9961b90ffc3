"""Stage 2, the screening interview: when and how, and who the recruiter is; then preparation,
and the thank-you email at once if the screening was already held."""

from __future__ import annotations

from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.handlers.calendar_files import calendar_offer
from bot.handlers.stages import drafting
from bot.handlers.stages.flow import StageFlow
from bot.handlers.stages.questions.asking import current_interview
from bot.handlers.stages.steps import Step
from bot.handlers.stages.wrapup import finish_stage
from bot.i18n import _
from bot.storage.models import JobApplication


async def finish(context: CoachContext, application: JobApplication) -> None:
    interview = await current_interview(context, application, Stage.SCREENING)
    if drafting.recently_held(context, interview):
        await finish_stage(
            context,
            application,
            Stage.SCREENING,
            drafts=[drafting.thank_you(context, application, interview)],
        )
        return
    note = _(
        "📨 Setelah wawancara, saya kirimkan draf email terima kasihnya: kirim dalam 24 jam. "
        "Drafnya juga ada di tombol ✉️ Draf."
    )
    await finish_stage(
        context,
        application,
        Stage.SCREENING,
        recorded=note,
        then=calendar_offer(context, application, interview),
    )


FLOW = StageFlow(
    Stage.SCREENING,
    (Step.PASSED, Step.WHEN, Step.FORMAT, Step.CONTACT, Step.SIGNATURE),
    offer_existing=True,
    finish=finish,
)
