"""How fast a burst of due nudges goes out under Telegram's flood limits (issue 4).

`--count` nudges (RESILIENCE_CHECK_IN, which renders without an application) fall due at the
same moment for as many users. The real Application from `build_application` (its
AIORateLimiter, its Dispatcher) sends them to the Bot API emulator over HTTP on 127.0.0.1; the
emulator enforces 30 messages a second overall and one a second per chat, answering 429
"retry after N" beyond them. The dispatcher's `run_once` is called until no row is pending or
sending any more (rows handed back after a 429 are due again a second later), or the time runs
out.

Reported per variant: the achieved rate (accepted sendMessage calls, first to last, from the
emulator's own timestamps) divided by 30 (goal >= 0.95), 429 answers, nudges lost (rows not
`sent`, chats without a message) and duplicated (chats with more than one).

`--variant` runs alternatives in the same run, side by side, by patching what
`build_application` constructs (nothing in bot/ is changed): other AIORateLimiter settings or
the limiter of bot/ratelimit.py, and `--batch-size`/`--concurrency` for the Dispatcher.
`--repeat` cycles through them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import itertools
import logging
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

from sqlalchemy import func, select
from telegram.ext import AIORateLimiter, BaseRateLimiter

import bot.app
from bench._common import (
    FIRST_USER_ID,
    POSTGRES_URL,
    TOKEN,
    TimingEmulator,
    print_machine,
    seed,
    sqlite_url,
    status_counts,
    wipe_database,
)
from bot.app import build_application
from bot.config import load_settings
from bot.followups.dispatcher import Dispatcher
from bot.ratelimit import LaneLimiter, SlidingWindowLimiter
from bot.storage.db import make_engine
from bot.storage.models import FollowUp
from tgemu import RateLimits, running

TELEGRAM_RATE = 30  # messages a second, overall
# A pause between two accepted messages longer than this counts as a stall (1/30 s is normal).
STALL = 0.1


@dataclass(frozen=True)
class Variant:
    description: str
    # Builds the limiter from the keyword arguments build_application gives its limiter.
    limiter: Callable[..., BaseRateLimiter[Any]]


def _aio(**changes: Any) -> Callable[..., BaseRateLimiter[Any]]:
    """PTB's AIORateLimiter (defaults: a bucket of 30 a second), with these changes."""
    return lambda **kwargs: AIORateLimiter(
        **{"max_retries": kwargs.get("max_retries", 3), **changes}
    )


def _window(spacing: float) -> Callable[..., BaseRateLimiter[Any]]:
    return lambda **kwargs: SlidingWindowLimiter(
        TELEGRAM_RATE, 1.0, spacing=spacing, max_retries=kwargs.get("max_retries", 3)
    )


VARIANTS = {
    "app": Variant(
        "the app's own limiter, as build_application makes it (nudges go in its bulk lane)",
        lambda **kwargs: LaneLimiter(**kwargs),
    ),
    "aio30": Variant("PTB's AIORateLimiter with its defaults (30 a second)", _aio()),
    "rate29": Variant("AIORateLimiter with overall_max_rate=29", _aio(overall_max_rate=29)),
    "smooth30": Variant(
        "AIORateLimiter with overall_max_rate=1, overall_time_period=1/30 (no burst)",
        _aio(overall_max_rate=1, overall_time_period=1 / 30),
    ),
    "smooth29": Variant(
        "AIORateLimiter with overall_max_rate=1, overall_time_period=1/29 (no burst)",
        _aio(overall_max_rate=1, overall_time_period=1 / 29),
    ),
    "window": Variant(
        "bot/ratelimit.py SlidingWindowLimiter: 30 in any 1 s, a slot held until 1 s after "
        "the answer (bursts of 30)",
        _window(0.0),
    ),
    "paced": Variant(
        "bot/ratelimit.py SlidingWindowLimiter as window, sends paced 1/30 s apart after 2 (the app's until it let 5 go at once)",
        _window(1 / TELEGRAM_RATE),
    ),
}
# What build_application passed to its limiter, for the report (the code moves on).
APP_LIMITER_ARGS: dict[str, Any] = {}


@dataclass
class Outcome:
    variant: str
    count: int
    accepted: int
    seconds: float
    rate: float
    max_in_window: int
    longest_gap: float
    stalled: float
    too_many: int
    other_errors: Counter[str]
    limiter_waits: int
    limiter_gave_up: int
    claimed_again: int
    rows_not_sent: int
    chats_missing: int
    chats_duplicated: int
    statuses: dict[str, int]
    wall: float

    @property
    def ratio(self) -> float:
        return self.rate / TELEGRAM_RATE

    @property
    def lost(self) -> int:
        return max(self.rows_not_sent, self.chats_missing)


class LimiterLog(logging.Handler):
    """Counts the limiters' log lines: a 429 slept on and retried, a 429 given up on."""

    LOGGERS = ("telegram.ext.AIORateLimiter", "bot.ratelimit")

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.waits = 0
        self.gave_up = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.gave_up += 1
        elif record.getMessage().startswith(("Rate limit hit", "429 on")):
            self.waits += 1

    @contextlib.contextmanager
    def attached(self) -> Iterator[LimiterLog]:
        """Takes the limiters' lines (INFO included) instead of the console while active."""
        saved = []
        for name in self.LOGGERS:
            logger = logging.getLogger(name)
            saved.append((logger, logger.level, logger.propagate))
            logger.addHandler(self)
            logger.setLevel(logging.INFO)
            logger.propagate = False
        try:
            yield self
        finally:
            for logger, level, propagate in saved:
                logger.removeHandler(self)
                logger.setLevel(level)
                logger.propagate = propagate


@contextlib.contextmanager
def patched(variant: Variant, dispatcher: dict[str, int]) -> Iterator[None]:
    """build_application with this variant's limiter and dispatcher settings."""

    def limiter(**kwargs: Any) -> BaseRateLimiter[Any]:
        APP_LIMITER_ARGS.update(kwargs)
        return variant.limiter(**kwargs)

    with (
        mock.patch.object(bot.app, "LaneLimiter", limiter),
        mock.patch.object(bot.app, "Dispatcher", functools.partial(Dispatcher, **dispatcher)),
    ):
        yield


async def run_variant(
    name: str, count: int, url: str, dispatcher: dict[str, int], time_limit: float
) -> Outcome:
    variant = VARIANTS[name]
    await wipe_database(url)
    due = datetime.now(UTC) - timedelta(seconds=1)
    # Users without quiet hours: the burst is sent at the real time, whatever the hour in Jakarta.
    await seed(
        url,
        users=count,
        per_user=1,
        due_at=due,
        expires_after=timedelta(days=1),
        quiet_hours=(0, 0),
    )
    user_ids = range(FIRST_USER_ID, FIRST_USER_ID + count)

    limits = RateLimits(global_per_second=TELEGRAM_RATE, per_chat_per_second=1)
    started = time.perf_counter()
    with LimiterLog().attached() as limiter_log:
        async with TimingEmulator(token=TOKEN, rate_limits=limits) as emu:
            emu.start_chats(user_ids)
            settings = load_settings(
                bot_token=emu.token,
                telegram_base_url=emu.base_url,
                telegram_base_file_url=emu.base_file_url,
                database_url=url,
                # The periodic job runs once at start-up; the loop below calls run_once itself.
                dispatch_interval_seconds=3600,
            )
            with patched(variant, dispatcher):
                app = build_application(settings)
            async with running(app, poll_timeout=0.5):
                runner: Dispatcher = app.bot_data["dispatcher"]
                deadline = time.monotonic() + time_limit
                while time.monotonic() < deadline:
                    await runner.run_once()
                    counts = await status_counts(url)
                    if not counts.get("pending") and not counts.get("sending"):
                        break
                    await asyncio.sleep(0.2)
            wall = time.perf_counter() - started
            requests = [r for r in emu.requests if r.method == "sendMessage"]
            accepted = list(emu.accepted)

    errors = Counter(
        f"{r.response.get('error_code')} {r.description}" for r in requests if not r.ok
    )
    too_many = sum(n for key, n in errors.items() if key.startswith("429 "))
    other = Counter({key: n for key, n in errors.items() if not key.startswith("429 ")})
    times = [moment for moment, _chat in accepted]
    seconds = times[-1] - times[0] if len(times) > 1 else 0.0
    gaps = [b - a for a, b in itertools.pairwise(times)]
    per_chat = Counter(chat for _moment, chat in accepted)
    statuses = await status_counts(url)
    claimed_again = await _claimed_again(url)
    return Outcome(
        variant=name,
        count=count,
        accepted=len(accepted),
        seconds=seconds,
        rate=(len(times) - 1) / seconds if seconds else 0.0,
        max_in_window=_max_in_window(times, 1.0),
        longest_gap=max(gaps, default=0.0),
        stalled=sum(gap for gap in gaps if gap > STALL),
        too_many=too_many,
        other_errors=other,
        limiter_waits=limiter_log.waits,
        limiter_gave_up=limiter_log.gave_up,
        claimed_again=claimed_again,
        rows_not_sent=count - statuses.get("sent", 0),
        chats_missing=sum(1 for user_id in user_ids if per_chat[user_id] == 0),
        chats_duplicated=sum(1 for n in per_chat.values() if n > 1),
        statuses=statuses,
        wall=wall,
    )


async def _claimed_again(url: str) -> int:
    """Rows claimed more than once: handed back by the dispatcher after a 429 got through."""
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            query = select(func.count()).select_from(FollowUp).where(FollowUp.attempts > 1)
            return int((await connection.execute(query)).scalar_one())
    finally:
        await engine.dispose()


def _max_in_window(times: list[float], window: float) -> int:
    """The most accepted messages in any `window` seconds: the emulator's own limit holds it."""
    best = start = 0
    for end, moment in enumerate(times):
        while moment - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


COLUMNS: list[tuple[str, int, Callable[[Outcome], str]]] = [
    ("variant", -9, lambda o: o.variant),
    ("sent", 5, lambda o: f"{o.accepted}"),
    ("span s", 7, lambda o: f"{o.seconds:.1f}"),
    ("rate/s", 7, lambda o: f"{o.rate:.2f}"),
    ("÷30", 6, lambda o: f"{o.ratio:.3f}"),
    ("max/1s", 6, lambda o: f"{o.max_in_window}"),
    ("gap s", 6, lambda o: f"{o.longest_gap:.2f}"),
    ("stall s", 7, lambda o: f"{o.stalled:.1f}"),
    ("429s", 5, lambda o: f"{o.too_many}"),
    ("waits", 5, lambda o: f"{o.limiter_waits}"),
    ("gaveup", 6, lambda o: f"{o.limiter_gave_up}"),
    ("again", 5, lambda o: f"{o.claimed_again}"),
    ("lost", 4, lambda o: f"{o.lost}"),
    ("dup", 4, lambda o: f"{o.chats_duplicated}"),
    ("wall s", 7, lambda o: f"{o.wall:.1f}"),
]


def _cell(text: str, width: int) -> str:
    return text.ljust(-width) if width < 0 else text.rjust(width)


def report(outcomes: list[Outcome]) -> None:
    print()
    header = " ".join(_cell(title, width) for title, width, _value in COLUMNS)
    print(header)
    print("-" * len(header))
    for o in outcomes:
        print(" ".join(_cell(value(o), width) for _title, width, value in COLUMNS))
    print()
    for name in dict.fromkeys(o.variant for o in outcomes):
        print(f"  {name}: {VARIANTS[name].description}")
    print(
        "  sent: accepted sendMessage; span: first to last accepted; rate: (sent-1)/span; "
        "max/1s: most accepted in any second;\n"
        "  gap: longest pause between two accepted; stall: those pauses over "
        f"{STALL} s added up; 429s: answered 429; waits/gaveup: "
        "the limiter slept on a 429 / passed one on;\n"
        "  again: rows claimed more than once; lost: rows not sent or chats without a message; "
        "dup: chats with more than one."
    )
    for o in outcomes:
        if o.other_errors:
            print(f"  {o.variant}: other errors {dict(o.other_errors)}")
        if set(o.statuses) - {"sent"}:
            print(f"  {o.variant}: final statuses {o.statuses}")
    verdicts = [
        f"{o.variant} {o.ratio:.3f} {'meets' if o.ratio >= 0.95 else 'MISSES'} the goal"
        for o in outcomes
    ]
    print("\nrate ÷ 30 (goal >= 0.95): " + "; ".join(verdicts))


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.nudge_rate",
        description=(
            "Sends COUNT nudges due at once through the real Application to the Bot API "
            "emulator limited to 30 messages/s overall and 1/s per chat; reports the achieved "
            "rate ÷ 30, 429s, lost and duplicated nudges. Uses a fresh SQLite file in a "
            "temporary directory unless --database-url is given. WARNING: --database-url is "
            "wiped first: a SQLite file is deleted; on PostgreSQL the schema public is DROPPED "
            f"and recreated, e.g. {POSTGRES_URL} loses every table in it."
        ),
    )
    parser.add_argument("--count", type=int, default=3000, help="nudges/users (default 3000)")
    parser.add_argument(
        "--database-url",
        help="sqlite+aiosqlite:///FILE or postgresql+asyncpg://... (WIPED FIRST, see above)",
    )
    parser.add_argument(
        "--variant",
        default="app",
        help=f"comma-separated, run side by side in this order: {', '.join(VARIANTS)} "
        "(default: app)",
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="cycle through the variants this many times"
    )
    parser.add_argument("--batch-size", type=int, help="Dispatcher batch_size (app: 200)")
    parser.add_argument("--concurrency", type=int, help="Dispatcher concurrency (app: 30)")
    args = parser.parse_args()
    names = [name.strip() for name in args.variant.split(",") if name.strip()]
    unknown = [name for name in names if name not in VARIANTS]
    if unknown or not names:
        parser.error(f"unknown variant {unknown}; choose from {', '.join(VARIANTS)}")
    dispatcher = {
        key: value
        for key, value in (("batch_size", args.batch_size), ("concurrency", args.concurrency))
        if value is not None
    }
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    print_machine("bench.nudge_rate")
    # Generous, but bounded: four times the ideal duration plus a minute.
    timeout = args.count / TELEGRAM_RATE * 4 + 60

    async def run_all(url: str) -> list[Outcome]:
        outcomes = []
        for _round in range(args.repeat):
            for name in names:
                print(f"running {name} ({args.count} nudges) ...", flush=True)
                outcomes.append(await run_variant(name, args.count, url, dispatcher, timeout))
        return outcomes

    if args.database_url:
        database = args.database_url.split("@")[-1]
        print(f"database: {database} (wiped first)")
        outcomes = asyncio.run(run_all(args.database_url))
    else:
        with tempfile.TemporaryDirectory(prefix="nudge-rate-") as directory:
            print("database: SQLite, a fresh file in a temporary directory")
            outcomes = asyncio.run(run_all(sqlite_url(Path(directory) / "coach.db")))
    arguments = ", ".join(f"{key}={value!r}" for key, value in APP_LIMITER_ARGS.items())
    print(f"\nbuild_application makes LaneLimiter({arguments})")
    if dispatcher:
        print(f"dispatcher changed: {dispatcher}")
    report(outcomes)


if __name__ == "__main__":
    main()
