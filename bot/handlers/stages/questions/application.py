"""Which application a stage conversation is about: one picked from the list, or a new one
(its company, the same company as an active one, its role), a company name changed through ✏️
Ubah; and whether the user passed the stage the application is at.
"""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import callbacks, keyboards
from bot.callbacks import PICK_APPLICATION, SKIP, YES_NO, pattern
from bot.coach import choices, names
from bot.coach.stages import Stage, parse_stage
from bot.context import CoachContext
from bot.handlers.stages import steps
from bot.handlers.stages.question import Answered, Pressed, Question, Result, Typed, single_button
from bot.handlers.stages.questions.asking import (
    END,
    ask,
    change_button,
    editing,
    escaped_company,
    forget,
    is_typed,
    lost_application,
    message_text,
    name_problem,
    reask,
    remember,
    too_many_applications,
)
from bot.handlers.stages.questions.table import register
from bot.handlers.stages.records import (
    application_label,
    button_label,
    focused,
    is_earlier,
    new_application,
    record_passed,
    stage_title,
)
from bot.handlers.stages.steps import Step
from bot.handlers.stages.wrapup import send_card
from bot.i18n import _
from bot.storage import repositories
from bot.storage.models import ApplicationStatus, JobApplication

NEW_APPLICATION = f"{PICK_APPLICATION}new"
MAX_LISTED_APPLICATIONS = 8
YES = f"{YES_NO}1"
NO = f"{YES_NO}0"


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
        if not await repositories.room_for_application(context.session, context.user.id):
            return await too_many_applications(context)
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
    try:
        application = await new_application(context, typed, stage)
    except repositories.TooManyApplications:
        return await too_many_applications(context)
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
)
