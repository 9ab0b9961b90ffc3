"""An interview in the user's own calendar: "📅 Tambahkan ke kalender" (issue 17, part 3).

The button sends the interview as an .ics file (bot/coach/calendar.py): its title, the time in
the user's zone, the interviewers, alarms the evening before and an hour before. The interview
remembers the revision it was sent at (`Interview.calendar_revision`); its revision is raised at
every change of the time, the kind or the interviewers (models.count_revisions), so a change
the user's calendar holds is sent again, with the same UID and a higher SEQUENCE, when the card
that ends the change is drawn (`bring_up_to_date`, called by wrapup.send_card). An interview
called off, or an application closed with interviews still ahead, sends a cancellation
instead, only where the user had added the interview.

An interview can be called off from ✏️ Ubah ("❌ Batal"): after a confirmation it is deleted
with its reminders, and the timeline says it was cancelled.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import callbacks, keyboards
from bot.callbacks import CALENDAR, CANCEL_INTERVIEW
from bot.coach import calendar
from bot.coach.calendar import InterviewEvent
from bot.context import CoachContext, callback_message
from bot.handlers import fallbacks
from bot.handlers.stages.moments import short_day, short_moment
from bot.handlers.stages.records import application_label
from bot.handlers.stages.wrapup import send_card
from bot.i18n import _, current_locale, format_moment
from bot.storage import repositories
from bot.storage.models import ApplicationStatus, Interview, JobApplication

# "Which interview?" lists this many upcoming ones.
MAX_LISTED_INTERVIEWS = 6


def event_of(
    context: CoachContext, application: JobApplication, interview: Interview
) -> InterviewEvent:
    """The interview as the calendar file describes it, at its current revision. The UID
    names the row and when it was made, so an id the database gives again after a deletion
    never updates an old event."""
    assert interview.scheduled_at is not None
    return InterviewEvent(
        interview_id=f"{interview.id}-{int(interview.created_at.timestamp())}",
        role=application.role,
        company=application.company,
        start=interview.scheduled_at,
        zone=context.timezone,
        interviewers=tuple(interview.interviewers),
        sequence=interview.revision,
    )


def _upcoming(context: CoachContext, interview: Interview) -> bool:
    return interview.scheduled_at is not None and interview.scheduled_at > context.now()


def _what(application: JobApplication) -> str:
    return _("wawancara {application}").format(application=application_label(application))


def _clock(moment: datetime) -> str:
    return moment.strftime("%H:%M" if current_locale() == "en" else "%H.%M")


def _alarms_said(context: CoachContext, event: InterviewEvent) -> str:
    """Which of the file's alarms are still ahead (calendar.py leaves out the others)."""
    zone = ZoneInfo(event.zone)
    start = event.start.astimezone(zone)
    evening = datetime.combine(start.date() - timedelta(days=1), calendar.EVENING_BEFORE_AT, zone)
    if evening > context.now():
        return _("Pengingatnya pukul {time} malam sebelumnya dan satu jam sebelum mulai.").format(
            time=_clock(evening)
        )
    if start - calendar.LAST_LOOK_BEFORE > context.now():
        return _("Pengingatnya satu jam sebelum mulai.")
    return ""


def _send(
    context: CoachContext, application: JobApplication, interview: Interview, *, changed: bool
) -> None:
    """Sends the interview's file at its current revision and remembers that it was sent."""
    event = event_of(context, application, interview)
    moment = format_moment(event.start, context.timezone)
    if changed:
        caption = _(
            "📅 Jadwalnya berubah: <b>{interview}</b>, {moment}. Buka berkas ini agar kalender "
            "Anda ikut diperbarui."
        ).format(interview=_what(application), moment=moment)
    else:
        caption = _(
            "📅 Buka berkas ini untuk menambahkan <b>{interview}</b> ke kalender Anda: {moment}."
        ).format(interview=_what(application), moment=moment)
        if alarms := _alarms_said(context, event):
            caption += " " + alarms
    context.send_document(
        calendar.interview_ics(event, now=context.now()),
        filename=calendar.ics_filename(event),
        caption=caption,
    )
    interview.calendar_revision = interview.revision


def send_cancellation(
    context: CoachContext, application: JobApplication, interview: Interview
) -> None:
    """The cancellation of an interview the user added: same UID, the next SEQUENCE."""
    interview.revision += 1
    event = event_of(context, application, interview)
    context.send_document(
        calendar.cancellation_ics(event, now=context.now()),
        filename=calendar.ics_filename(event),
        caption=_(
            "❌ Dibatalkan: <b>{interview}</b> pada {moment}. Buka berkas ini agar acaranya "
            "terhapus dari kalender Anda."
        ).format(
            interview=_what(application), moment=format_moment(event.start, context.timezone)
        ),
    )
    interview.calendar_revision = None


async def bring_up_to_date(context: CoachContext, application: JobApplication) -> None:
    """Sends again each interview of the application the user added to their calendar and that
    changed since; for a closed application, cancels those still ahead."""
    await context.session.flush()  # raises the revisions of what this update changed
    for interview in await repositories.interviews_of(context.session, application.id):
        if interview.calendar_revision is None or interview.scheduled_at is None:
            continue
        if application.status != ApplicationStatus.ACTIVE:
            if _upcoming(context, interview):
                send_cancellation(context, application, interview)
        elif interview.revision > interview.calendar_revision:
            _send(context, application, interview, changed=True)


# --- the buttons ----------------------------------------------------------------------------


def add_button(
    application: JobApplication, interview: Interview | None = None
) -> InlineKeyboardButton:
    data = f"{CALENDAR}{application.id}"
    return InlineKeyboardButton(
        _(calendar.ADD_TO_CALENDAR), callback_data=f"{data}:{interview.id}" if interview else data
    )


async def calendar_buttons(
    context: CoachContext, application: JobApplication
) -> list[InlineKeyboardButton]:
    """The card's "📅 Tambahkan ke kalender", while an interview is ahead."""
    if application.status != ApplicationStatus.ACTIVE:
        return []
    upcoming = await repositories.upcoming_interviews(
        context.session, application.id, context.now()
    )
    return [add_button(application)] if upcoming else []


def calendar_offer(
    context: CoachContext, application: JobApplication, interview: Interview | None
) -> tuple[str, InlineKeyboardMarkup] | None:
    """The question that ends a stage with an interview ahead, not in the calendar yet."""
    if interview is None or not _upcoming(context, interview):
        return None
    if interview.calendar_revision is not None:
        return None
    return (
        _(
            "📅 Mau jadwal ini masuk ke kalender ponsel Anda? Saya kirimkan berkasnya, lengkap "
            "dengan pengingat."
        ),
        keyboards.rows([add_button(application, interview)]),
    )


def cancel_button(
    application: JobApplication, interview: Interview, now: datetime, zone: str
) -> InlineKeyboardButton:
    """✏️ Ubah's "❌ Batal" (an interview ahead) or "🗑️ Hapus" (one already held)."""
    assert interview.scheduled_at is not None
    day = short_day(interview.scheduled_at.astimezone(ZoneInfo(zone)))
    label = _("❌ Batal ({day})") if interview.scheduled_at > now else _("🗑️ Hapus ({day})")
    return InlineKeyboardButton(
        label.format(day=day),
        callback_data=f"{CANCEL_INTERVIEW}{application.id}:{interview.id}",
    )


# --- the handlers ---------------------------------------------------------------------------


async def _owned(context: CoachContext, raw: str) -> JobApplication | None:
    application_id = keyboards.parse_id(raw)
    if application_id is None:
        return None
    return await repositories.get_application(context.session, context.user.id, application_id)


async def add_to_calendar(update: Update, context: CoachContext) -> None:
    """📅 Tambahkan ke kalender (kl:<application>[:<interview>]): the file of the interview
    named, or of the one ahead; asks which when several are."""
    raw_id, _sep, raw_interview = callbacks.data(update).removeprefix(CALENDAR).partition(":")
    application = await _owned(context, raw_id)
    if application is None or application.status != ApplicationStatus.ACTIVE:
        await fallbacks.stale_button(update, context)
        return
    await context.session.flush()
    upcoming = await repositories.upcoming_interviews(
        context.session, application.id, context.now()
    )
    if raw_interview:
        wanted = keyboards.parse_id(raw_interview)
        interview = next((i for i in upcoming if i.id == wanted), None)
        if interview is None:
            context.answer(_("Wawancara itu sudah lewat atau tidak tercatat lagi."), alert=True)
            return
    elif len(upcoming) == 1:
        interview = upcoming[0]
    elif not upcoming:
        context.answer(_("Tidak ada wawancara mendatang untuk lamaran ini."), alert=True)
        return
    else:
        context.answer()
        zone = ZoneInfo(context.timezone)
        context.reply(
            _("Wawancara yang mana?"),
            reply_markup=keyboards.rows(
                InlineKeyboardButton(
                    "📅 " + short_moment(i.scheduled_at.astimezone(zone)),
                    callback_data=f"{CALENDAR}{application.id}:{i.id}",
                )
                for i in upcoming[:MAX_LISTED_INTERVIEWS]
                if i.scheduled_at is not None
            ),
        )
        return
    context.answer(_("Berkas kalender dikirim 📅"))
    _send(context, application, interview, changed=False)


async def cancel_interview(update: Update, context: CoachContext) -> None:
    """❌ Batal / 🗑️ Hapus (ib:<application>:<interview>): asks to confirm; then (:y) deletes
    the interview and its reminders, and cancels it in the calendar it was added to."""
    parts = callbacks.data(update).removeprefix(CANCEL_INTERVIEW).split(":")
    application = await _owned(context, parts[0]) if 2 <= len(parts) <= 3 else None
    interview_id = keyboards.parse_id(parts[1]) if application is not None else None
    interview = (
        await repositories.get_interview(context.session, application.id, interview_id)
        if application is not None and interview_id is not None
        else None
    )
    if (
        application is None
        or application.status != ApplicationStatus.ACTIVE
        or interview is None
        or interview.scheduled_at is None
    ):
        await fallbacks.stale_button(update, context)
        return
    context.answer()
    answer = parts[2] if len(parts) == 3 else ""
    message = callback_message(update)
    moment = format_moment(interview.scheduled_at, context.timezone)
    ahead = _upcoming(context, interview)
    values = {"application": application_label(application), "moment": moment}
    if not answer:
        question = (
            _(
                "Wawancara {application} pada {moment} dibatalkan? Saya hapus dari catatan "
                "beserta pengingatnya."
            )
            if ahead
            else _("Hapus wawancara {application} pada {moment} dari catatan?")
        )
        data = f"{CANCEL_INTERVIEW}{application.id}:{interview.id}"
        context.reply(
            question.format(**values),
            reply_markup=keyboards.rows(
                [
                    InlineKeyboardButton(_("✅ Ya, hapus"), callback_data=f"{data}:y"),
                    InlineKeyboardButton(_("Tidak"), callback_data=f"{data}:n"),
                ],
                per_row=2,
            ),
        )
        return
    if answer != "y":
        context.edit(message, _("Baik, wawancara pada {moment} tetap tercatat.").format(**values))
        return
    if ahead:
        if interview.calendar_revision is not None:
            send_cancellation(context, application, interview)
        await repositories.add_event(
            context.session,
            application,
            "interview_cancelled",
            context.now(),
            detail={"at": interview.scheduled_at.isoformat(), "stage": interview.stage},
        )
    # Its reminders go with it (follow_ups.interview_id: ON DELETE CASCADE).
    await context.session.delete(interview)
    await context.session.flush()
    application.updated_at = context.now()
    context.edit(message, _("Wawancara pada {moment} dihapus dari catatan.").format(**values))
    await send_card(context, application)
