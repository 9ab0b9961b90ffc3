"""Queries and writes for practice sessions and answers, lessons and tips; they never commit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import PracticeAnswer, PracticeSession, ResilienceLesson, TipSeen

# How many of a user's rows of each kind are kept (the newest): without a bound, one user could
# grow the database without end, and /ekspor past what Telegram sends as a file (50 MB).
KEEP_SESSIONS = 200
KEEP_ANSWERS = 500
KEEP_LESSONS = 100


async def _keep_newest(
    session: AsyncSession, model: Any, user_id: int, newest: Any, keep: int
) -> None:
    """Deletes the user's rows of `model` beyond the `keep` newest (by `newest`, then id)."""
    kept = (
        select(model.id)
        .where(model.user_id == user_id)
        .order_by(newest.desc(), model.id.desc())
        .limit(keep)
    )
    await session.execute(
        delete(model)
        .where(model.user_id == user_id, model.id.not_in(kept.scalar_subquery()))
        .execution_options(synchronize_session=False)
    )


# --- practice -----------------------------------------------------------------------------


async def finish_open_sessions(session: AsyncSession, user_id: int, now: datetime) -> None:
    """Closes the sets the user left unfinished; a new set replaces them."""
    await session.execute(
        update(PracticeSession)
        .where(PracticeSession.user_id == user_id, PracticeSession.finished_at.is_(None))
        .values(finished_at=now)
        .execution_options(synchronize_session=False)
    )


async def start_session(
    session: AsyncSession,
    user_id: int,
    *,
    category: str,
    question_ids: Sequence[str],
    now: datetime,
) -> PracticeSession:
    await finish_open_sessions(session, user_id, now)
    practice = PracticeSession(
        user_id=user_id,
        category=category,
        question_ids=list(question_ids),
        position=0,
        started_at=now,
    )
    session.add(practice)
    await session.flush()
    await _keep_newest(
        session, PracticeSession, user_id, PracticeSession.started_at, KEEP_SESSIONS
    )
    return practice


async def open_session(session: AsyncSession, user_id: int) -> PracticeSession | None:
    """The set being answered, if any."""
    return await session.scalar(
        select(PracticeSession)
        .where(PracticeSession.user_id == user_id, PracticeSession.finished_at.is_(None))
        .order_by(PracticeSession.started_at.desc(), PracticeSession.id.desc())
        .limit(1)
    )


async def add_answer(
    session: AsyncSession,
    *,
    user_id: int,
    session_id: int | None,
    question_id: str,
    answer: str,
    findings: dict[str, Any],
    now: datetime,
) -> PracticeAnswer:
    row = PracticeAnswer(
        user_id=user_id,
        session_id=session_id,
        question_id=question_id,
        answer=answer,
        findings=findings,
        answered_at=now,
    )
    session.add(row)
    await session.flush()
    await _keep_newest(session, PracticeAnswer, user_id, PracticeAnswer.answered_at, KEEP_ANSWERS)
    return row


async def session_answers(session: AsyncSession, session_id: int) -> list[PracticeAnswer]:
    result = await session.scalars(
        select(PracticeAnswer)
        .where(PracticeAnswer.session_id == session_id)
        .order_by(PracticeAnswer.answered_at, PracticeAnswer.id)
    )
    return list(result)


async def recent_answers(
    session: AsyncSession, user_id: int, limit: int = 5
) -> list[PracticeAnswer]:
    result = await session.scalars(
        select(PracticeAnswer)
        .where(PracticeAnswer.user_id == user_id)
        .order_by(PracticeAnswer.answered_at.desc(), PracticeAnswer.id.desc())
        .limit(limit)
    )
    return list(result)


async def count_answers(session: AsyncSession, user_id: int) -> int:
    total = await session.scalar(
        select(func.count()).select_from(PracticeAnswer).where(PracticeAnswer.user_id == user_id)
    )
    return int(total or 0)


async def last_answered(session: AsyncSession, user_id: int) -> dict[str, datetime]:
    """When each question was last answered by the user."""
    result = await session.execute(
        select(PracticeAnswer.question_id, func.max(PracticeAnswer.answered_at))
        .where(PracticeAnswer.user_id == user_id)
        .group_by(PracticeAnswer.question_id)
    )
    return {question_id: moment for question_id, moment in result.all() if moment is not None}


# --- resilience ---------------------------------------------------------------------------


async def add_lesson(
    session: AsyncSession, user_id: int, lesson: str, now: datetime
) -> ResilienceLesson:
    row = ResilienceLesson(user_id=user_id, lesson=lesson, created_at=now)
    session.add(row)
    await session.flush()
    await _keep_newest(
        session, ResilienceLesson, user_id, ResilienceLesson.created_at, KEEP_LESSONS
    )
    return row


async def recent_lessons(
    session: AsyncSession, user_id: int, limit: int = 3
) -> list[ResilienceLesson]:
    result = await session.scalars(
        select(ResilienceLesson)
        .where(ResilienceLesson.user_id == user_id)
        .order_by(ResilienceLesson.created_at.desc(), ResilienceLesson.id.desc())
        .limit(limit)
    )
    return list(result)


async def tips_seen(session: AsyncSession, user_id: int) -> dict[str, datetime]:
    result = await session.scalars(select(TipSeen).where(TipSeen.user_id == user_id))
    return {row.tip_id: row.seen_at for row in result}


async def mark_tips_seen(
    session: AsyncSession, user_id: int, tip_ids: Iterable[str], now: datetime
) -> None:
    for tip_id in tip_ids:
        row = await session.get(TipSeen, (user_id, tip_id))
        if row is None:
            session.add(TipSeen(user_id=user_id, tip_id=tip_id, seen_at=now))
        else:
            row.seen_at = now
