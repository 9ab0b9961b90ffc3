"""Creating and cancelling follow-up rows; called inside the update's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.coach import nudges
from bot.coach.nudges import NudgeKind, PlannedNudge
from bot.storage.models import FollowUp, FollowUpStatus, Interview, JobApplication, User


async def schedule(
    session: AsyncSession,
    user: User,
    plan: PlannedNudge,
    *,
    now: datetime,
    application_id: int | None = None,
    interview_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> FollowUp | None:
    """Adds a pending nudge, replacing a pending one of the same kind for the same subject.

    The plan's moment is made the user's own (`nudges.for_user`: a moment many users share is
    spread over a window) and kept as `planned_at`; the due time is that moment moved out of
    the user's quiet hours. A nudge that would then be past its expiry is not created at all.
    """
    planned = nudges.for_user(plan, nudges.user_fraction(user.id))
    due = nudges.place(max(planned, now), plan.expires_at, quiet_hours(user))
    await cancel(
        session,
        user_id=user.id,
        application_id=application_id,
        interview_id=interview_id,
        kinds=[plan.kind],
        only_subject=True,
    )
    if due is None:
        return None
    follow_up = FollowUp(
        user_id=user.id,
        application_id=application_id,
        interview_id=interview_id,
        kind=plan.kind.value,
        planned_at=planned,
        due_at=due,
        expires_at=plan.expires_at,
        status=FollowUpStatus.PENDING,
        attempts=0,
        last_error="",
        payload=dict(payload or {}),
        created_at=now,
    )
    session.add(follow_up)
    return follow_up


def quiet_hours(user: User) -> nudges.QuietHours:
    return nudges.QuietHours(
        user.timezone, user.quiet_start, user.quiet_end, nudges.user_fraction(user.id)
    )


async def retime_pending(session: AsyncSession, user: User, now: datetime) -> None:
    """Places the user's pending nudges anew under their quiet hours and zone as they are now
    (after a change): each from the moment it was planned for, so that narrower quiet hours
    bring a nudge that waited for the morning back to its moment (or to now, if that has
    passed). A nudge left with no moment before its expiry is expired."""
    pending = await session.scalars(
        select(FollowUp).where(
            FollowUp.user_id == user.id, FollowUp.status == FollowUpStatus.PENDING
        )
    )
    quiet = quiet_hours(user)
    for follow_up in pending:
        # Rows written before planned_at existed were planned for their due time.
        planned = follow_up.planned_at or follow_up.due_at
        due = nudges.place(max(planned, now), follow_up.expires_at, quiet)
        if due is None:
            follow_up.status = FollowUpStatus.EXPIRED
        else:
            follow_up.due_at = due


async def cancel(
    session: AsyncSession,
    *,
    user_id: int,
    application_id: int | None = None,
    interview_id: int | None = None,
    kinds: Iterable[NudgeKind] | None = None,
    only_subject: bool = False,
) -> int:
    """Cancels pending nudges of the user, narrowed to an application, interview or kinds.

    `only_subject` matches the application and interview exactly (None included), which is
    what replacing a nudge needs; otherwise None means "any".
    """
    conditions = [FollowUp.user_id == user_id, FollowUp.status == FollowUpStatus.PENDING]
    if only_subject or application_id is not None:
        conditions.append(
            FollowUp.application_id.is_(None)
            if application_id is None
            else FollowUp.application_id == application_id
        )
    if only_subject or interview_id is not None:
        conditions.append(
            FollowUp.interview_id.is_(None)
            if interview_id is None
            else FollowUp.interview_id == interview_id
        )
    if kinds is not None:
        conditions.append(FollowUp.kind.in_([kind.value for kind in kinds]))
    result = await session.execute(
        update(FollowUp)
        .where(*conditions)
        .values(status=FollowUpStatus.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def pending_for(session: AsyncSession, user_id: int, limit: int = 20) -> list[FollowUp]:
    result = await session.scalars(
        select(FollowUp)
        .where(FollowUp.user_id == user_id, FollowUp.status == FollowUpStatus.PENDING)
        .order_by(FollowUp.due_at)
        .limit(limit)
    )
    return list(result)


# --- what the conversations call ----------------------------------------------------------


async def on_recruiter_contact(
    session: AsyncSession, user: User, application: JobApplication, now: datetime
) -> None:
    for plan in nudges.recruiter_contacted(now):
        await schedule(session, user, plan, now=now, application_id=application.id)


async def on_interview(
    session: AsyncSession,
    user: User,
    application: JobApplication,
    interview: Interview,
    now: datetime,
) -> None:
    """Plans the nudges of an interview; an interview moved replaces its own old plan, and the
    application's other interviews (a second one in stage 3) keep theirs."""
    await cancel(
        session,
        user_id=user.id,
        application_id=application.id,
        interview_id=interview.id,
        kinds=INTERVIEW_KINDS,
    )
    if interview.scheduled_at is None:
        return
    for plan in nudges.interview_scheduled(interview.scheduled_at, now, user.timezone):
        await schedule(
            session, user, plan, now=now, application_id=application.id, interview_id=interview.id
        )


async def on_offer(
    session: AsyncSession,
    user: User,
    application: JobApplication,
    received_at: datetime,
    deadline: datetime | None,
    now: datetime,
) -> None:
    await cancel(session, user_id=user.id, application_id=application.id)
    for plan in nudges.offer_received(received_at, deadline, now):
        await schedule(session, user, plan, now=now, application_id=application.id)


async def on_rejection(
    session: AsyncSession, user: User, application: JobApplication, now: datetime
) -> None:
    await cancel(session, user_id=user.id, application_id=application.id)
    for plan in nudges.rejected(now, user.timezone):
        await schedule(session, user, plan, now=now, application_id=application.id)


async def on_stage_change(
    session: AsyncSession, user: User, application: JobApplication, now: datetime
) -> None:
    """The application moved on: what was planned for the old stage no longer makes sense."""
    await cancel(session, user_id=user.id, application_id=application.id)
    await on_activity(session, user, application, now)


async def on_close(session: AsyncSession, user: User, application: JobApplication) -> None:
    await cancel(session, user_id=user.id, application_id=application.id)


async def on_activity(
    session: AsyncSession, user: User, application: JobApplication, now: datetime
) -> None:
    """Any news of an active application pushes its "any news?" nudge a week ahead."""
    await schedule(session, user, nudges.silence(now), now=now, application_id=application.id)


INTERVIEW_KINDS = (
    NudgeKind.INTERVIEW_PREP,
    NudgeKind.GOOD_LUCK,
    NudgeKind.DEBRIEF,
    NudgeKind.THANK_YOU_LAST_CALL,
)
