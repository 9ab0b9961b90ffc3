"""The nudges' buttons, /pengingat (pending nudges), /jeda (pause) and quiet hours."""

from __future__ import annotations

from html import escape

from sqlalchemy import func, select
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import callbacks, keyboards
from bot.callbacks import NUDGE, PAUSE
from bot.callbacks import QUIET_HOURS as QUIET
from bot.coach import nudges
from bot.coach.length import TELEGRAM_LIMIT, visible_len
from bot.coach.nudges import NudgeKind, PlannedNudge
from bot.context import CoachContext, callback_message
from bot.followups import schedule
from bot.handlers import fallbacks
from bot.i18n import N_, _, format_moment, ngettext
from bot.storage import repositories
from bot.storage.models import FollowUp, FollowUpStatus, Interview, JobApplication

QUIET_PRESETS = ((21, 7), (22, 6), (20, 8), (0, 0))
# /pengingat lists at most this many reminders, and only as many as fit in one message: a
# company name is cut at MAX_SUBJECT characters, and the list stops before the message would
# pass LIST_BUDGET UTF-16 units (Telegram refuses more than 4,096), so the buttons stay.
MAX_LISTED = 20
MAX_SUBJECT = 40
LIST_BUDGET = TELEGRAM_LIMIT - 296

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
                _("⏰ Baik, saya ingatkan lagi pada {moment}.").format(
                    moment=format_moment(again.due_at, context.timezone)
                )
                if again is not None
                else _(
                    "Dua jam lagi pengingat ini sudah tidak relevan, jadi tidak saya jadwalkan ulang."
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
    marked = f"{original}\n\n<i>{note}</i>"
    if message is not None and original and visible_len(marked) <= TELEGRAM_LIMIT:
        # Keep the nudge readable, drop its buttons, and say what was done.
        context.edit(message, marked, reply_markup=None)
    else:
        # A nudge near Telegram's limit has no room for the note: it loses its buttons, and
        # the note comes on its own.
        context.drop_buttons(message)
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


async def _count_pending(context: CoachContext) -> int:
    count = await context.session.scalar(
        select(func.count())
        .select_from(FollowUp)
        .where(
            FollowUp.user_id == context.user.id,
            FollowUp.status == FollowUpStatus.PENDING.value,
        )
    )
    return int(count or 0)


def _subject(application: JobApplication | None) -> str:
    if application is None:
        return ""
    name = " ".join(application.company.split())
    if len(name) > MAX_SUBJECT:
        name = name[: MAX_SUBJECT - 1].rstrip() + "…"
    return f" — {escape(name)}"


async def pending_text(context: CoachContext) -> tuple[str, list[list[InlineKeyboardButton]]]:
    """The pending reminders, as many as fit in one message, with a cancel button each."""
    pending = await schedule.pending_for(context.session, context.user.id, limit=MAX_LISTED + 1)
    total = await _count_pending(context)
    user = context.user
    head = [_("<b>Pengingat Anda</b>")]
    if user.nudges_paused:
        head.append(_("⏸️ Semua pengingat sedang dijeda. Ketik /jeda untuk melanjutkan."))
    if not pending:
        head.append(_("Tidak ada pengingat yang menunggu."))
    tail = []
    if pending:
        tail.append(_("Tekan ❌ dan nomornya untuk membatalkan satu pengingat."))
    if user.quiet_start == user.quiet_end:
        tail.append(_("Jam tenang: tidak ada."))
    else:
        tail.append(
            _(
                "Jam tenang: {start}.00–{end}.00; pengingat yang jatuh di jam itu menunggu pagi."
            ).format(start=f"{user.quiet_start:02d}", end=f"{user.quiet_end:02d}")
        )
    # The longest "… and N more" line, kept free so that it always fits.
    more_room = visible_len(_more(total)) + 1
    used = sum(visible_len(line) + 1 for line in (*head, *tail)) + more_room
    listed: list[str] = []
    buttons = []
    for number, follow_up in enumerate(pending[:MAX_LISTED], start=1):
        application = None
        if follow_up.application_id is not None:
            application = await repositories.get_application(
                context.session, user.id, follow_up.application_id
            )
        line = (
            f"{number}. {_(KIND_LABELS.get(follow_up.kind, follow_up.kind))}"
            f"{_subject(application)}: {format_moment(follow_up.due_at, context.timezone)}"
        )
        if used + visible_len(line) + 1 > LIST_BUDGET:
            break
        used += visible_len(line) + 1
        listed.append(line)
        buttons.append(
            InlineKeyboardButton(f"❌ {number}", callback_data=f"{NUDGE}{follow_up.id}:cancel")
        )
    if total > len(listed):
        listed.append(_more(total - len(listed)))
    rows: list[list[InlineKeyboardButton]] = [
        list(row) for row in keyboards.rows(buttons, per_row=5).inline_keyboard
    ]
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
    return "\n".join([*head, *listed, *tail]), rows


def _more(count: int) -> str:
    return ngettext(
        "… dan {count} pengingat lain, yang tampil setelah yang di atas terkirim atau dibatalkan.",
        "… dan {count} pengingat lain, yang tampil setelah yang di atas terkirim atau dibatalkan.",
        count,
    ).format(count=count)


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
            "⏸️ Semua pengingat dijeda. Pengingat yang seharusnya terkirim akan ditahan sampai Anda "
            "mengetik /jeda lagi."
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
