"""Stage 4, the job offer: when it came, the deadline, the salary; then the user picks what to
do (accept, negotiate, ask for time) and gets that one draft, with the take-home estimate one
tap away when the salary is known (handlers/offer_tools.py)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import keyboards
from bot.callbacks import DRAFT
from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.handlers import offer_tools
from bot.handlers.stages.flow import StageFlow
from bot.handlers.stages.questions.offer_details import plan_offer_nudges
from bot.handlers.stages.steps import Step
from bot.handlers.stages.wrapup import finish_stage
from bot.i18n import _
from bot.storage import repositories
from bot.storage.models import JobApplication


def draft_choice(application: JobApplication) -> InlineKeyboardMarkup:
    prefix = f"{DRAFT}{application.id}:"
    return keyboards.rows(
        [
            InlineKeyboardButton(_("✅ Menerima"), callback_data=f"{prefix}terima"),
            InlineKeyboardButton(_("💬 Negosiasi"), callback_data=f"{prefix}nego"),
            InlineKeyboardButton(_("⏳ Minta waktu"), callback_data=f"{prefix}waktu"),
        ],
        per_row=3,
    )


async def finish(context: CoachContext, application: JobApplication) -> None:
    offer = await repositories.latest_event(context.session, application.id, "offer")
    if offer is not None:
        await plan_offer_nudges(context, application, offer)
    question = _("Apa langkah Anda untuk tawaran ini? Pilih, lalu saya siapkan drafnya.")
    markup = draft_choice(application)
    if await offer_tools.can_estimate(context, application):
        # The amount is known: what it means in take-home pay, one tap away.
        markup = InlineKeyboardMarkup(
            [*markup.inline_keyboard, [offer_tools.estimate_button(application)]]
        )
    await finish_stage(context, application, Stage.OFFER, then=(question, markup))


FLOW = StageFlow(
    Stage.OFFER,
    (Step.PASSED, Step.OFFER_RECEIVED, Step.OFFER_DEADLINE, Step.OFFER_FIGURES, Step.SIGNATURE),
    offer_existing=True,
    finish=finish,
)
