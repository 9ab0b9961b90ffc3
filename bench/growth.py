"""Per-update time and the follow-up claim with 100,000 users against 1,000 (issue 6).

Two databases are seeded with bench/_flows.py seed_history (bulk inserts): `small` with
`--small` users (1,000) and `big` with `--users` (100,000), each user with two applications,
three events, an interview, a ticked checklist item, two pending follow-ups (none due) and a
sent one, every tenth user in the middle of a stage conversation. On PostgreSQL both are
ANALYZEd after seeding, as a production database would have statistics; SQLite is left as the
coach leaves it (it never runs ANALYZE).

Then, side by side in one run:

* the recruiter-stage conversation (bench/_flows.py RECRUITER), driven through the emulator
  against the real Application on each database, alternating small/big, one seeded user per
  conversation (spread over the id range, none in a conversation); per-update time as in
  bench/overhead.py (queued in the emulator -> the emulator handled the bot's last call);
* `Dispatcher.run_once()` with nothing due, alternating, with each of its statements timed;
* the query plans (SQLite `EXPLAIN QUERY PLAN`, PostgreSQL `EXPLAIN`) on the big database of
  every statement one conversation issued, of the lookups other updates make (pending
  follow-ups of a user, latest interview, ...) and of run_once's statements; a full scan of a
  table (SQLite `SCAN`, PostgreSQL `Seq Scan`) is flagged.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import re
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlalchemy import event, func, make_url, select
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot as TelegramBot

from bench._common import (
    FIRST_USER_ID,
    START,
    TOKEN,
    median,
    print_machine,
    sqlite_url,
    wipe_database,
)
from bench._flows import (
    RECRUITER,
    ROWS_PER_USER,
    RunningClock,
    StepEmulator,
    StepTiming,
    analyze,
    learn_calls,
    measured_users,
    seed_history,
    timed_step,
)
from bench.footprint import CLAIM_PROBE, StatementTimer
from bot.app import build_application
from bot.clock import FrozenClock
from bot.config import load_settings
from bot.followups import schedule
from bot.followups.dispatcher import Dispatcher
from bot.storage import conversations, repositories
from bot.storage.db import Database, make_engine
from bot.storage.models import Base, User
from tgemu import running

GOAL = 1.2
# A statement alone is flagged as growing when it is more than GROWS times slower on the big
# database and by more than NOISE seconds. Most single-row lookups are about 0.1 ms (1.3-1.8x)
# slower on a file 100 times larger (deeper B-trees, pages not in SQLite's 2 MiB cache), which
# is not what the flag is for.
GROWS = 2.0
NOISE = 0.0002
LABELS = ("small", "big")


@dataclass
class Side:
    label: str
    url: str
    users: int
    emu: StepEmulator | None = None
    app: Any = None
    ids: list[int] = field(default_factory=list)
    timings: list[list[StepTiming]] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)


def small_url(url: str) -> str:
    """The second PostgreSQL database next to `url`: its name with `_small` appended."""
    target = make_url(url)
    return target.set(database=f"{target.database}_small").render_as_string(hide_password=False)


async def prepare(side: Side) -> float:
    started = time.perf_counter()
    await wipe_database(side.url)
    await seed_history(side.url, side.users)
    if side.url.startswith("postgresql"):
        await analyze(side.url)
    return time.perf_counter() - started


async def row_counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            counts = {}
            for table in ROWS_PER_USER:
                counts[table] = int(
                    await connection.scalar(select(func.count()).select_from(_table(table))) or 0
                )
            return counts
    finally:
        await engine.dispose()


def _table(name: str) -> Any:
    return Base.metadata.tables[name]


@contextlib.contextmanager
def capturing(engine: AsyncEngine, into: list[tuple[str, Any]]) -> Iterator[None]:
    """Every statement the engine runs, with its parameters, appended to `into`."""

    def before(
        conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool
    ) -> None:
        if not many:
            into.append((statement, params))

    sync_engine = engine.sync_engine
    event.listen(sync_engine, "before_cursor_execute", before)
    try:
        yield
    finally:
        event.remove(sync_engine, "before_cursor_execute", before)


async def conversation(side: Side, user_id: int, expected: list[int]) -> list[StepTiming]:
    assert side.emu is not None
    user = side.emu.user(id=user_id, first_name=f"Pengguna{user_id - FIRST_USER_ID}")
    statements: list[tuple[str, Any]] = []
    engine = side.app.bot_data["services"].database.engine
    timings = []
    with capturing(engine, statements):
        for action, calls in zip(RECRUITER, expected, strict=True):
            timings.append(await timed_step(side.emu, user, action, expected=calls, echo=False))
    side.statements.append(len(statements))
    return timings


# --- the claim ---------------------------------------------------------------------------------


async def time_run_once(sides: list[Side], repeat: int) -> dict[str, StatementTimer]:
    """run_once with nothing due (the clock frozen at START), alternating; the first is warm-up."""
    timers: dict[str, StatementTimer] = {}
    dispatchers: dict[str, Dispatcher] = {}
    databases: dict[str, Database] = {}
    totals: dict[str, list[float]] = defaultdict(list)
    try:
        for side in sides:
            databases[side.label] = Database(side.url)
            dispatchers[side.label] = Dispatcher(
                databases[side.label], FrozenClock(START), cast(TelegramBot, object())
            )
            timers[side.label] = StatementTimer(databases[side.label])
            await dispatchers[side.label].run_once()
        for number in range(repeat):
            order = sides if number % 2 == 0 else list(reversed(sides))
            for side in order:
                with timers[side.label].listening():
                    started = time.perf_counter()
                    sent = await dispatchers[side.label].run_once()
                    totals[side.label].append(time.perf_counter() - started)
                assert sent == 0, "nothing should be due"
        for label, values in totals.items():
            timers[label].times["run_once (total)"] = values
    finally:
        for database in databases.values():
            await database.dispose()
    return timers


async def claim_plan_modes(
    sides: list[Side], timers: dict[str, StatementTimer], repeat: int
) -> None:
    """PostgreSQL: the dispatcher's claim statement alone, as is and with the plan cache
    forced each way, to tell planning from execution (in a transaction rolled back)."""
    modes = ["", "force_custom_plan", "force_generic_plan"]
    times: dict[tuple[str, str], list[float]] = defaultdict(list)
    if any("claim" not in timers[side.label].sql for side in sides):
        # Nothing was due, so run_once asked (CLAIM_PROBE) and did not claim.
        print("  (the claim statement did not run: nothing was due; bench/claim_growth.py)")
        return
    for side in sides:
        statement, params = timers[side.label].sql["claim"]
        engine = make_engine(side.url)
        try:
            async with engine.connect() as connection:
                for mode in modes:
                    for number in range(repeat + 5):
                        transaction = await connection.begin()
                        try:
                            if mode:
                                await connection.exec_driver_sql(
                                    f"SET LOCAL plan_cache_mode = {mode}"
                                )
                            started = time.perf_counter()
                            (await connection.exec_driver_sql(statement, params)).all()
                            elapsed = time.perf_counter() - started
                        finally:
                            await transaction.rollback()
                        if number >= 5:  # past PostgreSQL's first five custom plans
                            times[(mode, side.label)].append(elapsed)
        finally:
            await engine.dispose()
    print("  the claim statement alone by plan_cache_mode (medians, ms):")
    for mode in modes:
        a, b = median(times[(mode, "small")]), median(times[(mode, "big")])
        print(
            f"    {mode or 'auto (as the dispatcher runs it)':<34} {_ms(a):>8} {_ms(b):>8} {b / a:>10.2f}"
        )


# --- plans -------------------------------------------------------------------------------------


async def other_lookups(url: str, user_id: int) -> list[tuple[str, Any]]:
    """The statements of lookups other updates make, for a seeded user with history."""
    statements: list[tuple[str, Any]] = []
    database = Database(url)
    try:
        async with database.session() as session:
            with capturing(database.engine, statements):
                user = await session.get(User, user_id)
                assert user is not None
                applications = await repositories.all_applications(session, user_id)
                await repositories.active_applications(session, user_id)
                await conversations.user_and_states(session, user_id)
                application = applications[0]
                await repositories.events_of(session, application.id)
                await repositories.latest_event(session, application.id, "contacted")
                await repositories.latest_interview(session, application.id, "penyaringan")
                await repositories.checklist_done(session, application.id, application.stage)
                await schedule.pending_for(session, user_id)
                await schedule.cancel(session, user_id=user_id, application_id=application.id)
                await session.rollback()
    finally:
        await database.dispose()
    return statements


def label(statement: str) -> str:
    """ "SELECT applications WHERE user_id, status ORDER BY updated_at" and the like."""
    flat = " ".join(statement.split())
    verb = flat.split(" ", 1)[0].upper()
    table = ""
    if verb == "SELECT":
        found = re.search(r"\bFROM (\w+)", flat)
        table = found.group(1) if found else ""
        joins = re.findall(r"\bJOIN (\w+)", flat)
        if joins:
            table += " JOIN " + ", ".join(joins)
    elif verb in ("UPDATE", "DELETE", "INSERT"):
        found = re.search(r"^(?:UPDATE|DELETE FROM|INSERT INTO) (\w+)", flat)
        table = found.group(1) if found else ""
    where = ""
    found = re.search(r"\bWHERE (.*?)(?: ORDER BY| LIMIT| RETURNING| FOR UPDATE|\)|$)", flat)
    if found:
        columns = re.findall(r"(?:\w+\.)?(\w+) (?:=|<=|<|IN|IS)", found.group(1))
        where = " WHERE " + ", ".join(dict.fromkeys(columns))
    order = ""
    found = re.search(r"ORDER BY ([\w., ]+?)(?: LIMIT|\)|$)", flat)
    if found:
        order = " ORDER BY " + found.group(1).replace(" DESC", " desc")
    return f"{verb} {table}{where}{order}".strip()


async def explain(
    url: str, statements: list[tuple[str, str, Any]]
) -> list[tuple[str, str, list[str], list[str]]]:
    """(name, sql, plan lines, full scans) of each statement, on the database at `url`."""
    engine = make_engine(url)
    results = []
    try:
        async with engine.connect() as connection:
            postgres = connection.dialect.name == "postgresql"
            for name, statement, params in statements:
                prefix = "EXPLAIN " if postgres else "EXPLAIN QUERY PLAN "
                transaction = await connection.begin()
                try:
                    rows = (await connection.exec_driver_sql(prefix + statement, params)).all()
                finally:
                    await transaction.rollback()
                if postgres:
                    lines = [row[0] for row in rows]
                    scans = [line.strip() for line in lines if re.search(r"Seq Scan on \w+", line)]
                else:
                    depth: dict[int, int] = {0: 0}
                    lines = []
                    for node, parent, _unused, detail in rows:
                        depth[node] = depth.get(parent, 0) + 1
                        lines.append("  " * (depth[node] - 1) + detail)
                    scans = [
                        line.strip()
                        for line in lines
                        if (
                            line.strip().startswith("SCAN ")
                            and "CONSTANT ROW" not in line
                            and "SUBQUERY" not in line
                        )
                        or _walks_a_status(line)
                    ]
                results.append((name, statement, lines, scans))
    finally:
        await engine.dispose()
    return results


# Columns with a handful of values: an index search on them alone walks a large share of the
# table (SQLite shows it as a SEARCH, not a SCAN).
FEW_VALUES = ("status", "stage", "kind")


def _walks_a_status(line: str) -> bool:
    found = re.search(r"^SEARCH \w+ USING (?:COVERING )?INDEX \w+ \((.*)\)$", line.strip())
    if not found:
        return False
    columns = [part.split("=")[0].split("<")[0].split(">")[0] for part in found[1].split(" AND ")]
    return all(column in FEW_VALUES for column in columns)


# --- report ------------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


def report_updates(small: Side, big: Side) -> float:
    print(
        f"\nper-update time, ms (medians of {len(small.timings)} conversations each, "
        f"alternating; {small.users:,} vs {big.users:,} users):"
    )
    print(f"    {'step':<16} {'small':>8} {'big':>8} {'big÷small':>10}")
    for index, action in enumerate(RECRUITER):
        a = median([ts[index].seconds for ts in small.timings])
        b = median([ts[index].seconds for ts in big.timings])
        print(f"    {action.name:<16} {_ms(a):>8} {_ms(b):>8} {b / a:>10.2f}")
    a = median([t.seconds for ts in small.timings for t in ts])
    b = median([t.seconds for ts in big.timings for t in ts])
    fa = median([sum(t.seconds for t in ts) for ts in small.timings])
    fb = median([sum(t.seconds for t in ts) for ts in big.timings])
    print(f"    {'one update':<16} {_ms(a):>8} {_ms(b):>8} {b / a:>10.2f}")
    print(f"    {'whole flow (sum)':<16} {_ms(fa):>8} {_ms(fb):>8} {fb / fa:>10.2f}")
    print(
        f"    SQL statements per conversation: small {median(small.statements):.0f}, "
        f"big {median(big.statements):.0f}"
    )
    return b / a


def report_run_once(timers: dict[str, StatementTimer]) -> float:
    print("\nDispatcher.run_once() with nothing due (medians, ms):")
    print(f"    {'':<26} {'small':>8} {'big':>8} {'big÷small':>10}")
    # With nothing due the dispatcher's claim is its probe (the claim statement does not run).
    claim = CLAIM_PROBE if CLAIM_PROBE in timers["big"].times else "claim"
    names = sorted(timers["big"].times, key=lambda n: (n != "run_once (total)", n != claim))
    ratio = 0.0
    for name in names:
        if name not in timers["small"].times:
            continue
        a = median(timers["small"].times[name])
        b = median(timers["big"].times[name])
        if name == claim:
            ratio = b / a
        print(f"    {name:<26} {_ms(a):>8} {_ms(b):>8} {b / a:>10.2f}")
    return ratio


def report_plans(plans: list[tuple[str, str, list[str], list[str]]], dialect: str) -> int:
    print(
        f"\nquery plans on the big database ({dialect}); FULL SCAN marks a scan of a whole table:"
    )
    flagged = 0
    for name, statement, lines, scans in plans:
        full = [scan for scan in scans if not scan.startswith("SEARCH")]
        walks = [scan for scan in scans if scan.startswith("SEARCH")]
        mark = "  <-- FULL SCAN: " + "; ".join(full) if full else ""
        mark += "  <-- WALKS EVERY ROW OF ONE VALUE: " + "; ".join(walks) if walks else ""
        flagged += bool(scans)
        print(f"\n  [{name}] {label(statement)}{mark}")
        print("    " + " ".join(statement.split())[:400])
        for line in lines:
            print("      " + line)
    return flagged


# --- main --------------------------------------------------------------------------------------


async def run(args: argparse.Namespace, directory: Path) -> None:
    if args.database_url:
        urls = {"small": small_url(args.database_url), "big": args.database_url}
    else:
        urls = {
            "small": sqlite_url(directory / "small.db"),
            "big": sqlite_url(directory / "big.db"),
        }
    sides = [
        Side("small", urls["small"], args.small),
        Side("big", urls["big"], args.users),
    ]
    for side in sides:
        print(f"seeding {side.label}: {side.users:,} users ...", flush=True)
        seconds = await prepare(side)
        counts = await row_counts(side.url)
        print(
            f"  {seconds:.1f} s; rows: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()),
            flush=True,
        )
    dialect = "PostgreSQL" if urls["big"].startswith("postgresql") else "SQLite"
    needed = args.rounds + 3
    for side in sides:
        side.ids = measured_users(side.users, needed)
        side.emu = StepEmulator(token=TOKEN)
        await side.emu.start()
        settings = load_settings(
            bot_token=side.emu.token,
            telegram_base_url=side.emu.base_url,
            telegram_base_file_url=side.emu.base_file_url,
            database_url=side.url,
            dispatch_interval_seconds=3600,
        )
        side.app = build_application(settings, clock=RunningClock())
    small, big = sides
    captured: dict[str, list[tuple[str, Any]]] = {side.label: [] for side in sides}
    try:
        async with running(small.app, poll_timeout=2.0), running(big.app, poll_timeout=2.0):
            expected: list[int] = []
            for side in sides:
                assert side.emu is not None
                name = f"Pengguna{side.ids[0] - FIRST_USER_ID}"
                user = side.emu.user(id=side.ids[0], first_name=name)
                counts = await learn_calls(side.emu, user, RECRUITER)
                if expected and counts != expected:
                    print(f"  note: {side.label} makes other calls: {counts} vs {expected}")
                expected = expected or counts
            for side in sides:  # warm-up, untimed
                await conversation(side, side.ids[1], expected)
                side.statements.clear()
            gc.collect()
            gc.freeze()  # the seeded heap out of the collector's way (see bench/overhead.py)
            print(f"{args.rounds} rounds, alternating ...", flush=True)
            for number in range(args.rounds):
                gc.collect()
                order = sides if number % 2 == 0 else list(reversed(sides))
                for side in order:
                    side.timings.append(await conversation(side, side.ids[3 + number], expected))
            # One more conversation on each, its statements kept for EXPLAIN and timing.
            for side in sides:
                engine = side.app.bot_data["services"].database.engine
                with capturing(engine, captured[side.label]):
                    await conversation(side, side.ids[2], expected)
    finally:
        for side in sides:
            if side.emu is not None:
                await side.emu.stop()
    update_ratio = report_updates(small, big)
    timers = await time_run_once(sides, args.dispatch_repeat)
    claim_ratio = report_run_once(timers)
    if urls["big"].startswith("postgresql"):
        await claim_plan_modes(sides, timers, args.dispatch_repeat)
    # The statements of one conversation, of other lookups (for a user both databases have)
    # and of run_once, with each side's own parameters.
    lookup_user = FIRST_USER_ID + small.users // 2
    per_side: dict[str, dict[str, tuple[str, str, Any]]] = {}
    for side in sides:
        sources = [
            ("update", captured[side.label]),
            ("lookup", await other_lookups(side.url, lookup_user)),
            ("dispatcher", list(timers[side.label].sql.values())),
        ]
        per_side[side.label] = {}
        for source, statements in sources:
            for statement, params in statements:
                flat = " ".join(statement.split())
                if flat.upper().startswith(("INSERT", "SAVEPOINT", "RELEASE", "SELECT PG_")):
                    continue
                per_side[side.label].setdefault(flat, (source, statement, params))
    keys = [key for key in per_side["big"] if key in per_side["small"]]
    plans = await explain(big.url, [per_side["big"][key] for key in keys])
    times = await time_statements(
        {side.label: side.url for side in sides}, per_side, keys, args.statement_repeat
    )
    growing = report_statements(keys, per_side["big"], plans, times)
    flagged = report_plans(plans, dialect)
    print(
        f"\nbig ÷ small (goal <= {GOAL}): one update {update_ratio:.2f} "
        f"({'meets' if update_ratio <= GOAL else 'MISSES'}); the claim query "
        f"{claim_ratio:.2f} ({'meets' if claim_ratio <= GOAL else 'MISSES'}); "
        f"statements with a flagged plan: {flagged} of {len(plans)}; statements more "
        f"than {GROWS}x (and {NOISE * 1000:.1f} ms) slower alone on the big database: "
        f"{growing} of {len(keys)}"
    )


async def time_statements(
    urls: dict[str, str],
    per_side: dict[str, dict[str, tuple[str, str, Any]]],
    keys: list[str],
    repeat: int,
) -> dict[str, dict[str, list[float]]]:
    """Each statement on each side with that side's parameters, in a transaction rolled back
    at once, alternating sides; `repeat` timings each after one untimed run."""
    times: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    engines = {label: make_engine(url) for label, url in urls.items()}
    labels = list(urls)
    try:
        async with contextlib.AsyncExitStack() as stack:
            connections = {
                label: await stack.enter_async_context(engine.connect())
                for label, engine in engines.items()
            }
            for number in range(repeat + 1):
                order = labels if number % 2 == 0 else list(reversed(labels))
                for key in keys:
                    for label in order:
                        _source, statement, params = per_side[label][key]
                        connection = connections[label]
                        transaction = await connection.begin()
                        try:
                            started = time.perf_counter()
                            result = await connection.exec_driver_sql(statement, params)
                            if result.returns_rows:
                                result.all()
                            elapsed = time.perf_counter() - started
                        finally:
                            await transaction.rollback()
                        if number:
                            times[key][label].append(elapsed)
    finally:
        for engine in engines.values():
            await engine.dispose()
    return times


def report_statements(
    keys: list[str],
    big: dict[str, tuple[str, str, Any]],
    plans: list[tuple[str, str, list[str], list[str]]],
    times: dict[str, dict[str, list[float]]],
) -> int:
    print("\neach statement alone (medians, ms; its own parameters on each side, rolled back):")
    print(f"    {'source':<10} {'statement':<70} {'small':>7} {'big':>7} {'big÷small':>9}")
    growing = 0
    for key, (_name, _statement, _lines, scans) in zip(keys, plans, strict=True):
        source = big[key][0]
        a = median(times[key]["small"])
        b = median(times[key]["big"])
        mark = ""
        if b / a > GROWS and b - a > NOISE:
            growing += 1
            mark = "  <-- GROWS"
        if scans:
            mark += "  <-- plan flagged"
        print(
            f"    {source:<10} {label(key)[:70]:<70} {a * 1000:>7.3f} {b * 1000:>7.3f} "
            f"{b / a:>9.2f}{mark}"
        )
    return growing


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.growth",
        description=(
            "Per-update time of the recruiter-stage conversation and Dispatcher.run_once() "
            "with nothing due, on a database of USERS users with their history against one "
            "of SMALL users, side by side; then the query plans of what an update and the "
            "dispatcher run. SQLite files in a temporary directory unless --database-url is "
            "given. WARNING: --database-url postgresql+asyncpg://.../NAME WIPES the schema "
            "public of database NAME and of NAME_small (created if missing): every table in "
            "them is dropped. Do not point it at a database someone's tests use."
        ),
    )
    parser.add_argument("--users", type=int, default=100_000, help="big side (default 100000)")
    parser.add_argument("--small", type=int, default=1_000, help="small side (default 1000)")
    parser.add_argument("--rounds", type=int, default=30, help="conversations per side")
    parser.add_argument(
        "--dispatch-repeat", type=int, default=200, help="run_once timings per side"
    )
    parser.add_argument(
        "--statement-repeat", type=int, default=30, help="timings of each statement per side"
    )
    parser.add_argument(
        "--database-url",
        help="postgresql+asyncpg://USER@HOST:PORT/NAME: the big side in NAME, the small in "
        "NAME_small; BOTH WIPED FIRST (schema public dropped and recreated)",
    )
    args = parser.parse_args()
    if args.database_url and not args.database_url.startswith("postgresql"):
        parser.error("--database-url takes a PostgreSQL URL (SQLite uses temporary files)")
    print_machine("bench.growth")
    if args.database_url:
        print(f"databases: {args.database_url.split('@')[-1]} and _small (wiped first)")
    with tempfile.TemporaryDirectory(prefix="growth-") as directory:
        asyncio.run(run(args, Path(directory)))


if __name__ == "__main__":
    main()
