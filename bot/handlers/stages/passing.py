"""A stage passed: the application moves on, and the user is told what comes next.

The card's "✅ Lolos" (handlers/applications.py) and a confirmed "aku lolos!" typed in a sentence
(handlers/stages/flow.py) both end here, so that both record and say the same.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton

from bot import keyboards
from bot.callbacks import GO
from bot.coach.stages import STAGE_INFO, Stage, parse_stage
from bot.context import CoachContext
from bot.handlers.stages.records import (
    application_label,
    is_earlier,
    move_to_stage,
    record_passed,
)
from bot.i18n import _
from bot.storage.models import JobApplication


async def pass_to(context: CoachContext, application: JobApplication, following: Stage) -> None:
    """Records that the user passed the application's stage and moves it to `following` (a
    later stage); nothing when it is there already."""
    if is_earlier(parse_stage(application.stage), following):
        await record_passed(context, application)
        await move_to_stage(context, application, following)


def announce(context: CoachContext, application: JobApplication, following: Stage) -> None:
    """ "Selamat, Anda lolos!" and the button that opens the next stage for the application."""
    info = STAGE_INFO[following]
    if following is Stage.OFFER:
        label = _("🎉 Catat tawaran")
        text = _(
            "Selamat, Anda lolos! 🎉 {application} kini menunggu <b>tawaran kerja</b>. Saat tawarannya datang, tekan tombol di bawah untuk mencatatnya."
        )
    else:
        label = f"{info.emoji} {_(info.title)}"
        text = _(
            "Selamat, Anda lolos! 🎉 Tahap berikutnya untuk {application}: <b>{stage}</b>. Tekan tombol di bawah saat Anda siap."
        )
    context.reply(
        text.format(application=application_label(application), stage=_(info.title)),
        reply_markup=keyboards.rows(
            [InlineKeyboardButton(label, callback_data=f"{GO}{application.id}:{following.value}")]
        ),
    )
