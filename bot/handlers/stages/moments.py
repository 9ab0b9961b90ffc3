"""Dates and times in the stage conversations: quick picks, day names, what was wrong with one."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html import escape

from babel.dates import format_date, format_datetime
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import keyboards
from bot.callbacks import AT, DAY
from bot.coach import dates
from bot.context import CoachContext
from bot.handlers.stages.records import local_now
from bot.i18n import _, current_locale, format_moment

# An interview of the last two days is still worth recording: its thank-you note is on time.
RECENT_INTERVIEW = timedelta(days=2)


def _babel_locale() -> str:
    return "en_GB" if current_locale() == "en" else "id"


def short_moment(moment: datetime) -> str:
    """ "Kam 26 Nov 10.00": a moment on a button."""
    pattern = "EEE d MMM HH:mm" if current_locale() == "en" else "EEE d MMM HH.mm"
    return format_datetime(moment, pattern, locale=_babel_locale(), tzinfo=moment.tzinfo)


def short_day(moment: datetime | date) -> str:
    """ "Kam 26 Nov": a day on a button or in a list."""
    if isinstance(moment, datetime):
        return format_datetime(moment, "EEE d MMM", locale=_babel_locale(), tzinfo=moment.tzinfo)
    return format_date(moment, "EEE d MMM", locale=_babel_locale())


def format_day_only(day: date) -> str:
    """ "Senin, 30 November 2026" in the current locale."""
    return format_date(day, "EEEE, d MMMM y", locale=_babel_locale())


def date_from_iso(raw: object) -> date:
    if not isinstance(raw, str):
        raise ValueError("no day")
    return date.fromisoformat(raw)


def examples(context: CoachContext, tense: dates.Tense) -> str:
    """ "<i>besok jam 10</i>, <i>Sabtu jam 14.00</i> atau <i>3/12 13.00</i>": example answers
    relative to today, in the question's tense."""
    phrases = [
        f"<i>{escape(phrase)}</i>"
        for phrase in dates.example_phrases(
            local_now(context), tense, locale="en" if current_locale() == "en" else "id"
        )
    ]
    if len(phrases) < 2:
        return "".join(phrases)
    return _("{examples} atau {last}").format(examples=", ".join(phrases[:-1]), last=phrases[-1])


def quick_times(context: CoachContext) -> InlineKeyboardMarkup:
    """Three likely interview slots: tomorrow morning and afternoon, the day after at ten."""
    day = local_now(context).replace(hour=0, minute=0, second=0, microsecond=0)
    slots = [
        day + timedelta(days=1, hours=9),
        day + timedelta(days=1, hours=13),
        day + timedelta(days=2, hours=10),
    ]
    return keyboards.rows(
        (
            InlineKeyboardButton(short_moment(slot), callback_data=f"{AT}{int(slot.timestamp())}")
            for slot in slots
        ),
        per_row=3,
    )


def which_week(result: dates.WhenResult) -> InlineKeyboardMarkup:
    """Two buttons for "Senin depan" said on a weekend: the coming day and the one a week on."""
    buttons = []
    for candidate in result.candidates:
        if candidate.value is not None:
            buttons.append(
                InlineKeyboardButton(
                    short_moment(candidate.value),
                    callback_data=f"{AT}{int(candidate.value.timestamp())}",
                )
            )
        elif candidate.day is not None:
            buttons.append(
                InlineKeyboardButton(
                    short_day(candidate.day), callback_data=f"{DAY}{candidate.day.isoformat()}"
                )
            )
    return keyboards.rows(buttons, per_row=2)


def moment_problem(
    context: CoachContext, result: dates.WhenResult, tense: dates.Tense = dates.Tense.FUTURE
) -> str:
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
            return _("Maaf, saya tidak bisa membaca waktunya. Tulis misalnya {examples}.").format(
                examples=examples(context, tense)
            )
