"""/wawancara: the six stages as a menu, with where the user's applications stand."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot import keyboards
from bot.coach.length import visible_len
from bot.coach.stages import parse_stage
from bot.context import CoachContext, callback_message
from bot.handlers.stages.records import LIST_NAME_CHARS, application_label, stage_title
from bot.handlers.stages.wrapup import MESSAGE_BUDGET
from bot.i18n import _
from bot.storage import repositories

# The menu lists this many active applications (the latest); the rest are counted.
MAX_LISTED = 10


async def _menu(context: CoachContext) -> tuple[str, InlineKeyboardMarkup]:
    applications = await repositories.applications_in_order(context.session, context.user.id)
    active = [a for a in applications if a.status == "active"]
    lines = [_("<b>Enam tahap proses wawancara</b>")]
    if active:
        lines.append(_("Lamaran aktif Anda:"))
        for application in active[-MAX_LISTED:]:
            lines.append(
                _("📍 {application}: {stage}").format(
                    application=application_label(application, limit=LIST_NAME_CHARS),
                    stage=stage_title(application),
                )
            )
        if len(active) > MAX_LISTED:
            lines.append(
                _("… dan {count} lamaran aktif lainnya (lihat /lamaran).").format(
                    count=len(active) - MAX_LISTED
                )
            )
        lines.append(_("Pilih tahap untuk melihat panduannya:"))
    else:
        lines.append(_("Anda belum mencatat lamaran. Pilih tahap yang sedang Anda jalani:"))
    text = "\n".join(lines)
    while visible_len(text) > MESSAGE_BUDGET and len(lines) > 3:
        del lines[2]  # the oldest listed application: the buttons must stay reachable
        text = "\n".join(lines)
    current = [s for s in (parse_stage(a.stage) for a in active) if s is not None]
    return text, keyboards.stage_menu(current)


async def show_menu(update: Update, context: CoachContext) -> None:
    """Shows the six stages and where the user stands."""
    text, markup = await _menu(context)
    context.reply(text, reply_markup=markup)


async def back_to_menu(update: Update, context: CoachContext) -> None:
    """Returns from a stage summary to the menu, in the same message."""
    query = update.callback_query
    assert query is not None
    context.answer()
    text, markup = await _menu(context)
    context.edit(callback_message(update), text, reply_markup=markup)
