"""After a rejection, the feeling first: nothing practical is asked until the user is ready."""

from __future__ import annotations

from telegram import Update

from bot.callbacks import READY, pattern
from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.handlers.stages.question import Answered, Pressed, Question, Result, single_button
from bot.handlers.stages.questions.asking import lost_application
from bot.handlers.stages.questions.table import register
from bot.handlers.stages.records import focused
from bot.handlers.stages.steps import Step
from bot.i18n import _
from bot.storage.models import JobApplication


async def ask_feeling(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(
        _(
            "Saya turut sedih mendengarnya. 💙 Ditolak itu menyakitkan, dan wajar jika "
            "Anda kecewa, sedih, atau lelah. Beri diri Anda waktu untuk merasakannya; "
            "tidak perlu buru-buru. Ini bukan penilaian atas nilai diri Anda.\n\n"
            "Jika sudah siap, tekan tombol di bawah dan kita susun langkah berikutnya "
            "bersama."
        ),
        reply_markup=single_button(_("💪 Saya siap lanjut"), READY),
    )


async def take_ready(update: Update, context: CoachContext, stage: Stage) -> Result:
    """The user is ready to move on after the rejection."""
    application = await focused(context)
    if application is None:
        return await lost_application(context)
    return Answered(application, Step.FEELING)


register(
    Question(
        Step.FEELING,
        ask_feeling,
        lambda: _("Tekan <b>Saya siap lanjut</b> jika sudah siap. Tidak perlu buru-buru."),
        (Pressed(take_ready, pattern(READY, "$")),),
        reshow=True,
    ),
)
