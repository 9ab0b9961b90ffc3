"""How every stage ends: guidance, drafts, then a card with the checklist and what comes next."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import keyboards
from bot.callbacks import CHECK, OUTCOME
from bot.coach.guidance import GUIDANCE, render_guidance
from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.followups import schedule as followups
from bot.handlers.stages.records import application_label
from bot.i18n import _
from bot.storage import repositories
from bot.storage.models import ApplicationStatus, JobApplication


def outcome_buttons(application: JobApplication) -> list[InlineKeyboardButton]:
    prefix = f"{OUTCOME}{application.id}:"
    if application.status != ApplicationStatus.ACTIVE:
        return []
    if application.stage == Stage.OFFER.value:
        return [
            InlineKeyboardButton(_("🎉 Saya terima"), callback_data=f"{prefix}accept"),
            InlineKeyboardButton(_("🤔 Masih menimbang"), callback_data=f"{prefix}wait"),
            InlineKeyboardButton(_("🙅 Tidak saya ambil"), callback_data=f"{prefix}decline"),
        ]
    return [
        InlineKeyboardButton(_("✅ Lolos"), callback_data=f"{prefix}pass"),
        InlineKeyboardButton(_("⏳ Belum ada kabar"), callback_data=f"{prefix}wait"),
        InlineKeyboardButton(_("❌ Ditolak"), callback_data=f"{prefix}reject"),
    ]


async def card(
    context: CoachContext, application: JobApplication, stage: Stage
) -> tuple[str, InlineKeyboardMarkup]:
    """The checklist of `stage` for the application, tickable, with the outcome buttons."""
    guidance = GUIDANCE[stage]
    done = await repositories.checklist_done(context.session, application.id, stage.value)
    lines = [
        _("<b>Daftar periksa</b> — {application}").format(
            application=application_label(application)
        )
    ]
    for number, item in enumerate(guidance.checklist, start=1):
        mark = "☑️" if item.key in done else "⬜"
        lines.append(f"{mark} {number}. {_(item.text)}")
    lines.append(_("Tekan nomornya untuk mencentang."))
    buttons = [
        InlineKeyboardButton(
            f"{'☑️' if item.key in done else '⬜'} {number}",
            callback_data=f"{CHECK}{application.id}:{stage.value}:{item.key}",
        )
        for number, item in enumerate(guidance.checklist, start=1)
    ]
    table = keyboards.rows(buttons, per_row=4).inline_keyboard
    outcomes = outcome_buttons(application) if stage.value == application.stage else []
    if outcomes:
        lines.append("")
        lines.append(_("<b>Bagaimana kelanjutannya?</b> Beri tahu saya jika ada perkembangan."))
    rows = [list(row) for row in table] + [[button] for button in outcomes]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def finish_stage(
    context: CoachContext,
    application: JobApplication,
    stage: Stage,
    *,
    recorded: str | None = None,
    drafts: list[str] | None = None,
) -> None:
    """Sends what was recorded, the stage's guidance, its drafts and the checklist card."""
    if application.status == ApplicationStatus.ACTIVE:
        await followups.on_activity(context.session, context.user, application, context.now())
    if recorded:
        context.reply(recorded)
    for part in render_guidance(stage):
        context.reply(part)
    for draft in drafts or []:
        context.reply(draft)
    text, markup = await card(context, application, stage)
    context.reply(text, reply_markup=markup)
