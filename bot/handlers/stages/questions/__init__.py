"""Every question of the stage conversations: how it is asked, what it takes, what it stores.

Each answer is written to the database in the update's unit of work; the conversation state is
written in the same transaction, before the next question goes out, so a restart continues
exactly where the user was.

A question's answer may be typed even where buttons are offered: "wa" is the WhatsApp button,
"ya" the yes button, "skip" the skip button (bot/coach/choices.py). A question that knows its
answer for the application (`known`) is skipped by the flow: continuing a stage never asks
again for a recorded fact.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import callbacks, keyboards
from bot.callbacks import (
    AT,
    DAY,
    DONE,
    HONORIFIC,
    NO_DEADLINE,
    PICK_APPLICATION,
    READY,
    RECEIVED,
    SKIP,
    YES_NO,
    pattern,
)
from bot.coach import choices, dates, money, names
from bot.coach.stages import Stage, parse_stage
from bot.context import CoachContext
from bot.followups import schedule as followups
from bot.handlers.stages import steps
from bot.handlers.stages.moments import (
    RECENT_INTERVIEW,
    date_from_iso,
    examples,
    format_day_only,
    moment_problem,
    quick_times,
    which_week,
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
from bot.handlers.stages.questions.asking import (
    END,
    ask,
    change_button,
    current_interview,
    editing,
    escaped_company,
    forget,
    is_past,
    is_typed,
    lost_application,
    message_text,
    name_problem,
    reask,
    remember,
    tick,
)
from bot.handlers.stages.questions.table import QUESTIONS as QUESTIONS
from bot.handlers.stages.questions.table import register
from bot.handlers.stages.records import (
    application_label,
    button_label,
    focused,
    is_earlier,
    local_now,
    new_application,
    record_offer,
    record_passed,
    schedule_interview,
    stage_title,
)
from bot.handlers.stages.steps import Step
from bot.handlers.stages.wrapup import send_card
from bot.i18n import _, format_day, format_moment
from bot.storage import repositories
from bot.storage.models import ApplicationEvent, ApplicationStatus, Interview, JobApplication
from bot.text import split_names

NEW_APPLICATION = f"{PICK_APPLICATION}new"
MAX_LISTED_APPLICATIONS = 8
YES = f"{YES_NO}1"
NO = f"{YES_NO}0"
# Two interviews closer than this are worth a warning: an hour each, and time to get there.
TOO_CLOSE = timedelta(minutes=90)
# A phone number as people type it: "0812-3456-7890", "+62 812 3456 7890", "(021) 555 1234".
_PHONE = re.compile(r"\+?\(?\d[\d\s().-]{6,}\d")
# Words around a signature that are no part of it: "nama saya Sari, no hp 0812…", "my name is".
_SIGNATURE_WORDS = re.compile(
    r"\b(?:hp|wa|telp|telpon|telepon|no|nomor|nama|saya|lengkap|my|name|is|phone|number)\b[.:]?",
    re.IGNORECASE,
)


# --- which application ----------------------------------------------------------------------


async def ask_pick_application(context: CoachContext, application: JobApplication | None) -> None:
    active = await repositories.applications_in_order(context.session, context.user.id)
    active = [a for a in active if a.status == ApplicationStatus.ACTIVE]
    buttons = [
        InlineKeyboardButton(button_label(a), callback_data=f"{PICK_APPLICATION}{a.id}")
        for a in active[-MAX_LISTED_APPLICATIONS:]
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
    context.user.focus_application_id = application.id
    return Answered(application, Step.PICK_APPLICATION)


async def ask_company(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(_("Apa nama perusahaannya? Tulis saja, misalnya: PT Aman Siber."))


async def take_company(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Stores a new application for the company (in its formal spelling) and asks the role;
    first asks whether it is the same one when an active application names that company."""
    text = message_text(update)
    if problem := name_problem(text, steps.MAX_NAME_CHARS):
        return await reask(context, Step.COMPANY, problem)
    if await _same_company(context, text) is not None:
        remember(context, company=text)
        return await ask(context, Step.SAME_COMPANY, None)
    return await _new_application(context, stage, text)


async def _new_application(context: CoachContext, stage: Stage, typed: str) -> Result:
    application = await new_application(context, typed, stage)
    if application.company != typed:
        remember(context, renamed=True)
    return await ask(context, Step.ROLE, application)


async def _same_company(context: CoachContext, typed: str) -> JobApplication | None:
    """An active application at the company typed ("PT. Bank Jago" is "PT Bank Jago")."""
    wanted = names.company_name(typed).casefold()
    for application in await repositories.active_applications(context.session, context.user.id):
        if names.company_name(application.company).casefold() == wanted:
            return application
    return None


async def ask_same_company(context: CoachContext, application: JobApplication | None) -> None:
    typed = str(context.user.pending.get("company", ""))
    existing = await _same_company(context, typed)
    label = application_label(existing) if existing is not None else escape(typed)
    context.reply(
        _("Anda sudah punya lamaran aktif: <b>{application}</b>. Ini lamaran yang sama?").format(
            application=label
        ),
        reply_markup=keyboards.rows(
            [
                InlineKeyboardButton(_("✅ Ya, yang itu"), callback_data=YES),
                InlineKeyboardButton(_("➕ Bukan, lamaran baru"), callback_data=NO),
            ],
            per_row=2,
        ),
    )


async def take_same_company(update: Update, context: CoachContext, stage: Stage) -> Result:
    """The same application: continue with it. Another one: record it as new."""
    typed = str(context.user.pending.get("company", ""))
    if is_typed(update):
        answer = choices.match_yes_no(message_text(update))
        if answer is None:
            return await reask(context, Step.SAME_COMPANY)
        same = answer is choices.YesNo.YES
    else:
        same = callbacks.data(update) == YES
    forget(context, "company")
    existing = await _same_company(context, typed) if same else None
    if existing is None:
        if not typed:
            return await ask(context, Step.COMPANY, None)
        return await _new_application(context, stage, typed)
    context.user.focus_application_id = existing.id
    return Answered(existing, Step.PICK_APPLICATION)


async def ask_edit_company(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(
        _("Nama perusahaan sekarang: <b>{company}</b>. Tulis nama yang benar.").format(
            company=escaped_company(application)
        )
    )


async def take_edit_company(update: Update, context: CoachContext, stage: Stage) -> Result:
    """✏️ Ubah: a new company name, then the role."""
    application = await focused(context)
    if application is None:
        return await lost_application(context)
    text = message_text(update)
    if problem := name_problem(text, steps.MAX_NAME_CHARS):
        return await reask(context, Step.EDIT_COMPANY, problem)
    application.company = names.company_name(text)
    if application.company != text:
        remember(context, renamed=True)
    return await ask(context, Step.ROLE, application)


async def ask_role(context: CoachContext, application: JobApplication | None) -> None:
    keep = editing(context) and application is not None and application.role
    context.reply(
        _("Posisi apa yang Anda lamar di {company}? Misalnya: Analis SOC.").format(
            company=escaped_company(application)
        ),
        reply_markup=single_button(_("Tetap") if keep else _("Lewati"), SKIP),
    )


async def take_role(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Stores the role (or none; while changing it, Lewati keeps the old one)."""
    application = await focused(context)
    if application is None:
        return await lost_application(context)
    text = message_text(update)
    if is_typed(update) and not choices.is_skip(text):
        if problem := name_problem(text, steps.MAX_NAME_CHARS):
            return await reask(context, Step.ROLE, problem)
        application.role = names.role_name(text)
        if application.role != text:
            remember(context, renamed=True)
    elif not editing(context):
        application.role = ""
    if context.user.pending.get("renamed"):
        # The formal spelling goes into the drafts: shown once, so that a wrong one is fixed.
        forget(context, "renamed")
        context.reply(
            _("Saya tulis sebagai <b>{application}</b> di draf. Jika keliru, ubah lewat ✏️ Ubah.")
            .format(application=application_label(application)),
            reply_markup=change_button(application, "co"),
        )  # fmt: skip
    return Answered(application, Step.ROLE)


# --- did the user pass the stage the application is at? -------------------------------------


async def passed_known(context: CoachContext, application: JobApplication, stage: Stage) -> bool:
    return not is_earlier(parse_stage(application.stage), stage)


async def ask_passed(context: CoachContext, application: JobApplication | None) -> None:
    if application is None:
        return
    if context.user.pending.get("to") == Stage.OFFER.value:
        context.reply(
            _("Anda sudah mendapat tawaran kerja dari {company}?").format(
                company=escaped_company(application)
            ),
            reply_markup=_yes_no(_("🎉 Ya, sudah")),
        )
        return
    context.reply(
        _("{application} masih tercatat di tahap <b>{stage}</b>. Anda lolos tahap itu?").format(
            application=application_label(application), stage=stage_title(application)
        ),
        reply_markup=_yes_no(_("✅ Ya, lolos")),
    )


def _yes_no(yes: str) -> InlineKeyboardMarkup:
    return keyboards.rows(
        [
            InlineKeyboardButton(yes, callback_data=YES),
            InlineKeyboardButton(_("Belum"), callback_data=NO),
        ],
        per_row=2,
    )


async def take_passed(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Yes: the passed stage is recorded and the flow moves the application on. No: it stays."""
    application = await focused(context)
    if application is None:
        return await lost_application(context)
    if is_typed(update):
        answer = choices.match_yes_no(message_text(update))
        if answer is None:
            return await reask(context, Step.PASSED)
        passed = answer is choices.YesNo.YES
    else:
        passed = callbacks.data(update) == YES
    if passed:
        await record_passed(context, application)
        return Answered(application, Step.PASSED)
    context.user.pending = {}
    context.reply(
        _(
            "Baik, {application} tetap di tahap <b>{stage}</b>. Kabari saya lewat tombol di "
            "bawah saat ada perkembangan."
        ).format(application=application_label(application), stage=stage_title(application))
    )
    await send_card(context, application)
    return END


# --- buttons: how the recruiter called, the interview's format and kind ---------------------


async def ask_channel(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(
        _("Bagaimana rekruter {company} menghubungi Anda?").format(
            company=escaped_company(application)
        ),
        reply_markup=choice_keyboard(steps.CHANNELS),
    )


async def ask_format(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(_("Wawancaranya lewat apa?"), reply_markup=choice_keyboard(steps.FORMATS))


async def ask_kind(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(_("Wawancara jenis apa?"), reply_markup=choice_keyboard(steps.KINDS))


def _chosen(update: Update, options: dict[str, str]) -> str | None:
    """The option of the pressed button, or of the typed answer ("wa", "zoom", "user")."""
    if is_typed(update):
        text = message_text(update)
        if options is steps.CHANNELS:
            return choices.match_channel(text, options)
        if options is steps.FORMATS:
            return choices.match_format(text, options)
        return choices.match_kind(text, options)
    value = callbacks.data(update).removeprefix(callbacks.CHOICE)
    return value if value in options else None


async def channel_known(context: CoachContext, application: JobApplication, stage: Stage) -> bool:
    contacted = await repositories.latest_event(context.session, application.id, "contacted")
    return contacted is not None


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


async def format_known(context: CoachContext, application: JobApplication, stage: Stage) -> bool:
    interview = await current_interview(context, application, stage)
    # A screening already held needs its thank-you now, not its format.
    return interview is None or bool(interview.kind) or is_past(context, interview)


async def kind_known(context: CoachContext, application: JobApplication, stage: Stage) -> bool:
    interview = await current_interview(context, application, stage)
    return interview is None or bool(interview.kind)


async def _take_interview_kind(
    update: Update, context: CoachContext, stage: Stage, step: Step, options: dict[str, str]
) -> Result:
    application = await focused(context)
    if application is None:
        return await lost_application(context)
    if (value := _chosen(update, options)) is None:
        return await reask(context, step)
    interview = await current_interview(context, application, stage)
    if interview is None:
        return await ask(context, Step.WHEN, application)
    interview.kind = value
    return Answered(application, step)


async def take_format(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Records the interview's format: phone, video or in person."""
    return await _take_interview_kind(update, context, stage, Step.FORMAT, steps.FORMATS)


async def take_kind(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Records the interview's kind: hiring manager, technical or panel."""
    return await _take_interview_kind(update, context, stage, Step.KIND, steps.KINDS)


# --- people: the recruiter, the interviewers, their honorific ------------------------------


async def contact_known(context: CoachContext, application: JobApplication, stage: Stage) -> bool:
    return application.contact_name is not None


async def ask_contact(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(
        _(
            "Siapa nama rekruternya? Tulis beserta sapaannya, misalnya <i>Ibu Rina</i>. Nama ini "
            "saya pakai di draf email. Jika belum tahu, tekan <b>Lewati</b>."
        ),
        reply_markup=single_button(_("Lewati"), SKIP),
    )


async def take_contact(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Keeps the recruiter's name in its formal form ("bu rina" -> "Ibu Rina"), or none."""
    application = await focused(context)
    if application is None:
        return await lost_application(context)
    text = message_text(update)
    if not is_typed(update) or choices.is_skip(text):
        application.contact_name = ""
        return Answered(application, Step.CONTACT)
    if problem := name_problem(text, steps.MAX_PERSON_CHARS):
        return await reask(context, Step.CONTACT, problem)
    application.contact_name = names.person_name(text)[: steps.MAX_PERSON_CHARS]
    await tick(context, application, Stage.RECRUITER, "nama-rekruter")
    if names.needs_honorific(text):
        remember(context, honorific={"for": "contact", "names": [application.contact_name]})
        return await ask(context, Step.HONORIFIC, application)
    context.reply(
        _("Tercatat: <b>{name}</b>.").format(name=escape(application.contact_name)),
        reply_markup=change_button(application, "rn"),
    )
    return Answered(application, Step.CONTACT)


def _waiting_names(context: CoachContext) -> tuple[str, list[str]]:
    raw = context.user.pending.get("honorific")
    if not isinstance(raw, dict):
        return "", []
    waiting = [str(name) for name in raw.get("names", []) if isinstance(name, str)]
    return str(raw.get("for", "")), waiting


async def ask_honorific(context: CoachContext, application: JobApplication | None) -> None:
    _target, waiting = _waiting_names(context)
    name = waiting[0] if waiting else ""
    context.reply(
        _("Untuk salam di draf: <b>{name}</b> disapa Ibu atau Bapak?").format(name=escape(name)),
        reply_markup=keyboards.rows(
            [
                InlineKeyboardButton(
                    _("Ibu {name}").format(name=name)[:60], callback_data=f"{HONORIFIC}Ibu"
                ),
                InlineKeyboardButton(
                    _("Bapak {name}").format(name=name)[:60], callback_data=f"{HONORIFIC}Bapak"
                ),
                InlineKeyboardButton(_("Lewati (Bapak/Ibu)"), callback_data=f"{HONORIFIC}skip"),
            ],
            per_row=2,
        ),
    )


def _honorific_answer(update: Update) -> str | None:
    """ "Ibu", "Bapak", "skip" or None, pressed or typed ("bu", "pak", "ga tau")."""
    if not is_typed(update):
        value = callbacks.data(update).removeprefix(HONORIFIC)
        return value if value in ("Ibu", "Bapak", "skip") else None
    text = message_text(update)
    if choices.is_skip(text):
        return "skip"
    found = names.person(text + " x").honorific  # "bu" alone: an honorific before a name
    return found


async def take_honorific(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Puts Ibu or Bapak before the first waiting name; Lewati leaves the rest neutral."""
    application = await focused(context)
    if application is None:
        return await lost_application(context)
    target, waiting = _waiting_names(context)
    if not waiting:  # nothing waits any more (an old button): back to the question it serves
        forget(context, "honorific")
        if target == "contact":
            return Answered(application, Step.CONTACT)
        return _names_noted(context, await current_interview(context, application, stage))
    answer = _honorific_answer(update)
    if answer is None:
        return await reask(context, Step.HONORIFIC)
    name, rest = waiting[0], waiting[1:]
    formal = f"{answer} {name}" if answer != "skip" else name
    if answer == "skip":
        rest = []
    if target == "contact":
        forget(context, "honorific")
        application.contact_name = formal[: steps.MAX_PERSON_CHARS]
        context.reply(
            _("Tercatat: <b>{name}</b>.").format(name=escape(application.contact_name)),
            reply_markup=change_button(application, "rn"),
        )
        return Answered(application, Step.CONTACT)
    interview = await current_interview(context, application, stage)
    if interview is not None:
        interview.interviewers = [formal if n == name else n for n in interview.interviewers]
    if rest:
        remember(context, honorific={"for": target, "names": rest})
        return await ask(context, Step.HONORIFIC, application)
    forget(context, "honorific")
    return _names_noted(context, interview)


def _names_noted(context: CoachContext, interview: Interview | None) -> Step:
    listed = ", ".join(interview.interviewers) if interview is not None else ""
    context.reply(
        _("Tercatat: {names}. Tambah nama lain, atau tekan Selesai.").format(names=escape(listed)),
        reply_markup=single_button(_("✅ Selesai"), DONE),
    )
    return Step.INTERVIEWERS


async def interviewers_known(
    context: CoachContext, application: JobApplication, stage: Stage
) -> bool:
    interview = await current_interview(context, application, stage)
    return interview is None or bool(interview.interviewers)


async def ask_interviewers(context: CoachContext, application: JobApplication | None) -> None:
    if editing(context):
        remember(context, replace=True)
    context.reply(
        _(
            "Siapa saja pewawancaranya? Tulis namanya beserta sapaannya, misalnya <i>Ibu Rina, "
            "Bapak Budi</i> (pisahkan dengan koma), lalu tekan <b>Selesai</b>. Jika belum tahu, "
            "tekan <b>Belum tahu</b>."
        ),
        reply_markup=keyboards.rows(
            [
                InlineKeyboardButton(_("✅ Selesai"), callback_data=DONE),
                InlineKeyboardButton(_("Belum tahu"), callback_data=SKIP),
            ],
            per_row=2,
        ),
    )


DONE_WORDS = frozenset({"selesai", "sudah", "udah", "done", "cukup", "itu saja", "itu aja"})


async def take_interviewers(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Adds the interviewers' names typed ("bu rina" is kept as "Ibu Rina"); Selesai moves on."""
    application = await focused(context)
    if application is None:
        return await lost_application(context)
    text = message_text(update)
    if not is_typed(update) or choices.is_skip(text) or text.lower() in DONE_WORDS:
        forget(context, "replace")
        return Answered(application, Step.INTERVIEWERS)
    typed = split_names(text)
    if not typed:
        return await reask(context, Step.INTERVIEWERS, name_problem("", steps.MAX_PERSON_CHARS))
    if too_long := [n for n in typed if len(n) > steps.MAX_PERSON_CHARS]:
        return await reask(
            context, Step.INTERVIEWERS, name_problem(too_long[0], steps.MAX_PERSON_CHARS)
        )
    interview = await current_interview(context, application, stage)
    if interview is None:
        return await ask(context, Step.WHEN, application)
    if not any(names.person(raw).name for raw in typed):  # "pak" alone: a title, no name
        return await reask(context, Step.INTERVIEWERS, name_problem("", steps.MAX_PERSON_CHARS))
    known = [] if context.user.pending.get("replace") else list(interview.interviewers)
    forget(context, "replace")
    unsure: list[str] = []
    for raw in typed:
        name = names.person_name(raw)[: steps.MAX_PERSON_CHARS]
        if name and name not in known and len(known) < steps.MAX_INTERVIEWERS:
            known.append(name)
            if names.needs_honorific(raw):
                unsure.append(name)
    interview.interviewers = known  # a new list, so SQLAlchemy sees the change
    if interview.stage == Stage.FOLLOW_UP_INTERVIEWS.value:
        await tick(context, application, Stage.FOLLOW_UP_INTERVIEWS, "catat-nama")
    if unsure:
        remember(context, honorific={"for": "interviewers", "names": unsure})
        return await ask(context, Step.HONORIFIC, application)
    return _names_noted(context, interview)


# --- when the interview is ------------------------------------------------------------------


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


# --- the offer ------------------------------------------------------------------------------

RECEIVED_TODAY = f"{RECEIVED}0"
RECEIVED_YESTERDAY = f"{RECEIVED}1"


async def _offer_event(
    context: CoachContext, application: JobApplication
) -> ApplicationEvent | None:
    return await repositories.latest_event(context.session, application.id, "offer")


async def offer_known(context: CoachContext, application: JobApplication, stage: Stage) -> bool:
    return await _offer_event(context, application) is not None


async def deadline_known(context: CoachContext, application: JobApplication, stage: Stage) -> bool:
    offer = await _offer_event(context, application)
    return offer is None or "deadline" in offer.detail


async def figures_known(context: CoachContext, application: JobApplication, stage: Stage) -> bool:
    offer = await _offer_event(context, application)
    return offer is None or "amount" in offer.detail or bool(offer.note)


def offer_amount(offer: ApplicationEvent | None) -> int | None:
    """The offered monthly salary in rupiah: as recorded, or read from an older free-text note."""
    if offer is None:
        return None
    amount = offer.detail.get("amount")
    if isinstance(amount, int) and not isinstance(amount, bool):
        return amount
    return money.find_rupiah(offer.note) if offer.note else None


def offer_deadline(offer: ApplicationEvent | None) -> datetime | None:
    raw = offer.detail.get("deadline") if offer is not None else None
    return datetime.fromisoformat(raw) if isinstance(raw, str) else None


async def plan_offer_nudges(
    context: CoachContext, application: JobApplication, offer: ApplicationEvent
) -> None:
    """The decision reminder follows the offer as recorded; "Ada kabar?" no longer applies."""
    await followups.on_offer(
        context.session,
        context.user,
        application,
        offer.occurred_at,
        offer_deadline(offer),
        context.now(),
    )


async def ask_offer_received(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(
        _("Selamat! 🎉 Kapan tawaran dari {company} Anda terima?").format(
            company=escaped_company(application)
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
        result = dates.parse_when(message_text(update), now)
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
            return await reask(
                context,
                Step.OFFER_RECEIVED,
                moment_problem(context, result, dates.Tense.PAST),
            )
        if received.date() > now.date():
            return await reask(
                context,
                Step.OFFER_RECEIVED,
                _("Tanggal itu belum tiba. Kapan tawaran itu datang?"),
            )
    await record_offer(context, application, received)
    return Answered(application, Step.OFFER_RECEIVED)


async def ask_offer_deadline(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(
        _("Sampai kapan Anda harus memberi jawaban? Misalnya {examples}.").format(
            examples=examples(context, dates.Tense.FUTURE)
        ),
        reply_markup=single_button(_("Tidak ada batas waktu"), NO_DEADLINE),
    )


def no_deadline(text: str) -> bool:
    """ "tidak ada", "ga ada", "belum ditentukan", "ga tau": no deadline to record."""
    lowered = text.lower()
    return (
        choices.is_skip(text)
        or choices.match_yes_no(text) is choices.YesNo.NO
        or any(word in lowered for word in ("tidak ada", "tanpa batas", "no deadline", "none"))
    )


async def take_offer_deadline(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Records the deadline of the answer, or that there is none."""
    application = await focused(context)
    offer = await _offer_event(context, application) if application is not None else None
    if application is None or offer is None:
        return await lost_application(context)
    deadline: datetime | None = None
    if is_typed(update):
        now = local_now(context)
        text = message_text(update)
        result = dates.parse_when(text, now)
        if result.status is dates.WhenStatus.NEEDS_TIME and result.day is not None:
            # A day without a time means the end of that working day.
            result = dates.combine_day_and_time(result.day, "17.00", now)
        if result.status is dates.WhenStatus.OK and result.value is not None:
            deadline = result.value
        elif not no_deadline(text):
            return await reask(context, Step.OFFER_DEADLINE, moment_problem(context, result))
    offer.detail = {**offer.detail, "deadline": deadline.isoformat() if deadline else None}
    if deadline is not None:
        await tick(context, application, Stage.OFFER, "tenggat")
    received = format_day(offer.occurred_at, context.timezone)
    context.reply(
        _(
            "Tercatat: tawaran datang pada {day}; jawaban ditunggu paling lambat {deadline}."
        ).format(day=received, deadline=format_moment(deadline, context.timezone))
        if deadline is not None
        else _("Tercatat: tawaran datang pada {day}, tanpa batas waktu jawaban.").format(
            day=received
        ),
        reply_markup=change_button(application, "dl"),
    )
    await plan_offer_nudges(context, application, offer)
    return Answered(application, Step.OFFER_DEADLINE)


async def ask_offer_figures(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(
        _(
            "Berapa gaji pokok per bulan yang ditawarkan? Misalnya <i>8,5 juta</i> atau "
            "<i>Rp8.500.000</i>; tunjangannya boleh ditulis juga. Dari angka ini saya hitung "
            "kisaran untuk draf negosiasi. Data ini hanya untuk Anda; tekan Lewati jika tidak "
            "ingin mencatatnya."
        ),
        reply_markup=single_button(_("Lewati"), SKIP),
    )


async def take_offer_figures(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Keeps the offered salary as a number (and the whole answer as the user's note)."""
    application = await focused(context)
    offer = await _offer_event(context, application) if application is not None else None
    if application is None or offer is None:
        return await lost_application(context)
    text = message_text(update)
    if not is_typed(update) or choices.is_skip(text):
        offer.detail = {**offer.detail, "amount": None}
        return Answered(application, Step.OFFER_FIGURES)
    if len(text) > steps.MAX_NOTE_CHARS:
        return await reask(context, Step.OFFER_FIGURES)
    amount = money.parse_rupiah(text) or money.find_rupiah(text)
    if amount is None:
        return await reask(
            context,
            Step.OFFER_FIGURES,
            _(
                "Saya belum menemukan angka gaji pokoknya. Tulis misalnya <i>8,5 juta</i> atau "
                "<i>Rp8.500.000</i>, atau tekan Lewati."
            ),
        )
    offer.detail = {**offer.detail, "amount": amount}
    offer.note = text
    context.reply(
        _("Tercatat: gaji pokok <b>{amount}</b> per bulan.").format(
            amount=money.format_rupiah(amount)
        ),
        reply_markup=change_button(application, "am"),
    )
    return Answered(application, Step.OFFER_FIGURES)


# --- the signature of the drafts ------------------------------------------------------------


async def signature_known(
    context: CoachContext, application: JobApplication, stage: Stage
) -> bool:
    if context.user.full_name is not None:
        return True
    if stage in (Stage.SCREENING, Stage.FOLLOW_UP_INTERVIEWS):
        # Its draft comes after the interview (a nudge); asked when a draft is made now.
        return not is_past(context, await current_interview(context, application, stage))
    return False


async def ask_signature(context: CoachContext, application: JobApplication | None) -> None:
    context.reply(
        _(
            "Untuk tanda tangan di draf email, siapa nama lengkap Anda dan nomor telepon yang "
            "bisa dihubungi? Keduanya opsional dan bisa Anda hapus kapan saja dengan /hapusdata."
        )
        + "\n"
        + _("Misalnya <i>Sari Wulandari, 0812 3456 7890</i>, atau tekan Lewati."),
        reply_markup=single_button(_("Lewati"), SKIP),
    )


def read_signature(text: str) -> tuple[str, str]:
    """ "sari wulandari 0812-3456-7890" -> ("Sari Wulandari", "0812-3456-7890")."""
    phone = ""
    if (match := _PHONE.search(text)) is not None:
        digits = sum(ch.isdigit() for ch in match.group(0))
        if 8 <= digits <= 15:
            phone = match.group(0).strip()
            text = text[: match.start()] + " " + text[match.end() :]
    text = _SIGNATURE_WORDS.sub(" ", text)
    name = names.person(" ".join(text.replace(",", " ").replace(";", " ").split())).name
    return name.strip(" -/|:"), phone


async def take_signature(update: Update, context: CoachContext, stage: Stage) -> Result:
    """Keeps the full name and phone for the drafts' signature; Lewati keeps neither."""
    application = await focused(context)
    if application is None:
        return await lost_application(context)
    text = message_text(update)
    user = context.user
    if not is_typed(update) or choices.is_skip(text):
        user.full_name, user.phone = "", ""
        return Answered(application, Step.SIGNATURE)
    name, phone = read_signature(text)
    if not (name or phone) or len(name) > steps.MAX_FULL_NAME_CHARS:
        return await reask(context, Step.SIGNATURE)
    user.full_name, user.phone = name, phone[: steps.MAX_PHONE_CHARS]
    shown = ", ".join(escape(part) for part in (name, user.phone) if part)
    context.reply(
        _("Tercatat untuk tanda tangan: <b>{signature}</b>.").format(signature=shown),
        reply_markup=change_button(application, "sg"),
    )
    return Answered(application, Step.SIGNATURE)


# --- feelings first -------------------------------------------------------------------------


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


# --- the table ------------------------------------------------------------------------------


def _choice_answers(take: Any) -> tuple[Typed | Pressed, ...]:
    return (Pressed(take, pattern(callbacks.CHOICE)), Typed(take))


register(
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
        follow_ups=(Step.ROLE, Step.SAME_COMPANY),
    ),
    Question(
        Step.SAME_COMPANY,
        ask_same_company,
        lambda: _("Jawab dengan tombol di atas, atau tulis <i>ya</i> atau <i>bukan</i>."),
        (Pressed(take_same_company, pattern(YES_NO, "[01]$")), Typed(take_same_company)),
        reshow=True,
    ),
    Question(
        Step.EDIT_COMPANY,
        ask_edit_company,
        lambda: _("Saya menunggu nama perusahaan dalam bentuk teks (maksimal 100 karakter)."),
        (Typed(take_edit_company),),
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
        Step.PASSED,
        ask_passed,
        lambda: _("Jawab dengan tombol di atas, atau tulis <i>ya</i> atau <i>belum</i>."),
        (Pressed(take_passed, pattern(YES_NO, "[01]$")), Typed(take_passed)),
        reshow=True,
        known=passed_known,
    ),
    Question(
        Step.CHANNEL,
        ask_channel,
        lambda: _("Pilih salah satu tombol di atas, atau tulis misalnya <i>lewat WA</i>."),
        _choice_answers(take_channel),
        reshow=True,
        known=channel_known,
    ),
    Question(
        Step.CONTACT,
        ask_contact,
        lambda: _("Saya menunggu nama rekruternya, atau tekan Lewati."),
        (Typed(take_contact), Pressed(take_contact, pattern(SKIP, "$"))),
        follow_ups=(Step.HONORIFIC,),
        known=contact_known,
    ),
    Question(
        Step.HONORIFIC,
        ask_honorific,
        lambda: _("Pilih Ibu atau Bapak dengan tombol di atas, atau tekan Lewati."),
        (Pressed(take_honorific, pattern(HONORIFIC)), Typed(take_honorific)),
        reshow=True,
    ),
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
    Question(
        Step.FORMAT,
        ask_format,
        lambda: _("Pilih salah satu tombol di atas, atau tulis misalnya <i>zoom</i>."),
        _choice_answers(take_format),
        reshow=True,
        known=format_known,
    ),
    Question(
        Step.KIND,
        ask_kind,
        lambda: _("Pilih salah satu tombol di atas, atau tulis misalnya <i>user</i>."),
        _choice_answers(take_kind),
        reshow=True,
        known=kind_known,
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
        follow_ups=(Step.HONORIFIC,),
        known=interviewers_known,
    ),
    Question(
        Step.OFFER_RECEIVED,
        ask_offer_received,
        lambda: _(
            "Saya menunggu tanggal tawaran itu datang, misalnya <i>hari ini</i> atau <i>kemarin</i>."
        ),
        (Typed(take_offer_received), Pressed(take_offer_received, pattern(RECEIVED, "[01]$"))),
        known=offer_known,
    ),
    Question(
        Step.OFFER_DEADLINE,
        ask_offer_deadline,
        lambda: _(
            "Saya menunggu batas waktu jawaban, misalnya <i>Jumat jam 17</i>, atau tekan Tidak ada batas waktu."
        ),
        (Typed(take_offer_deadline), Pressed(take_offer_deadline, pattern(NO_DEADLINE, "$"))),
        known=deadline_known,
    ),
    Question(
        Step.OFFER_FIGURES,
        ask_offer_figures,
        lambda: _(
            "Saya menunggu gaji pokok yang ditawarkan, misalnya <i>8,5 juta</i>, atau tekan Lewati."
        ),
        (Typed(take_offer_figures), Pressed(take_offer_figures, pattern(SKIP, "$"))),
        known=figures_known,
    ),
    Question(
        Step.SIGNATURE,
        ask_signature,
        lambda: _(
            "Tulis nama lengkap dan nomor telepon Anda, misalnya <i>Sari Wulandari, 0812 3456 7890</i>, atau tekan Lewati."
        ),
        (Typed(take_signature), Pressed(take_signature, pattern(SKIP, "$"))),
        known=signature_known,
    ),
    Question(
        Step.FEELING,
        ask_feeling,
        lambda: _("Tekan <b>Saya siap lanjut</b> jika sudah siap. Tidak perlu buru-buru."),
        (Pressed(take_ready, pattern(READY, "$")),),
        reshow=True,
    ),
)
