"""When the coach itself fails (here: its database), the user gets one kind sentence, not a
traceback and not silence, and nothing of the failed update is kept or half-sent."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from tests.conftest import Coach


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
