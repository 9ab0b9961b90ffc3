"""Start-up time and peak memory of `python -m bot` with 100,000 pending follow-ups vs none.

Two SQLite files are prepared once, both migrated: "empty" (no rows) and "full" (`--pending`
follow-ups spread over `--users` users, due between one hour and 30 days after the clock, so
nothing is due). The bot runs as its own process (`python -m bot`, env BOT_TOKEN,
TELEGRAM_BASE_URL, DATABASE_URL and CLOCK_FILE holding a fixed moment) against the Bot API
emulator running in this process. Runs alternate empty, full, empty, full, ...:

* start-up: from the spawn until the process's first getUpdates reaches the emulator;
* peak memory: the child's VmHWM (peak RSS) from /proc/<pid>/status, read just before a
  graceful SIGTERM stop after `--settle` seconds of running (long enough for the dispatcher's
  first run, which starts with the application; "VmHWM running") and sampled until it exits
  ("peak RSS"). Not getrusage(RUSAGE_CHILDREN) nor wait4's ru_maxrss: Linux carries the
  forking parent's RSS into the child's maxrss across exec, so they report this benchmark's
  own size (about 117 MiB after seeding 100k rows) for every child.

Then, in this process, one `Dispatcher.run_once()` with nothing due is timed against each file
(alternating, medians), with the time of each SQL statement it issues, and SQLite's
`EXPLAIN QUERY PLAN` of those statements, the claim query first: the claim must search the
(status, due_at) index, not scan the table.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import event, select, update
from telegram import Bot

from bench._common import (
    START,
    TOKEN,
    TimingEmulator,
    bot_env,
    median,
    print_machine,
    seed,
    sqlite_url,
)
from bot.clock import FrozenClock
from bot.followups.dispatcher import Dispatcher
from bot.storage.db import Database, make_engine
from bot.storage.models import FollowUp, FollowUpStatus, User

INDEX = "ix_follow_ups_status_due"


@dataclass
class ProcessRun:
    label: str
    startup: float
    running_hwm_mib: float
    hwm_mib: float
    exit_code: int


async def prepare(directory: Path, pending: int, users: int) -> dict[str, str]:
    """The two databases, migrated; the full one with `pending` rows none of which is due."""
    urls = {
        "empty": sqlite_url(directory / "empty.db"),
        "full": sqlite_url(directory / "full.db"),
    }
    await seed(urls["empty"], users=0, per_user=0, due_at=[], expires_after=timedelta(days=3))
    per_user, remainder = divmod(pending, users)
    if remainder:
        raise SystemExit("--pending must be a multiple of --users")
    span = timedelta(days=30)
    due = [START + timedelta(hours=1) + span * index / pending for index in range(pending)]
    await seed(urls["full"], users=users, per_user=per_user, due_at=due, expires_after=span)
    return urls


async def run_process(
    emu: TimingEmulator, label: str, url: str, directory: Path, settle: float
) -> ProcessRun:
    """Spawns the bot, waits for its first getUpdates, lets it run, stops it with SIGTERM."""
    workdir = directory / f"work-{label}"
    workdir.mkdir(exist_ok=True)
    clock_file = directory / "clock.txt"
    env = bot_env(emu, url, CLOCK_FILE=str(clock_file))
    emu.first_poll_at = None
    log = workdir / "bot.log"
    spawned = time.perf_counter()
    process = _spawn(workdir, env, log)
    try:
        deadline = time.monotonic() + 60
        while emu.first_poll_at is None:
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text(errors="replace")[-3000:]
                raise SystemExit(f"the bot did not start ({label}); its output:\n{tail}")
            await asyncio.sleep(0.005)
        startup = emu.first_poll_at - spawned
        await asyncio.sleep(settle)
        running_hwm = _vm_hwm_kib(process.pid) or 0.0
        process.send_signal(signal.SIGTERM)
        status, stopping_hwm = await _reap(process, time_limit=30)
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        raise
    return ProcessRun(
        label=label,
        startup=startup,
        running_hwm_mib=running_hwm / 1024,
        hwm_mib=max(running_hwm, stopping_hwm) / 1024,
        exit_code=status,
    )


def _vm_hwm_kib(pid: int) -> float | None:
    """The process's peak RSS so far (KiB); None once it has exited (a zombie has no VmHWM)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith("VmHWM:"):
            return float(line.split()[1])
    return None


def _spawn(workdir: Path, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """`python -m bot`; Popen returns once the child is forked, without waiting for it."""
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "bot"],
            cwd=workdir,
            env=env,
            stdout=output,
            stderr=output,
            start_new_session=True,
        )


async def _reap(process: subprocess.Popen[bytes], time_limit: float) -> tuple[int, float]:
    """Waits for the stopping child, sampling VmHWM until it exits; killed after `time_limit`
    seconds. Returns the exit code and the last VmHWM seen (KiB)."""
    deadline = time.monotonic() + time_limit
    hwm = 0.0
    while (code := process.poll()) is None:
        hwm = _vm_hwm_kib(process.pid) or hwm
        if time.monotonic() > deadline:
            process.kill()
        await asyncio.sleep(0.01)
    return code, hwm


class StatementTimer:
    """Times each statement the engine runs and keeps the SQL of each, for EXPLAIN."""

    def __init__(self, database: Database) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.sql: dict[str, tuple[str, Any]] = {}
        self._engine = database.engine.sync_engine
        self._started: list[float] = []

    def _before(self, conn: Any, cursor: Any, statement: str, params: Any, *args: Any) -> None:
        self._started.append(time.perf_counter())

    def _after(self, conn: Any, cursor: Any, statement: str, params: Any, *args: Any) -> None:
        elapsed = time.perf_counter() - self._started.pop()
        name = _statement_name(statement)
        self.times[name].append(elapsed)
        self.sql.setdefault(name, (statement, params))

    @contextlib.contextmanager
    def listening(self) -> Iterator[None]:
        event.listen(self._engine, "before_cursor_execute", self._before)
        event.listen(self._engine, "after_cursor_execute", self._after)
        try:
            yield
        finally:
            event.remove(self._engine, "before_cursor_execute", self._before)
            event.remove(self._engine, "after_cursor_execute", self._after)


# The dispatcher's first question, "is anything due?"; the claim statement runs only if so.
CLAIM_PROBE = "claim: anything due?"


def _statement_name(statement: str) -> str:
    flat = " ".join(statement.split())
    if flat.startswith("SELECT min(follow_ups.due_at)"):
        return CLAIM_PROBE
    if flat.startswith("UPDATE follow_ups") and "RETURNING" in flat:
        return "claim"
    if flat.startswith("UPDATE follow_ups") and "claimed_at <" in flat:
        return "release expired leases"
    if flat.startswith("UPDATE follow_ups") and "expires_at <" in flat:
        return "expire late nudges"
    return flat[:40]


async def time_run_once(urls: dict[str, str], repeat: int) -> dict[str, StatementTimer]:
    """One run_once with nothing due, alternating between the databases; the first is warm-up."""
    timers: dict[str, StatementTimer] = {}
    dispatchers: dict[str, Dispatcher] = {}
    databases: dict[str, Database] = {}
    totals: dict[str, list[float]] = defaultdict(list)
    try:
        for label, url in urls.items():
            databases[label] = Database(url)
            # Nothing is due, so the bot is never called.
            dispatchers[label] = Dispatcher(
                databases[label], FrozenClock(START), cast(Bot, object())
            )
            timers[label] = StatementTimer(databases[label])
            await dispatchers[label].run_once()
        for _round in range(repeat):
            for label, dispatcher in dispatchers.items():
                with timers[label].listening():
                    started = time.perf_counter()
                    sent = await dispatcher.run_once()
                    totals[label].append(time.perf_counter() - started)
                assert sent == 0, "nothing should be due"
        for label, values in totals.items():
            timers[label].times["run_once (total)"] = values
        await print_plans(databases["full"], timers["full"])
    finally:
        for database in databases.values():
            await database.dispose()
    return timers


async def print_plans(database: Database, timer: StatementTimer) -> None:
    print("\nSQLite EXPLAIN QUERY PLAN (the full database):")
    order = ["claim", *(name for name in timer.sql if name != "claim")]
    async with database.engine.connect() as connection:
        for name in order:
            if name not in timer.sql:
                continue
            statement, params = timer.sql[name]
            result = await connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)
            rows = result.all()
            print(f"\n  {name}:")
            print("    " + " ".join(statement.split()))
            print(f"    parameters: {params}")
            depth: dict[int, int] = {0: 0}
            for node, parent, _unused, detail in rows:
                depth[node] = depth.get(parent, 0) + 1
                print("    " + "  " * depth[node] + detail)
            if name == "claim":
                uses = any(INDEX in detail and "SEARCH" in detail for *_, detail in rows)
                scans = [d for *_, d in rows if d.startswith("SCAN") and "follow_ups" in d]
                print(
                    f"    -> searches {INDEX}: {'yes' if uses else 'NO'}; "
                    f"scans of follow_ups: {len(scans)}"
                )


def claim_statement(now: datetime, batch_size: int, *, recheck_status: bool) -> Any:
    """Dispatcher._claim's UPDATE as SQLite gets it; `recheck_status=False` drops the outer
    `status = 'pending'` test (the subquery already selects pending rows only)."""
    candidates = (
        select(FollowUp.id)
        .join(User, User.id == FollowUp.user_id)
        .where(
            FollowUp.status == FollowUpStatus.PENDING.value,
            FollowUp.due_at <= now,
            User.nudges_paused.is_(False),
            User.blocked.is_(False),
        )
        .order_by(FollowUp.due_at, FollowUp.id)
        .limit(batch_size)
    )
    conditions = [FollowUp.id.in_(candidates.scalar_subquery())]
    if recheck_status:
        conditions.append(FollowUp.status == FollowUpStatus.PENDING.value)
    return (
        update(FollowUp)
        .where(*conditions)
        .values(
            status=FollowUpStatus.SENDING.value,
            claimed_at=now,
            attempts=FollowUp.attempts + 1,
        )
        .returning(FollowUp.id, FollowUp.user_id)
    )


async def claim_alternatives(
    directory: Path, urls: dict[str, str], repeat: int, dispatcher_sql: str | None
) -> None:
    """The claim query with nothing due, as is and changed, on the full database."""
    analyzed = directory / "full-analyzed.db"
    source = make_engine(urls["full"])
    try:
        async with source.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.exec_driver_sql(f"VACUUM INTO '{analyzed}'")
    finally:
        await source.dispose()
    engines = {"full": make_engine(urls["full"]), "empty": make_engine(urls["empty"])}
    engines["analyzed"] = make_engine(sqlite_url(analyzed))
    async with engines["analyzed"].begin() as connection:
        await connection.exec_driver_sql("ANALYZE")
    cases = [
        ("as the dispatcher has it", "full", True),
        ("without the outer status test", "full", False),
        ("as is, after ANALYZE", "analyzed", True),
        ("as is, empty database", "empty", True),
    ]
    times: dict[str, list[float]] = defaultdict(list)
    plans: dict[str, str] = {}
    try:
        for _round in range(repeat):
            for name, database, recheck in cases:
                statement = claim_statement(START, 200, recheck_status=recheck)
                async with engines[database].connect() as connection:
                    transaction = await connection.begin()
                    started = time.perf_counter()
                    claimed = (await connection.execute(statement)).all()
                    times[name].append(time.perf_counter() - started)
                    if name not in plans:
                        compiled = statement.compile(dialect=connection.dialect)
                        plan = await connection.exec_driver_sql(
                            f"EXPLAIN QUERY PLAN {compiled}",
                            tuple(
                                compiled.construct_params()[key] for key in compiled.positiontup
                            ),
                        )
                        plans[name] = " / ".join(row[3] for row in plan.all())
                        if recheck and dispatcher_sql is not None:
                            same = " ".join(str(compiled).split()) == dispatcher_sql
                            plans[name] += "" if same else "  (DIFFERS from the dispatcher's SQL!)"
                    await transaction.rollback()
                assert not claimed, "nothing should be due"
    finally:
        for engine in engines.values():
            await engine.dispose()
    print(f"\nthe claim query, nothing due, {repeat} runs each alternating (medians):")
    for name, _database, _recheck in cases:
        print(f"  {name:<32} {median(times[name]) * 1000:>6.2f} ms")
        print(f"      plan: {plans[name]}")


def report(runs: list[ProcessRun], timers: dict[str, StatementTimer], pending: int) -> None:
    print("\nbot process (alternating runs):")
    print(
        f"  {'run':<4} {'database':<8} {'start-up s':>10} {'VmHWM running':>13} {'VmHWM MiB':>9}"
    )
    for index, run in enumerate(runs, 1):
        print(
            f"  {index:<4} {run.label:<8} {run.startup:>10.3f} {run.running_hwm_mib:>13.1f} "
            f"{run.hwm_mib:>9.1f}" + ("" if run.exit_code == 0 else f"  exit {run.exit_code}")
        )
    by_label: dict[str, list[ProcessRun]] = defaultdict(list)
    for run in runs:
        by_label[run.label].append(run)
    empty, full = by_label["empty"], by_label["full"]
    rows = [
        ("start-up s", [r.startup for r in empty], [r.startup for r in full], 3),
        ("peak RSS MiB", [r.hwm_mib for r in empty], [r.hwm_mib for r in full], 1),
    ]
    print(f"\nmedians ({len(empty)} runs each; full = {pending:,} pending follow-ups):")
    print(f"  {'':<12} {'empty':>9} {'full':>9} {'full÷empty':>10}  goal <= 1.2")
    for name, a, b, digits in rows:
        ratio = median(b) / median(a)
        verdict = "ok" if ratio <= 1.2 else "MISSED"
        print(
            f"  {name:<12} {median(a):>9.{digits}f} {median(b):>9.{digits}f} {ratio:>10.3f}"
            f"  {verdict}"
        )
    print("\nDispatcher.run_once() with nothing due, in this process (medians, ms):")
    names = list(timers["full"].times)
    print(f"  {'':<24} {'empty':>8} {'full':>8} {'full÷empty':>10}")
    for name in sorted(names, key=lambda n: n != "run_once (total)"):
        a = median(timers["empty"].times[name]) * 1000
        b = median(timers["full"].times[name]) * 1000
        print(f"  {name:<24} {a:>8.2f} {b:>8.2f} {b / a:>10.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.footprint",
        description=(
            "Start-up time and peak memory of `python -m bot` against the emulator, with "
            "PENDING not-yet-due follow-ups vs an empty database (SQLite files in a temporary "
            "directory), alternating runs; then one Dispatcher.run_once() with nothing due, "
            "timed on both, and the EXPLAIN QUERY PLAN of its queries."
        ),
    )
    parser.add_argument("--pending", type=int, default=100_000, help="default 100000")
    parser.add_argument("--users", type=int, default=10_000, help="default 10000")
    parser.add_argument(
        "--repeat", type=int, default=5, help="process runs per database (default 5)"
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=3.0,
        help="seconds the bot runs after its first getUpdates (default 3)",
    )
    parser.add_argument(
        "--dispatch-repeat", type=int, default=30, help="run_once timings per database"
    )
    args = parser.parse_args()
    print_machine("bench.footprint")

    async def run(directory: Path) -> None:
        print(f"preparing {args.pending:,} follow-ups for {args.users:,} users ...", flush=True)
        started = time.perf_counter()
        urls = await prepare(directory, args.pending, args.users)
        sizes = {label: (directory / f"{label}.db").stat().st_size for label in urls}
        print(
            f"  done in {time.perf_counter() - started:.1f} s; files: "
            + ", ".join(f"{label} {size / 2**20:.1f} MiB" for label, size in sizes.items())
        )
        (directory / "clock.txt").write_text(START.isoformat(), "utf-8")
        runs: list[ProcessRun] = []
        async with TimingEmulator(token=TOKEN) as emu:
            for _round in range(args.repeat):
                for label in ("empty", "full"):
                    print(f"  bot process on {label} ...", flush=True)
                    runs.append(await run_process(emu, label, urls[label], directory, args.settle))
        timers = await time_run_once(urls, args.dispatch_repeat)
        report(runs, timers, args.pending)
        claim = timers["full"].sql.get("claim")
        await claim_alternatives(
            directory,
            urls,
            args.dispatch_repeat,
            " ".join(claim[0].split()) if claim else None,
        )

    with tempfile.TemporaryDirectory(prefix="footprint-") as directory:
        asyncio.run(run(Path(directory)))


if __name__ == "__main__":
    main()
