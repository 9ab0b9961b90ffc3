"""How updates come in: stored before Telegram is told they arrived (a kill with a backlog loses
none), applied once, handled chat by chat while other chats go on, and a database that goes
away and comes back loses nothing and freezes nothing."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.app import build_application
from bot.clock import FrozenClock
from bot.storage.db import make_engine
from bot.storage.models import ReceivedUpdate, User
from tests.conftest import START, BotProcess, Coach, WebhookCoach, coach_settings
from tests.helpers import rows, says
from tgemu import BotApiEmulator, running

BACKLOG = 300


async def test_a_kill_with_a_backlog_of_300_loses_no_message(
    emulator: BotApiEmulator, bot_process: BotProcess, database_url: str
) -> None:
    users = [emulator.user(id=10_000 + n, first_name=f"U{n}") for n in range(BACKLOG)]
    for user in users:
        await user.send("/start")
    # Answers go out slowly, so the bot has fetched (and so acknowledged) the whole backlog
    # long before it has handled it.
    emulator.delay("sendMessage", 3.0)
    await bot_process.start()

    async with asyncio.timeout(60):
        while True:
            if not emulator.pending_updates:
                break
            await asyncio.sleep(0.05)
    answered_before = {c.params["chat_id"] for c in emulator.calls("sendMessage") if c.ok}
    assert len(answered_before) < BACKLOG / 2  # the kill lands with most of it unhandled
    await bot_process.stop(signal.SIGKILL)

    emulator.clear_faults()
    await bot_process.start()

    async with asyncio.timeout(90):
        while True:
            if len(await rows(database_url, User)) == BACKLOG:
                break
            await asyncio.sleep(0.2)
    await emulator.wait_idle(timeout=60, quiet=1.0)
    answered = [c.params["chat_id"] for c in emulator.calls("sendMessage") if c.ok]
    # Every message was handled once: each user is stored, and an answer committed but cut off
    # by the kill is the only one missing (at most one per chat being handled at that moment).
    assert len(answered) == len(set(answered))
    assert BACKLOG - len(set(answered)) <= 32
    leftover = await unhandled(database_url)
    assert leftover == []
    await bot_process.stop(signal.SIGTERM)


async def test_an_update_delivered_twice_is_applied_once(coach: Coach) -> None:
    sari = coach.user()
    await sari.ask("/start")
    update_id = max(r.update_id for r in await rows(coach.settings.database_url, ReceivedUpdate))
    sends = len(coach.emu.calls("sendMessage"))
    # As Telegram would after a webhook whose 200 got lost: the same update once more.
    await coach.app.process_update(again(coach, update_id, sari.id))
    assert len(coach.emu.calls("sendMessage")) == sends


def again(coach: Coach, update_id: int, user_id: int) -> object:
    """The stored /start update, as Telegram would deliver it a second time."""
    from telegram import Update

    return Update.de_json(
        {
            "update_id": update_id,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": user_id, "type": "private", "first_name": "Sari"},
                "from": {"id": user_id, "is_bot": False, "first_name": "Sari"},
                "text": "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            },
        },
        coach.app.bot,
    )


@pytest.fixture
async def slow_window_coach(emulator: BotApiEmulator, database_url: str) -> AsyncIterator[Coach]:
    """The coach with a flood window of an hour: the 300 messages below fall into one window
    however slowly a loaded machine types them."""
    clock = FrozenClock(START)
    settings = coach_settings(emulator, database_url).model_copy(
        update={"flood_window_seconds": 3600.0}
    )
    app = build_application(settings, clock=clock)
    async with running(app, poll_timeout=0.2):
        yield Coach(emu=emulator, app=app, clock=clock, settings=settings)


async def unhandled(database_url: str) -> list[ReceivedUpdate]:
    return [r for r in await rows(database_url, ReceivedUpdate) if r.handled_at is None]


async def test_a_flooding_chat_is_slowed_and_others_are_answered_meanwhile(
    slow_window_coach: Coach,
) -> None:
    coach = slow_window_coach
    flooder = coach.user(id=3001, first_name="Banjir")
    sari = coach.user(id=3002, first_name="Sari")
    await flooder.ask("/start")
    for n in range(3 * coach.settings.flood_limit):
        await flooder.send(f"halo {n}")
    help_text = await sari.ask("/bantuan", timeout=15)
    assert "/wawancara" in (help_text.text or "")
    await coach.emu.wait_idle(timeout=30)
    flood_answers = [m.text or "" for m in coach.emu.chat_messages(flooder.id)]
    notices = [t for t in flood_answers if "terlalu cepat" in t]
    assert len(notices) == 1
    # The chat was held to its fair share, and what was skipped is not handled later.
    assert len(flood_answers) <= 1 + coach.settings.flood_limit + 1
    # Skipped updates are marked handled in the background, after the emulator fell quiet:
    # give a loaded machine a few seconds.
    async with asyncio.timeout(15):
        while leftover := await unhandled(coach.settings.database_url):  # noqa: ASYNC110
            await asyncio.sleep(0.2)
    assert leftover == []


async def test_a_group_spamming_commands_gets_one_answer_and_holds_up_nobody(
    coach: Coach,
) -> None:
    group = coach.emu.group(id=-5001, title="Loker IT")
    members = [coach.user(id=4000 + n, first_name=f"G{n}") for n in range(4)]
    for n in range(40):
        await members[n % 4].send("/start", chat=group)
    sari = coach.user(id=4100, first_name="Sari")
    reply = await sari.ask("/bantuan", timeout=15)
    assert "/wawancara" in (reply.text or "")
    await coach.emu.wait_idle(timeout=30)
    assert len(coach.emu.chat_messages(group.id)) == 1


# --- the database goes away, and comes back -------------------------------------------------


async def _connections(database_url: str, allowed: bool) -> None:
    """Closes the database to the coach (refusing and cutting its connections), or reopens it,
    through the server's maintenance database."""
    url = make_url(database_url)
    admin = make_engine(url.set(database="postgres").render_as_string(hide_password=False))
    try:
        async with admin.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            name = url.database
            await connection.execute(
                text(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS {str(allowed).lower()}')
            )
            if not allowed:
                await connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": name},
                )
    finally:
        await admin.dispose()


async def test_a_database_outage_loses_nothing_and_the_bot_answers_after_it(
    coach: Coach, database_url: str
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("the outage is a PostgreSQL server refusing connections")
    sari = coach.user()
    await sari.ask("/start")
    await _connections(database_url, allowed=False)
    try:
        # Typed while the database is away: not lost, not apologised for, only late.
        await sari.send("/bantuan")
        await asyncio.sleep(1.5)
        assert not [
            m for m in coach.emu.messages_since(sari.id, 0) if "/wawancara —" in (m.text or "")
        ]
    finally:
        await _connections(database_url, allowed=True)
    await sari.wait_reply(predicate=says("Perintah yang bisa Anda pakai"), timeout=30)
    # And the bot goes on answering.
    menu = await sari.ask("/wawancara", timeout=15)
    assert len(menu.buttons) == 6


async def test_a_database_outage_under_webhooks_is_apologised_for_and_then_over(
    emulator: BotApiEmulator, webhook_coach: WebhookCoach, database_url: str
) -> None:
    """A webhook request must be answered: while the database is away the user hears that
    something failed (never silence), and once it is back every message is answered."""
    if not database_url.startswith("postgresql"):
        pytest.skip("the outage is a PostgreSQL server refusing connections")
    sari = emulator.user(id=5501, first_name="Sari")
    await sari.ask("/start", timeout=15)
    await _connections(database_url, allowed=False)
    try:
        apology = await sari.ask("/bantuan", timeout=30)
        assert "Maaf, terjadi kesalahan" in (apology.text or "")
    finally:
        await _connections(database_url, allowed=True)
    help_text = await sari.ask("/bantuan", timeout=30)
    assert "Perintah yang bisa Anda pakai" in (help_text.text or "")
