"""An interview's revision (the SEQUENCE of its calendar file) counts the changes of what the
file carries, whatever code makes them, and nothing else; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.storage import repositories
from bot.storage.db import Database
from bot.storage.migrate import upgrade
from bot.storage.models import ApplicationEvent, Interview, JobApplication

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


async def test_time_kind_and_interviewers_raise_the_revision(database_url: str) -> None:
    database = Database(database_url)
    await upgrade(database.engine)
    try:
        async with database.session() as session:
            user = await repositories.upsert_user(
                session, user_id=7, chat_id=7, first_name="Sari", telegram_language="id",
                now=NOW, default_timezone="Asia/Jakarta", quiet_start=21, quiet_end=7,
            )  # fmt: skip
            application = JobApplication(
                user_id=user.id, company="PT A", stage="lanjutan", created_at=NOW, updated_at=NOW
            )
            session.add(application)
            await session.flush()
            interview = Interview(
                application_id=application.id, stage="lanjutan", scheduled_at=NOW + timedelta(1),
                kind="", interviewers=[], created_at=NOW,
            )  # fmt: skip
            session.add(interview)
            interview.kind = "teknis"  # still new: the first version, not a change
            await session.commit()
            interview_id = interview.id

        async def revision() -> int:
            async with database.session() as session:
                stored = await session.get(Interview, interview_id)
                assert stored is not None
                return stored.revision

        assert await revision() == 0
        changes = [
            ("scheduled_at", NOW + timedelta(days=2), 1),
            ("scheduled_at", NOW + timedelta(days=2), 1),  # the same moment again: no change
            ("kind", "panel", 2),
            ("interviewers", ["Ibu Rina"], 3),
            ("interviewers", ["Ibu Rina"], 3),  # a new list with the same names
            ("thank_you_sent_at", NOW, 3),  # not in the calendar file
            ("calendar_revision", 3, 3),
        ]
        for field, value, expected in changes:
            async with database.session() as session:
                stored = await session.get(Interview, interview_id)
                assert stored is not None
                setattr(stored, field, list(value) if isinstance(value, list) else value)
                await session.commit()
            assert await revision() == expected, field
        # Two changes in one transaction, flushed apart: counted each.
        async with database.session() as session:
            stored = await session.get(Interview, interview_id)
            assert stored is not None
            stored.kind = "manajer"
            await session.flush()
            stored.interviewers = ["Ibu Rina", "Bapak Budi"]
            session.add(
                ApplicationEvent(
                    application_id=stored.application_id, kind="x", occurred_at=NOW, detail={}
                )
            )
            await session.commit()
        assert await revision() == 5
    finally:
        await database.dispose()
