"""Progress reports in the database (bot/storage/reports.py), on SQLite and PostgreSQL: a user
keeps only the newest few, a report read after its lifetime is gone, and the prune forgets it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.storage import reports
from bot.storage.db import Database
from bot.storage.migrate import upgrade
from bot.storage.models import ProgressReport, User

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


async def test_reports_are_bounded_expire_and_are_pruned(database_url: str) -> None:
    database = Database(database_url)
    try:
        await upgrade(database.engine)
        async with database.session() as session, session.begin():
            for user_id in (7, 8):
                session.add(
                    User(
                        id=user_id,
                        chat_id=user_id,
                        first_name="x",
                        created_at=NOW,
                        last_seen_at=NOW,
                    )
                )
            await session.flush()
            made = [
                await reports.add(
                    session, 7, "offer_received", {"amount": n}, NOW + timedelta(minutes=n)
                )
                for n in range(reports.KEEP_REPORTS + 2)
            ]
            other = await reports.add(session, 8, "passed_stage", {}, NOW)
        async with database.session() as session, session.begin():
            kept = await session.scalars(
                select(ProgressReport.id).where(ProgressReport.user_id == 7)
            )
            assert sorted(kept) == [r.id for r in made[-reports.KEEP_REPORTS :]]
            # Only its owner reads a report, and only within its lifetime.
            newest = made[-1].id
            assert await reports.get(session, 8, newest, NOW) is None
            later = NOW + timedelta(minutes=10)
            assert await reports.get(session, 7, newest, later) is not None
            expired = later + reports.REPORT_LIFETIME
            assert await reports.get(session, 7, newest, expired) is None
            report = await reports.get(session, 8, other.id, NOW)
            assert report is not None
            reports.mark_recorded(report)
        async with database.session() as session, session.begin():
            recorded = await session.get(ProgressReport, other.id)
            assert recorded is not None and (recorded.status, recorded.detail) == ("recorded", {})
            await reports.prune(session, NOW + reports.REPORT_LIFETIME + timedelta(minutes=7))
        async with database.session() as session:
            assert await session.scalar(select(func.count()).select_from(ProgressReport)) == 0
    finally:
        await database.dispose()
