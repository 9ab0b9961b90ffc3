"""When the coach nudges: the timing advice (the seed's and ours) as rules over plain data.

Each rule turns an event (a recruiter's contact, an interview, an offer, a rejection, a silence)
into planned nudges with a due time and an expiry: the moment after which the nudge would
mislead, so that a nudge found many hours late is dropped instead of sent as if nothing changed
(a "prepare tonight" after the interview, a "24 hours are running out" after they ran out).
"""

from __future__ import annotations

import hashlib
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
    # A time of day that many users share ("the evening before", "10.00 the next morning"):
    # each user's nudge falls somewhere in this long after `due_at` (see `for_user`), so that
    # the dispatcher is not handed every user's row at one instant.
    spread: timedelta = timedelta(0)


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
# How long a moment that many users share is spread over (at 30 messages a second, an hour
# holds 108,000 nudges): the evening before (19.00-20.00), 10.00-11.00 the next morning, and
# the end of the quiet hours (07.00-08.00 by default).
_MICROSECOND = timedelta(microseconds=1)
SHARED_MOMENT_SPREAD = timedelta(hours=1)


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
        # "Now" is this user's own moment; the evening is everyone's.
        spread = SHARED_MOMENT_SPREAD if prep_due == evening else timedelta(0)
        plans.append(
            PlannedNudge(
                NudgeKind.INTERVIEW_PREP, prep_due, scheduled_at - GOOD_LUCK_BEFORE, spread
            )
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
        PlannedNudge(
            NudgeKind.REJECTION_FEEDBACK,
            next_morning,
            next_morning + timedelta(days=7),
            SHARED_MOMENT_SPREAD,
        ),
        PlannedNudge(NudgeKind.REJECTION_CHECK_IN, check_in, check_in + STALE_AFTER),
    ]


def silence(last_activity: datetime) -> PlannedNudge:
    """An active application with no news for a week: "Ada kabar dari {company}?"."""
    due = last_activity + SILENCE
    return PlannedNudge(NudgeKind.SILENT_APPLICATION, due, due + SILENCE)


def resilience_check_in(due_at: datetime) -> PlannedNudge:
    return PlannedNudge(NudgeKind.RESILIENCE_CHECK_IN, due_at, due_at + STALE_AFTER)


def _is_quiet(local: datetime, quiet_start: int, quiet_end: int) -> bool:
    hour = local.hour
    if quiet_start > quiet_end:  # wraps midnight
        return hour >= quiet_start or hour < quiet_end
    return quiet_start <= hour < quiet_end


def _next_at_hour(local: datetime, hour: int) -> datetime:
    """The first moment after `local` (or `local` itself) at `hour`.00 on the same clock."""
    moment = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    return moment if moment >= local else moment + timedelta(days=1)


def out_of_quiet_hours(due: datetime, zone: str, quiet_start: int, quiet_end: int) -> datetime:
    """The first moment at or after `due` outside the quiet hours (which may wrap midnight)."""
    if quiet_start == quiet_end:
        return due
    local = due.astimezone(ZoneInfo(zone))
    if not _is_quiet(local, quiet_start, quiet_end):
        return due
    return _next_at_hour(local, quiet_end).astimezone(due.tzinfo)


def quiet_hours_begin(after: datetime, zone: str, quiet_start: int, quiet_end: int) -> datetime:
    """When the next quiet hours begin, at or after `after` (which is outside them);
    `datetime.max` (in UTC) when the user has none."""
    if quiet_start == quiet_end:
        return datetime.max.replace(tzinfo=after.tzinfo)
    return _next_at_hour(after.astimezone(ZoneInfo(zone)), quiet_start).astimezone(after.tzinfo)


def user_fraction(user_id: int) -> float:
    """A number in [0, 1) that is the same for a user every time and spreads evenly over users:
    where in a shared moment's window their nudges fall. A hash rather than `user_id % n`, which
    would bunch ids that share a stride (bulk-created test accounts, ids of one era)."""
    key = user_id.to_bytes(16, "big", signed=True)
    digest = hashlib.blake2b(key, digest_size=8, person=b"nudge-spread").digest()
    return int.from_bytes(digest, "big") / 2**64


def for_user(plan: PlannedNudge, fraction: float) -> datetime:
    """The plan's moment for one user: `due_at` moved by their share of the plan's spread,
    and never to or past its expiry."""
    if not plan.spread:
        return plan.due_at
    room = min(plan.spread, plan.expires_at - plan.due_at)
    return plan.due_at + max(room, timedelta(0)) * fraction


@dataclass(frozen=True)
class QuietHours:
    """A user's quiet hours, in their zone, and their place in shared moments' windows."""

    zone: str
    start: int
    end: int
    fraction: float


def place(planned: datetime, expires_at: datetime | None, quiet: QuietHours) -> datetime | None:
    """When a nudge planned for `planned` may go out: then, or when the quiet hours that hold
    `planned` end, spread over `SHARED_MOMENT_SPREAD` (the end of the quiet hours is a moment
    every user with those hours shares) without reaching the next quiet hours or the expiry.
    None when no moment before the expiry is left."""
    due = out_of_quiet_hours(planned, quiet.zone, quiet.start, quiet.end)
    if due != planned:
        limit = quiet_hours_begin(due, quiet.zone, quiet.start, quiet.end)
        if expires_at is not None:
            limit = min(limit, expires_at)
        room = max(min(SHARED_MOMENT_SPREAD, limit - due), timedelta(0))
        # timedelta * float rounds to the microsecond: a fraction just below 1 would land on
        # the limit itself (the next quiet hours' first instant, or the expiry).
        due += min(room * quiet.fraction, max(room - _MICROSECOND, timedelta(0)))
    if expires_at is not None and due >= expires_at:
        return None
    return due


def retry_delay(attempts: int) -> timedelta:
    """Backoff after a network or server error: 30 s, 1 min, 2 min, ... at most an hour."""
    seconds = 30 * 2 ** min(max(attempts - 1, 0), 7)
    return min(timedelta(seconds=seconds), timedelta(hours=1))


MAX_ATTEMPTS = 8
