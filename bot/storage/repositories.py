"""Queries and writes, one small function per question; they never commit (the update does)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import ApplicationEvent, ApplicationStatus, JobApplication, User


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
    """Finds the user, creating them on first contact, and records that they were seen."""
    user = await session.get(User, user_id)
    if user is None:
        user = User(
            id=user_id,
            chat_id=chat_id,
            first_name=first_name[:128],
            telegram_language=(telegram_language or None),
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
    user.last_seen_at = now
    # A message from someone who had blocked the bot means they are back.
    user.blocked = False
    return user


async def active_applications(session: AsyncSession, user_id: int) -> list[JobApplication]:
    result = await session.scalars(
        select(JobApplication)
        .where(
            JobApplication.user_id == user_id,
            JobApplication.status == ApplicationStatus.ACTIVE.value,
        )
        .order_by(JobApplication.updated_at.desc(), JobApplication.id.desc())
    )
    return list(result)


async def count_applications(session: AsyncSession, user_id: int) -> int:
    total = await session.scalar(
        select(func.count()).select_from(JobApplication).where(JobApplication.user_id == user_id)
    )
    return int(total or 0)


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
