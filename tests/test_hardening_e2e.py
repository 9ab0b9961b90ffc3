"""Findings of the red-team review, each reproduced here: what a user's odd client, a wrong
clock, a double tap or a failing database did, and what the coach does now."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.storage.db import Database
from bot.storage.models import User
from tests.conftest import START, Coach
from tests.helpers import open_stage, rows, says, stored_user
from tests.test_errors_e2e import refuse_updates


async def test_a_language_code_longer_than_the_column_does_not_lock_the_user_out(
    coach: Coach,
) -> None:
    """PostgreSQL refused the user row (VARCHAR(16)) on every message: the user was locked out."""
    odd = coach.emu.user(id=8101, first_name="Odd", language_code="x-" + "a" * 40)
    greeting = await odd.ask("/start")
    assert "Halo, Odd!" in (greeting.text or "")
    stored = await stored_user(coach.settings.database_url, odd.id)
    assert stored.telegram_language is not None and len(stored.telegram_language) <= 16


async def test_what_users_wrote_stays_out_of_error_logs(
    coach: Coach, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("the failure is a SQLite trigger")
    sari = coach.user()
    await open_stage(sari, "Dihubungi oleh rekruter")
    await sari.wait_reply(predicate=says("nama perusahaannya"))
    await sari.ask("PT Aman Siber")
    database = Database(database_url)
    try:
        await refuse_updates(database, "applications")
    finally:
        await database.dispose()
    with caplog.at_level(logging.ERROR):
        apology = await sari.ask("Posisi Rahasia Sekali")
    assert "Maaf, terjadi kesalahan" in (apology.text or "")
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "refused" in logged  # the error itself is there ...
    assert "Rahasia Sekali" not in logged  # ... what the user typed is not


async def test_a_user_first_seen_while_the_clock_was_ahead_can_delete_their_data(
    coach: Coach,
) -> None:
    sari = coach.user()
    coach.clock.set(START + timedelta(hours=2))
    await sari.ask("/start")
    coach.clock.set(START)  # the clock was corrected back
    question = await sari.ask("/hapusdata")
    await sari.press("Ya, hapus semua", message=question)
    done = await sari.wait_reply(predicate=says("sudah dihapus"))
    assert done is not None
    assert [u for u in await rows(coach.settings.database_url, User) if u.id == sari.id] == []


async def test_a_double_tap_on_delete_does_not_store_the_user_again(coach: Coach) -> None:
    sari = coach.user()
    await sari.ask("/start")
    question = await sari.ask("/hapusdata")
    await sari.press("Ya, hapus semua", message=question)
    second = await sari.press("Ya, hapus semua", message=question)
    answer = await coach.emu.wait_for_callback_answer(second)
    assert "tidak berlaku" in (answer.text or "")
    await coach.emu.wait_idle()
    assert [u for u in await rows(coach.settings.database_url, User) if u.id == sari.id] == []
