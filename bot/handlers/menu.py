"""/wawancara: the six stages as a menu, with where the user's applications stand."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardMarkup, Update

from bot import keyboards
from bot.coach.stages import STAGE_INFO, parse_stage
from bot.context import CoachContext, callback_message
from bot.i18n import _
from bot.storage import repositories


async def _menu(context: CoachContext) -> tuple[str, InlineKeyboardMarkup]:
    applications = await repositories.active_applications(context.session, context.user.id)
    lines = [_("<b>Enam tahap proses wawancara</b>")]
    if applications:
        lines.append(_("Posisi lamaran aktif Anda:"))
        for application in applications[:10]:
            stage = parse_stage(application.stage)
            title = _(STAGE_INFO[stage].title) if stage else application.stage
            label = escape(application.company)
            if application.role:
                label = _("{role} di {company}").format(
                    role=escape(application.role), company=label
                )
            lines.append(_("📍 {application}: {stage}").format(application=label, stage=title))
    else:
        lines.append(_("Anda belum mencatat lamaran. Pilih tahap yang sedang Anda jalani."))
    lines.append(_("Pilih tahap untuk melihat panduannya:"))
    current = [s for s in (parse_stage(a.stage) for a in applications) if s is not None]
    return "\n".join(lines), keyboards.stage_menu(current)


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
