"""The people in the drafts: the recruiter's name, the interviewers' names, and Ibu or Bapak for
a name typed without one.
"""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, Update

from bot import callbacks, keyboards
from bot.callbacks import DONE, HONORIFIC, SKIP, pattern
from bot.coach import choices, names
from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.handlers.stages import steps
from bot.handlers.stages.question import Answered, Pressed, Question, Result, Typed, single_button
from bot.handlers.stages.questions.asking import (
    ask,
    change_button,
    current_interview,
    editing,
    forget,
    is_typed,
    lost_application,
    message_text,
    name_problem,
    reask,
    remember,
    tick,
)
from bot.handlers.stages.questions.table import register
from bot.handlers.stages.records import focused
from bot.handlers.stages.steps import Step
from bot.i18n import _
from bot.storage.models import Interview, JobApplication
from bot.text import split_names


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


register(
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
)
