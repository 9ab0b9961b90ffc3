"""Stage 6, the key points: the seed's summary and where the user stands across applications."""

from __future__ import annotations

from telegram import Update

from bot import keyboards
from bot.coach.guidance import full_parts
from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.handlers.stages.records import LIST_NAME_CHARS, application_label, stage_title
from bot.handlers.stages.wrapup import reply_packed
from bot.i18n import _
from bot.storage import repositories
from bot.storage.models import ApplicationStatus

STATUS_LABELS = {
    ApplicationStatus.ACTIVE: "▶️",
    ApplicationStatus.ACCEPTED: "🎉",
    ApplicationStatus.REJECTED: "💪",
    ApplicationStatus.WITHDRAWN: "↩️",
}
# The overview lists this many applications (the latest).
MAX_LISTED = 20


async def overview(context: CoachContext) -> list[str]:
    """One line per application: its status and stage."""
    applications = await repositories.applications_in_order(context.session, context.user.id)
    if not applications:
        return [_("Anda belum mencatat lamaran. Pilih tahap di /wawancara untuk memulai.")]
    lines = [_("<b>Status lamaran Anda</b>")]
    for application in applications[-MAX_LISTED:]:
        lines.append(
            "{mark} {application}: {stage}".format(
                mark=STATUS_LABELS.get(application.status, "•"),
                application=application_label(application, limit=LIST_NAME_CHARS),
                stage=stage_title(application),
            )
        )
    if len(applications) > MAX_LISTED:
        lines.append(
            _("… dan {count} lamaran lainnya (lihat /lamaran).").format(
                count=len(applications) - MAX_LISTED
            )
        )
    return lines


async def show(update: Update, context: CoachContext) -> None:
    """Shows the key points and the overview of the user's applications."""
    context.answer()
    for part in full_parts(Stage.KEY_POINTS):
        context.reply(part)
    reply_packed(context, await overview(context), keyboards.back_to_menu())
