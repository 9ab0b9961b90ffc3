"""The machinery every stage conversation shares: choosing the application and asking steps.

Each stage module (recruiter, screening, ...) declares a `StageFlow`: which steps it asks after
the application is chosen, and how it finishes. `build_conversation` turns a flow into PTB's
ConversationHandler. Every answer is written to the database in the update's unit of work; the
conversation state (a `Step`) is persisted in the same transaction, before the next question goes
out, so a restart continues exactly where the user was.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler

from bot import keyboards
from bot.coach import dates
from bot.coach.stages import STAGE_INFO, Stage
from bot.context import CoachContext
from bot.followups import schedule as followups
from bot.handlers import conversation, privacy
from bot.handlers.stages import steps
from bot.handlers.stages.steps import Step
from bot.i18n import _, current_locale, format_moment
from bot.storage import repositories
from bot.storage.models import ApplicationEvent, Interview, JobApplication

END = ConversationHandler.END
StepResult = str | int
Finish = Callable[[CoachContext, JobApplication], Awaitable[None]]

# Callback data inside a conversation. Short: Telegram allows 64 bytes.
PICK = "pa:"
NEW = "pa:new"
CHOICE = "c:"
AT = "at:"
SKIP = "skip"
DONE = "done"
READY = "ready"
TODAY = "rc:0"
YESTERDAY = "rc:1"
NO_DEADLINE = "dl:none"

MAX_LISTED_APPLICATIONS = 8


@dataclass(frozen=True)
class StageFlow:
    stage: Stage
    steps: tuple[Step, ...]  # asked once the application is known
    offer_existing: bool  # whether to offer the user's active applications first
    finish: Finish


# --- small helpers ------------------------------------------------------------------------


def local_now(context: CoachContext) -> datetime:
    return context.now().astimezone(ZoneInfo(context.timezone))


def application_label(application: JobApplication) -> str:
    """ "Analis SOC di PT Aman" or just the company; escaped for HTML."""
    if application.role:
        return _("{role} di {company}").format(
            role=escape(application.role), company=escape(application.company)
        )
    return escape(application.company)


def _button_label(application: JobApplication) -> str:
    # Buttons are plain text (no HTML), and short.
    label = (
        application.company
        if not application.role
        else f"{application.company} · {application.role}"
    )
    return label[:60]


def _short_moment(moment: datetime) -> str:
    locale = "en_GB" if current_locale() == "en" else "id"
    return format_datetime(
        moment,
        "EEE d MMM HH.mm" if locale == "id" else "EEE d MMM HH:mm",
        locale=locale,
        tzinfo=moment.tzinfo,
    )


def quick_times(context: CoachContext) -> InlineKeyboardMarkup:
    """Three likely interview slots: tomorrow morning and afternoon, the day after at ten."""
    now = local_now(context)
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    slots = [
        day + timedelta(days=1, hours=9),
        day + timedelta(days=1, hours=13),
        day + timedelta(days=2, hours=10),
    ]
    return keyboards.rows(
        (
            InlineKeyboardButton(_short_moment(slot), callback_data=f"{AT}{int(slot.timestamp())}")
            for slot in slots
        ),
        per_row=3,
    )


def choice_keyboard(options: dict[str, str], *, skip: bool = False) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(_(label), callback_data=f"{CHOICE}{value}")
        for value, label in options.items()
    ]
    if skip:
        buttons.append(InlineKeyboardButton(_("Lewati"), callback_data=SKIP))
    return keyboards.rows(buttons, per_row=2)


def single_button(label: str, data: str) -> InlineKeyboardMarkup:
    return keyboards.rows([InlineKeyboardButton(label, callback_data=data)])


# --- the questions --------------------------------------------------------------------------


async def ask(context: CoachContext, step: Step, application: JobApplication | None) -> Step:
    """Sends the question of `step` and returns it as the new conversation state."""
    company = escape(application.company) if application else ""
    match step:
        case Step.PICK_APPLICATION:
            active = await repositories.active_applications(context.session, context.user.id)
            buttons = [
                InlineKeyboardButton(_button_label(a), callback_data=f"{PICK}{a.id}")
                for a in active[:MAX_LISTED_APPLICATIONS]
            ]
            buttons.append(InlineKeyboardButton(_("➕ Lamaran baru"), callback_data=NEW))
            context.reply(_("Untuk lamaran yang mana?"), reply_markup=keyboards.rows(buttons))
        case Step.COMPANY:
            context.reply(_("Apa nama perusahaannya? Tulis saja, misalnya: PT Aman Siber."))
        case Step.ROLE:
            context.reply(
                _("Posisi apa yang Anda lamar di {company}? Misalnya: Analis SOC.").format(
                    company=company
                ),
                reply_markup=single_button(_("Lewati"), SKIP),
            )
        case Step.CHANNEL:
            context.reply(
                _("Bagaimana rekruter {company} menghubungi Anda?").format(company=company),
                reply_markup=choice_keyboard(steps.CHANNELS),
            )
        case Step.WHEN:
            context.reply(
                _(
                    "Kapan wawancaranya? Tulis misalnya <i>besok jam 10</i>, <i>Senin depan jam "
                    "9</i>, atau <i>27/11 13.00</i>, atau pilih di bawah."
                ),
                reply_markup=quick_times(context),
            )
        case Step.TIME_OF_DAY:
            try:
                day = format_day_only(date_from_iso(context.user.pending.get("day")))
            except ValueError:
                day = ""
            context.reply(
                _("Jam berapa pada {day}? Misalnya <i>10.00</i> atau <i>jam 2 siang</i>.").format(
                    day=day
                )
            )
        case Step.FORMAT:
            context.reply(
                _("Wawancaranya lewat apa?"), reply_markup=choice_keyboard(steps.FORMATS)
            )
        case Step.KIND:
            context.reply(_("Wawancara jenis apa?"), reply_markup=choice_keyboard(steps.KINDS))
        case Step.INTERVIEWERS:
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
        case Step.OFFER_RECEIVED:
            context.reply(
                _("Selamat! 🎉 Kapan penawaran dari {company} Anda terima?").format(
                    company=company
                ),
                reply_markup=keyboards.rows(
                    [
                        InlineKeyboardButton(_("Hari ini"), callback_data=TODAY),
                        InlineKeyboardButton(_("Kemarin"), callback_data=YESTERDAY),
                    ],
                    per_row=2,
                ),
            )
        case Step.OFFER_DEADLINE:
            context.reply(
                _("Sampai kapan Anda harus memberi jawaban? Misalnya <i>Jumat jam 17</i>."),
                reply_markup=single_button(_("Tidak ada batas waktu"), NO_DEADLINE),
            )
        case Step.OFFER_FIGURES:
            context.reply(
                _(
                    "Jika mau, catat angka penawarannya (gaji, tunjangan) agar mudah Anda bandingkan "
                    "dan rundingkan nanti. Data ini hanya untuk Anda. Atau tekan Lewati."
                ),
                reply_markup=single_button(_("Lewati"), SKIP),
            )
        case Step.FEELING:
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
    return step


def expected(step: Step) -> str:
    """What the bot is waiting for in `step`, said when it gets something else."""
    match step:
        case Step.PICK_APPLICATION:
            return _("Saya menunggu Anda memilih lamaran dengan tombol di atas.")
        case Step.COMPANY:
            return _("Saya menunggu nama perusahaan dalam bentuk teks (maksimal 100 karakter).")
        case Step.ROLE:
            return _(
                "Saya menunggu nama posisi dalam bentuk teks (maksimal 100 karakter), atau tekan Lewati."
            )
        case Step.CHANNEL | Step.FORMAT | Step.KIND:
            return _("Silakan pilih salah satu tombol di atas.")
        case Step.WHEN:
            return _(
                "Saya menunggu tanggal dan jam wawancara, misalnya <i>besok jam 10</i> atau <i>27/11 13.00</i>."
            )
        case Step.TIME_OF_DAY:
            return _("Saya menunggu jamnya, misalnya <i>10.00</i> atau <i>jam 2 siang</i>.")
        case Step.INTERVIEWERS:
            return _("Saya menunggu nama pewawancara dalam bentuk teks, atau tekan Selesai.")
        case Step.OFFER_RECEIVED:
            return _(
                "Saya menunggu tanggal penawaran itu datang, misalnya <i>hari ini</i> atau <i>kemarin</i>."
            )
        case Step.OFFER_DEADLINE:
            return _(
                "Saya menunggu batas waktu jawaban, misalnya <i>Jumat jam 17</i>, atau tekan Tidak ada batas waktu."
            )
        case Step.OFFER_FIGURES:
            return _(
                "Saya menunggu angka penawaran dalam bentuk teks (maksimal 500 karakter), atau tekan Lewati."
            )
        case Step.FEELING:
            return _("Tekan <b>Saya siap melangkah</b> jika sudah siap. Tidak perlu buru-buru.")


# Steps answered with buttons: after a wrong answer their buttons are shown again, since the
# message that held them may have scrolled away.
BUTTON_STEPS = frozenset(
    {Step.PICK_APPLICATION, Step.CHANNEL, Step.FORMAT, Step.KIND, Step.FEELING}
)


async def reask(context: CoachContext, step: Step, problem: str | None = None) -> Step:
    """Says what was wrong, or what is expected, and shows the buttons again where there are any."""
    context.reply(problem or expected(step))
    if step in BUTTON_STEPS:
        application = await repositories.focused_application(context.session, context.user)
        await ask(context, step, application)
    return step


# --- moving through a flow ------------------------------------------------------------------


def next_step(flow: StageFlow, answered: Step | None) -> Step | None:
    """The step after `answered` (None: the application was just chosen or created)."""
    if answered is None or answered in (Step.PICK_APPLICATION, Step.ROLE):
        return flow.steps[0] if flow.steps else None
    position = flow.steps.index(Step.WHEN if answered is Step.TIME_OF_DAY else answered)
    return flow.steps[position + 1] if position + 1 < len(flow.steps) else None


async def proceed(
    context: CoachContext, flow: StageFlow, answered: Step | None, application: JobApplication
) -> StepResult:
    """Asks the next question, or finishes the stage when none is left."""
    application.updated_at = context.now()
    following = next_step(flow, answered)
    if following is not None:
        return await ask(context, following, application)
    context.user.pending = {}
    await flow.finish(context, application)
    return END


async def move_to_stage(context: CoachContext, application: JobApplication, stage: Stage) -> None:
    """Records that the application has reached `stage` (once per arrival)."""
    context.user.focus_application_id = application.id
    if application.stage != stage.value:
        await followups.on_stage_change(context.session, context.user, application, context.now())
        application.stage = stage.value
        context.session.add(
            ApplicationEvent(
                application_id=application.id,
                kind=f"stage:{stage.value}",
                occurred_at=context.now(),
                detail={},
                note="",
            )
        )
    application.updated_at = context.now()


async def focused(context: CoachContext) -> JobApplication | None:
    application = await repositories.focused_application(context.session, context.user)
    if application is None or application.status != "active":
        return None
    return application


async def lost_application(context: CoachContext) -> StepResult:
    """The application was closed or deleted meanwhile: say so and end."""
    context.reply(
        _("Lamaran ini sudah ditutup atau dihapus. Ketik /wawancara untuk memulai lagi.")
    )
    return END


# --- the answers ----------------------------------------------------------------------------


def _text(update: Update) -> str:
    message = update.effective_message
    return steps.clean_text(message.text or "") if message is not None else ""


def _data(update: Update) -> str:
    query = update.callback_query
    return query.data or "" if query is not None else ""


def _check_name(text: str, limit: int) -> str | None:
    """The problem with a typed name, or None when it is fine."""
    if not text or not steps.has_words(text):
        return _("Tolong tulis namanya dengan huruf atau angka, bukan hanya emoji atau simbol.")
    if len(text) > limit:
        return _("Terlalu panjang: maksimal {limit} karakter. Coba tulis lebih singkat.").format(
            limit=limit
        )
    return None


class Answers:
    """The callbacks of one flow; bound to it so each conversation knows its own stage."""

    def __init__(self, flow: StageFlow) -> None:
        self.flow = flow

    async def start(self, update: Update, context: CoachContext) -> StepResult:
        """Enters the stage from the /wawancara menu."""
        context.answer()
        context.user.pending = {}
        info = STAGE_INFO[self.flow.stage]
        context.reply(f"{info.emoji} <b>{info.number}. {_(info.title)}</b>\n{_(info.summary)}")
        if self.flow.offer_existing and await repositories.active_applications(
            context.session, context.user.id
        ):
            return await ask(context, Step.PICK_APPLICATION, None)
        return await ask(context, Step.COMPANY, None)

    async def start_for(self, update: Update, context: CoachContext) -> StepResult:
        """Enters the stage for an application named by a button (go:<id>:<stage>)."""
        context.answer()
        context.user.pending = {}
        parts = _data(update).split(":")
        application = None
        application_id = keyboards.parse_id(parts[1]) if len(parts) == 3 else None
        if application_id is not None:
            application = await repositories.get_application(
                context.session, context.user.id, application_id
            )
        if application is None or application.status != "active":
            return await lost_application(context)
        await move_to_stage(context, application, self.flow.stage)
        info = STAGE_INFO[self.flow.stage]
        context.reply(
            f"{info.emoji} <b>{info.number}. {_(info.title)}</b> — {application_label(application)}"
        )
        return await proceed(context, self.flow, None, application)

    async def pick(self, update: Update, context: CoachContext) -> StepResult:
        """Takes the chosen application, or starts a new one."""
        context.answer()
        data = _data(update)
        if data == NEW:
            return await ask(context, Step.COMPANY, None)
        application_id = keyboards.parse_id(data.removeprefix(PICK))
        application = None
        if application_id is not None:
            application = await repositories.get_application(
                context.session, context.user.id, application_id
            )
        if application is None or application.status != "active":
            return await reask(
                context,
                Step.PICK_APPLICATION,
                _("Lamaran itu sudah tidak aktif. Pilih yang lain."),
            )
        await move_to_stage(context, application, self.flow.stage)
        return await proceed(context, self.flow, Step.PICK_APPLICATION, application)

    async def company(self, update: Update, context: CoachContext) -> StepResult:
        """Stores a new application for the company and asks for the role."""
        text = _text(update)
        if problem := _check_name(text, steps.MAX_NAME_CHARS):
            return await reask(context, Step.COMPANY, problem)
        application = await repositories.create_application(
            context.session,
            context.user,
            company=text,
            stage=self.flow.stage.value,
            now=context.now(),
        )
        return await ask(context, Step.ROLE, application)

    async def role(self, update: Update, context: CoachContext) -> StepResult:
        """Stores the role (or none) and moves on."""
        application = await focused(context)
        if application is None:
            return await lost_application(context)
        if update.callback_query is not None:
            context.answer()
        else:
            text = _text(update)
            if problem := _check_name(text, steps.MAX_NAME_CHARS):
                return await reask(context, Step.ROLE, problem)
            application.role = text
        return await proceed(context, self.flow, Step.ROLE, application)

    def choice(
        self, step: Step
    ) -> Callable[[Update, CoachContext], Coroutine[Any, Any, StepResult]]:
        """The callback for a button choice: how the recruiter called, the format, the kind."""

        async def choose(update: Update, context: CoachContext) -> StepResult:
            return await self._choose(update, context, step)

        return choose

    async def _choose(self, update: Update, context: CoachContext, step: Step) -> StepResult:
        context.answer()
        application = await focused(context)
        if application is None:
            return await lost_application(context)
        options = {
            Step.CHANNEL: steps.CHANNELS,
            Step.FORMAT: steps.FORMATS,
            Step.KIND: steps.KINDS,
        }[step]
        value = _data(update).removeprefix(CHOICE)
        if value not in options:
            return await reask(context, step)
        if step is Step.CHANNEL:
            await repositories.add_event(
                context.session, application, "contacted", context.now(), detail={"channel": value}
            )
        else:
            interview = await repositories.latest_interview(
                context.session, application.id, self.flow.stage.value
            )
            if interview is not None:
                interview.kind = value
        return await proceed(context, self.flow, step, application)

    # -- moments ---------------------------------------------------------------------------

    async def when(self, update: Update, context: CoachContext) -> StepResult:
        """Reads the interview's date and time (typed or a quick-pick button)."""
        if update.callback_query is not None:
            context.answer()
            return await self._take_moment(context, self._from_button(context, update), Step.WHEN)
        result = dates.parse_when(_text(update), local_now(context))
        return await self._take_moment(context, result, Step.WHEN)

    async def time_of_day(self, update: Update, context: CoachContext) -> StepResult:
        """Reads the time of day for the day given before."""
        if update.callback_query is not None:
            context.answer()
            return await self._take_moment(
                context, self._from_button(context, update), Step.TIME_OF_DAY
            )
        raw_day = context.user.pending.get("day")
        try:
            day = date_from_iso(raw_day)
        except ValueError:
            return await ask(context, Step.WHEN, None)
        result = dates.combine_day_and_time(day, _text(update), local_now(context))
        return await self._take_moment(context, result, Step.TIME_OF_DAY)

    def _from_button(self, context: CoachContext, update: Update) -> dates.WhenResult:
        raw = _data(update).removeprefix(AT)
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 11:
            # Not a moment our buttons carry (tampered): an unreadable time, asked again.
            return dates.WhenResult(dates.WhenStatus.UNRECOGNIZED)
        moment = datetime.fromtimestamp(int(raw), ZoneInfo(context.timezone))
        if moment <= context.now():
            return dates.WhenResult(dates.WhenStatus.PAST, value=moment)
        return dates.WhenResult(dates.WhenStatus.OK, value=moment)

    async def _take_moment(
        self, context: CoachContext, result: dates.WhenResult, step: Step
    ) -> StepResult:
        application = await focused(context)
        if application is None:
            return await lost_application(context)
        status = result.status
        if status is dates.WhenStatus.OK and result.value is not None:
            interview = Interview(
                application_id=application.id,
                stage=self.flow.stage.value,
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
                _("Tercatat: {moment}.").format(
                    moment=format_moment(result.value, context.timezone)
                )
            )
            return await proceed(context, self.flow, step, application)
        if status is dates.WhenStatus.NEEDS_TIME and result.day is not None:
            context.user.pending = {"day": result.day.isoformat()}
            return await ask(context, Step.TIME_OF_DAY, application)
        return await reask(context, step, moment_problem(context, result))

    # -- interviewers ------------------------------------------------------------------------

    async def interviewers(self, update: Update, context: CoachContext) -> StepResult:
        """Adds the interviewers' names typed; the Done button moves on."""
        application = await focused(context)
        if application is None:
            return await lost_application(context)
        interview = await repositories.latest_interview(
            context.session, application.id, self.flow.stage.value
        )
        if update.callback_query is not None:
            context.answer()
            return await proceed(context, self.flow, Step.INTERVIEWERS, application)
        names = steps.split_names(_text(update))
        if not names:
            return await reask(context, Step.INTERVIEWERS, _check_name("", steps.MAX_PERSON_CHARS))
        if too_long := [n for n in names if len(n) > steps.MAX_PERSON_CHARS]:
            return await reask(
                context, Step.INTERVIEWERS, _check_name(too_long[0], steps.MAX_PERSON_CHARS)
            )
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

    # -- the offer ---------------------------------------------------------------------------

    async def offer_received(self, update: Update, context: CoachContext) -> StepResult:
        """Records when the offer came (today, yesterday, or a typed day in the past)."""
        application = await focused(context)
        if application is None:
            return await lost_application(context)
        now = local_now(context)
        if update.callback_query is not None:
            context.answer()
            received = now - timedelta(days=1 if _data(update) == YESTERDAY else 0)
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
        return await proceed(context, self.flow, Step.OFFER_RECEIVED, application)

    async def offer_deadline(self, update: Update, context: CoachContext) -> StepResult:
        """Records the deadline of the answer, or that there is none."""
        found = await self._offer(context)
        if found is None:
            return await lost_application(context)
        application, offer = found
        deadline: datetime | None = None
        if update.callback_query is not None:
            context.answer()
        else:
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
        return await proceed(context, self.flow, Step.OFFER_DEADLINE, application)

    async def offer_figures(self, update: Update, context: CoachContext) -> StepResult:
        """Keeps the offer's figures, if the user wants to give them."""
        found = await self._offer(context)
        if found is None:
            return await lost_application(context)
        application, offer = found
        if update.callback_query is not None:
            context.answer()
        else:
            text = _text(update)
            if not text or len(text) > steps.MAX_NOTE_CHARS:
                return await reask(context, Step.OFFER_FIGURES)
            offer.note = text
        return await proceed(context, self.flow, Step.OFFER_FIGURES, application)

    async def _offer(
        self, context: CoachContext
    ) -> tuple[JobApplication, ApplicationEvent] | None:
        application = await focused(context)
        if application is None:
            return None
        offer = await repositories.latest_event(context.session, application.id, "offer")
        return None if offer is None else (application, offer)

    # -- feelings first ----------------------------------------------------------------------

    async def ready(self, update: Update, context: CoachContext) -> StepResult:
        """The user is ready to move on after the rejection."""
        context.answer()
        application = await focused(context)
        if application is None:
            return await lost_application(context)
        return await proceed(context, self.flow, Step.FEELING, application)

    # -- everything else ---------------------------------------------------------------------

    def wrong_input(
        self, step: Step
    ) -> Callable[[Update, CoachContext], Coroutine[Any, Any, StepResult]]:
        """The callback for whatever a state does not expect: other media, old buttons, ..."""

        async def explain(update: Update, context: CoachContext) -> StepResult:
            if update.callback_query is not None:
                context.answer(_("Tombol itu dari pesan lama. Jawab pertanyaan terakhir, ya."))
            return await reask(context, step)

        return explain

    async def cancel(self, update: Update, context: CoachContext) -> StepResult:
        """Leaves the conversation; what was entered stays stored."""
        context.user.pending = {}
        context.reply(
            _(
                "Baik, percakapan dihentikan. Data yang sudah Anda isi tetap tersimpan. Ketik "
                "/wawancara kapan saja untuk melanjutkan."
            )
        )
        return END

    async def switch_away(self, update: Update, context: CoachContext) -> StepResult:
        """Forgets the half-given answer, then ends the conversation as every one does."""
        context.user.pending = {}
        return await conversation.switch_away(update, context)


def format_day_only(day: date) -> str:
    """ "Senin, 30 November 2026" in the current locale."""
    locale = "en_GB" if current_locale() == "en" else "id"
    return format_date(day, "EEEE, d MMMM y", locale=locale)


def date_from_iso(raw: object) -> date:
    if not isinstance(raw, str):
        raise ValueError("no day")
    return date.fromisoformat(raw)


def moment_problem(context: CoachContext, result: dates.WhenResult) -> str:
    """A clarifying question for a date that cannot be taken as it is."""
    match result.status:
        case dates.WhenStatus.PAST if result.value is not None:
            return _("{moment} sudah lewat. Tulis waktu yang akan datang, ya.").format(
                moment=format_moment(result.value, context.timezone)
            )
        case dates.WhenStatus.NEEDS_DAY:
            return _("Hari apa tepatnya? Misalnya <i>Selasa minggu depan jam 10</i>.")
        case dates.WhenStatus.INVALID_DATE:
            return _("Tanggal itu tidak ada di kalender. Periksa lagi tanggal dan bulannya, ya.")
        case dates.WhenStatus.INVALID_TIME:
            return _(
                "Jam itu tidak valid. Tulis misalnya <i>10.00</i>, <i>14.30</i>, atau <i>jam 2 siang</i>."
            )
        case _:
            return _(
                "Maaf, saya tidak bisa membaca waktunya. Tulis misalnya <i>besok jam 10</i>, <i>Senin depan jam 9</i>, atau <i>27/11 13.00</i>."
            )


# --- the ConversationHandler ----------------------------------------------------------------


def build_conversation(flow: StageFlow) -> ConversationHandler[CoachContext]:
    """One ConversationHandler for one stage, persistent, named after the stage."""
    a = Answers(flow)
    text = conversation.TEXT
    states: dict[Step, list[conversation.Handler]] = {
        Step.PICK_APPLICATION: [CallbackQueryHandler(a.pick, pattern=f"^{PICK}")],
        Step.COMPANY: [MessageHandler(text, a.company)],
        Step.ROLE: [
            MessageHandler(text, a.role),
            CallbackQueryHandler(a.role, pattern=f"^{SKIP}$"),
        ],
        Step.WHEN: [MessageHandler(text, a.when), CallbackQueryHandler(a.when, pattern=f"^{AT}")],
        Step.TIME_OF_DAY: [
            MessageHandler(text, a.time_of_day),
            CallbackQueryHandler(a.time_of_day, pattern=f"^{AT}"),
        ],
        Step.INTERVIEWERS: [
            MessageHandler(text, a.interviewers),
            CallbackQueryHandler(a.interviewers, pattern=f"^({DONE}|{SKIP})$"),
        ],
        Step.OFFER_RECEIVED: [
            MessageHandler(text, a.offer_received),
            CallbackQueryHandler(a.offer_received, pattern="^rc:[01]$"),
        ],
        Step.OFFER_DEADLINE: [
            MessageHandler(text, a.offer_deadline),
            CallbackQueryHandler(a.offer_deadline, pattern=f"^{NO_DEADLINE}$"),
        ],
        Step.OFFER_FIGURES: [
            MessageHandler(text, a.offer_figures),
            CallbackQueryHandler(a.offer_figures, pattern=f"^{SKIP}$"),
        ],
        Step.FEELING: [CallbackQueryHandler(a.ready, pattern=f"^{READY}$")],
    }
    for step in (Step.CHANNEL, Step.FORMAT, Step.KIND):
        states[step] = [CallbackQueryHandler(a.choice(step), pattern=f"^{CHOICE}")]

    return conversation.build(
        f"tahap_{flow.stage.value}",
        entry_points=[
            CallbackQueryHandler(a.start, pattern=f"^{keyboards.MENU_STAGE}{flow.stage.value}$"),
            CallbackQueryHandler(a.start_for, pattern=f"^{keyboards.GO}\\d+:{flow.stage.value}$"),
        ],
        states=states,
        wrong_input=a.wrong_input,
        cancel=a.cancel,
        switch_away=a.switch_away,
        # The copy of one's data, and the question whether to delete it, leave the
        # conversation running (a confirmed deletion ends it: see handlers/privacy.py).
        more_fallbacks=[
            CommandHandler("ekspor", privacy.export_data),
            CommandHandler("hapusdata", privacy.ask_to_delete),
        ],
    )
