"""Which lane of the send limiter each of the real coach's sends takes (bot/ratelimit.py):
answers to the user whose update is handled are replies; nudges and the admin chat's error
reports are bulk. How the lanes pace is tests/test_ratelimit.py's."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any, NamedTuple

import pytest
from sqlalchemy import text

from bot.ratelimit import Lane, LaneLimiter
from tests.conftest import Coach
from tests.test_followups_e2e import nudge_after, recruiter_stage


class Send(NamedTuple):
    endpoint: str
    chat: int
    text: str
    lane: Lane


def record_lanes(coach: Coach) -> list[Send]:
    """Notes every limited request of the coach's bot with the lane it takes."""
    limiter = coach.app.bot.rate_limiter
    assert isinstance(limiter, LaneLimiter)
    sends: list[Send] = []
    process = limiter.process_request

    async def noted(
        callback: Any,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        if (chat := data.get("chat_id")) is not None:
            sends.append(Send(endpoint, chat, str(data.get("text", "")), limiter.lane_of(chat)))
        return await process(callback, args, kwargs, endpoint, data, rate_limit_args)

    limiter.process_request = noted  # type: ignore[method-assign]
    return sends


async def test_answers_are_replies_and_nudges_are_bulk(coach: Coach) -> None:
    sari = coach.user()
    sends = record_lanes(coach)
    await recruiter_stage(coach, sari)
    assert sends and {send.lane for send in sends} == {Lane.REPLY}
    sends.clear()
    coach.clock.advance(timedelta(hours=3))
    cursor = coach.emu.cursor
    assert await coach.dispatch() == 1
    nudge = await nudge_after(coach, cursor, sari, "Sudah membalas rekruter")
    [sent] = sends
    assert (sent.chat, sent.lane) == (sari.id, Lane.BULK)
    assert "Sudah membalas rekruter" in sent.text
    sends.clear()
    # Pressing the nudge's button: its answer (the nudge edited) is a reply again.
    await sari.press("Sudah ✅", message=nudge)
    await sari.wait_reply()
    assert sends and {send.lane for send in sends} == {Lane.REPLY}


async def test_the_admin_chats_error_report_is_bulk(
    coach: Coach, caplog: pytest.LogCaptureFixture
) -> None:
    admin = coach.user(id=4242, first_name="Admin")
    await admin.ask("/start")
    coach.app.bot_data["services"].settings.admin_chat_id = admin.id
    sari = coach.user()
    await sari.ask("/start")
    database = coach.app.bot_data["services"].database
    async with database.engine.begin() as connection:
        # Every update reads the user's conversation states first: this one fails.
        await connection.execute(text("ALTER TABLE conversation_states RENAME TO gone"))
    sends = record_lanes(coach)
    cursor = coach.emu.cursor
    with caplog.at_level(logging.ERROR):
        apology = await sari.ask("/wawancara")
        report = await coach.emu.wait_for_message(admin.id, after=cursor)
    assert "Maaf" in (apology.text or "")
    assert "conversation_states" in (report.text or "")
    lanes = {send.chat: send.lane for send in sends}
    assert lanes == {sari.id: Lane.REPLY, admin.id: Lane.BULK}


async def test_a_chat_told_to_wait_holds_up_no_other_chat(coach: Coach) -> None:
    sari, budi = coach.user(), coach.user(id=1002, first_name="Budi")
    await sari.ask("/start")
    await budi.ask("/start")
    # Telegram refuses Sari's next answer for a second; her chat waits it out (the limiter
    # retries it), and Budi, who writes meanwhile, is answered without waiting for her.
    coach.emu.fail_next(
        "sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, times=1
    )
    cursor = coach.emu.cursor
    await sari.send("/bantuan")
    for _ in range(500):  # until Telegram has refused her answer (at most 5 s)
        if any(not request.ok for request in coach.emu.calls("sendMessage")):
            break
        await asyncio.sleep(0.01)
    await budi.ask("/bantuan")
    await sari.wait_reply()
    [to_sari] = coach.emu.messages_since(sari.id, cursor)
    [to_budi] = coach.emu.messages_since(budi.id, cursor)
    assert to_budi.seq < to_sari.seq
