"""What a progress message said, recorded on an application once the user confirmed it.

handlers/progress.py reads the message ("dijadwalin screening telpon besok jam 10 sama PT Aman
Siber") into a `Reading` and keeps it as a progress report until the tap; the stage flow that
the tap opens (handlers/stages/flow.py) records it here, through the functions the stage
questions use themselves (an interview through questions/when.record_moment, an offer
through records.record_offer), and then asks only what is still missing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from bot import callbacks
from bot.callbacks import REPORT
from bot.coach import money
from bot.coach.intents import Intent
from bot.coach.stages import Stage
from bot.context import CoachContext
from bot.handlers.stages.question import Answered, Result
from bot.handlers.stages.questions.asking import ask, change_button, current_interview, remember
from bot.handlers.stages.questions.when import record_moment
from bot.handlers.stages.records import record_offer
from bot.handlers.stages.steps import FORMATS, KINDS, Step
from bot.i18n import _
from bot.storage import repositories
from bot.storage.models import JobApplication

# The interview stages, whose conversations record a moment.
INTERVIEW_STAGES = (Stage.SCREENING, Stage.FOLLOW_UP_INTERVIEWS)


@dataclass(frozen=True)
class Reading:
    """A progress message as understood: every part None (or False) when it was not said."""

    intent: Intent
    moment: datetime | None = None  # an interview's date and time (also one just held)
    day: date | None = None  # an interview's day, its time not said
    format: str | None = None  # steps.FORMATS: telepon, video, langsung
    kind: str | None = None  # steps.KINDS: manajer, teknis, panel
    screening: bool = False  # the message names the screening
    amount: int | None = None  # an offer's monthly salary, in rupiah
    company: str | None = None  # for a new application, as read
    role: str | None = None
    application_id: int | None = None  # the application the coach took it to be about

    def detail(self) -> dict[str, Any]:
        """As stored in a progress report (JSON)."""
        return {
            "moment": self.moment.isoformat() if self.moment else None,
            "day": self.day.isoformat() if self.day else None,
            "format": self.format,
            "kind": self.kind,
            "screening": self.screening,
            "amount": self.amount,
            "company": self.company,
            "role": self.role,
            "application": self.application_id,
        }

    @classmethod
    def from_detail(cls, intent: str, detail: dict[str, Any]) -> Reading:
        """The reading a report stored; a part that does not read back is left out."""

        def text(key: str) -> str | None:
            value = detail.get(key)
            return value if isinstance(value, str) and value else None

        def number(key: str) -> int | None:
            value = detail.get(key)
            return value if isinstance(value, int) and not isinstance(value, bool) else None

        moment = _moment(text("moment"))
        day = _day(text("day"))
        return cls(
            intent=next((i for i in Intent if i.value == intent), Intent.OTHER),
            moment=moment if moment is not None and moment.tzinfo is not None else None,
            day=day,
            format=text("format") if text("format") in FORMATS else None,
            kind=text("kind") if text("kind") in KINDS else None,
            screening=detail.get("screening") is True,
            amount=number("amount"),
            company=text("company"),
            role=text("role"),
            application_id=number("application"),
        )

    def without_specifics(self) -> Reading:
        """The reading without its time and amount: "✏️ Bukan begitu" said they were wrong."""
        return replace(self, moment=None, day=None, amount=None)


def _moment(raw: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _day(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def confirm_data(report_id: int, application_id: int, stage: Stage, *, specifics: bool) -> str:
    """The data of a button that records report `report_id` for the application (0: a new
    one) at `stage`; without `specifics`, its time and amount are asked instead."""
    data = f"{REPORT}{report_id}:{application_id}:{stage.value}"
    return data if specifics else f"{data}:t"


def parse_confirm(update_data: str) -> tuple[int, int, bool] | None:
    """(report id, application id or 0, keep the specifics) from a confirm button's data."""
    parts = update_data.removeprefix(REPORT).split(":")
    if len(parts) not in (3, 4) or (len(parts) == 4 and parts[3] != "t"):
        return None
    if not (parts[0].isascii() and parts[0].isdigit() and parts[1].isascii()):
        return None
    if not parts[1].isdigit() or len(parts[0]) > 12 or len(parts[1]) > 12:
        return None
    return int(parts[0]), int(parts[1]), len(parts) == 3


def confirm_pattern(stage: Stage) -> str:
    return callbacks.pattern(REPORT, f"\\d+:\\d+:{stage.value}(?::t)?$")


async def record(
    context: CoachContext, application: JobApplication, stage: Stage, reading: Reading
) -> Result | None:
    """Records on the application (already at `stage`) what the reading says for that stage.

    Returns the question to wait for when one must come first (the time of a day said without
    one; another interview already at that moment), else None: the flow then asks what is still
    missing."""
    if stage in INTERVIEW_STAGES and reading.intent is not Intent.OFFER_RECEIVED:
        if await repositories.latest_interview(context.session, application.id, stage.value):
            # The stage has an interview already: this one is another (as ➕ Tambah wawancara).
            remember(context, adding=True)
        if reading.moment is not None:
            result = await record_moment(context, application, stage, reading.moment)
            if not isinstance(result, Answered):
                return result
            interview = await current_interview(context, application, stage)
            value = reading.format if stage is Stage.SCREENING else reading.kind
            if interview is not None and not interview.kind and value:
                interview.kind = value
        elif reading.day is not None:
            remember(context, day=reading.day.isoformat())
            return await ask(context, Step.TIME_OF_DAY, application)
    if stage is Stage.OFFER and reading.intent is Intent.OFFER_RECEIVED:
        await _record_offer(context, application, reading.amount)
    return None


async def _record_offer(
    context: CoachContext, application: JobApplication, amount: int | None
) -> None:
    offer = await repositories.latest_event(context.session, application.id, "offer")
    if offer is None:
        offer = await record_offer(context, application, context.now(), amount)
    elif amount is not None and "amount" not in offer.detail:
        offer.detail = {**offer.detail, "amount": amount}
    else:
        return
    if amount is not None:
        context.reply(
            _("Tercatat: gaji pokok <b>{amount}</b> per bulan.").format(
                amount=money.format_rupiah(amount)
            ),
            reply_markup=change_button(application, "am"),
        )
