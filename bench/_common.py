"""What the benchmarks share: a timing emulator, seeding rows, the machine's description."""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, make_url, select, text

from bot.coach.nudges import NudgeKind
from bot.storage.db import make_engine
from bot.storage.migrate import upgrade
from bot.storage.models import FollowUp, FollowUpStatus, User
from tgemu import BotApiEmulator

TOKEN = "123456:BENCH-token"
# Wednesday 25 November 2026, 09:00 in Jakarta, as in the end-to-end tests.
START = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
FIRST_USER_ID = 500_000
# Its own database: the test suite wipes `test` (TEST_DATABASE_URL) at every test, so a
# benchmark running there at the same time as someone's tests loses its tables midway.
POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/bench"
OUT = Path(__file__).resolve().parent / "out"


class TimingEmulator(BotApiEmulator):
    """The emulator, noting when things reach it (its `requests` log has no times).

    `accepted` holds (perf_counter, chat id) of every sendMessage it accepted; `first_poll_at`
    the perf_counter of the first getUpdates call. perf_counter is this process's clock, so the
    bot must either run in this process or be timed from this process (a spawn).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.accepted: list[tuple[float, int]] = []
        self.first_poll_at: float | None = None

    def start_chats(self, user_ids: Iterable[int]) -> None:
        """Users who pressed Start long ago: the bot may write to them. No update is queued."""
        for user_id in user_ids:
            self.user(id=user_id, first_name=f"Pengguna{user_id}")
            # The emulator's only public way to start a chat is a user message, which would
            # make the bot handle thousands of /start updates during the measurement.
            self._started.add(user_id)

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        result = await super()._send_message(params)
        self.accepted.append((time.perf_counter(), int(result["chat"]["id"])))
        return result

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.first_poll_at is None:
            self.first_poll_at = time.perf_counter()
        return await super()._get_updates(params)


def bot_env(emu: BotApiEmulator, database_url: str, **settings: str) -> dict[str, str]:
    """The environment of a `python -m bot` pointed at `emu` and `database_url`: this process's,
    without any coach setting of its own, plus `settings` (e.g. CLOCK_FILE="...")."""
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("BOT_", "DATABASE_", "TELEGRAM_", "CLOCK_"))
    }
    return {
        **inherited,
        "BOT_TOKEN": emu.token,
        "TELEGRAM_BASE_URL": emu.base_url,
        "TELEGRAM_BASE_FILE_URL": emu.base_file_url,
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
        **settings,
    }


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


async def wipe_database(url: str) -> None:
    """An empty database at `url`: PostgreSQL's schema public dropped (the database is created
    if missing), a SQLite file deleted."""
    if url.startswith("postgresql"):
        await _create_postgres_database(url)
        engine = make_engine(url)
        try:
            async with engine.begin() as connection:
                await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                await connection.execute(text("CREATE SCHEMA public"))
        finally:
            await engine.dispose()
        return
    _delete_sqlite_file(url)


async def _create_postgres_database(url: str) -> None:
    target = make_url(url)
    engine = make_engine(
        target.set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    try:
        async with engine.connect() as connection:
            exists = await connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": target.database},
            )
            if not exists:
                name = target.database or ""
                quoted = connection.dialect.identifier_preparer.quote(name)
                await connection.execute(text(f"CREATE DATABASE {quoted}"))
    finally:
        await engine.dispose()


def _delete_sqlite_file(url: str) -> None:
    prefix = "sqlite+aiosqlite:///"
    if not url.startswith(prefix) or url.endswith(":memory:"):
        raise SystemExit(f"not a SQLite file or PostgreSQL URL: {url}")
    path = Path(url.removeprefix(prefix).split("?", 1)[0])
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


async def seed(
    url: str,
    *,
    users: int,
    per_user: int,
    due_at: Sequence[datetime] | datetime,
    expires_after: timedelta,
    kind: NudgeKind = NudgeKind.RESILIENCE_CHECK_IN,
    now: datetime = START,
    quiet_hours: tuple[int, int] = (21, 7),
) -> None:
    """Migrates `url` and adds `users` users with `per_user` pending follow-ups each.

    `due_at` is one moment for every row, or one per row (users * per_user of them, row i
    belonging to user i % users). RESILIENCE_CHECK_IN renders without an application.
    `quiet_hours` (start, end) are every user's; (0, 0) is none. The dispatcher holds a nudge
    found inside them, so a burst sent at the real time needs none.
    """
    engine = make_engine(url)
    try:
        await upgrade(engine)
        user_ids = [FIRST_USER_ID + index for index in range(users)]
        total = users * per_user
        moments = [due_at] * total if isinstance(due_at, datetime) else list(due_at)
        if len(moments) != total:
            raise ValueError("one due_at per follow-up, or one for all")
        async with engine.begin() as connection:
            for chunk in _chunks(range(users), 10_000):
                await connection.execute(
                    insert(User.__table__),
                    [
                        {
                            "id": user_ids[i],
                            "chat_id": user_ids[i],
                            "first_name": f"Pengguna{i}",
                            "language": "id",
                            "telegram_language": "id",
                            "timezone": "Asia/Jakarta",
                            "quiet_start": quiet_hours[0],
                            "quiet_end": quiet_hours[1],
                            "nudges_paused": False,
                            "blocked": False,
                            "pending": {},
                            "created_at": now,
                            "last_seen_at": now,
                        }
                        for i in chunk
                    ],
                )
            for chunk in _chunks(range(total), 10_000):
                await connection.execute(
                    insert(FollowUp.__table__),
                    [
                        {
                            "user_id": user_ids[i % users],
                            "kind": kind.value,
                            "due_at": moments[i],
                            "expires_at": moments[i] + expires_after,
                            "status": FollowUpStatus.PENDING.value,
                            "attempts": 0,
                            "last_error": "",
                            "payload": {},
                            "created_at": now,
                        }
                        for i in chunk
                    ],
                )
    finally:
        await engine.dispose()


async def status_counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(FollowUp.status, func.count()).group_by(FollowUp.status)
            )
            return {status: count for status, count in rows.all()}
    finally:
        await engine.dispose()


def _chunks(items: range, size: int) -> Iterable[range]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def machine() -> dict[str, str]:
    """What the numbers were measured on; the machine is shared, so the load is noted too."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return {
        "nproc": str(len(os.sched_getaffinity(0))),
        "cpu": model,
        "python": platform.python_version(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load average": load,
    }


def print_machine(module: str) -> None:
    facts = machine()
    print("machine: " + "; ".join(f"{key} {value}" for key, value in facts.items()))
    print(f"command: python -m {module} {' '.join(sys.argv[1:])}".rstrip())


def median(values: Sequence[float]) -> float:
    return statistics.median(values)
