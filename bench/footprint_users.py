"""Start-up time and peak memory of `python -m bot` with 100,000 users and 100,000 pending
follow-ups against an empty database (issue 6), the method of bench/footprint.py.

SQLite files, all migrated:

* `empty`: no rows;
* `full`: `--users` users (100,000) with one pending follow-up each (100,000, due between one
  hour and 30 days after the clock, so nothing is due);
* `states`: `full` plus one conversation_states row per user (`--states`, 100,000): every user
  left a stage conversation half-way, which nothing ever cleans up;
  The coach reads no conversation state at start-up (each update reads its chat's states),
  so this measures what 100,000 stored states cost a start: nothing, if it holds. (Until
  42236a9 the coach read them all at start-up; that variant, `states-eager`, is gone with the
  PTB persistence it patched; its figures stay in bench/RESULTS.md.)

The bot runs as its own process against the emulator in this process, alternately on each
(`--repeat` times): start-up is spawn -> its first getUpdates; peak RSS is VmHWM from /proc,
read after `--settle` seconds (the dispatcher's first run has happened) and until it exits
after SIGTERM. The helpers are bench/footprint.py's (`run_process`, imported).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert

from bench._common import (
    FIRST_USER_ID,
    START,
    TOKEN,
    TimingEmulator,
    median,
    print_machine,
    seed,
    sqlite_url,
)
from bench.footprint import ProcessRun, run_process
from bot.coach.stages import Stage
from bot.handlers.stages.steps import Step
from bot.storage.db import make_engine
from bot.storage.models import ConversationState

GOAL = 1.2
STAGE_CONVERSATIONS = [
    f"tahap_{stage.value}"
    for stage in (
        Stage.RECRUITER,
        Stage.SCREENING,
        Stage.FOLLOW_UP_INTERVIEWS,
        Stage.OFFER,
        Stage.PERSISTENCE,
    )
]


async def add_states(url: str, users: int, states: int) -> None:
    engine = make_engine(url)
    try:
        async with engine.begin() as connection:
            for start in range(0, states, 10_000):
                rows = []
                for index in range(start, min(start + 10_000, states)):
                    uid = FIRST_USER_ID + index % users
                    rows.append(
                        {
                            "name": STAGE_CONVERSATIONS[index % len(STAGE_CONVERSATIONS)],
                            "key": f"{uid}:{uid}",
                            "user_id": uid,
                            "state": Step.COMPANY.value,
                            "updated_at": START - timedelta(days=1 + index % 60),
                        }
                    )
                await connection.execute(insert(ConversationState.__table__), rows)
    finally:
        await engine.dispose()


async def prepare(directory: Path, users: int, states: int) -> dict[str, str]:
    paths = {name: directory / f"{name}.db" for name in ("empty", "full", "states")}
    await seed(
        sqlite_url(paths["empty"]),
        users=0,
        per_user=0,
        due_at=[],
        expires_after=timedelta(days=3),
    )
    span = timedelta(days=30)
    due = [START + timedelta(hours=1) + span * index / users for index in range(users)]
    await seed(sqlite_url(paths["full"]), users=users, per_user=1, due_at=due, expires_after=span)
    shutil.copy(paths["full"], paths["states"])
    if states:
        if states > users * len(STAGE_CONVERSATIONS):
            raise SystemExit("--states: at most one per user and stage conversation")
        await add_states(sqlite_url(paths["states"]), users, states)
    return {
        "empty": sqlite_url(paths["empty"]),
        "full": sqlite_url(paths["full"]),
        "states": sqlite_url(paths["states"]),
    }


def report(runs: list[ProcessRun], users: int, states: int) -> None:
    print("\nbot process (alternating runs):")
    print(f"  {'run':<4} {'database':<12} {'start-up s':>10} {'VmHWM MiB':>9}")
    for index, run in enumerate(runs, 1):
        print(
            f"  {index:<4} {run.label:<12} {run.startup:>10.3f} {run.hwm_mib:>9.1f}"
            + ("" if run.exit_code == 0 else f"  exit {run.exit_code}")
        )
    by_label: dict[str, list[ProcessRun]] = defaultdict(list)
    for run in runs:
        by_label[run.label].append(run)
    empty = by_label["empty"]
    print(
        f"\nmedians ({len(empty)} runs each; full = {users:,} users and {users:,} pending "
        f"follow-ups; states = full + {states:,} conversation states):"
    )
    print(
        f"  {'database':<12} {'start-up s':>10} {'÷ empty':>8} {'peak RSS MiB':>12} {'÷ empty':>8}"
    )
    base_start = median([r.startup for r in empty])
    base_rss = median([r.hwm_mib for r in empty])
    for label, group in by_label.items():
        start = median([r.startup for r in group])
        rss = median([r.hwm_mib for r in group])
        print(
            f"  {label:<12} {start:>10.3f} {start / base_start:>8.3f} {rss:>12.1f} "
            f"{rss / base_rss:>8.3f}"
        )
    full = by_label["full"]
    ratios = (
        median([r.startup for r in full]) / base_start,
        median([r.hwm_mib for r in full]) / base_rss,
    )
    verdict = "meets" if max(ratios) <= GOAL else "MISSES"
    print(
        f"\nfull ÷ empty (goal <= {GOAL}): start-up {ratios[0]:.3f}, peak RSS "
        f"{ratios[1]:.3f} — {verdict} the goal"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.footprint_users",
        description=(
            "Start-up time and peak memory of `python -m bot` against the emulator on "
            "SQLite files in a temporary directory: empty, USERS users with one pending "
            "follow-up each, and the same with STATES conversation states; alternating runs "
            "(bench/footprint.py's method)."
        ),
    )
    parser.add_argument("--users", type=int, default=100_000, help="default 100000")
    parser.add_argument(
        "--states", type=int, default=100_000, help="conversation states (default 100000)"
    )
    parser.add_argument("--repeat", type=int, default=5, help="process runs per database")
    parser.add_argument(
        "--settle",
        type=float,
        default=3.0,
        help="seconds the bot runs after its first getUpdates (default 3)",
    )
    args = parser.parse_args()
    print_machine("bench.footprint_users")

    async def run(directory: Path) -> None:
        print(
            f"preparing {args.users:,} users, {args.users:,} follow-ups, "
            f"{args.states:,} states ...",
            flush=True,
        )
        started = time.perf_counter()
        urls = await prepare(directory, args.users, args.states)
        sizes = {
            name: (directory / f"{name}.db").stat().st_size for name in ("empty", "full", "states")
        }
        print(
            f"  done in {time.perf_counter() - started:.1f} s; files: "
            + ", ".join(f"{name} {size / 2**20:.1f} MiB" for name, size in sizes.items())
        )
        (directory / "clock.txt").write_text(START.isoformat(), "utf-8")
        runs: list[ProcessRun] = []
        async with TimingEmulator(token=TOKEN) as emu:
            for _round in range(args.repeat):
                for label, url in urls.items():
                    print(f"  bot process on {label} ...", flush=True)
                    runs.append(await run_process(emu, label, url, directory, args.settle))
        report(runs, args.users, args.states)

    with tempfile.TemporaryDirectory(prefix="footprint-users-") as directory:
        asyncio.run(run(Path(directory)))


if __name__ == "__main__":
    main()
