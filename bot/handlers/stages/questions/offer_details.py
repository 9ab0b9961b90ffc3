"""The offer: when it came, until when the answer is awaited, the salary offered; and how a
recorded offer is read (its amount, its deadline) and plans its nudges.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from telegram import InlineKeyboardButton, Update

from bot import callbacks, keyboards
from bot.callbacks import NO_DEADLINE, RECEIVED, SKIP, pattern
from bot.coach import choices, dates, money
from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.followups import schedule as followups
from bot.handlers.stages import steps
from bot.handlers.stages.moments import examples, moment_problem
from bot.handlers.stages.question import Answered, Pressed, Question, Result, Typed, single_button
from bot.handlers.stages.questions.asking import (
    change_button,
    escaped_company,
    is_typed,
    lost_application,
    message_text,
    reask,
    tick,
)
from bot.handlers.stages.questions.table import register
from bot.handlers.stages.records import focused, local_now, record_offer
from bot.handlers.stages.steps import Step
from bot.i18n import _, format_day, format_moment
from bot.storage import repositories
from bot.storage.models import ApplicationEvent, JobApplication

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


register(
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
)
