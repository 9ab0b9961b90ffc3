"""When the coach nudges: the timing advice (the seed's and ours) as rules over plain data.

Each rule turns an event (a recruiter's contact, an interview, an offer, a rejection, a silence)
into planned nudges with a due time and an expiry: the moment after which the nudge would
mislead, so that a nudge found many hours late is dropped instead of sent as if nothing changed
(a "prepare tonight" after the interview, a "24 hours are running out" after they ran out).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class NudgeKind(StrEnum):
    """Stable values: stored in the database."""

    RECRUITER_REPLY = "balas_rekruter"
    INTERVIEW_PREP = "persiapan"
    GOOD_LUCK = "semangat"
    DEBRIEF = "bagaimana"
    THANK_YOU_LAST_CALL = "terima_kasih_24j"
    OFFER_DECISION = "keputusan_tawaran"
    REJECTION_FEEDBACK = "minta_umpan_balik"
    REJECTION_CHECK_IN = "cek_kabar"
    SILENT_APPLICATION = "ada_kabar"
    RESILIENCE_CHECK_IN = "cek_tangguh"


@dataclass(frozen=True)
class PlannedNudge:
    kind: NudgeKind
    due_at: datetime
    expires_at: datetime


# The timings, named. Only the 24 hours for a thank-you and the day or two for an offer come from
# the seed; "a few hours", "the evening before" and "a couple of hours after" are our coaching.
RECRUITER_REPLY_AFTER = timedelta(hours=3)
PREP_EVENING_AT = time(19, 0)
GOOD_LUCK_BEFORE = timedelta(hours=1)
DEBRIEF_AFTER = timedelta(hours=2)
THANK_YOU_WINDOW = timedelta(hours=24)
THANK_YOU_LAST_CALL_BEFORE_END = timedelta(hours=4)
OFFER_DEFAULT_DECISION_AFTER = timedelta(days=1)
OFFER_REMIND_BEFORE_DEADLINE = timedelta(hours=24)
REJECTION_FEEDBACK_AT = time(10, 0)
REJECTION_CHECK_IN_AFTER = timedelta(days=7)
SILENCE = timedelta(days=7)
SNOOZE = timedelta(hours=2)
# A nudge that has no natural end still stops making sense after a while.
STALE_AFTER = timedelta(days=3)


def recruiter_contacted(contacted_at: datetime) -> list[PlannedNudge]:
    """A few hours after the contact: "Sudah membalas rekruter?"."""
    due = contacted_at + RECRUITER_REPLY_AFTER
    return [PlannedNudge(NudgeKind.RECRUITER_REPLY, due, contacted_at + timedelta(days=2))]


def interview_scheduled(scheduled_at: datetime, now: datetime, zone: str) -> list[PlannedNudge]:
    """The evening before: prepare; an hour before: good luck; after: debrief and thank-you."""
    local = scheduled_at.astimezone(ZoneInfo(zone))
    evening = datetime.combine(local.date() - timedelta(days=1), PREP_EVENING_AT, local.tzinfo)
    plans: list[PlannedNudge] = []
    # Planned too late for the evening before (the interview is tonight or tomorrow morning):
    # prepare now, as long as there is still time before the interview.
    prep_due = max(evening, now)
    if prep_due < scheduled_at - GOOD_LUCK_BEFORE:
        plans.append(
            PlannedNudge(NudgeKind.INTERVIEW_PREP, prep_due, scheduled_at - GOOD_LUCK_BEFORE)
        )
    if scheduled_at - GOOD_LUCK_BEFORE > now:
        plans.append(
            PlannedNudge(NudgeKind.GOOD_LUCK, scheduled_at - GOOD_LUCK_BEFORE, scheduled_at)
        )
    window_end = scheduled_at + THANK_YOU_WINDOW
    plans.append(PlannedNudge(NudgeKind.DEBRIEF, scheduled_at + DEBRIEF_AFTER, window_end))
    plans.append(
        PlannedNudge(
            NudgeKind.THANK_YOU_LAST_CALL, window_end - THANK_YOU_LAST_CALL_BEFORE_END, window_end
        )
    )
    return [plan for plan in plans if plan.expires_at > now]


def offer_received(
    received_at: datetime, deadline: datetime | None, now: datetime
) -> list[PlannedNudge]:
    """Before the deadline (or after a day when there is none): decide, ask for time, negotiate."""
    if deadline is None:
        due = max(received_at + OFFER_DEFAULT_DECISION_AFTER, now)
        return [PlannedNudge(NudgeKind.OFFER_DECISION, due, due + STALE_AFTER)]
    due = max(deadline - OFFER_REMIND_BEFORE_DEADLINE, now)
    if due >= deadline:
        return []
    return [PlannedNudge(NudgeKind.OFFER_DECISION, due, deadline)]


def rejected(rejected_at: datetime, zone: str) -> list[PlannedNudge]:
    """The next day: thanks and a feedback request; a week later: a gentle check-in."""
    local = rejected_at.astimezone(ZoneInfo(zone))
    next_morning = datetime.combine(
        local.date() + timedelta(days=1), REJECTION_FEEDBACK_AT, local.tzinfo
    )
    check_in = rejected_at + REJECTION_CHECK_IN_AFTER
    return [
        PlannedNudge(NudgeKind.REJECTION_FEEDBACK, next_morning, next_morning + timedelta(days=7)),
        PlannedNudge(NudgeKind.REJECTION_CHECK_IN, check_in, check_in + STALE_AFTER),
    ]


def silence(last_activity: datetime) -> PlannedNudge:
    """An active application with no news for a week: "Ada kabar dari {company}?"."""
    due = last_activity + SILENCE
    return PlannedNudge(NudgeKind.SILENT_APPLICATION, due, due + SILENCE)


def resilience_check_in(due_at: datetime) -> PlannedNudge:
    return PlannedNudge(NudgeKind.RESILIENCE_CHECK_IN, due_at, due_at + STALE_AFTER)


def out_of_quiet_hours(due: datetime, zone: str, quiet_start: int, quiet_end: int) -> datetime:
    """The first moment at or after `due` outside the quiet hours (which may wrap midnight)."""
    if quiet_start == quiet_end:
        return due
    local = due.astimezone(ZoneInfo(zone))
    hour = local.hour
    wraps = quiet_start > quiet_end
    quiet = (hour >= quiet_start or hour < quiet_end) if wraps else quiet_start <= hour < quiet_end
    if not quiet:
        return due
    morning = local.replace(hour=quiet_end, minute=0, second=0, microsecond=0)
    if morning <= local:
        morning += timedelta(days=1)
    return morning.astimezone(due.tzinfo)


def retry_delay(attempts: int) -> timedelta:
    """Backoff after a network or server error: 30 s, 1 min, 2 min, ... at most an hour."""
    seconds = 30 * 2 ** min(max(attempts - 1, 0), 7)
    return min(timedelta(seconds=seconds), timedelta(hours=1))


MAX_ATTEMPTS = 8
