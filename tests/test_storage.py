"""Migrations and repositories, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select
from sqlalchemy.engine import Connection
from telegram import Update

from bot.storage import inbox, practice, repositories
from bot.storage.db import Database
from bot.storage.migrate import upgrade
from bot.storage.models import (
    ApplicationStatus,
    Base,
    Interview,
    JobApplication,
    ReceivedUpdate,
)

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


async def test_a_user_keeps_at_most_max_applications_and_closed_ones_give_way(
    database_url: str,
) -> None:
    """A new application takes the place of the oldest closed one (with its timeline and
    interviews); while all are active, none is added."""
    cap = repositories.MAX_APPLICATIONS
    database = Database(database_url)
    try:
        await upgrade(database.engine)
        async with database.session() as session:
            user = await repositories.upsert_user(
                session, user_id=8, chat_id=8, first_name="S", telegram_language="id", now=NOW,
                default_timezone="Asia/Jakarta", quiet_start=21, quiet_end=7,
            )  # fmt: skip
            session.add_all(
                JobApplication(user_id=user.id, company=f"PT {n}", role="", stage="rekruter",
                               created_at=NOW, updated_at=NOW)
                for n in range(cap - 2)
            )  # fmt: skip
            # Two closed ones: the one closed earlier was recorded later.
            closed_last = JobApplication(
                user_id=user.id, company="PT Lama", role="", stage="rekruter",
                status=ApplicationStatus.WITHDRAWN, created_at=NOW, updated_at=NOW,
                closed_at=NOW + timedelta(days=2),
            )  # fmt: skip
            closed_first = JobApplication(
                user_id=user.id, company="PT Tertua", role="", stage="penyaringan",
                status=ApplicationStatus.REJECTED, created_at=NOW, updated_at=NOW,
                closed_at=NOW + timedelta(days=1),
            )  # fmt: skip
            session.add_all([closed_last, closed_first])
            await session.flush()
            await repositories.add_event(session, closed_first, "rejected", NOW)
            session.add(
                Interview(application_id=closed_first.id, stage="penyaringan", scheduled_at=NOW,
                          kind="", interviewers=[], created_at=NOW)
            )  # fmt: skip
            await session.commit()
            gone = closed_first.id

        async with database.session() as session:
            user = await repositories.upsert_user(
                session, user_id=8, chat_id=8, first_name="S", telegram_language="id", now=NOW,
                default_timezone="Asia/Jakarta", quiet_start=21, quiet_end=7,
            )  # fmt: skip
            assert await repositories.room_for_application(session, user.id)
            first = await repositories.create_application(
                session, user, company="PT Baru", stage="rekruter", now=NOW
            )
            await session.commit()
            companies = {a.company for a in await repositories.all_applications(session, user.id)}
            assert len(companies) == cap and "PT Tertua" not in companies
            assert {"PT Baru", "PT Lama"} <= companies
            assert user.focus_application_id == first.id
            # Its timeline and interviews went with it (ON DELETE CASCADE).
            assert (await session.scalars(select(Interview))).all() == []
            assert await repositories.events_of(session, gone) == []

            # The last closed one gives way too; then all are active and a new one is refused.
            await repositories.create_application(
                session, user, company="PT Lagi", stage="rekruter", now=NOW
            )
            await session.commit()
            assert not await repositories.room_for_application(session, user.id)
            with pytest.raises(repositories.TooManyApplications):
                await repositories.create_application(
                    session, user, company="PT Kelebihan", stage="rekruter", now=NOW
                )
            await session.commit()
            applications = await repositories.all_applications(session, user.id)
            assert len(applications) == cap
            assert all(a.status == ApplicationStatus.ACTIVE for a in applications)
            assert "PT Kelebihan" not in {a.company for a in applications}
    finally:
        await database.dispose()


async def test_a_getupdates_answer_is_stored_whole_and_skipped_ones_marked_together(
    database_url: str,
) -> None:
    """The intake's batch statements: one answer stored in one transaction (an update seen
    before is not new again), a flood's skipped updates marked handled in one statement."""

    def update(update_id: int) -> Update:
        chat = {"id": 7, "type": "private", "first_name": "S"}
        message = {"message_id": update_id, "date": 0, "chat": chat, "text": f"m{update_id}"}
        message["from"] = {"id": 7, "is_bot": False, "first_name": "S"}
        return Update.de_json({"update_id": update_id, "message": message}, None)

    database = Database(database_url)
    try:
        await upgrade(database.engine)
        assert await inbox.store(database, update(1), NOW)
        new = await inbox.store_many(database, [update(n) for n in (1, 2, 3, 4)], NOW)
        assert new == {2, 3, 4}
        assert len(await inbox.unhandled(database)) == 4
        async with database.session() as session, session.begin():
            await inbox.mark_many_handled(session, [2, 3, 9], NOW)
        assert [p["update_id"] for p in await inbox.unhandled(database)] == [1, 4]
        async with database.session() as session:
            rows = {row.update_id: row for row in await session.scalars(select(ReceivedUpdate))}
        assert sorted(rows) == [1, 2, 3, 4, 9]
        assert rows[2].payload is None and rows[2].user_id is None and rows[9].handled_at
    finally:
        await database.dispose()
