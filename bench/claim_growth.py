"""The dispatcher's claim with 100,000 users against 1,000, by variant (issue 6, bench.growth).

bench/growth.py found the claim statement 1.6x slower on the big database on both SQLite and
PostgreSQL. This measures the claim as `Dispatcher._claim` runs it (a session, a transaction,
the statement, the commit) and candidate changes side by side, on already seeded databases
(`--seed` seeds them with bench/_flows.py seed_history first, as bench.growth does):

* `as-is`: the dispatcher's code unchanged;
* `pool-generic` (PostgreSQL): the same, the engine's connections opened with
  `server_settings={"plan_cache_mode": "force_generic_plan"}` (every statement of the pool);
* `local-generic` (PostgreSQL): the LIMIT rendered as a literal and
  `SET LOCAL plan_cache_mode = force_generic_plan` in the claim's transaction;
* `custom` (PostgreSQL): `SET LOCAL plan_cache_mode = force_custom_plan` (planning each time on
  both, for reference);
* `probe`: first a read-only `SELECT due_at ... WHERE status = 'pending' AND due_at <= now
  ORDER BY due_at LIMIT 1`; the claim statement only when that finds a row;
* `probe-join`: the same probe with the claim's join on users (paused, blocked left out);
* `probe-min` (the recommendation): first `SELECT min(due_at) ... WHERE status = 'pending'`
  (one entry of ix_follow_ups_status_due; no `now`, no LIMIT parameter, so PostgreSQL keeps a
  generic plan on both sizes); the claim statement only when that is <= now.

Each variant: untimed warm-up calls (past PostgreSQL's five custom plans), then `--calls` timed
calls per side alternating small/big, all of it `--repeats` times with the variants interleaved.
Nothing is due (the clock at START), as in bench.growth; then, rolled back, a burst: the clock
ten days on, so that some 66,000 (big) or 660 (small) rows are due and a full batch of 200 is
claimed, to see that no variant makes the working case slower.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import event, func, literal, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot as TelegramBot

from bench._common import START, print_machine, sqlite_url
from bench.growth import Side, prepare, small_url
from bot.clock import FrozenClock
from bot.followups.dispatcher import Dispatcher
from bot.storage.db import Database, make_engine
from bot.storage.models import FollowUp, FollowUpStatus, User

BURST_AT = START + timedelta(days=10)


def candidates(dispatcher: Dispatcher, now: datetime, *, literal_limit: bool) -> Any:
    limit: Any = dispatcher._batch_size
    if literal_limit:
        limit = literal(dispatcher._batch_size, literal_execute=True)
    statement = (
        select(FollowUp.id)
        .join(User, User.id == FollowUp.user_id)
        .where(
            FollowUp.status == FollowUpStatus.PENDING.value,
            FollowUp.due_at <= now,
            User.nudges_paused.is_(False),
            User.blocked.is_(False),
        )
        .order_by(FollowUp.due_at, FollowUp.id)
        .limit(limit)
    )
    if dispatcher._database.engine.dialect.name == "postgresql":
        statement = statement.with_for_update(of=FollowUp, skip_locked=True)
    return statement


async def claim_statement(
    session: AsyncSession, dispatcher: Dispatcher, now: datetime, *, literal_limit: bool = False
) -> list[tuple[int, int]]:
    """The dispatcher's claim statement (bot/followups/dispatcher.py `_claim`)."""
    result = await session.execute(
        update(FollowUp)
        .where(
            FollowUp.id.in_(
                candidates(dispatcher, now, literal_limit=literal_limit).scalar_subquery()
            )
        )
        .values(
            status=FollowUpStatus.SENDING.value,
            claimed_at=now,
            attempts=FollowUp.attempts + 1,
        )
        .returning(FollowUp.id, FollowUp.user_id)
    )
    return [(row[0], row[1]) for row in result.all()]


Claim = Callable[[AsyncSession, Dispatcher, datetime], Awaitable[list[tuple[int, int]]]]


async def as_is(
    session: AsyncSession, dispatcher: Dispatcher, now: datetime
) -> list[tuple[int, int]]:
    return await claim_statement(session, dispatcher, now)


async def local_generic(
    session: AsyncSession, dispatcher: Dispatcher, now: datetime
) -> list[tuple[int, int]]:
    await session.execute(text("SET LOCAL plan_cache_mode = force_generic_plan"))
    return await claim_statement(session, dispatcher, now, literal_limit=True)


async def local_custom(
    session: AsyncSession, dispatcher: Dispatcher, now: datetime
) -> list[tuple[int, int]]:
    await session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    return await claim_statement(session, dispatcher, now)


async def probe(
    session: AsyncSession, dispatcher: Dispatcher, now: datetime
) -> list[tuple[int, int]]:
    """Nothing claimed (and on SQLite no write lock taken) unless a pending row is due."""
    due = await session.scalar(
        select(FollowUp.due_at)
        .where(FollowUp.status == FollowUpStatus.PENDING.value, FollowUp.due_at <= now)
        .order_by(FollowUp.due_at)
        .limit(1)
    )
    if due is None:
        return []
    return await claim_statement(session, dispatcher, now)


async def probe_join(
    session: AsyncSession, dispatcher: Dispatcher, now: datetime
) -> list[tuple[int, int]]:
    """The probe with the claim's own conditions (paused and blocked users left out)."""
    due = await session.scalar(
        select(FollowUp.id)
        .join(User, User.id == FollowUp.user_id)
        .where(
            FollowUp.status == FollowUpStatus.PENDING.value,
            FollowUp.due_at <= now,
            User.nudges_paused.is_(False),
            User.blocked.is_(False),
        )
        .order_by(FollowUp.due_at)
        .limit(1)
    )
    if due is None:
        return []
    return await claim_statement(session, dispatcher, now)


async def probe_min(
    session: AsyncSession, dispatcher: Dispatcher, now: datetime
) -> list[tuple[int, int]]:
    """The probe as `min(due_at)` of the pending rows: no parameter but the status."""
    first = await session.scalar(
        select(func.min(FollowUp.due_at)).where(FollowUp.status == FollowUpStatus.PENDING.value)
    )
    if first is None or first > now:
        return []
    return await claim_statement(session, dispatcher, now)


# name -> (claim, server_settings, PostgreSQL only)
VARIANTS: dict[str, tuple[Claim | None, dict[str, str] | None, bool]] = {
    "as-is": (None, None, False),  # None: the real Dispatcher._claim
    "pool-generic": (as_is, {"plan_cache_mode": "force_generic_plan"}, True),
    "local-generic": (local_generic, None, True),
    "custom": (local_custom, None, True),
    "probe": (probe, None, False),
    "probe-join": (probe_join, None, False),
    "probe-min": (probe_min, None, False),
}


class Runner:
    """One side's database and dispatcher for one variant."""

    def __init__(self, url: str, variant: str) -> None:
        self.claim, settings, _pg = VARIANTS[variant]
        self.database = Database(url)
        if settings:
            # As the recommendation would build it: the pool's connections with the setting.
            self.database.engine = make_engine(url, connect_args={"server_settings": settings})
            self.database.sessionmaker = async_sessionmaker(
                self.database.engine, expire_on_commit=False
            )
        self.dispatcher = Dispatcher(
            self.database, FrozenClock(START), cast(TelegramBot, object())
        )
        # The time spent in the driver's execute of each statement (SET LOCAL included; BEGIN
        # and COMMIT are not cursor executes), summed per call: what bench.growth reports as
        # "its claim statement".
        self.in_statements = 0.0
        self._started = 0.0
        sync_engine = self.database.engine.sync_engine
        event.listen(sync_engine, "before_cursor_execute", self._before)
        event.listen(sync_engine, "after_cursor_execute", self._after)

    def _before(self, *args: Any) -> None:
        self._started = time.perf_counter()

    def _after(self, *args: Any) -> None:
        self.in_statements += time.perf_counter() - self._started

    async def nothing_due(self) -> int:
        if self.claim is None:
            return len(await self.dispatcher._claim(START))
        async with self.database.session() as session, session.begin():
            return len(await self.claim(session, self.dispatcher, START))

    async def burst(self) -> int:
        """A full batch claimed, then rolled back."""
        claim = self.claim or as_is
        async with self.database.session() as session:
            await session.begin()
            try:
                return len(await claim(session, self.dispatcher, BURST_AT))
            finally:
                await session.rollback()

    async def dispose(self) -> None:
        await self.database.dispose()


async def measure(
    urls: dict[str, str], variant: str, calls: int, burst_calls: int
) -> dict[str, Any]:
    runners = {label: Runner(url, variant) for label, url in urls.items()}
    times: dict[str, list[float]] = defaultdict(list)
    statements: dict[str, list[float]] = defaultdict(list)
    bursts: dict[str, list[float]] = defaultdict(list)
    claimed: dict[str, int] = {}
    try:
        for runner in runners.values():
            for _ in range(8):
                assert await runner.nothing_due() == 0
        labels = list(urls)
        gc.collect()
        for number in range(calls):
            for label in labels if number % 2 == 0 else reversed(labels):
                runner = runners[label]
                runner.in_statements = 0.0
                started = time.perf_counter()
                await runner.nothing_due()
                times[label].append(time.perf_counter() - started)
                statements[label].append(runner.in_statements)
        for label in labels:
            for _ in range(3):
                await runners[label].burst()
        for number in range(burst_calls):
            for label in labels if number % 2 == 0 else reversed(labels):
                started = time.perf_counter()
                claimed[label] = await runners[label].burst()
                bursts[label].append(time.perf_counter() - started)
    finally:
        for runner in runners.values():
            await runner.dispose()
    return {"times": times, "statements": statements, "bursts": bursts, "claimed": claimed}


def ms(value: float) -> str:
    return f"{value * 1000:.3f}"


async def run(args: argparse.Namespace) -> None:
    directory = Path(args.sqlite_dir)
    directory.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240
    setups: dict[str, dict[str, str]] = {}
    if not args.no_sqlite:
        setups["SQLite"] = {
            "small": sqlite_url(directory / "small.db"),
            "big": sqlite_url(directory / "big.db"),
        }
    if args.database_url:
        setups["PostgreSQL"] = {"small": small_url(args.database_url), "big": args.database_url}
    if args.seed:
        for urls in setups.values():
            for label, url in urls.items():
                users = args.small if label == "small" else args.users
                seconds = await prepare(Side(label, url, users))
                print(
                    f"seeded {url.split('/')[-1]}: {users:,} users in {seconds:.1f} s", flush=True
                )
    variants = args.variants.split(",") if args.variants else list(VARIANTS)
    results: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for repeat in range(args.repeats):
        for dialect, urls in setups.items():
            for variant in variants:
                if VARIANTS[variant][2] and dialect != "PostgreSQL":
                    continue
                result = await measure(urls, variant, args.calls, args.burst_calls)
                results[(dialect, variant)].append(result)
                a = statistics.median(result["times"]["small"])
                b = statistics.median(result["times"]["big"])
                sa = statistics.median(result["statements"]["small"])
                sb = statistics.median(result["statements"]["big"])
                print(
                    f"  repeat {repeat + 1} {dialect:<10} {variant:<14} nothing due: "
                    f"statements {ms(sa)} / {ms(sb)} ms = {sb / sa:.2f}; "
                    f"whole call {ms(a)} / {ms(b)} ms = {b / a:.2f}",
                    flush=True,
                )
    print(
        f"\nnothing due, ms: median of {args.calls} calls per side and repeat, alternating "
        f"small/big, {args.repeats} repeats; `statements` = time in the driver's execute "
        f"(bench.growth's 'its claim statement'), `call` = the whole Dispatcher._claim "
        f"(session, BEGIN, statements, COMMIT); ratios big÷small of all calls pooled, then "
        f"per repeat. burst: {args.burst_calls} claims of a full batch per side, rolled back."
    )
    print(
        f"  {'database':<10} {'variant':<14} {'stmts S':>8} {'stmts B':>8} {'ratio':>6} "
        f"{'per repeat':<20} {'call S':>7} {'call B':>7} {'ratio':>6} {'per repeat':<20}"
        f"| {'burst S':>7} {'burst B':>7} {'ratio':>6} claimed"
    )

    def pooled(runs: list[dict[str, Any]], key: str, label: str) -> float:
        return statistics.median([t for r in runs for t in r[key][label]])

    def per_repeat(runs: list[dict[str, Any]], key: str) -> str:
        return " ".join(
            f"{statistics.median(r[key]['big']) / statistics.median(r[key]['small']):.2f}"
            for r in runs
        )

    for (dialect, variant), runs in results.items():
        sa, sb = pooled(runs, "statements", "small"), pooled(runs, "statements", "big")
        a, b = pooled(runs, "times", "small"), pooled(runs, "times", "big")
        ba, bb = pooled(runs, "bursts", "small"), pooled(runs, "bursts", "big")
        claimed = runs[-1]["claimed"]
        print(
            f"  {dialect:<10} {variant:<14} {ms(sa):>8} {ms(sb):>8} {sb / sa:>6.2f} "
            f"{per_repeat(runs, 'statements'):<20} {ms(a):>7} {ms(b):>7} {b / a:>6.2f} "
            f"{per_repeat(runs, 'times'):<20}| {ms(ba):>7} {ms(bb):>7} {bb / ba:>6.2f} "
            f"{claimed.get('small')}/{claimed.get('big')}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.claim_growth", description=__doc__)
    parser.add_argument("--sqlite-dir", default="/tmp/claim_growth", help="small.db and big.db")
    parser.add_argument(
        "--database-url",
        help="postgresql+asyncpg://.../NAME: big in NAME, small in NAME_small (WIPED by --seed)",
    )
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--seed", action="store_true", help="wipe and seed the databases first")
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--calls", type=int, default=200, help="timed calls per side")
    parser.add_argument("--burst-calls", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--variants", help="comma-separated, of: " + ", ".join(VARIANTS))
    args = parser.parse_args()
    print_machine("bench.claim_growth")
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
