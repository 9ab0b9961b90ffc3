"""When the coach itself fails (here: its database), the user gets one kind sentence, not a
traceback and not silence, and nothing of the failed update is kept or half-sent."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from bot import ptb_private
from bot.storage.db import Database
from tests.conftest import Coach
from tests.helpers import open_stage


async def test_a_failing_database_gets_one_apology(
    coach: Coach, caplog: pytest.LogCaptureFixture
) -> None:
    sari = coach.user()
    await sari.ask("/start")
    database = coach.app.bot_data["services"].database
    async with database.engine.begin() as connection:
        # Every update reads the user's conversation states first.
        await connection.execute(text("ALTER TABLE conversation_states RENAME TO gone"))
    before = len(coach.emu.chat_messages(sari.id))
    with caplog.at_level(logging.ERROR):
        answer = await sari.ask("/wawancara")
        await coach.emu.wait_idle(quiet=0.1)
    assert "Maaf, terjadi kesalahan di pihak saya" in (answer.text or "")
    # One apology: the update stops at the first failure (no second handler fails again).
    assert len(coach.emu.chat_messages(sari.id)) == before + 1
    assert any("conversation_states" in record.getMessage() for record in caplog.records)


async def refuse_updates(database: Database, table: str) -> None:
    """Makes SQLite refuse every UPDATE of `table` (a trigger named "refuse")."""
    async with database.engine.begin() as connection:
        await connection.execute(
            text(
                f"CREATE TRIGGER refuse BEFORE UPDATE ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        )


async def test_a_refused_step_is_neither_stored_nor_remembered(
    coach: Coach, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("the refusal is a SQLite trigger")
    sari = coach.user()
    await open_stage(sari, "Dihubungi oleh rekruter")
    await sari.wait_reply(predicate=lambda m: "nama perusahaannya" in (m.text or ""))
    await sari.ask("PT Aman Siber")
    database = coach.app.bot_data["services"].database
    # The role is written when the update's rows are flushed, after the handler moved the
    # conversation on in memory.
    await refuse_updates(database, "applications")
    with caplog.at_level(logging.ERROR):
        answer = await sari.ask("Analis SOC")
    assert "Maaf, terjadi kesalahan di pihak saya" in (answer.text or "")
    async with database.engine.begin() as connection:
        await connection.execute(text("DROP TRIGGER refuse"))
    # Nothing of the refused step is remembered in memory either: the database is the truth.
    assert all(not ptb_private._states(handler) for handler in coach.app.conversations)
    async with database.engine.connect() as connection:
        states = (await connection.execute(text("SELECT state FROM conversation_states"))).all()
        roles = (await connection.execute(text("SELECT role FROM applications"))).all()
    assert [state for (state,) in states] == ["posisi"]
    assert roles == [("",)]
    # The conversation goes on from the stored step: the role is asked for again.
    again = await sari.ask("Analis SOC")
    assert "menghubungi Anda" in (again.text or "")


async def test_a_failed_commit_gets_an_apology(
    coach: Coach, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("the refusal is a SQLite trigger")
    sari = coach.user()
    await open_stage(sari, "Dihubungi oleh rekruter")
    await sari.wait_reply(predicate=lambda m: "nama perusahaannya" in (m.text or ""))
    database = coach.app.bot_data["services"].database
    # The conversation state is the update's last write: refused at the commit itself.
    await refuse_updates(database, "conversation_states")
    with caplog.at_level(logging.ERROR):
        answer = await sari.ask("PT Aman Siber")
    assert "Maaf, terjadi kesalahan di pihak saya" in (answer.text or "")
    async with database.engine.connect() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM applications"))).scalar() == 0
