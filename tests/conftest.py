"""Shared fixtures: a database on SQLite (always) and PostgreSQL (when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.app import CoachApplication, build_application
from bot.clock import FrozenClock
from bot.config import Settings, load_settings
from bot.followups.dispatcher import Dispatcher
from bot.storage.db import make_engine
from tgemu import BotApiEmulator, UserHandle, running

DATABASES = ["sqlite", "postgresql"]

# The coach opts in to PTB's timedelta durations when it builds its Application
# (bot.app.build_application); tests that use PTB's errors without an Application get the same.
os.environ.setdefault("PTB_TIMEDELTA", "1")


async def reset_postgres(url: str) -> None:
    """Drops every table, so each test starts from an empty schema and runs the migrations."""
    engine = make_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()


@pytest.fixture(params=DATABASES)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}"
        return
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set")
    url = await worker_database(url)
    await reset_postgres(url)
    yield url


async def worker_database(url: str) -> str:
    """Under pytest-xdist each worker gets a database of its own (the given one's name plus the
    worker's, created on first use): tests drop and recreate the schema they run on."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    parsed = make_url(url)
    name = f"{parsed.database}_{worker}"
    admin = make_engine(
        parsed.set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    try:
        async with admin.connect() as connection:
            exists = await connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not exists:
                await connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await admin.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


# --- the coach, end to end ------------------------------------------------------------------

TOKEN = "123456:TEST-token"
# Wednesday 25 November 2026, 09:00 in Jakarta: the moment every end-to-end test starts at.
START = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


@dataclass
class Coach:
    """The real Application, polling the emulator; `clock` moves the coach's time."""

    emu: BotApiEmulator
    app: CoachApplication
    clock: FrozenClock
    settings: Settings

    async def dispatch(self) -> int:
        """Runs the nudge dispatcher once, as its periodic job would, at the clock's time."""
        dispatcher: Dispatcher = self.app.bot_data["dispatcher"]
        return await dispatcher.run_once()

    def user(
        self, id: int = 1001, first_name: str = "Sari", language_code: str | None = "id"
    ) -> UserHandle:
        return self.emu.user(id=id, first_name=first_name, language_code=language_code)


def coach_settings(emu: BotApiEmulator, database_url: str) -> Settings:
    return load_settings(
        bot_token=emu.token,
        telegram_base_url=emu.base_url,
        telegram_base_file_url=emu.base_file_url,
        database_url=database_url,
        # Tests run the dispatcher themselves (Coach.dispatch), at the moments they choose.
        dispatch_interval_seconds=3600,
        # Test users answer within milliseconds of each message, not seconds as people do:
        # Telegram's one a second per chat would hold a stage's last answers back for many
        # seconds. Paced 20 a second instead (tests/test_ratelimit.py checks the pacing).
        chat_send_interval_seconds=0.05,
        # Test users act at machine speed; tests/test_intake.py floods past this on purpose.
        flood_limit=100,
    )


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN, bot_username="pelatih_test_bot") as emu:
        yield emu


@pytest.fixture
async def coach(emulator: BotApiEmulator, database_url: str) -> AsyncIterator[Coach]:
    clock = FrozenClock(START)
    settings = coach_settings(emulator, database_url)
    app = build_application(settings, clock=clock)
    async with running(app, poll_timeout=0.2):
        yield Coach(emu=emulator, app=app, clock=clock, settings=settings)


class BotProcess:
    """`python -m bot` as a separate OS process, pointed at the emulator: for restarts and kills."""

    def __init__(
        self, emu: BotApiEmulator, database_url: str, workdir: Path, *args: str, name: str = "bot"
    ) -> None:
        self.args = args
        self.env = {
            **{
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("BOT_", "DATABASE_", "TELEGRAM_"))
            },
            "BOT_TOKEN": emu.token,
            "TELEGRAM_BASE_URL": emu.base_url,
            "TELEGRAM_BASE_FILE_URL": emu.base_file_url,
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "INFO",
            # As coach_settings: test users are faster than people.
            "CHAT_SEND_INTERVAL_SECONDS": "0.05",
            "FLOOD_LIMIT": "100",
        }
        self.workdir = workdir
        self.process: asyncio.subprocess.Process | None = None
        self.log = workdir / f"{name}.log"

    async def start(self) -> None:
        assert self.process is None or self.process.returncode is not None
        with self.log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                *self.args,
                cwd=self.workdir,
                env=self.env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )

    async def stop(self, sig: int = signal.SIGTERM) -> int:
        """Stops the process (SIGTERM: gracefully; SIGKILL: a crash) and returns its exit code."""
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(sig)
        try:
            return await asyncio.wait_for(self.process.wait(), timeout=20)
        except TimeoutError:
            self.process.kill()
            return await self.process.wait()


@pytest.fixture
async def bot_process(
    emulator: BotApiEmulator, database_url: str, tmp_path: Path
) -> AsyncIterator[BotProcess]:
    process = BotProcess(emulator, database_url, tmp_path)
    try:
        yield process
    finally:
        if process.process is not None and process.process.returncode is None:
            await process.stop(signal.SIGKILL)


WEBHOOK_SECRET = "webhook-secret-for-the-tests-0123456789"


@dataclass
class WebhookCoach:
    """The coach behind its own webhook server, in this process, fed by the emulator."""

    app: CoachApplication
    url: str
    database_url: str


@pytest.fixture
async def webhook_coach(
    emulator: BotApiEmulator, database_url: str
) -> AsyncIterator[WebhookCoach]:
    from aiohttp import web

    from bot.webhook import make_web_app

    settings = coach_settings(emulator, database_url)
    app = build_application(settings, clock=FrozenClock(START))
    await app.initialize()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    url = f"http://127.0.0.1:{port}/telegram"
    # Telegram is told the public address; the emulator, as the load balancer, posts to ours.
    await app.bot.set_webhook(url="https://coach.example/telegram", secret_token=WEBHOOK_SECRET)
    runner = web.AppRunner(make_web_app(app, path="/telegram", secret=WEBHOOK_SECRET))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    emulator.serve_webhook_through([url])
    try:
        yield WebhookCoach(app=app, url=url, database_url=database_url)
    finally:
        await runner.cleanup()
        await app.shutdown()
        await app.post_shutdown(app)  # type: ignore[misc]
