"""The dispatcher killed mid-dispatch (SIGKILL) and restarted: every due nudge arrives, once."""

from __future__ import annotations

import asyncio
import signal
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from bot.clock import FileClock
from bot.coach.nudges import NudgeKind
from bot.storage.db import Database
from bot.storage.migrate import upgrade
from bot.storage.models import FollowUp, FollowUpStatus, User
from tests.conftest import START, BotProcess
from tgemu import BotApiEmulator, RateLimits

USERS = 90


async def seed(database_url: str, users: int = USERS) -> list[int]:
    """Users with one due check-in each, as if the bot had been down when they fell due."""
    database = Database(database_url)
    try:
        await upgrade(database.engine)
        ids = [5000 + n for n in range(users)]
        async with database.session() as session, session.begin():
            for user_id in ids:
                session.add(
                    User(id=user_id, chat_id=user_id, first_name=f"U{user_id}", timezone="Asia/Jakarta",
                         quiet_start=0, quiet_end=0, nudges_paused=False, blocked=False, pending={},
                         created_at=START, last_seen_at=START)
                )  # fmt: skip
            await session.flush()
            for user_id in ids:
                session.add(
                    FollowUp(user_id=user_id, kind=NudgeKind.RESILIENCE_CHECK_IN.value,
                             due_at=START - timedelta(minutes=5), expires_at=START + timedelta(days=3),
                             status=FollowUpStatus.PENDING.value, attempts=0, last_error="",
                             payload={}, created_at=START)
                )  # fmt: skip
        return ids
    finally:
        await database.dispose()


async def statuses(database_url: str) -> dict[str, int]:
    database = Database(database_url)
    try:
        async with database.session() as session:
            rows = await session.scalars(select(FollowUp.status))
            counts: dict[str, int] = {}
            for status in rows:
                counts[status] = counts.get(status, 0) + 1
            return counts
    finally:
        await database.dispose()


def accepted_sends(emu: BotApiEmulator) -> int:
    return sum(1 for r in emu.calls("sendMessage") if r.ok)


async def start_mid_dispatch(
    emulator: BotApiEmulator,
    bot_process: BotProcess,
    database_url: str,
    tmp_path: Path,
    lease: int,
) -> tuple[list[int], Path]:
    """Users with a due nudge each, the bot started, and a third of them sent: the dispatch is
    under way (Telegram's limits make it take seconds). Returns the users and the clock file."""
    ids = await seed(database_url)
    emulator.assume_started(*(emulator.user(id=i, first_name=f"U{i}") for i in ids))
    clock_file = tmp_path / "now.txt"
    clock_file.write_text(START.isoformat())
    assert FileClock(clock_file).now() == START
    bot_process.env.update(
        CLOCK_FILE=str(clock_file),
        DISPATCH_INTERVAL_SECONDS="0.3",
        FOLLOW_UP_LEASE_SECONDS=str(lease),
    )
    emulator.rate_limits = RateLimits(global_per_second=30, per_chat_per_second=1)
    await bot_process.start()
    await wait_for_sends(emulator, USERS // 3)
    return ids, clock_file


async def wait_for_sends(emulator: BotApiEmulator, count: int) -> None:
    async with asyncio.timeout(60):
        while accepted_sends(emulator) < count:  # noqa: ASYNC110 - polls a counter
            await asyncio.sleep(0.05)


async def assert_each_sent_once(
    emulator: BotApiEmulator, bot_process: BotProcess, database_url: str, ids: list[int]
) -> None:
    await wait_for_sends(emulator, USERS)
    await emulator.wait_idle(timeout=15, quiet=1.0)
    per_chat = {user_id: len(emulator.chat_messages(user_id)) for user_id in ids}
    assert sorted(set(per_chat.values())) == [1], {k: v for k, v in per_chat.items() if v != 1}
    assert await statuses(database_url) == {"sent": USERS}
    await bot_process.stop(signal.SIGTERM)


async def test_sigkill_while_dispatching_loses_nothing_and_sends_nothing_twice(
    emulator: BotApiEmulator, bot_process: BotProcess, database_url: str, tmp_path: Path
) -> None:
    ids, clock_file = await start_mid_dispatch(
        emulator, bot_process, database_url, tmp_path, lease=60
    )
    # Hold every further send at the door, give the bot a moment to record the ones Telegram
    # accepted, then kill it: the held requests die with it, unprocessed and unrecorded.
    emulator.hold("sendMessage", 3)
    await asyncio.sleep(1.0)
    assert await bot_process.stop(signal.SIGKILL) == -signal.SIGKILL
    sent_before = accepted_sends(emulator)
    assert 0 < sent_before < USERS
    assert (await statuses(database_url)).get("sending", 0) > 0  # claims the dead process held

    # The restarted bot sends the claims of the dead one once their lease has run out.
    emulator.clear_faults()
    clock_file.write_text((START + timedelta(minutes=2)).isoformat())
    await bot_process.start()
    await assert_each_sent_once(emulator, bot_process, database_url, ids)


async def test_stopping_while_dispatching_hands_the_rest_of_the_claim_back(
    emulator: BotApiEmulator, bot_process: BotProcess, database_url: str, tmp_path: Path
) -> None:
    ids, _clock_file = await start_mid_dispatch(
        emulator, bot_process, database_url, tmp_path, lease=600
    )
    # A deploy: SIGTERM. The nudges being sent finish; the rest of the claim is pending again,
    # not left `sending` until its lease (ten minutes here) runs out.
    assert await bot_process.stop(signal.SIGTERM) == 0
    sent_before = accepted_sends(emulator)
    assert 0 < sent_before < USERS
    assert await statuses(database_url) == {"sent": sent_before, "pending": USERS - sent_before}

    # Started again at the same moment: the rest goes out at once, and nothing twice.
    await bot_process.start()
    await assert_each_sent_once(emulator, bot_process, database_url, ids)
