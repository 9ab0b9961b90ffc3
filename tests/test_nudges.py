"""The follow-up rules as data: due times, expiries, quiet hours, backoff."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

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
