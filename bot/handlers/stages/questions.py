"""Every question of the stage conversations: how it is asked, what it takes, what it stores.

Each answer is written to the database in the update's unit of work; the conversation state is
written in the same transaction, before the next question goes out, so a restart continues
exactly where the user was.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, Update
from telegram.ext import ConversationHandler

from bot import callbacks, keyboards
from bot.callbacks import AT, DONE, NO_DEADLINE, PICK_APPLICATION, READY, RECEIVED, SKIP, pattern
from bot.coach import dates
from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.followups import schedule as followups
from bot.handlers.stages import steps
from bot.handlers.stages.moments import (
    date_from_iso,
    format_day_only,
    moment_problem,
    quick_times,
)
from bot.handlers.stages.question import (
    Answered,
    Pressed,
    Question,
    Result,
    Typed,
    choice_keyboard,
    single_button,
)
from bot.handlers.stages.records import button_label, focused, local_now, move_to_stage
from bot.handlers.stages.steps import Step
from bot.i18n import _, format_moment
from bot.storage import repositories
from bot.storage.models import ApplicationEvent, ApplicationStatus, Interview, JobApplication
from bot.text import clean_text, has_words, split_names

END = ConversationHandler.END
NEW_APPLICATION = f"{PICK_APPLICATION}new"
MAX_LISTED_APPLICATIONS = 8


async def ask(context: CoachContext, step: Step, application: JobApplication | None) -> Step:
    """Sends the question of `step` and returns it as the new conversation state."""
    await QUESTIONS[step].ask(context, application)
    return step


async def reask(context: CoachContext, step: Step, problem: str | None = None) -> Step:
    """Says what was wrong, or what is expected, and asks again where the question has buttons."""
    context.reply(problem or QUESTIONS[step].expected())
    if QUESTIONS[step].reshow:
        application = await repositories.focused_application(context.session, context.user)
        await ask(context, step, application)
    return step


async def lost_application(context: CoachContext) -> int:
    """The application was closed or deleted meanwhile: say so and end."""
    context.reply(
        _("Lamaran ini sudah ditutup atau dihapus. Ketik /wawancara untuk memulai lagi.")
    )
    return END


def _text(update: Update) -> str:
    message = update.effective_message
    return clean_text(message.text or "") if message is not None else ""


def _name_problem(text: str, limit: int) -> str | None:
    """The problem with a typed name, or None when it is fine."""
    if not text or not has_words(text):
        return _("Tolong tulis namanya dengan huruf atau angka, bukan hanya emoji atau simbol.")
    if len(text) > limit:
        return _("Terlalu panjang: maksimal {limit} karakter. Coba tulis lebih singkat.").format(
            limit=limit
        )
    return None


def _company(application: JobApplication | None) -> str:
    return escape(application.company) if application else ""


# --- which application ----------------------------------------------------------------------


async def ask_pick_application(context: CoachContext, application: JobApplication | None) -> None:
    active = await repositories.active_applications(context.session, context.user.id)
    buttons = [
        InlineKeyboardButton(button_label(a), callback_data=f"{PICK_APPLICATION}{a.id}")
        for a in active[:MAX_LISTED_APPLICATIONS]
    ]
    buttons.append(InlineKeyboardButton(_("➕ Lamaran baru"), callback_data=NEW_APPLICATION))
    context.reply(_("Untuk lamaran yang mana?"), reply_markup=keyboards.rows(buttons))


async def take_pick(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Takes the chosen application, or starts a new one."""
    data = callbacks.data(update)
    if data == NEW_APPLICATION:
        return await ask(context, Step.COMPANY, None)
    application_id = keyboards.parse_id(data.removeprefix(PICK_APPLICATION))
    application = None
    if application_id is not None:
        application = await repositories.get_application(
            context.session, context.user.id, application_id
        )
    if application is None or application.status != ApplicationStatus.ACTIVE:
        return await reask(
            context, Step.PICK_APPLICATION, _("Lamaran itu sudah tidak aktif. Pilih yang lain.")
        )
    await move_to_stage(context, application, stage)
    return Answered(application, Step.PICK_APPLICATION)


async def ask_company(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(_("Apa nama perusahaannya? Tulis saja, misalnya: PT Aman Siber."))


async def take_company(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Stores a new application for the company and asks for the role."""
    text = _text(update)
    if problem := _name_problem(text, steps.MAX_NAME_CHARS):
        return await reask(context, Step.COMPANY, problem)
    application = await repositories.create_application(
        context.session, context.user, company=text, stage=stage.value, now=context.now()
    )
    return await ask(context, Step.ROLE, application)


async def ask_role(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(
        _("Posisi apa yang Anda lamar di {company}? Misalnya: Analis SOC.").format(
            company=_company(application)
        ),
        reply_markup=single_button(_("Lewati"), SKIP),
    )


async def take_role(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Stores the role (or none)."""
    application = await focused(context)
    if application is None:
        return await lost_application(context)
    if update.callback_query is None:
        text = _text(update)
        if problem := _name_problem(text, steps.MAX_NAME_CHARS):
            return await reask(context, Step.ROLE, problem)
        application.role = text
    return Answered(application, Step.ROLE)


# --- buttons: how the recruiter called, the interview's format and kind ---------------------


async def ask_channel(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(
        _("Bagaimana rekruter {company} menghubungi Anda?").format(company=_company(application)),
        reply_markup=choice_keyboard(steps.CHANNELS),
    )


async def ask_format(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(_("Wawancaranya lewat apa?"), reply_markup=choice_keyboard(steps.FORMATS))


async def ask_kind(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(_("Wawancara jenis apa?"), reply_markup=choice_keyboard(steps.KINDS))


def _chosen(update: Update, options: dict[str, str]) -> str | None:
    value = callbacks.data(update).removeprefix(callbacks.CHOICE)
    return value if value in options else None


async def take_channel(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Records how the recruiter made contact."""
    application = await focused(context)
    if application is None:
        return await lost_application(context)
    if (value := _chosen(update, steps.CHANNELS)) is None:
        return await reask(context, Step.CHANNEL)
    await repositories.add_event(
        context.session, application, "contacted", context.now(), detail={"channel": value}
    )
    return Answered(application, Step.CHANNEL)


async def _take_interview_kind(
    update: Update, context: CoachContext, stage: Stage, step: Step, options: dict[str, str]
) -> Result:
    application = await focused(context)
    if application is None:
        return await lost_application(context)
    if (value := _chosen(update, options)) is None:
        return await reask(context, step)
    interview = await repositories.latest_interview(context.session, application.id, stage.value)
    if interview is not None:
        interview.kind = value
    return Answered(application, step)


async def take_format(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Records the interview's format: phone, video or in person."""
    return await _take_interview_kind(update, context, stage, Step.FORMAT, steps.FORMATS)


async def take_kind(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Records the interview's kind: hiring manager, technical or panel."""
    return await _take_interview_kind(update, context, stage, Step.KIND, steps.KINDS)


# --- when the interview is ------------------------------------------------------------------


async def ask_when(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(
        _(
            "Kapan wawancaranya? Tulis misalnya <i>besok jam 10</i>, <i>Senin depan jam "
            "9</i>, atau <i>27/11 13.00</i>, atau pilih di bawah."
        ),
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


async def take_when(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Reads the interview's date and time (typed or a quick-pick button)."""
    if update.callback_query is not None:
        result = _from_button(context, update)
    else:
        result = dates.parse_when(_text(update), local_now(context))
    return await _take_moment(context, stage, result, Step.WHEN)


async def take_time_of_day(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Reads the time of day for the day given before."""
    if update.callback_query is not None:
        return await _take_moment(context, stage, _from_button(context, update), Step.TIME_OF_DAY)
    try:
        day = date_from_iso(context.user.pending.get("day"))
    except ValueError:
        return await ask(context, Step.WHEN, None)
    result = dates.combine_day_and_time(day, _text(update), local_now(context))
    return await _take_moment(context, stage, result, Step.TIME_OF_DAY)


async def _take_moment(
    context: CoachContext, stage: Stage, result: dates.WhenResult, step: Step
) -> Result:
    application = await focused(context)
    if application is None:
        return await lost_application(context)
    if result.status is dates.WhenStatus.OK and result.value is not None:
        interview = Interview(
            application_id=application.id,
            stage=stage.value,
            scheduled_at=result.value,
            kind="",
            interviewers=[],
            created_at=context.now(),
        )
        context.session.add(interview)
        await context.session.flush()
        await followups.on_interview(
            context.session, context.user, application, interview, context.now()
        )
        context.user.pending = {}
        context.reply(
            _("Tercatat: {moment}.").format(moment=format_moment(result.value, context.timezone))
        )
        return Answered(application, Step.WHEN)
    if result.status is dates.WhenStatus.NEEDS_TIME and result.day is not None:
        context.user.pending = {"day": result.day.isoformat()}
        return await ask(context, Step.TIME_OF_DAY, application)
    return await reask(context, step, moment_problem(context, result))


# --- who interviews -------------------------------------------------------------------------


async def ask_interviewers(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(
        _(
            "Siapa saja pewawancaranya? Tulis namanya (beberapa nama boleh dipisah koma), "
            "lalu tekan <b>Selesai</b>. Jika belum tahu, tekan <b>Belum tahu</b>."
        ),
        reply_markup=keyboards.rows(
            [
                InlineKeyboardButton(_("✅ Selesai"), callback_data=DONE),
                InlineKeyboardButton(_("Belum tahu"), callback_data=SKIP),
            ],
            per_row=2,
        ),
    )


async def take_interviewers(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Adds the interviewers' names typed; the Done button moves on."""
    application = await focused(context)
    if application is None:
        return await lost_application(context)
    if update.callback_query is not None:
        return Answered(application, Step.INTERVIEWERS)
    names = split_names(_text(update))
    if not names:
        return await reask(context, Step.INTERVIEWERS, _name_problem("", steps.MAX_PERSON_CHARS))
    if too_long := [n for n in names if len(n) > steps.MAX_PERSON_CHARS]:
        return await reask(
            context, Step.INTERVIEWERS, _name_problem(too_long[0], steps.MAX_PERSON_CHARS)
        )
    interview = await repositories.latest_interview(context.session, application.id, stage.value)
    if interview is None:
        return await ask(context, Step.WHEN, application)
    known = list(interview.interviewers)
    for name in names:
        if name not in known and len(known) < steps.MAX_INTERVIEWERS:
            known.append(name)
    interview.interviewers = known  # a new list, so SQLAlchemy sees the change
    context.reply(
        _("Tercatat: {names}. Tambah nama lain, atau tekan Selesai.").format(
            names=escape(", ".join(known))
        ),
        reply_markup=single_button(_("✅ Selesai"), DONE),
    )
    return Step.INTERVIEWERS


# --- the offer ------------------------------------------------------------------------------

RECEIVED_TODAY = f"{RECEIVED}0"
RECEIVED_YESTERDAY = f"{RECEIVED}1"


async def ask_offer_received(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(
        _("Selamat! 🎉 Kapan penawaran dari {company} Anda terima?").format(
            company=_company(application)
        ),
        reply_markup=keyboards.rows(
            [
                InlineKeyboardButton(_("Hari ini"), callback_data=RECEIVED_TODAY),
                InlineKeyboardButton(_("Kemarin"), callback_data=RECEIVED_YESTERDAY),
            ],
            per_row=2,
        ),
    )


async def take_offer_received(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Records when the offer came (today, yesterday, or a typed day in the past)."""
    application = await focused(context)
    if application is None:
        return await lost_application(context)
    now = local_now(context)
    if update.callback_query is not None:
        received = now - timedelta(days=1 if callbacks.data(update) == RECEIVED_YESTERDAY else 0)
    else:
        result = dates.parse_when(_text(update), now)
        if result.status is dates.WhenStatus.NEEDS_TIME and result.day is not None:
            received = now.replace(
                year=result.day.year, month=result.day.month, day=result.day.day
            )
        elif result.value is not None and result.status in (
            dates.WhenStatus.PAST,
            dates.WhenStatus.OK,
        ):
            received = result.value
        else:
            return await reask(context, Step.OFFER_RECEIVED, moment_problem(context, result))
        if received.date() > now.date():
            return await reask(
                context,
                Step.OFFER_RECEIVED,
                _("Tanggal itu belum terjadi. Kapan penawaran itu datang?"),
            )
    await repositories.add_event(
        context.session, application, "offer", received, detail={"deadline": None}
    )
    return Answered(application, Step.OFFER_RECEIVED)


async def _offer(context: CoachContext) -> tuple[JobApplication, ApplicationEvent] | None:
    application = await focused(context)
    if application is None:
        return None
    offer = await repositories.latest_event(context.session, application.id, "offer")
    return None if offer is None else (application, offer)


async def ask_offer_deadline(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(
        _("Sampai kapan Anda harus memberi jawaban? Misalnya <i>Jumat jam 17</i>."),
        reply_markup=single_button(_("Tidak ada batas waktu"), NO_DEADLINE),
    )


async def take_offer_deadline(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Records the deadline of the answer, or that there is none."""
    found = await _offer(context)
    if found is None:
        return await lost_application(context)
    application, offer = found
    deadline: datetime | None = None
    if update.callback_query is None:
        now = local_now(context)
        result = dates.parse_when(_text(update), now)
        if result.status is dates.WhenStatus.NEEDS_TIME and result.day is not None:
            # A day without a time means the end of that working day.
            result = dates.combine_day_and_time(result.day, "17.00", now)
        if result.status is not dates.WhenStatus.OK or result.value is None:
            return await reask(context, Step.OFFER_DEADLINE, moment_problem(context, result))
        deadline = result.value
        context.reply(
            _("Tercatat: jawab paling lambat {moment}.").format(
                moment=format_moment(deadline, context.timezone)
            )
        )
    offer.detail = {**offer.detail, "deadline": deadline.isoformat() if deadline else None}
    return Answered(application, Step.OFFER_DEADLINE)


async def ask_offer_figures(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(
        _(
            "Jika mau, catat angka penawarannya (gaji, tunjangan) agar mudah Anda bandingkan "
            "dan rundingkan nanti. Data ini hanya untuk Anda. Atau tekan Lewati."
        ),
        reply_markup=single_button(_("Lewati"), SKIP),
    )


async def take_offer_figures(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Keeps the offer's figures, if the user wants to give them."""
    found = await _offer(context)
    if found is None:
        return await lost_application(context)
    application, offer = found
    if update.callback_query is None:
        text = _text(update)
        if not text or len(text) > steps.MAX_NOTE_CHARS:
            return await reask(context, Step.OFFER_FIGURES)
        offer.note = text
    return Answered(application, Step.OFFER_FIGURES)


# --- feelings first -------------------------------------------------------------------------


async def ask_feeling(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(
        _(
            "Saya ikut menyesal mendengarnya. 💙 Ditolak itu menyakitkan, dan wajar jika "
            "Anda kecewa, sedih, atau lelah. Beri diri Anda waktu untuk merasakannya; "
            "tidak perlu buru-buru. Ini bukan penilaian atas nilai diri Anda.\n\n"
            "Jika sudah siap, tekan tombol di bawah dan kita susun langkah berikutnya "
            "bersama."
        ),
        reply_markup=single_button(_("Saya siap melangkah"), READY),
    )


async def take_ready(update: Update, context: CoachContext, stage: Stage) -> Result:
    """The user is ready to move on after the rejection."""
    application = await focused(context)
    if application is None:
        return await lost_application(context)
    return Answered(application, Step.FEELING)


# --- the table ------------------------------------------------------------------------------


QUESTIONS: dict[Step, Question] = {
    question.step: question
    for question in (
        Question(
            Step.PICK_APPLICATION,
            ask_pick_application,
            lambda: _("Saya menunggu Anda memilih lamaran dengan tombol di atas."),
            (Pressed(take_pick, pattern(PICK_APPLICATION)),),
            reshow=True,
        ),
        Question(
            Step.COMPANY,
            ask_company,
            lambda: _("Saya menunggu nama perusahaan dalam bentuk teks (maksimal 100 karakter)."),
            (Typed(take_company),),
            follow_ups=(Step.ROLE,),
        ),
        Question(
            Step.ROLE,
            ask_role,
            lambda: _(
                "Saya menunggu nama posisi dalam bentuk teks (maksimal 100 karakter), atau tekan Lewati."
            ),
            (Typed(take_role), Pressed(take_role, pattern(SKIP, "$"))),
        ),
        Question(
            Step.CHANNEL,
            ask_channel,
            lambda: _("Silakan pilih salah satu tombol di atas."),
            (Pressed(take_channel, pattern(callbacks.CHOICE)),),
            reshow=True,
        ),
        Question(
            Step.WHEN,
            ask_when,
            lambda: _(
                "Saya menunggu tanggal dan jam wawancara, misalnya <i>besok jam 10</i> atau <i>27/11 13.00</i>."
            ),
            (Typed(take_when), Pressed(take_when, pattern(AT))),
            follow_ups=(Step.TIME_OF_DAY,),
        ),
        Question(
            Step.TIME_OF_DAY,
            ask_time_of_day,
            lambda: _("Saya menunggu jamnya, misalnya <i>10.00</i> atau <i>jam 2 siang</i>."),
            (Typed(take_time_of_day), Pressed(take_time_of_day, pattern(AT))),
        ),
        Question(
            Step.FORMAT,
            ask_format,
            lambda: _("Silakan pilih salah satu tombol di atas."),
            (Pressed(take_format, pattern(callbacks.CHOICE)),),
            reshow=True,
        ),
        Question(
            Step.KIND,
            ask_kind,
            lambda: _("Silakan pilih salah satu tombol di atas."),
            (Pressed(take_kind, pattern(callbacks.CHOICE)),),
            reshow=True,
        ),
        Question(
            Step.INTERVIEWERS,
            ask_interviewers,
            lambda: _("Saya menunggu nama pewawancara dalam bentuk teks, atau tekan Selesai."),
            (
                Typed(take_interviewers),
                Pressed(take_interviewers, pattern(DONE, "$")),
                Pressed(take_interviewers, pattern(SKIP, "$")),
            ),
        ),
        Question(
            Step.OFFER_RECEIVED,
            ask_offer_received,
            lambda: _(
                "Saya menunggu tanggal penawaran itu datang, misalnya <i>hari ini</i> atau <i>kemarin</i>."
            ),
            (Typed(take_offer_received), Pressed(take_offer_received, pattern(RECEIVED, "[01]$"))),
        ),
        Question(
            Step.OFFER_DEADLINE,
            ask_offer_deadline,
            lambda: _(
                "Saya menunggu batas waktu jawaban, misalnya <i>Jumat jam 17</i>, atau tekan Tidak ada batas waktu."
            ),
            (Typed(take_offer_deadline), Pressed(take_offer_deadline, pattern(NO_DEADLINE, "$"))),
        ),
        Question(
            Step.OFFER_FIGURES,
            ask_offer_figures,
            lambda: _(
                "Saya menunggu angka penawaran dalam bentuk teks (maksimal 500 karakter), atau tekan Lewati."
            ),
            (Typed(take_offer_figures), Pressed(take_offer_figures, pattern(SKIP, "$"))),
        ),
        Question(
            Step.FEELING,
            ask_feeling,
            lambda: _("Tekan <b>Saya siap melangkah</b> jika sudah siap. Tidak perlu buru-buru."),
            (Pressed(take_ready, pattern(READY, "$")),),
            reshow=True,
        ),
    )
}
