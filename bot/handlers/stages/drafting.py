"""The drafts of an application, built from what is recorded: the recruiter's name, the
interviewers, the offer's amount and deadline, the user's full name and phone, free slots."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TypedDict, cast

from bot.coach import drafts, money
from bot.coach.stages import Stage, parse_stage
from bot.context import CoachContext
from bot.followups import render
from bot.handlers.stages.moments import RECENT_INTERVIEW
from bot.handlers.stages.questions.offer_details import offer_amount, offer_deadline
from bot.handlers.stages.questions.when import TOO_CLOSE
from bot.handlers.stages.records import application_label, local_now
from bot.handlers.stages.steps import CHANNELS, KINDS
from bot.i18n import _, format_moment
from bot.storage import repositories
from bot.storage.models import Interview, JobApplication

# Slots proposed to a recruiter: the next working days at these hours, as many as the coaching
# says to offer ("2–3 pilihan waktu"), never on an interview already booked.
SLOT_HOURS = (10, 14)
SLOT_COUNT = 3
SLOT_SEARCH_DAYS = 14


class Signature(TypedDict):
    user_name: str
    full_name: str
    phone: str


def signed(context: CoachContext) -> Signature:
    """The signature's parts: the first name always, the full name and phone when given."""
    user = context.user
    return {
        "user_name": user.first_name,
        "full_name": user.full_name or "",
        "phone": user.phone or "",
    }


async def free_slots(context: CoachContext) -> list[str]:
    """Times to offer a recruiter: working days ahead at 10.00 and 14.00, away from interviews
    already booked (any application)."""
    today = local_now(context).replace(hour=0, minute=0, second=0, microsecond=0)
    booked = await repositories.interviews_between(
        context.session,
        context.user.id,
        context.now(),
        context.now() + timedelta(days=SLOT_SEARCH_DAYS + 1),
    )
    taken = [interview.scheduled_at for interview, _ in booked if interview.scheduled_at]
    slots: list[datetime] = []
    for offset in range(1, SLOT_SEARCH_DAYS + 1):
        day = today + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for hour in SLOT_HOURS:
            slot = day + timedelta(hours=hour)
            if all(abs(slot - moment) >= TOO_CLOSE for moment in taken):
                slots.append(slot)
        if len(slots) >= SLOT_COUNT:
            break
    return [format_moment(slot, context.timezone) for slot in slots[:SLOT_COUNT]]


async def recruiter_reply(context: CoachContext, application: JobApplication) -> str:
    contacted = await repositories.latest_event(context.session, application.id, "contacted")
    channel = str(contacted.detail.get("channel", "email")) if contacted else "email"
    return drafts.recruiter_reply(
        company=application.company,
        role=application.role,
        recruiter_name=application.contact_name or "",
        channel=cast(drafts.Channel, channel if channel in CHANNELS else "email"),
        time_options=await free_slots(context),
        **signed(context),
    )


def thank_you(
    context: CoachContext, application: JobApplication, interview: Interview | None
) -> str:
    """The thank-you note(s) of an interview, in one message within the budget: for a screening
    the email to the recruiter, else a note per interviewer (render.debrief)."""
    stage = parse_stage(interview.stage) if interview is not None else Stage.SCREENING
    moment = interview.scheduled_at if interview is not None else None
    if moment is not None and moment <= context.now():
        header = _(
            "📨 Kirim ucapan terima kasih ini paling lambat {deadline} (24 jam setelah wawancara)."
        ).format(deadline=format_moment(moment + timedelta(hours=24), context.timezone))
    else:
        header = _("📨 Kirim ucapan terima kasih ini dalam 24 jam setelah wawancara.")
    parts = signed(context)
    kind = interview.kind if interview is not None and interview.kind in KINDS else "manajer"
    return render.debrief(
        application_label(application),
        application.company,
        application.role,
        interviewers=(
            list(interview.interviewers)
            if interview is not None and stage is Stage.FOLLOW_UP_INTERVIEWS
            else None
        ),
        kind=cast(drafts.InterviewKind, kind),
        user_name=parts["user_name"],
        contact_name=application.contact_name or "",
        full_name=parts["full_name"],
        phone=parts["phone"],
        header=header,
    )


def recently_held(context: CoachContext, interview: Interview | None) -> bool:
    """Held, and recently enough for its thank-you to be on time."""
    if interview is None or interview.scheduled_at is None:
        return False
    return context.now() - RECENT_INTERVIEW <= interview.scheduled_at <= context.now()


async def offer_draft(context: CoachContext, application: JobApplication, which: str) -> str:
    """One of the three offer drafts: accept ("terima"), negotiate ("nego"), more time
    ("waktu"). The negotiation asks for a concrete range from the recorded amount; the time
    request never asks for the deadline the company set."""
    offer = await repositories.latest_event(context.session, application.id, "offer")
    contact = application.contact_name or ""
    company, role, signature = application.company, application.role, signed(context)
    if which == "nego":
        amount = offer_amount(offer)
        draft = drafts.offer_negotiate(
            company=company, role=role, contact_name=contact, offer_amount=amount, **signature
        )
        if amount is None:
            return draft
        return money.render_counter_offer(amount) + "\n\n" + draft
    if which == "waktu":
        deadline = offer_deadline(offer)
        return drafts.offer_ask_time(
            company=company,
            role=role,
            contact_name=contact,
            **signature,
            deadline=format_moment(deadline, context.timezone) if deadline else "",
        )
    return drafts.offer_accept(company=company, role=role, contact_name=contact, **signature)


def rejection_reply(context: CoachContext, application: JobApplication) -> str:
    return drafts.rejection_reply(
        company=application.company,
        role=application.role,
        contact_name=application.contact_name or "",
        **signed(context),
    )


def withdrawal(context: CoachContext, application: JobApplication) -> str:
    return drafts.withdrawal(
        company=application.company,
        role=application.role,
        contact_name=application.contact_name or "",
        **signed(context),
    )
