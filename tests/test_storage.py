"""Migrations and repositories, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select
from sqlalchemy.engine import Connection

from bot.storage import practice, repositories
from bot.storage.db import Database
from bot.storage.migrate import upgrade
from bot.storage.models import ApplicationStatus, Base, JobApplication

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


async def test_migrations_build_exactly_the_models(database_url: str) -> None:
    database = Database(database_url)
    try:
        await upgrade(database.engine)
        await upgrade(database.engine)  # a second run is a no-op

        def diff(connection: Connection) -> list[object]:
            context = MigrationContext.configure(connection)
            return list(compare_metadata(context, Base.metadata))

        def tables(connection: Connection) -> set[str]:
            return set(inspect(connection).get_table_names())

        async with database.engine.connect() as connection:
            assert await connection.run_sync(diff) == []
            assert {"users", "applications", "application_events"} <= await connection.run_sync(
                tables
            )
    finally:
        await database.dispose()


async def test_user_upsert_and_applications(database_url: str) -> None:
    database = Database(database_url)
    await upgrade(database.engine)
    try:
        async with database.session() as session:
            user = await repositories.upsert_user(
                session, user_id=2**40, chat_id=2**40, first_name="Sari", telegram_language="id",
                now=NOW, default_timezone="Asia/Makassar", quiet_start=21, quiet_end=7,
            )  # fmt: skip
            session.add_all(
                [
                    JobApplication(user_id=user.id, company="PT A", role="Analis SOC",
                                   stage="rekruter", created_at=NOW, updated_at=NOW),
                    JobApplication(user_id=user.id, company="PT B", role="Pentester",
                                   stage="tawaran", status=ApplicationStatus.REJECTED.value,
                                   created_at=NOW, updated_at=NOW + timedelta(hours=1)),
                ]
            )  # fmt: skip
            await session.commit()
        async with database.session() as session:
            later = NOW + timedelta(days=1)
            user = await repositories.upsert_user(
                session, user_id=2**40, chat_id=2**40, first_name="Sari W.", telegram_language=None,
                now=later, default_timezone="Asia/Jakarta", quiet_start=21, quiet_end=7,
            )  # fmt: skip
            await session.commit()
            assert user.timezone == "Asia/Makassar"  # kept from the first contact
            assert user.telegram_language == "id"
            assert user.last_seen_at == later
            # Seen again within the hour: not rewritten (no UPDATE for it at every update).
            soon = later + timedelta(minutes=59)
            again = await repositories.upsert_user(
                session, user_id=2**40, chat_id=2**40, first_name="Sari W.", telegram_language=None,
                now=soon, default_timezone="Asia/Jakarta", quiet_start=21, quiet_end=7,
            )  # fmt: skip
            assert again.last_seen_at == later
            assert not session.is_modified(again)  # so the flush writes nothing
            assert user.first_name == "Sari W."
            active = await repositories.active_applications(session, user.id)
            assert [a.company for a in active] == ["PT A"]
            assert active[0].created_at == NOW and active[0].created_at.tzinfo is not None
            assert len(await repositories.all_applications(session, user.id)) == 2
            # Deleting the user removes their applications (ON DELETE CASCADE).
            await session.delete(user)
            await session.commit()
            assert (await session.scalars(select(JobApplication))).all() == []
    finally:
        await database.dispose()


async def test_a_user_keeps_the_newest_practice_answers_and_lessons_only(
    database_url: str,
) -> None:
    """No user grows the database without end: past the bound the oldest rows go."""
    database = Database(database_url)
    try:
        await upgrade(database.engine)
        async with database.session() as session:
            user = await repositories.upsert_user(
                session, user_id=7, chat_id=7, first_name="S", telegram_language="id", now=NOW,
                default_timezone="Asia/Jakarta", quiet_start=21, quiet_end=7,
            )  # fmt: skip
            for n in range(practice.KEEP_ANSWERS + 5):
                await practice.add_answer(
                    session, user_id=user.id, session_id=None, question_id=f"q{n}",
                    answer="x", findings={}, now=NOW + timedelta(minutes=n),
                )  # fmt: skip
            for n in range(practice.KEEP_LESSONS + 2):
                await practice.add_lesson(session, user.id, f"l{n}", NOW + timedelta(minutes=n))
            await session.commit()
            answers = await practice.recent_answers(session, user.id, limit=10_000)
            lessons = await practice.recent_lessons(session, user.id, limit=10_000)
        assert len(answers) == practice.KEEP_ANSWERS
        assert answers[-1].question_id == "q5" and answers[0].question_id == f"q{len(answers) + 4}"
        assert [row.lesson for row in lessons][-1] == "l2"
    finally:
        await database.dispose()
