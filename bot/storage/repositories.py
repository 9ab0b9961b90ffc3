"""Queries and writes, one small function per question; they never commit (the update does)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import (
    ApplicationEvent,
    ApplicationStatus,
    ChecklistMark,
    GuidanceShown,
    Interview,
    JobApplication,
    User,
)

SEEN_RESOLUTION = timedelta(hours=1)

# A user keeps at most this many applications: without a bound, one user (or a script) could
# grow the database without end, and /ekspor past what Telegram sends as a file. A new one takes
# the place of the oldest closed one; while every one of them is active, none is added (the user
# is told to close those that are over).
MAX_APPLICATIONS = 100


class TooManyApplications(Exception):
    """The user has MAX_APPLICATIONS active applications: a new one is refused."""


async def upsert_user(
    session: AsyncSession,
    *,
    user_id: int,
    chat_id: int,
    first_name: str,
    telegram_language: str | None,
    now: datetime,
    default_timezone: str,
    quiet_start: int,
    quiet_end: int,
) -> User:
    """Finds the user, creating them on first contact, and records that they were seen (to
    the hour: an UPDATE of every update for a column only exported cost a statement a step)."""
    user = await session.get(User, user_id)
    if user is None:
        user = User(
            id=user_id,
            chat_id=chat_id,
            first_name=first_name[:128],
            telegram_language=(telegram_language or "")[:16] or None,
            timezone=default_timezone,
            quiet_start=quiet_start,
            quiet_end=quiet_end,
            nudges_paused=False,
            blocked=False,
            created_at=now,
            last_seen_at=now,
        )
        session.add(user)
        await session.flush()
        return user
    user.chat_id = chat_id
    user.first_name = first_name[:128]
    if telegram_language:
        user.telegram_language = telegram_language[:16]
    if not now - SEEN_RESOLUTION < user.last_seen_at <= now:
        user.last_seen_at = now
    # A message from someone who had blocked the bot means they are back.
    user.blocked = False
    return user


async def active_applications(session: AsyncSession, user_id: int) -> list[JobApplication]:
    result = await session.scalars(
        select(JobApplication)
        .where(
            JobApplication.user_id == user_id,
            JobApplication.status == ApplicationStatus.ACTIVE,
        )
        .order_by(JobApplication.updated_at.desc(), JobApplication.id.desc())
    )
    return list(result)


async def add_event(
    session: AsyncSession,
    application: JobApplication,
    kind: str,
    occurred_at: datetime,
    *,
    detail: dict[str, object] | None = None,
    note: str = "",
) -> ApplicationEvent:
    event = ApplicationEvent(
        application_id=application.id,
        kind=kind,
        occurred_at=occurred_at,
        detail=dict(detail or {}),
        note=note,
    )
    session.add(event)
    return event


async def get_application(
    session: AsyncSession, user_id: int, application_id: int
) -> JobApplication | None:
    """The application with this id if it belongs to this user (button data can be tampered)."""
    application = await session.get(JobApplication, application_id)
    if application is None or application.user_id != user_id:
        return None
    return application


async def all_applications(session: AsyncSession, user_id: int) -> list[JobApplication]:
    result = await session.scalars(
        select(JobApplication)
        .where(JobApplication.user_id == user_id)
        .order_by(JobApplication.updated_at.desc(), JobApplication.id.desc())
    )
    return list(result)


async def _count_applications(
    session: AsyncSession, user_id: int, *, only_active: bool = False
) -> int:
    where = [JobApplication.user_id == user_id]
    if only_active:
        where.append(JobApplication.status == ApplicationStatus.ACTIVE)
    return (
        await session.scalar(select(func.count()).select_from(JobApplication).where(*where)) or 0
    )


async def room_for_application(session: AsyncSession, user_id: int) -> bool:
    """Whether a new application can be recorded: fewer than MAX_APPLICATIONS are active (closed
    ones give way to it)."""
    return await _count_applications(session, user_id, only_active=True) < MAX_APPLICATIONS


async def _make_room(session: AsyncSession, user_id: int) -> None:
    """Deletes the user's oldest closed applications (by when they were closed), with their
    interviews, timeline and nudges (ON DELETE CASCADE), so that one more fits the bound."""
    excess = await _count_applications(session, user_id) - (MAX_APPLICATIONS - 1)
    if excess <= 0:
        return
    oldest = await session.scalars(
        select(JobApplication.id)
        .where(
            JobApplication.user_id == user_id,
            JobApplication.status != ApplicationStatus.ACTIVE,
        )
        .order_by(
            JobApplication.closed_at.is_(None),
            JobApplication.closed_at,
            JobApplication.updated_at,
            JobApplication.id,
        )
        .limit(excess)
    )
    # "fetch" also drops the deleted rows from the session, should one of them be loaded.
    await session.execute(
        delete(JobApplication)
        .where(JobApplication.id.in_(list(oldest)))
        .execution_options(synchronize_session="fetch")
    )


async def create_application(
    session: AsyncSession, user: User, *, company: str, stage: str, now: datetime
) -> JobApplication:
    """Stores a new active application and focuses the user on it; the oldest closed one goes
    when the user is at MAX_APPLICATIONS. Raises TooManyApplications when all are active."""
    if not await room_for_application(session, user.id):
        raise TooManyApplications
    await _make_room(session, user.id)
    application = JobApplication(
        user_id=user.id,
        company=company,
        role="",
        stage=stage,
        status=ApplicationStatus.ACTIVE,
        created_at=now,
        updated_at=now,
    )
    session.add(application)
    await session.flush()
    user.focus_application_id = application.id
    return application


async def focused_application(session: AsyncSession, user: User) -> JobApplication | None:
    if user.focus_application_id is None:
        return None
    return await get_application(session, user.id, user.focus_application_id)


async def events_of(session: AsyncSession, application_id: int) -> list[ApplicationEvent]:
    result = await session.scalars(
        select(ApplicationEvent)
        .where(ApplicationEvent.application_id == application_id)
        .order_by(ApplicationEvent.occurred_at, ApplicationEvent.id)
    )
    return list(result)


async def latest_event(
    session: AsyncSession, application_id: int, kind: str
) -> ApplicationEvent | None:
    return await session.scalar(
        select(ApplicationEvent)
        .where(ApplicationEvent.application_id == application_id, ApplicationEvent.kind == kind)
        .order_by(ApplicationEvent.id.desc())
        .limit(1)
    )


async def latest_interview(
    session: AsyncSession, application_id: int, stage: str
) -> Interview | None:
    return await session.scalar(
        select(Interview)
        .where(Interview.application_id == application_id, Interview.stage == stage)
        .order_by(Interview.id.desc())
        .limit(1)
    )


async def checklist_done(session: AsyncSession, application_id: int, stage: str) -> set[str]:
    result = await session.scalars(
        select(ChecklistMark.item).where(
            ChecklistMark.application_id == application_id, ChecklistMark.stage == stage
        )
    )
    return set(result)


async def toggle_checklist(
    session: AsyncSession, application_id: int, stage: str, item: str, now: datetime
) -> bool:
    """Ticks or unticks an item; returns whether it is now ticked."""
    mark = await session.get(ChecklistMark, (application_id, stage, item))
    if mark is not None:
        await session.delete(mark)
        return False
    session.add(ChecklistMark(application_id=application_id, stage=stage, item=item, done_at=now))
    return True


async def applications_in_order(session: AsyncSession, user_id: int) -> list[JobApplication]:
    """The user's applications in the order they were recorded: a list that does not reshuffle
    between two looks (the newest-first order moves an application up at every answer)."""
    result = await session.scalars(
        select(JobApplication).where(JobApplication.user_id == user_id).order_by(JobApplication.id)
    )
    return list(result)


async def events_of_kind(
    session: AsyncSession, application_id: int, kind: str
) -> list[ApplicationEvent]:
    result = await session.scalars(
        select(ApplicationEvent)
        .where(ApplicationEvent.application_id == application_id, ApplicationEvent.kind == kind)
        .order_by(ApplicationEvent.id)
    )
    return list(result)


async def interviews_of(session: AsyncSession, application_id: int) -> list[Interview]:
    """The application's interviews by their moment (undated ones last)."""
    result = await session.scalars(
        select(Interview)
        .where(Interview.application_id == application_id)
        .order_by(Interview.scheduled_at.is_(None), Interview.scheduled_at, Interview.id)
    )
    return list(result)


async def get_interview(
    session: AsyncSession, application_id: int, interview_id: int
) -> Interview | None:
    """The interview with this id if it belongs to this application."""
    interview = await session.get(Interview, interview_id)
    if interview is None or interview.application_id != application_id:
        return None
    return interview


async def interview_at(
    session: AsyncSession, application_id: int, moment: datetime
) -> Interview | None:
    """The application's interview at exactly this moment (there is at most one)."""
    return await session.scalar(
        select(Interview).where(
            Interview.application_id == application_id, Interview.scheduled_at == moment
        )
    )


async def interviews_between(
    session: AsyncSession, user_id: int, start: datetime, end: datetime
) -> list[tuple[Interview, JobApplication]]:
    """The interviews of the user's active applications from `start` to `end`, by moment."""
    result = await session.execute(
        select(Interview, JobApplication)
        .join(JobApplication, Interview.application_id == JobApplication.id)
        .where(
            JobApplication.user_id == user_id,
            JobApplication.status == ApplicationStatus.ACTIVE,
            Interview.scheduled_at >= start,
            Interview.scheduled_at <= end,
        )
        .order_by(Interview.scheduled_at, Interview.id)
    )
    return [(interview, application) for interview, application in result]


async def guidance_was_shown(session: AsyncSession, application_id: int, stage: str) -> bool:
    return await session.get(GuidanceShown, (application_id, stage)) is not None


async def mark_guidance_shown(
    session: AsyncSession, application_id: int, stage: str, now: datetime
) -> None:
    if await session.get(GuidanceShown, (application_id, stage)) is None:
        session.add(GuidanceShown(application_id=application_id, stage=stage, shown_at=now))


async def tick(
    session: AsyncSession, application_id: int, stage: str, item: str, now: datetime
) -> None:
    """Ticks a checklist item the record itself proves done (a recruiter's name noted); an item
    already ticked stays as it is."""
    if await session.get(ChecklistMark, (application_id, stage, item)) is None:
        session.add(
            ChecklistMark(application_id=application_id, stage=stage, item=item, done_at=now)
        )


async def upcoming_interviews(
    session: AsyncSession, application_id: int, now: datetime
) -> list[Interview]:
    """The application's interviews still ahead of `now`, soonest first."""
    result = await session.scalars(
        select(Interview)
        .where(Interview.application_id == application_id, Interview.scheduled_at > now)
        .order_by(Interview.scheduled_at, Interview.id)
    )
    return list(result)


async def latest_offers(
    session: AsyncSession, user_id: int
) -> list[tuple[JobApplication, ApplicationEvent]]:
    """Each of the user's applications that has an offer, with its latest offer event, in the
    order the applications were recorded."""
    result = await session.execute(
        select(JobApplication, ApplicationEvent)
        .join(ApplicationEvent, ApplicationEvent.application_id == JobApplication.id)
        .where(JobApplication.user_id == user_id, ApplicationEvent.kind == "offer")
        .order_by(JobApplication.id, ApplicationEvent.id)
    )
    latest: dict[int, tuple[JobApplication, ApplicationEvent]] = {}
    for application, offer in result:
        latest[application.id] = (application, offer)
    return list(latest.values())
