"""Stage 6, the key points: the seed's summary and where the user stands across applications."""

from __future__ import annotations

from telegram import Update

from bot import keyboards
from bot.coach.guidance import render_guidance
from bot.coach.stages import STAGE_INFO, Stage, parse_stage
from bot.context import CoachContext
from bot.handlers.stages.records import application_label
from bot.i18n import _
from bot.storage import repositories
from bot.storage.models import ApplicationStatus

STATUS_LABELS = {
    ApplicationStatus.ACTIVE: "▶️",
    ApplicationStatus.ACCEPTED: "🎉",
    ApplicationStatus.REJECTED: "💪",
    ApplicationStatus.WITHDRAWN: "↩️",
}


async def overview(context: CoachContext) -> str:
    """One line per application: its status and stage."""
    applications = await repositories.all_applications(context.session, context.user.id)
    if not applications:
        return _("Anda belum mencatat lamaran. Pilih tahap di /wawancara untuk memulai.")
    lines = [_("<b>Posisi Anda saat ini</b>")]
    for application in applications[:20]:
        stage = parse_stage(application.stage)
        title = _(STAGE_INFO[stage].title) if stage else application.stage
        lines.append(
            "{mark} {application}: {stage}".format(
                mark=STATUS_LABELS.get(application.status, "•"),
                application=application_label(application),
                stage=title,
            )
        )
    return "\n".join(lines)


async def show(update: Update, context: CoachContext) -> None:
    """Shows the key points and the overview of the user's applications."""
    context.answer()
    for part in render_guidance(Stage.KEY_POINTS):
        context.reply(part)
    context.reply(await overview(context), reply_markup=keyboards.back_to_menu())
