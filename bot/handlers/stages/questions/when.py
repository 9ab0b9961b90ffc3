"""When the interview is: a date and time typed or picked, a day and then its time, which of two
weeks; `record_moment` stores it and warns when another interview is too close.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import Update

from bot import callbacks
from bot.callbacks import AT, DAY, pattern
from bot.coach import dates
from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.handlers.stages.moments import (
    RECENT_INTERVIEW,
    date_from_iso,
    examples,
    format_day_only,
    moment_problem,
    quick_times,
    which_week,
)
from bot.handlers.stages.question import Answered, Pressed, Question, Result, Typed
from bot.handlers.stages.questions.asking import (
    ask,
    change_button,
    current_interview,
    editing,
    forget,
    lost_application,
    message_text,
    reask,
    remember,
)
from bot.handlers.stages.questions.table import register
from bot.handlers.stages.records import application_label, focused, local_now, schedule_interview
from bot.handlers.stages.steps import Step
from bot.i18n import _, format_moment
from bot.storage import repositories
from bot.storage.models import Interview, JobApplication

# Two interviews closer than this are worth a warning: an hour each, and time to get there.
TOO_CLOSE = timedelta(minutes=90)


async def when_known(context: CoachContext, application: JobApplication, stage: Stage) -> bool:
    return await current_interview(context, application, stage) is not None


async def ask_when(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(
        _(
            "Kapan wawancaranya? Tulis misalnya {examples}, atau pilih di bawah. Sudah lewat? "
            "Tulis juga, misalnya <i>kemarin jam 10</i>: saya siapkan ucapan terima kasihnya."
        ).format(examples=examples(context, dates.Tense.FUTURE)),
        reply_markup=quick_times(context),
    )


async def ask_time_of_day(context: CoachContext, application: JobApplication | None) -> None:
    try:
        day = format_day_only(date_from_iso(context.user.pending.get("day")))
    except ValueError:
        day = ""
    context.reply(
        _("Jam berapa pada {day}? Misalnya <i>10.00</i> atau <i>jam 2 siang</i>.").format(day=day)
    )


def _from_button(context: CoachContext, update: Update) -> dates.WhenResult:
    raw = callbacks.data(update).removeprefix(AT)
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 11:
        # Not a moment our buttons carry (tampered): an unreadable time, asked again.
        return dates.WhenResult(dates.WhenStatus.UNRECOGNIZED)
    moment = datetime.fromtimestamp(int(raw), ZoneInfo(context.timezone))
    if moment <= context.now():
        return dates.WhenResult(dates.WhenStatus.PAST, value=moment)
    return dates.WhenResult(dates.WhenStatus.OK, value=moment)


async def _take_day_button(context: CoachContext, update: Update) -> Result:
    """One of the two days offered for "Senin depan": its time comes next."""
    try:
        day = date_from_iso(callbacks.data(update).removeprefix(DAY))
    except ValueError:
        return await reask(context, Step.WHEN)
    if day < local_now(context).date():
        return await reask(context, Step.WHEN)
    remember(context, day=day.isoformat())
    return await ask(context, Step.TIME_OF_DAY, None)


async def take_when(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Reads the interview's date and time (typed, a quick pick, or one of two weeks)."""
    if callbacks.data(update).startswith(DAY):
        return await _take_day_button(context, update)
    if update.callback_query is not None:
        result = _from_button(context, update)
    else:
        result = dates.parse_when(
            message_text(update),
            local_now(context),
            allow_past=RECENT_INTERVIEW,
            ask_which_week=True,
        )
    return await _take_moment(context, stage, result, Step.WHEN)


async def take_time_of_day(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Reads the time of day for the day given before."""
    if callbacks.data(update).startswith(DAY):
        return await _take_day_button(context, update)
    if update.callback_query is not None:
        return await _take_moment(context, stage, _from_button(context, update), Step.TIME_OF_DAY)
    try:
        day = date_from_iso(context.user.pending.get("day"))
    except ValueError:
        return await ask(context, Step.WHEN, None)
    result = dates.combine_day_and_time(
        day,
        message_text(update),
        local_now(context),
        allow_past=RECENT_INTERVIEW,
        ask_which_week=True,
    )
    return await _take_moment(context, stage, result, Step.TIME_OF_DAY)


async def _take_moment(
    context: CoachContext, stage: Stage, result: dates.WhenResult, step: Step
) -> Result:
    application = await focused(context)
    if application is None:
        return await lost_application(context)
    ok = (dates.WhenStatus.OK, dates.WhenStatus.RECENT_PAST)
    if result.status in ok and result.value is not None:
        return await record_moment(context, application, stage, result.value)
    if result.status is dates.WhenStatus.NEEDS_TIME and result.day is not None:
        remember(context, day=result.day.isoformat())
        return await ask(context, Step.TIME_OF_DAY, application)
    if result.status is dates.WhenStatus.WHICH_WEEK and result.candidates:
        context.reply(_("Yang mana maksud Anda? Pilih di bawah."), reply_markup=which_week(result))
        return step
    return await reask(context, step, moment_problem(context, result))


async def record_moment(
    context: CoachContext, application: JobApplication, stage: Stage, moment: datetime
) -> Result:
    """Stores the interview at `moment` (or moves the one being changed there), plans its
    nudges, and warns when another interview is too close."""
    forget(context, "day")
    same = await repositories.interview_at(context.session, application.id, moment)
    interview = await current_interview(context, application, stage) if editing(context) else None
    when = format_moment(moment, context.timezone)
    if same is not None and same is not interview:
        if editing(context) or same.stage != stage.value:
            return await reask(
                context,
                Step.WHEN,
                _("Wawancara lain untuk lamaran ini sudah tercatat pada {moment}.").format(
                    moment=when
                ),
            )
        # Typed again ("kan udah aku isi, kamis jam 14.30"): the recorded one, not a copy.
        remember(context, interview=same.id)
        forget(context, "adding")
        context.reply(_("Wawancara pada {moment} sudah tercatat.").format(moment=when))
        return Answered(application, Step.WHEN)
    interview = await schedule_interview(context, application, stage, moment, interview)
    remember(context, interview=interview.id)
    forget(context, "adding")
    if moment <= context.now():
        # Already held: its thank-you comes now, with this conversation's last answer.
        said = (
            _(
                "Tercatat: {moment}. Wawancaranya sudah lewat, jadi ucapan terima kasih "
                "sebaiknya terkirim paling lambat {deadline}. Drafnya ada di tombol ✉️ Draf."
            )
            if editing(context)
            else _(
                "Tercatat: {moment}. Wawancaranya sudah lewat, jadi ucapan terima kasih "
                "sebaiknya terkirim paling lambat {deadline}. Drafnya saya siapkan sebentar lagi."
            )
        )
        context.reply(
            said.format(
                moment=when,
                deadline=format_moment(moment + timedelta(hours=24), context.timezone),
            ),
            reply_markup=change_button(application, "wk", interview.id),
        )
    else:
        context.reply(
            _("Tercatat: {moment}.").format(moment=when),
            reply_markup=change_button(application, "wk", interview.id),
        )
    await _warn_if_too_close(context, interview)
    return Answered(application, Step.WHEN)


async def _warn_if_too_close(context: CoachContext, interview: Interview) -> None:
    if interview.scheduled_at is None:
        return
    nearby = await repositories.interviews_between(
        context.session,
        context.user.id,
        interview.scheduled_at - TOO_CLOSE,
        interview.scheduled_at + TOO_CLOSE,
    )
    others = [(i, a) for i, a in nearby if i.id != interview.id and i.scheduled_at is not None]
    if not others:
        return
    lines = [_("⚠️ Waktu ini berdekatan dengan wawancara lain:")]
    for other, other_application in others[:3]:
        if other.scheduled_at is not None:
            label = application_label(other_application, limit=60)
            lines.append(f"• {label}: {format_moment(other.scheduled_at, context.timezone)}")
    lines += [
        _("Sisakan jeda yang cukup, atau ubah jadwalnya lewat ✏️ Ubah di kartu lamaran."),
    ]
    context.reply("\n".join(lines))


register(
    Question(
        Step.WHEN,
        ask_when,
        lambda: _(
            "Saya menunggu tanggal dan jam wawancara, misalnya <i>besok jam 10</i> atau <i>Senin depan jam 9</i>."
        ),
        (
            Typed(take_when),
            Pressed(take_when, pattern(AT)),
            Pressed(take_when, pattern(DAY)),
        ),
        follow_ups=(Step.TIME_OF_DAY,),
        known=when_known,
    ),
    Question(
        Step.TIME_OF_DAY,
        ask_time_of_day,
        lambda: _("Saya menunggu jamnya, misalnya <i>10.00</i> atau <i>jam 2 siang</i>."),
        (
            Typed(take_time_of_day),
            Pressed(take_time_of_day, pattern(AT)),
            Pressed(take_time_of_day, pattern(DAY)),
        ),
    ),
)
