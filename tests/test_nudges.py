"""The follow-up rules as data: due times, expiries, quiet hours, backoff."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.coach import nudges
from bot.coach.nudges import NudgeKind

JAKARTA = ZoneInfo("Asia/Jakarta")


def wib(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=JAKARTA)


def kinds(plans: list[nudges.PlannedNudge]) -> dict[NudgeKind, tuple[datetime, datetime]]:
    return {
        p.kind: (p.due_at.astimezone(JAKARTA), p.expires_at.astimezone(JAKARTA)) for p in plans
    }


def test_recruiter_reply_a_few_hours_later() -> None:
    [plan] = nudges.recruiter_contacted(wib(25, 9))
    assert plan.kind is NudgeKind.RECRUITER_REPLY
    assert plan.due_at == wib(25, 12)


def test_interview_nudges_around_the_interview() -> None:
    plans = kinds(nudges.interview_scheduled(wib(26, 10), wib(25, 9), "Asia/Jakarta"))
    assert plans[NudgeKind.INTERVIEW_PREP] == (wib(25, 19), wib(26, 9))
    assert plans[NudgeKind.GOOD_LUCK] == (wib(26, 9), wib(26, 10))
    assert plans[NudgeKind.DEBRIEF] == (wib(26, 12), wib(27, 10))
    assert plans[NudgeKind.THANK_YOU_LAST_CALL] == (wib(27, 6), wib(27, 10))


def test_interview_planned_late_prepares_now_and_skips_the_past() -> None:
    plans = kinds(nudges.interview_scheduled(wib(26, 10), wib(25, 22), "Asia/Jakarta"))
    assert plans[NudgeKind.INTERVIEW_PREP][0] == wib(25, 22)
    # An interview in 30 minutes: no time to prepare, no good-luck an hour before.
    plans = kinds(nudges.interview_scheduled(wib(25, 10, 30), wib(25, 10), "Asia/Jakarta"))
    assert NudgeKind.INTERVIEW_PREP not in plans and NudgeKind.GOOD_LUCK not in plans
    assert NudgeKind.DEBRIEF in plans


def test_interview_in_another_zone_prepares_the_local_evening_before() -> None:
    jayapura = ZoneInfo("Asia/Jayapura")
    at = datetime(2026, 11, 26, 10, tzinfo=jayapura)
    plans = nudges.interview_scheduled(
        at, datetime(2026, 11, 25, 9, tzinfo=jayapura), "Asia/Jayapura"
    )
    prep = next(p for p in plans if p.kind is NudgeKind.INTERVIEW_PREP)
    assert prep.due_at.astimezone(jayapura).hour == 19


def test_offer_with_and_without_deadline() -> None:
    [plan] = nudges.offer_received(wib(25, 9), wib(27, 17), wib(25, 9))
    assert (plan.due_at, plan.expires_at) == (wib(26, 17), wib(27, 17))
    [plan] = nudges.offer_received(wib(25, 9), None, wib(25, 9))
    assert plan.due_at == wib(26, 9)
    # A deadline in two hours: remind now.
    [plan] = nudges.offer_received(wib(25, 9), wib(25, 11), wib(25, 9))
    assert plan.due_at == wib(25, 9)
    assert nudges.offer_received(wib(25, 9), wib(25, 8), wib(25, 9)) == []


def test_rejection_next_morning_and_a_week_later() -> None:
    plans = kinds(nudges.rejected(wib(25, 16), "Asia/Jakarta"))
    assert plans[NudgeKind.REJECTION_FEEDBACK][0] == wib(26, 10)
    assert plans[NudgeKind.REJECTION_CHECK_IN][0] == wib(2, 16, month=12)


def test_silence_after_a_week() -> None:
    plan = nudges.silence(wib(25, 9))
    assert plan.kind is NudgeKind.SILENT_APPLICATION and plan.due_at == wib(2, 9, month=12)


@pytest.mark.parametrize(
    ("due", "start", "end", "expected"),
    [
        (wib(25, 20, 59), 21, 7, wib(25, 20, 59)),
        (wib(25, 21), 21, 7, wib(26, 7)),
        (wib(25, 23, 30), 21, 7, wib(26, 7)),
        (wib(26, 3), 21, 7, wib(26, 7)),
        (wib(26, 7), 21, 7, wib(26, 7)),
        (wib(26, 12), 12, 14, wib(26, 14)),
        (wib(26, 3), 0, 0, wib(26, 3)),
        (wib(26, 5), 22, 6, wib(26, 6)),
    ],
)
def test_quiet_hours(due: datetime, start: int, end: int, expected: datetime) -> None:
    assert nudges.out_of_quiet_hours(due, "Asia/Jakarta", start, end) == expected


def test_quiet_hours_use_the_users_zone() -> None:
    due = datetime(2026, 11, 25, 14, 30, tzinfo=UTC)  # 21.30 WIB, 23.30 WIT
    shifted = nudges.out_of_quiet_hours(due, "Asia/Jayapura", 21, 7)
    assert shifted.astimezone(ZoneInfo("Asia/Jayapura")) == datetime(
        2026, 11, 26, 7, tzinfo=ZoneInfo("Asia/Jayapura")
    )


def test_backoff_grows_and_is_capped() -> None:
    delays = [nudges.retry_delay(n) for n in range(1, 12)]
    assert delays[0] == timedelta(seconds=30)
    assert delays[1] == timedelta(minutes=1)
    assert delays == sorted(delays)
    assert delays[-1] == timedelta(hours=1)


# --- the user's own moment, and no self-made herds ----------------------------------------------

QUIET = nudges.QuietHours("Asia/Jakarta", 21, 7, fraction=0.5)


def test_a_users_fraction_is_stable_and_in_range() -> None:
    fractions = [nudges.user_fraction(user_id) for user_id in (1, 1001, -5, 2**40, 7 * 10**9)]
    assert all(0 <= f < 1 for f in fractions)
    assert fractions == [nudges.user_fraction(i) for i in (1, 1001, -5, 2**40, 7 * 10**9)]
    assert len(set(fractions)) == len(fractions)


def test_a_shared_moment_is_spread_over_its_hour() -> None:
    [prep] = [
        p
        for p in nudges.interview_scheduled(wib(26, 10), wib(25, 9), "Asia/Jakarta")
        if p.kind is NudgeKind.INTERVIEW_PREP
    ]
    assert nudges.for_user(prep, 0.0) == wib(25, 19)
    assert nudges.for_user(prep, 0.5) == wib(25, 19, 30)
    # "Prepare now", planned late, is this user's moment alone: not spread.
    [late] = [
        p
        for p in nudges.interview_scheduled(wib(26, 10), wib(25, 22), "Asia/Jakarta")
        if p.kind is NudgeKind.INTERVIEW_PREP
    ]
    assert late.spread == timedelta(0) and nudges.for_user(late, 0.9) == wib(25, 22)
    [feedback, _check_in] = nudges.rejected(wib(25, 16), "Asia/Jakarta")
    assert nudges.for_user(feedback, 0.25) == wib(26, 10, 15)


def test_a_spread_never_reaches_the_expiry() -> None:
    plan = nudges.PlannedNudge(
        NudgeKind.INTERVIEW_PREP, wib(25, 19), wib(25, 19, 20), nudges.SHARED_MOMENT_SPREAD
    )
    assert nudges.for_user(plan, 0.5) == wib(25, 19, 10)
    assert nudges.for_user(plan, 0.999) < wib(25, 19, 20)


def test_placing_outside_the_quiet_hours() -> None:
    # Outside them: as planned, not spread.
    assert nudges.place(wib(25, 20, 59), None, QUIET) == wib(25, 20, 59)
    # Inside: the user's moment in the hour after they end.
    assert nudges.place(wib(25, 23), None, QUIET) == wib(26, 7, 30)
    assert nudges.place(wib(26, 3), wib(26, 7, 20), QUIET) == wib(26, 7, 10)
    # Their end is past the expiry: no moment left.
    assert nudges.place(wib(25, 23), wib(26, 7), QUIET) is None
    assert nudges.place(wib(25, 20), wib(25, 20), QUIET) is None
    # Quiet until 08.00 and again from 08.30: the spread stops before they begin again.
    short = nudges.QuietHours("Asia/Jakarta", 8, 7, fraction=0.5)
    assert nudges.place(wib(26, 6), None, short) == wib(26, 7, 30)
    odd = nudges.QuietHours("Asia/Jakarta", 12, 14, fraction=0.99)
    assert nudges.place(wib(26, 13), None, odd) == wib(26, 14) + timedelta(hours=0.99)


def test_no_quiet_hours_means_as_planned() -> None:
    none = nudges.QuietHours("Asia/Jakarta", 0, 0, fraction=0.5)
    assert nudges.place(wib(26, 3), None, none) == wib(26, 3)


def test_three_thousand_users_are_not_handed_to_the_dispatcher_at_once() -> None:
    """The end of the quiet hours and 10.00 the next morning, for 3,000 users whose nudges
    fell due at the same moment: spread over the hour, none in the quiet hours, none late."""
    users = range(50_000_000, 50_003_000)
    expiry = wib(26, 7, 40)
    morning = [
        nudges.place(
            wib(25, 23),
            expiry,
            nudges.QuietHours("Asia/Jakarta", 21, 7, nudges.user_fraction(user)),
        )
        for user in users
    ]
    placed = [moment for moment in morning if moment is not None]
    assert len(placed) == 3000
    assert all(wib(26, 7) <= moment < expiry for moment in placed)
    per_minute = Counter(moment.replace(second=0, microsecond=0) for moment in placed)
    assert len(per_minute) == 40 and max(per_minute.values()) < 2 * 3000 / 40
    feedback = nudges.rejected(wib(25, 16), "Asia/Jakarta")[0]
    at_ten = [nudges.for_user(feedback, nudges.user_fraction(user)) for user in users]
    per_minute = Counter(moment.replace(second=0, microsecond=0) for moment in at_ten)
    assert len(per_minute) == 60 and max(per_minute.values()) < 2 * 3000 / 60
    assert all(wib(26, 10) <= moment < wib(26, 11) for moment in at_ten)


# Hypothesis takes naive bounds and attaches the zone it is given.
FROM, UNTIL = datetime(2026, 1, 1), datetime(2027, 1, 1)  # noqa: DTZ001


@given(
    planned=st.datetimes(min_value=FROM, max_value=UNTIL, timezones=st.just(UTC)),
    lasts=st.none() | st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3)),
    start=st.integers(0, 23),
    end=st.integers(0, 23),
    zone=st.sampled_from(["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]),
    fraction=st.floats(0, 1, exclude_max=True),
)
def test_a_placed_nudge_is_never_early_late_or_in_the_quiet_hours(
    planned: datetime,
    lasts: timedelta | None,
    start: int,
    end: int,
    zone: str,
    fraction: float,
) -> None:
    expires = None if lasts is None else planned + lasts
    due = nudges.place(planned, expires, nudges.QuietHours(zone, start, end, fraction))
    if due is None:
        assert expires is not None
        # Nothing was left: the quiet hours last until the expiry (or the expiry is now).
        assert nudges.out_of_quiet_hours(planned, zone, start, end) >= expires
        return
    assert due >= planned
    assert expires is None or due < expires
    assert nudges.out_of_quiet_hours(due, zone, start, end) == due
    assert due - planned <= timedelta(hours=24) + nudges.SHARED_MOMENT_SPREAD


def test_a_fraction_just_below_one_stays_out_of_the_next_quiet_hours() -> None:
    # Quiet 01:00-00:00 leaves one hour; 0.9999999999 of it rounds to the whole hour.
    planned = datetime(2026, 3, 1, 5, 0, tzinfo=UTC)  # 12:00 WIB, inside the quiet hours
    quiet = nudges.QuietHours("Asia/Jakarta", 1, 0, 0.9999999999)
    due = nudges.place(planned, None, quiet)
    assert due is not None
    assert nudges.out_of_quiet_hours(due, "Asia/Jakarta", 1, 0) == due
