"""What the database refuses by meaning (an interview stored twice), and the migration that
cleans up the duplicates older versions stored, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from bot.storage.db import Database
from bot.storage.migrate import upgrade
from bot.storage.models import FollowUp, Interview, JobApplication, User

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
MOMENT = datetime(2026, 12, 3, 7, 30, tzinfo=UTC)
BEFORE = "743d4ba086bc"  # the revision before interviews were unique per moment


async def test_an_interview_is_stored_once_per_application_and_moment(database_url: str) -> None:
    database = Database(database_url)
    try:
        await upgrade(database.engine)
        async with database.session() as session:
            session.add(User(id=7, chat_id=7, first_name="Sari", created_at=NOW, last_seen_at=NOW))
            application = JobApplication(
                user_id=7, company="PT A", stage="penyaringan", created_at=NOW, updated_at=NOW
            )
            session.add(application)
            await session.flush()
            for _ in range(2):
                session.add(
                    Interview(
                        application_id=application.id,
                        stage="penyaringan",
                        scheduled_at=MOMENT,
                        kind="telepon",
                        interviewers=[],
                        created_at=NOW,
                    )
                )
            with pytest.raises(IntegrityError):
                await session.flush()
    finally:
        await database.dispose()


async def test_the_migration_keeps_the_newest_of_duplicate_interviews(database_url: str) -> None:
    database = Database(database_url)
    try:
        await upgrade(database.engine, BEFORE)
        async with database.engine.begin() as connection:
            moment = MOMENT.isoformat() if database_url.startswith("sqlite") else MOMENT
            now = NOW.isoformat() if database_url.startswith("sqlite") else NOW
            await connection.execute(
                text(
                    "INSERT INTO users (id, chat_id, first_name, timezone, quiet_start, "
                    "quiet_end, nudges_paused, blocked, pending, created_at, last_seen_at) "
                    "VALUES (7, 7, 'Sari', 'Asia/Jakarta', 21, 7, false, false, '{}', :now, :now)"
                ),
                {"now": now},
            )
            await connection.execute(
                text(
                    "INSERT INTO applications (id, user_id, company, role, stage, status, "
                    "created_at, updated_at) VALUES (1, 7, 'PT A', '', 'penyaringan', 'active', "
                    ":now, :now)"
                ),
                {"now": now},
            )
            for interview_id in (1, 2, 3):
                at = moment if interview_id < 3 else None
                await connection.execute(
                    text(
                        "INSERT INTO interviews (id, application_id, stage, scheduled_at, kind, "
                        "interviewers, created_at) VALUES (:id, 1, 'penyaringan', :at, "
                        "'telepon', '[]', :now)"
                    ),
                    {"id": interview_id, "at": at, "now": now},
                )
            for follow_up_id, interview_id in ((1, 1), (2, 2)):
                await connection.execute(
                    text(
                        "INSERT INTO follow_ups (id, user_id, application_id, interview_id, "
                        "kind, due_at, status, attempts, last_error, payload, created_at) "
                        "VALUES (:id, 7, 1, :interview, 'semangat', :now, 'pending', 0, '', "
                        "'{}', :now)"
                    ),
                    {"id": follow_up_id, "interview": interview_id, "now": now},
                )
        await upgrade(database.engine)
        async with database.session() as session:
            interviews = sorted(i.id for i in await session.scalars(select(Interview)))
            follow_ups = [f.interview_id for f in await session.scalars(select(FollowUp))]
        # The newest duplicate and the undated interview stay, with the newest's nudge.
        assert interviews == [2, 3]
        assert follow_ups == [2]
    finally:
        await database.dispose()
