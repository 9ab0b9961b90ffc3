"""Progress told in one sentence, recorded after one tap (issue 13, phase 2).

"dijadwalin screening telpon besok jam 10 sama PT Aman Siber", "lolos screening!", "dapet offer
8,5 jt dari PT Maju": the coach reads the sentence (bot/coach/slots.py), picks the application
(the one the sentence names, else the only active one, else it asks which with buttons, else a
new one with the company it read), and shows what it understood in one short message:

    📅 Wawancara pendahuluan Kamis, 26 November 2026 pukul 10.00 WIB, lewat telepon — PT Aman
    Siber. Catat?   [✅ Ya, catat] [✏️ Bukan begitu]

Nothing is recorded before the tap. What was understood is kept meanwhile as a progress report
(bot/storage/reports.py), whose id the buttons carry; "✅ Ya, catat" opens the stage's
conversation (handlers/stages/flow.py), which records it through the stage questions' own
functions and asks only what is still missing. "✏️ Bukan begitu" asks one clarifying question
whose buttons record the report as the user means it: another application, the other stage, a
new application, or without the time or the amount read.

A rejection of the writer's own keeps /tangguh's offer, and when the sentence names one active
application (or there is only one), offers to mark it not accepted, with one tap.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time
from html import escape
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import callbacks, keyboards
from bot.callbacks import MARK_REJECTED, REPORT_WRONG
from bot.coach import dates, money, slots
from bot.coach.chattext import words
from bot.coach.dates import WhenStatus
from bot.coach.intents import Intent
from bot.coach.stages import PROCESS_ORDER, STAGE_INFO, Stage, parse_stage
from bot.context import CoachContext, callback_message
from bot.handlers import fallbacks
from bot.handlers.stages import drafting
from bot.handlers.stages.moments import RECENT_INTERVIEW
from bot.handlers.stages.records import (
    application_label,
    button_label,
    is_earlier,
    local_now,
    mark_rejected,
)
from bot.handlers.stages.reported import INTERVIEW_STAGES, Reading, confirm_data
from bot.handlers.stages.steps import KIND_WORDS
from bot.i18n import N_, _, format_day, format_moment
from bot.storage import reports, repositories
from bot.storage.models import ApplicationStatus, JobApplication, ProgressReport

# Applications offered as buttons when a progress message names none.
MAX_LISTED = 3
# An application's name on a button that also names the stage it opens.
LABEL_NAME = 32
PROGRESS = frozenset({Intent.PASSED_STAGE, Intent.INTERVIEW_SCHEDULED, Intent.OFFER_RECEIVED})
# An interview's format inside a sentence.
FORMATS = {
    "telepon": N_("lewat telepon"),
    "video": N_("lewat panggilan video"),
    "langsung": N_("tatap muka"),
}


def stage_heading(stage: Stage) -> str:
    """ "☎️ 2. Wawancara pendahuluan atau penyaringan telepon": a stage on a button."""
    info = STAGE_INFO[stage]
    return f"{info.emoji} {info.number}. {_(info.title)}"


async def named_applications(context: CoachContext, text: str) -> list[JobApplication]:
    """The user's active applications the text names, by company or else by role."""
    if not text:
        return []
    active = await repositories.active_applications(context.session, context.user.id)
    for field in ("company", "role"):
        values = [getattr(a, field) for a in active if getattr(a, field)]
        match = slots.match_known(text, values)
        if match is not None:
            return [a for a in active if getattr(a, field) == match]
    return []


# --- which stage ----------------------------------------------------------------------------


def target(intent: Intent, reading: Reading, application: JobApplication | None) -> Stage | None:
    """The stage the progress takes an application to; None when a new application's message
    does not say (then the user picks between the two interview stages)."""
    current = parse_stage(application.stage) if application is not None else None
    if intent is Intent.OFFER_RECEIVED:
        return Stage.OFFER
    if intent is Intent.INTERVIEW_SCHEDULED:
        stage = (
            Stage.SCREENING
            if reading.screening
            else Stage.FOLLOW_UP_INTERVIEWS
            if reading.kind is not None
            else None
        )
        if current is None:
            return stage
        if stage is None:
            stage = Stage.SCREENING if current is Stage.RECRUITER else Stage.FOLLOW_UP_INTERVIEWS
        # An interview never takes an application back: a later one is another interview.
        return current if is_earlier(stage, current) and current in INTERVIEW_STAGES else stage
    if reading.screening:  # "lolos screening": passed the screening
        return Stage.FOLLOW_UP_INTERVIEWS
    if current is None:
        return None
    if current in PROCESS_ORDER[:-1]:
        return PROCESS_ORDER[PROCESS_ORDER.index(current) + 1]
    return Stage.OFFER


# "tadi interview jam 10": the time is earlier today, although "tadi" is apart from it.
_EARLIER_TODAY = frozenset({"tadi", "td", "barusan"})


def _when_found(text: str, found: slots.Slots, now: datetime) -> dates.WhenResult | None:
    if found.when is None:
        return None
    result = found.when.result
    phrase = found.when.phrase
    if _EARLIER_TODAY & set(words(text)) and not _EARLIER_TODAY & set(phrase.split()):
        earlier = dates.parse_when(f"tadi {phrase}", now, allow_past=RECENT_INTERVIEW)
        if earlier.status in (WhenStatus.OK, WhenStatus.RECENT_PAST):
            return earlier
    return result


def _reading(intent: Intent, text: str, found: slots.Slots, now: datetime) -> Reading:
    """What the slots of a progress message say; a time already long gone is left out."""
    moment = day = None
    result = _when_found(text, found, now)
    if result is not None:
        if result.value is not None and result.status in (WhenStatus.OK, WhenStatus.RECENT_PAST):
            moment = result.value
        elif result.status is WhenStatus.NEEDS_TIME and result.day is not None:
            day = result.day
    amount = found.amounts[0] if found.amounts and found.amounts[0] > 0 else None
    return Reading(
        intent=intent,
        moment=moment if intent is not Intent.OFFER_RECEIVED else None,
        day=day if intent is not Intent.OFFER_RECEIVED else None,
        format=found.format,
        kind=found.kind,
        screening=found.screening,
        amount=amount if intent is Intent.OFFER_RECEIVED else None,
        company=found.company,
        role=found.role,
    )


# --- what was understood, in words --------------------------------------------------------------


def _when(context: CoachContext, reading: Reading) -> str | None:
    if reading.moment is not None:
        return format_moment(reading.moment, context.timezone)
    if reading.day is not None:
        noon = datetime.combine(reading.day, time(12), ZoneInfo(context.timezone))
        return format_day(noon, context.timezone)
    return None


def interview_summary(context: CoachContext, reading: Reading, stage: Stage | None) -> str:
    """ "Wawancara pendahuluan Kamis, 26 November 2026 pukul 10.00 WIB, lewat telepon"."""
    screening = stage is Stage.SCREENING or (stage is None and reading.screening)
    if screening:
        summary = _("Wawancara pendahuluan")
    elif reading.kind is not None:
        summary = _("Wawancara {kind}").format(kind=_(KIND_WORDS[reading.kind]))
    elif stage is Stage.FOLLOW_UP_INTERVIEWS:
        summary = _("Wawancara berikutnya")
    else:
        summary = _("Wawancara")
    when = _when(context, reading)
    if when:
        summary = _("{what} {when}").format(what=summary, when=when)
    if reading.format is not None and (screening or stage is None):
        summary = _("{what}, {how}").format(what=summary, how=_(FORMATS[reading.format]))
    return summary


def _whom(application: JobApplication | None, reading: Reading) -> str:
    if application is not None:
        return application_label(application)
    if reading.company:
        company = escape(reading.company)
        named = (
            _("{role} di {company}").format(role=escape(reading.role), company=company)
            if reading.role
            else company
        )
        return _("{application} (lamaran baru)").format(application=named)
    return _("lamaran baru")


def _held(context: CoachContext, reading: Reading) -> bool:
    return reading.moment is not None and reading.moment <= context.now()


def _understood(
    context: CoachContext, reading: Reading, application: JobApplication | None, stage: Stage
) -> str:
    """What the coach understood for one application, ending in "Catat?"."""
    if application is None and not reading.company:
        return (
            _headline(context, reading)
            + "\n"
            + _("Catat sebagai lamaran baru di tahap <b>{stage}</b>?").format(
                stage=_(STAGE_INFO[stage].title)
            )
        )
    whom = _whom(application, reading)
    if reading.intent is Intent.OFFER_RECEIVED:
        if reading.amount is not None:
            return _(
                "🎉 Selamat atas tawaran kerja dari {application}! Gaji pokok {amount} per "
                "bulan. Catat?"
            ).format(application=whom, amount=money.format_rupiah(reading.amount))
        return _("🎉 Selamat atas tawaran kerja dari {application}! Catat?").format(
            application=whom
        )
    title = _(STAGE_INFO[stage].title)
    if reading.intent is Intent.PASSED_STAGE:
        when = _when(context, reading) if stage in INTERVIEW_STAGES else None
        if when:
            text = _(
                "🎉 Selamat, Anda lolos! {application} lanjut ke tahap <b>{stage}</b>, "
                "wawancaranya {when}. Catat?"
            ).format(application=whom, stage=title, when=when)
        else:
            text = _(
                "🎉 Selamat, Anda lolos! {application} lanjut ke tahap <b>{stage}</b>. Catat?"
            ).format(application=whom, stage=title)
    else:
        text = _("📅 {summary} — {application}. Catat?").format(
            summary=interview_summary(context, reading, stage), application=whom
        )
    if _held(context, reading) and stage in INTERVIEW_STAGES:
        text += "\n" + _(
            "Wawancaranya sudah lewat: setelah dicatat, saya siapkan ucapan terima kasihnya."
        )
    return text


def _headline(context: CoachContext, reading: Reading) -> str:
    """What the coach understood, before knowing which application: the first line."""
    if reading.intent is Intent.OFFER_RECEIVED:
        line = _("🎉 Selamat atas tawaran kerjanya!")
        if reading.amount is not None:
            line += " " + _("Gaji pokok {amount} per bulan.").format(
                amount=money.format_rupiah(reading.amount)
            )
        return line
    if reading.intent is Intent.PASSED_STAGE:
        return _("🎉 Selamat, Anda lolos!")
    return "📅 " + interview_summary(context, reading, None)


# --- the message and its buttons ------------------------------------------------------------


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def _yes_or_wrong(
    report: ProgressReport, application_id: int, stage: Stage
) -> InlineKeyboardMarkup:
    return keyboards.rows(
        [
            _button(
                _("✅ Ya, catat"), confirm_data(report.id, application_id, stage, specifics=True)
            ),
            _button(_("✏️ Bukan begitu"), f"{REPORT_WRONG}{report.id}"),
        ],
        per_row=2,
    )


def _new_buttons(
    report: ProgressReport, reading: Reading, *, others: bool
) -> list[InlineKeyboardButton]:
    """A new application: one button, or one per interview stage when the message does not say."""
    stage = target(reading.intent, reading, None)
    if stage is not None:
        return [_button(_("➕ Lamaran baru"), confirm_data(report.id, 0, stage, specifics=True))]
    buttons = []
    for option in INTERVIEW_STAGES:
        label = stage_heading(option)
        if others:
            label = _("➕ Lamaran lain: {stage}").format(stage=label)
        buttons.append(_button(label, confirm_data(report.id, 0, option, specifics=True)))
    return buttons


def _application_button(
    report: ProgressReport, reading: Reading, application: JobApplication, specifics: bool = True
) -> InlineKeyboardButton:
    stage = target(reading.intent, reading, application) or Stage.FOLLOW_UP_INTERVIEWS
    return _button(
        f"{button_label(application)[:LABEL_NAME]} → {stage_heading(stage)}",
        confirm_data(report.id, application.id, stage, specifics=specifics),
    )


async def propose(context: CoachContext, intent: Intent, text: str) -> None:
    """Shows what a progress message says, with the one tap that records it."""
    found = (
        slots.extract_slots(text, local_now(context), allow_past=RECENT_INTERVIEW)
        if text
        else slots.Slots()
    )
    reading = _reading(intent, text, found, local_now(context))
    named = await named_applications(context, text)
    active = await repositories.active_applications(context.session, context.user.id)
    if len(named) == 1:
        picked: JobApplication | None = named[0]
        listed: list[JobApplication] = []
    elif named:
        picked, listed = None, named[:MAX_LISTED]
    elif reading.company is not None or not active:
        picked, listed = None, []  # a new application
    elif len(active) == 1:
        picked, listed = active[0], []
    else:
        picked, listed = None, active[:MAX_LISTED]
    if picked is not None:
        reading = replace(reading, application_id=picked.id)
    report = await reports.add(
        context.session, context.user.id, intent.value, reading.detail(), context.now()
    )
    if listed:
        question = {
            Intent.INTERVIEW_SCHEDULED: _("📅 {summary} — untuk lamaran yang mana?").format(
                summary=interview_summary(context, reading, None)
            ),
            Intent.PASSED_STAGE: _("🎉 Selamat, Anda lolos! Di lamaran yang mana?"),
        }.get(intent, _headline(context, reading) + "\n" + _("Dari lamaran yang mana?"))
        buttons = [_application_button(report, reading, a) for a in listed]
        if not named:
            buttons += _new_buttons(report, reading, others=True)
        context.reply(
            question + "\n" + _("Pilih lamarannya, dan saya catat."),
            reply_markup=keyboards.rows(buttons),
        )
        return
    stage = target(intent, reading, picked)
    if stage is None:  # a new application, its stage not said
        first = _headline(context, reading)
        if reading.company and intent is Intent.INTERVIEW_SCHEDULED:
            first = _("📅 {summary} — untuk {application}?").format(
                summary=interview_summary(context, reading, None), application=_whom(None, reading)
            )
        elif reading.company:
            first = _("🎉 Selamat, Anda lolos di {application}!").format(
                application=_whom(None, reading)
            )
        ask = (
            _("Lolos ke tahap mana? Pilih di bawah untuk mencatatnya dan melihat panduannya.")
            if intent is Intent.PASSED_STAGE
            else _(
                "Wawancara tahap mana? Pilih di bawah untuk mencatatnya dan melihat panduannya."
            )
        )
        context.reply(
            first + "\n" + ask,
            reply_markup=keyboards.rows(_new_buttons(report, reading, others=False)),
        )
        return
    context.reply(
        _understood(context, reading, picked, stage),
        reply_markup=_yes_or_wrong(report, picked.id if picked else 0, stage),
    )


# --- ✏️ Bukan begitu -------------------------------------------------------------------------


async def _report_of(update: Update, context: CoachContext, prefix: str) -> ProgressReport | None:
    raw = callbacks.data(update).removeprefix(prefix)
    report_id = keyboards.parse_id(raw)
    if report_id is None:
        return None
    return await reports.get(context.session, context.user.id, report_id, context.now())


async def wrong(update: Update, context: CoachContext) -> None:
    """One clarifying question after a wrong guess (px:<report id>): its buttons record the
    report for another application, at the other stage, as a new application, or without the
    time or amount read; or lead to the stages when it was no progress at all."""
    report = await _report_of(update, context, REPORT_WRONG)
    if report is None:
        await fallbacks.stale_button(update, context)
        return
    if report.status == reports.RECORDED:
        context.answer(_("Sudah tercatat."))
        return
    context.answer()
    context.drop_buttons(callback_message(update))
    reading = Reading.from_detail(report.intent, report.detail)
    picked = (
        await repositories.get_application(
            context.session, context.user.id, reading.application_id
        )
        if reading.application_id
        else None
    )
    if picked is not None and picked.status != ApplicationStatus.ACTIVE:
        picked = None
    buttons: list[InlineKeyboardButton] = []
    stage = target(reading.intent, reading, picked)
    if stage is not None and (reading.moment or reading.day or reading.amount):
        label = _("💰 Gajinya lain") if reading.amount else _("🕑 Waktunya lain")
        buttons.append(
            _button(
                label, confirm_data(report.id, picked.id if picked else 0, stage, specifics=False)
            )
        )
    if (
        picked is not None
        and stage in INTERVIEW_STAGES
        and reading.intent is Intent.INTERVIEW_SCHEDULED
    ):
        other = (
            Stage.SCREENING if stage is Stage.FOLLOW_UP_INTERVIEWS else Stage.FOLLOW_UP_INTERVIEWS
        )
        if not is_earlier(other, parse_stage(picked.stage)):
            buttons.append(
                _button(
                    f"{button_label(picked)[:LABEL_NAME]} → {stage_heading(other)}",
                    confirm_data(report.id, picked.id, other, specifics=True),
                )
            )
    active = await repositories.active_applications(context.session, context.user.id)
    others = [a for a in active if picked is None or a.id != picked.id][:MAX_LISTED]
    buttons += [_application_button(report, reading, a) for a in others]
    if picked is not None:
        buttons += _new_buttons(report, reading, others=True)
    buttons.append(fallbacks.command_button(_("🧭 Tahap wawancara"), "wawancara"))
    context.reply(
        _("Maaf, saya salah tangkap. Mana yang benar? Atau tulis ulang dengan kata lain."),
        reply_markup=keyboards.rows(buttons),
    )


# --- a rejection: mark the application ------------------------------------------------------


async def offer_to_mark_rejected(context: CoachContext, text: str) -> None:
    """Beside /tangguh's offer: mark the application the rejection is about not accepted."""
    named = await named_applications(context, text)
    if not named:
        named = await repositories.active_applications(context.session, context.user.id)
    if len(named) != 1:
        return
    application = named[0]
    context.reply(
        _("Tandai lamaran {application} sebagai tidak diterima? Pengingatnya akan saya batalkan.")
        .format(application=application_label(application)),
        reply_markup=keyboards.rows(
            [_button(_("✅ Ya, tandai tidak diterima"), f"{MARK_REJECTED}{application.id}")]
        ),
    )  # fmt: skip


async def mark(update: Update, context: CoachContext) -> None:
    """Marks the application not accepted (rj:<application id>), with its draft."""
    application_id = keyboards.parse_id(callbacks.data(update).removeprefix(MARK_REJECTED))
    application = (
        await repositories.get_application(context.session, context.user.id, application_id)
        if application_id is not None
        else None
    )
    if application is not None and application.status == ApplicationStatus.REJECTED:
        context.answer(_("Sudah tercatat."))
        return
    if application is None or application.status != ApplicationStatus.ACTIVE:
        await fallbacks.stale_button(update, context)
        return
    context.answer()
    context.drop_buttons(callback_message(update))
    await mark_rejected(context, application)
    context.reply(
        _(
            "Tercatat: lamaran {application} tidak diterima. Pengingat untuk lamaran ini sudah "
            "saya batalkan."
        ).format(application=application_label(application))
    )
    context.reply(drafting.rejection_reply(context, application))
