"""The nudges' buttons, /pengingat (pending nudges), /jeda (pause) and quiet hours."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import callbacks, keyboards
from bot.callbacks import NUDGE, PAUSE
from bot.callbacks import QUIET_HOURS as QUIET
from bot.coach import nudges
from bot.coach.nudges import NudgeKind, PlannedNudge
from bot.context import CoachContext, callback_message
from bot.followups import schedule
from bot.handlers import fallbacks
from bot.i18n import N_, _, format_moment
from bot.storage import repositories
from bot.storage.models import FollowUp, FollowUpStatus, Interview

QUIET_PRESETS = ((21, 7), (22, 6), (20, 8), (0, 0))

KIND_LABELS: dict[str, str] = {
    NudgeKind.RECRUITER_REPLY: N_("Balas rekruter"),
    NudgeKind.INTERVIEW_PREP: N_("Persiapan wawancara"),
    NudgeKind.GOOD_LUCK: N_("Semangat sebelum wawancara"),
    NudgeKind.DEBRIEF: N_("Bagaimana wawancaranya + ucapan terima kasih"),
    NudgeKind.THANK_YOU_LAST_CALL: N_("Batas 24 jam ucapan terima kasih"),
    NudgeKind.OFFER_DECISION: N_("Keputusan atas tawaran"),
    NudgeKind.REJECTION_FEEDBACK: N_("Minta umpan balik"),
    NudgeKind.REJECTION_CHECK_IN: N_("Menanyakan kabar Anda"),
    NudgeKind.SILENT_APPLICATION: N_("Ada kabar?"),
    NudgeKind.RESILIENCE_CHECK_IN: N_("Menanyakan kabar Anda"),
}


async def _own_follow_up(context: CoachContext, raw: str) -> FollowUp | None:
    follow_up_id = keyboards.parse_id(raw)
    if follow_up_id is None:
        return None
    follow_up = await context.session.get(FollowUp, follow_up_id)
    if follow_up is None or follow_up.user_id != context.user.id:
        return None
    return follow_up


async def nudge_button(update: Update, context: CoachContext) -> None:
    """Sudah ✅, Ingatkan 2 jam lagi, Jangan ingatkan ini lagi, or a cancel from /pengingat."""
    raw_id, _sep, action = callbacks.data(update).removeprefix(NUDGE).partition(":")
    follow_up = await _own_follow_up(context, raw_id)
    if follow_up is None or action not in ("done", "snooze", "stop", "cancel"):
        await fallbacks.stale_button(update, context)
        return
    now = context.now()
    kind = NudgeKind(follow_up.kind)
    message = callback_message(update)
    original = message.text_html if message is not None and message.text else ""
    match action:
        case "done":
            await _mark_done(context, follow_up)
            note = _("✅ Tercatat sebagai sudah dilakukan. Bagus!")
        case "snooze":
            expires = follow_up.expires_at or now + nudges.STALE_AFTER
            plan = PlannedNudge(kind, now + nudges.SNOOZE, expires)
            again = await schedule.schedule(
                context.session, context.user, plan, now=now,
                application_id=follow_up.application_id, interview_id=follow_up.interview_id,
            )  # fmt: skip
            note = (
                _("⏰ Baik, saya ingatkan lagi {moment}.").format(
                    moment=format_moment(again.due_at, context.timezone)
                )
                if again is not None
                else _(
                    "Pengingat ini sudah tidak relevan lagi setelah itu, jadi tidak saya jadwalkan ulang."
                )
            )
        case "stop":
            await schedule.cancel(
                context.session, user_id=context.user.id,
                application_id=follow_up.application_id, kinds=[kind],
            )  # fmt: skip
            note = _("🔕 Baik, saya tidak akan mengingatkan hal ini lagi.")
        case _:
            if follow_up.status == FollowUpStatus.PENDING:
                follow_up.status = FollowUpStatus.CANCELLED
            context.answer(_("Pengingat dibatalkan."))
            await show_pending(update, context, edit=True)
            return
    context.answer()
    if message is not None and original:
        # Keep the nudge readable, drop its buttons, and say what was done.
        context.edit(message, f"{original}\n\n<i>{note}</i>", reply_markup=None)
    else:
        context.reply(note)


async def _mark_done(context: CoachContext, follow_up: FollowUp) -> None:
    """Records the step as done and cancels the reminders that were about it."""
    kind = NudgeKind(follow_up.kind)
    if kind in (NudgeKind.DEBRIEF, NudgeKind.THANK_YOU_LAST_CALL) and follow_up.interview_id:
        interview = await context.session.get(Interview, follow_up.interview_id)
        if interview is not None:
            interview.thank_you_sent_at = context.now()
        await schedule.cancel(
            context.session, user_id=context.user.id, interview_id=follow_up.interview_id,
            kinds=[NudgeKind.THANK_YOU_LAST_CALL],
        )  # fmt: skip
    elif follow_up.application_id is not None:
        await schedule.cancel(
            context.session, user_id=context.user.id,
            application_id=follow_up.application_id, kinds=[kind],
        )  # fmt: skip
    if follow_up.application_id is not None:
        application = await repositories.get_application(
            context.session, context.user.id, follow_up.application_id
        )
        if application is not None:
            await repositories.add_event(
                context.session, application, "done", context.now(), detail={"kind": kind.value}
            )


async def pending_text(context: CoachContext) -> tuple[str, list[list[InlineKeyboardButton]]]:
    pending = await schedule.pending_for(context.session, context.user.id)
    user = context.user
    lines = [_("<b>Pengingat Anda</b>")]
    rows: list[list[InlineKeyboardButton]] = []
    if user.nudges_paused:
        lines.append(_("⏸️ Semua pengingat sedang dijeda. Ketik /jeda untuk melanjutkan."))
    if not pending:
        lines.append(_("Tidak ada pengingat yang menunggu."))
    buttons = []
    for number, follow_up in enumerate(pending, start=1):
        subject = ""
        if follow_up.application_id is not None:
            application = await repositories.get_application(
                context.session, user.id, follow_up.application_id
            )
            subject = f" — {escape(application.company)}" if application else ""
        lines.append(
            f"{number}. {_(KIND_LABELS.get(follow_up.kind, follow_up.kind))}{subject}: {format_moment(follow_up.due_at, context.timezone)}"
        )
        buttons.append(
            InlineKeyboardButton(f"❌ {number}", callback_data=f"{NUDGE}{follow_up.id}:cancel")
        )
    rows.extend(list(row) for row in keyboards.rows(buttons, per_row=5).inline_keyboard)
    if pending:
        lines.append(_("Tekan ❌ dan nomornya untuk membatalkan satu pengingat."))
    if user.quiet_start == user.quiet_end:
        lines.append(_("Jam tenang: tidak ada."))
    else:
        lines.append(
            _(
                "Jam tenang: {start}.00–{end}.00; pengingat yang jatuh di jam itu menunggu pagi."
            ).format(start=f"{user.quiet_start:02d}", end=f"{user.quiet_end:02d}")
        )
    rows.append(
        [
            InlineKeyboardButton(
                _("▶️ Lanjutkan pengingat") if user.nudges_paused else _("⏸️ Jeda semua"),
                callback_data=PAUSE,
            )
        ]
    )
    rows.append(
        [
            InlineKeyboardButton(
                f"{start:02d}–{end:02d}" if start != end else _("Tanpa jam tenang"),
                callback_data=f"{QUIET}{start}-{end}",
            )
            for start, end in QUIET_PRESETS
        ]
    )
    return "\n".join(lines), rows


async def show_pending(update: Update, context: CoachContext, *, edit: bool = False) -> None:
    """/pengingat: the pending nudges with cancel buttons, pause and quiet hours."""
    text, rows = await pending_text(context)
    markup = InlineKeyboardMarkup(rows)
    if edit:
        context.edit(callback_message(update), text, reply_markup=markup)
    else:
        context.reply(text, reply_markup=markup)


async def toggle_pause(update: Update, context: CoachContext) -> None:
    """/jeda or its button: pauses every nudge, or resumes them."""
    user = context.user
    user.nudges_paused = not user.nudges_paused
    text = (
        _(
            "⏸️ Semua pengingat dijeda. Yang jatuh tempo akan menunggu sampai Anda mengetik /jeda lagi."
        )
        if user.nudges_paused
        else _("▶️ Pengingat dilanjutkan. Yang tertunda akan segera dikirim jika masih relevan.")
    )
    if update.callback_query is not None:
        context.answer(text[:180])
        await show_pending(update, context, edit=True)
    else:
        context.reply(text)


async def set_quiet_hours(update: Update, context: CoachContext) -> None:
    """Stores one of the quiet-hours presets."""
    start, _sep, end = callbacks.data(update).removeprefix(QUIET).partition("-")
    preset = (keyboards.parse_id(start), keyboards.parse_id(end))
    if preset not in QUIET_PRESETS:
        await fallbacks.stale_button(update, context)
        return
    context.user.quiet_start, context.user.quiet_end = int(start), int(end)
    await schedule.retime_pending(context.session, context.user, context.now())
    context.answer(_("Jam tenang disimpan."))
    await show_pending(update, context, edit=True)
