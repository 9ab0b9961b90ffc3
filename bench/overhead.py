"""The coach's cost per update against minimal PTB echo bots, side by side in one run.

The flow is the recruiter stage's first steps (tests/test_stages_e2e.py): /wawancara, press the
stage, press "➕ Lamaran baru" (the seeded user has an active application, offered first), the
company, the role, press the channel (answered with the next question). Each bot runs in this
process against its own Bot API emulator over HTTP on 127.0.0.1; the coach on its own SQLite
file, seeded with users who have a history (bench/_flows.py seed_history), one of them per
conversation.

Per-update time: from the moment the user's action queues the update in the emulator to the
moment the emulator has handled the last Bot API call the bot made for it (sendMessage,
answerCallbackQuery), both taken by the emulator (perf_counter).

Compared, alternating conversation by conversation (the order reversed every other round):

* coach: the real Application from `build_application`;
* durable: the echo bot below storing each update before it answers, one INSERT into
  `messages` and one commit on a SQLite file of its own, through an engine made as the coach's
  (`make_engine`): the floor for a bot whose users' words are stored before they see a reply;
* echo: a minimal Application (one MessageHandler sending the text back, one
  CallbackQueryHandler answering), with the same Defaults and the same rate limiter;
* echo-n: the same echo bot sending as many messages per update as the coach does (same output).

Durable and echo send one message per typed text and only answer a press. The steps where the
coach too sends exactly one message (/wawancara, the company, the role: the "one-message
steps") compare like with like; the goal is judged there, coach ÷ durable, with coach ÷ echo
beside it.

`--variant` runs all of them with a rate limiter of its choice, put in place of the one
`build_application` makes before the application starts: `app` keeps it (each echo bot gets one
made the same way), `none` is a pass-through, `burst` bot.ratelimit.SlidingWindowLimiter
without its spacing, `paced` the app's limiter before it let five sends go at once; and
alternatives to the coach's code applied by monkeypatching while its conversations run
(`app+FIX`: see FIXES; one of a library the durable bot uses too is applied to it as well; the
earlier ones, sniffio, seen and state, are in bot/ now, see git log).

Then, untimed for the comparison: where the time of an update of each bot goes (driver round
trips, Bot API calls, waits in the limiter, the rest), and a pyinstrument profile of coach and
echo conversations with their CPU time by library.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import gc
import inspect
import logging
import shutil
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import aiosqlite
import sqlalchemy.connectors.asyncio
import sqlalchemy.dialects.postgresql.asyncpg
import sqlalchemy.dialects.sqlite.aiosqlite
import telegram
from telegram.ext import BaseRateLimiter, ExtBot

from bench._common import FIRST_USER_ID, OUT, TOKEN, median, print_machine, sqlite_url
from bench._flows import (
    RECRUITER,
    SENDS,
    Action,
    Bot,
    PassThroughLimiter,
    RunningClock,
    StepEmulator,
    StepTiming,
    build_durable,
    build_echo,
    learn_calls,
    measured_users,
    seed_history,
    serving,
    timed_step,
)
from bot.app import build_application
from bot.config import Settings, load_settings
from bot.ratelimit import SlidingWindowLimiter
from bot.storage.db import make_engine

# Issue 16: coach ÷ durable on the one-message steps (pooled); issue 6: coach ÷ echo, one update.
GOAL_DURABLE = 1.25
GOAL_ECHO = 2.0
DEFAULT_VARIANTS = "app,paced,app+inline"
KINDS = ("coach", "durable", "echo", "echo-n")
# The bots that only echo: one message per typed text, none per press.
ECHOING = ("durable", "echo")

# None: keep the limiter build_application makes (the echo bot gets one made the same way).
LIMITERS: dict[str, tuple[str, Callable[[], BaseRateLimiter[Any]] | None]] = {
    "app": ("the limiter build_application makes", None),
    "none": ("no limiter (a pass-through)", PassThroughLimiter),
    "burst": (
        "bot.ratelimit.SlidingWindowLimiter(30 in any 1 s) without spacing",
        lambda: SlidingWindowLimiter(limit=30, period=1.0, spacing=0.0, max_retries=3),
    ),
    "paced": (
        "bot.ratelimit.SlidingWindowLimiter(30 in any 1 s, spacing 1/30 s, burst 2): the app's "
        "limiter before it let 5 go at once",
        lambda: SlidingWindowLimiter(limit=30, period=1.0, spacing=1 / 30, burst=2, max_retries=3),
    ),
}


@dataclass(frozen=True)
class Fix:
    description: str
    patch: Callable[[], contextlib.AbstractContextManager[Any]]
    # The kinds of bot it is applied to: a fix of a library another bot uses too applies there.
    kinds: frozenset[str] = frozenset({"coach"})


@contextlib.contextmanager
def _sqlite_inline() -> Iterator[None]:
    # aiosqlite runs every call (cursor, execute, fetch, close, commit) on its own thread and
    # wakes the event loop for each answer; here the call runs at once in the loop's thread.
    async def execute(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)

    with mock.patch.object(aiosqlite.Connection, "_execute", execute):
        yield


FIXES: dict[str, Fix] = {
    "inline": Fix(
        "SQLite calls made in the event loop's thread instead of aiosqlite's thread (an "
        "experiment: what the thread round trips cost; see RESULTS.md for its risk; the "
        "durable bot's too)",
        _sqlite_inline,
        frozenset({"coach", "durable"}),
    ),
}
# The limiter build_application makes, described for the report.
APP_LIMITER: list[str] = []


@dataclass
class Variant:
    name: str
    limiter: str
    fixes: tuple[str, ...]
    coach: Bot | None = None
    durable: Bot | None = None
    echo: Bot | None = None
    timings: dict[str, list[list[StepTiming]]] = field(default_factory=lambda: defaultdict(list))

    @property
    def description(self) -> str:
        return "; ".join(
            [LIMITERS[self.limiter][0], *(f"{n}: {FIXES[n].description}" for n in self.fixes)]
        )

    @contextlib.contextmanager
    def patch(self, kind: str) -> Iterator[None]:
        with contextlib.ExitStack() as stack:
            for name in self.fixes:
                if kind in FIXES[name].kinds:
                    stack.enter_context(FIXES[name].patch())
            yield

    def bot(self, kind: str) -> Bot:
        """The bot a conversation of `kind` talks to (echo-n is the echo bot, told to repeat)."""
        bot = {"coach": self.coach, "durable": self.durable}.get(kind, self.echo)
        assert bot is not None, f"{self.name}: no {kind} bot built"
        return bot


def parse_variant(name: str) -> Variant:
    limiter, *fixes = name.split("+")
    if limiter not in LIMITERS or any(fix not in FIXES for fix in fixes):
        raise ValueError(name)
    return Variant(name, limiter, tuple(fixes))


def describe_limiter(limiter: object) -> str:
    """The limiter's class and the constructor arguments it keeps as attributes."""
    parameters = inspect.signature(type(limiter).__init__).parameters
    try:
        attributes = {name.lstrip("_"): value for name, value in vars(limiter).items()}
    except TypeError:  # __slots__
        attributes = {}
    values = {name: attributes[name] for name in parameters if name in attributes}
    arguments = ", ".join(f"{key}={value:.4g}" for key, value in values.items())
    return f"{type(limiter).__module__}.{type(limiter).__name__}({arguments})"


def make_limiter(name: str, settings: Settings) -> BaseRateLimiter[Any]:
    factory = LIMITERS[name][1]
    if factory is not None:
        return factory()
    # One made exactly as build_application makes it, whatever it is.
    limiter = build_application(settings).bot.rate_limiter
    assert limiter is not None, "build_application makes no rate limiter"
    return limiter


async def build_bots(variant: Variant, url: str, durable_url: str) -> None:
    """The variant's coach on the SQLite file `url`, its durable bot on `durable_url` (its table
    is created when it starts), and its echo bot, each against an emulator of its own."""
    coach_emu = StepEmulator(token=TOKEN)
    await coach_emu.start()
    settings = load_settings(
        bot_token=coach_emu.token,
        telegram_base_url=coach_emu.base_url,
        telegram_base_file_url=coach_emu.base_file_url,
        database_url=url,
        dispatch_interval_seconds=3600,  # nothing is due; it runs once at start-up
    )
    app = build_application(settings, clock=RunningClock())
    if not APP_LIMITER:
        APP_LIMITER.append(describe_limiter(app.bot.rate_limiter))
    if LIMITERS[variant.limiter][1] is not None:
        # ExtBot keeps it in a slot; swapped before the application is initialised.
        app.bot._rate_limiter = make_limiter(variant.limiter, settings)
    variant.coach = Bot(f"coach/{variant.name}", coach_emu, app, echo=False)
    echo_emu = StepEmulator(token=TOKEN)
    await echo_emu.start()
    limiter = make_limiter(variant.limiter, settings)
    variant.echo = Bot(f"echo/{variant.limiter}", echo_emu, build_echo(echo_emu, limiter), True)
    durable_emu = StepEmulator(token=TOKEN)
    await durable_emu.start()
    durable = build_durable(
        durable_emu, make_limiter(variant.limiter, settings), make_engine(durable_url)
    )
    variant.durable = Bot(f"durable/{variant.limiter}", durable_emu, durable, True)


# --- driving ----------------------------------------------------------------------------------


@dataclass
class Plan:
    """What the coach does per step (learnt once), hence what echo-n does."""

    calls: list[list[str]]

    def expected(self, kind: str) -> list[int]:
        if kind in ECHOING:
            return [1 for _methods in self.calls]
        return [len(methods) for methods in self.calls]

    def sends(self, kind: str, action: Action) -> int:
        if kind in ECHOING:
            return 1 if action.text is not None else 0
        index = RECRUITER.index(action)
        return sum(1 for m in self.calls[index] if m != "answerCallbackQuery")

    def one_message_steps(self) -> list[str]:
        """The steps where the coach sends one message and makes no other call, as the echo
        bots do: where the coach and its floors do the same for the user."""
        return [
            action.name
            for action, methods in zip(RECRUITER, self.calls, strict=True)
            if methods == ["sendMessage"]
        ]


async def conversation(
    variant: Variant, kind: str, user_id: int, plan: Plan, flow: Sequence[Action] = RECRUITER
) -> list[StepTiming]:
    bot = variant.bot(kind)
    emu = bot.emu
    assert isinstance(emu, StepEmulator)
    # The seeded name: an update changes nothing but last_seen_at (as for a returning user).
    name = f"Pengguna{user_id - FIRST_USER_ID}" if kind == "coach" else f"Echo{user_id}"
    user = emu.user(id=user_id, first_name=name)
    expected = plan.expected(kind)
    timings = []
    with variant.patch(kind):
        for index, action in enumerate(flow):
            if kind != "coach":
                bot.app.bot_data[SENDS] = plan.sends(kind, action)
            timings.append(
                await timed_step(emu, user, action, expected=expected[index], echo=kind != "coach")
            )
    for timing, wanted in zip(timings, expected, strict=True):
        if len(timing.methods) != wanted:
            print(f"  note: {kind}/{variant.name} {timing.action}: calls {timing.methods}")
    return timings


# --- where the time goes ------------------------------------------------------------------------


class Instruments:
    """Intervals (kind, start, end) of driver round trips ("db": every await of the database
    driver SQLAlchemy makes), Bot API requests ("api") and waits in the rate limiter ("wait")."""

    MODULES = (
        sqlalchemy.connectors.asyncio,
        sqlalchemy.dialects.sqlite.aiosqlite,
        sqlalchemy.dialects.postgresql.asyncpg,
    )

    def __init__(self) -> None:
        self.intervals: list[tuple[str, float, float]] = []

    @contextlib.contextmanager
    def active(self) -> Iterator[None]:
        intervals = self.intervals
        original_await = sqlalchemy.connectors.asyncio.await_

        def timed_await(awaitable: Any) -> Any:
            started = time.perf_counter()
            try:
                return original_await(awaitable)
            finally:
                intervals.append(("db", started, time.perf_counter()))

        bot_post = telegram.Bot._do_post
        ext_post = ExtBot._do_post

        @functools.wraps(bot_post)
        async def timed_bot_post(self: Any, endpoint: str, *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await bot_post(self, endpoint, *args, **kwargs)
            finally:
                if endpoint != "getUpdates":
                    intervals.append(("api", started, time.perf_counter()))

        @functools.wraps(ext_post)
        async def timed_ext_post(self: Any, endpoint: str, *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await ext_post(self, endpoint, *args, **kwargs)
            finally:
                if endpoint != "getUpdates":
                    intervals.append(("ext", started, time.perf_counter()))

        with contextlib.ExitStack() as stack:
            for module in self.MODULES:
                stack.enter_context(mock.patch.object(module, "await_", timed_await))
            stack.enter_context(mock.patch.object(telegram.Bot, "_do_post", timed_bot_post))
            stack.enter_context(mock.patch.object(ExtBot, "_do_post", timed_ext_post))
            yield

    def split(self, start: float, end: float) -> dict[str, tuple[int, float]]:
        """(count, seconds) of each kind that began within [start, end], cut at `end`: the
        update's last request ends after the emulator's timestamp (its answer is still on its
        way back), and only its part before that counts. "wait" = ext - api."""
        totals: dict[str, list[float]] = defaultdict(list)
        for kind, a, b in self.intervals:
            if start - 1e-4 <= a <= end:
                totals[kind].append(min(b, end) - a)
        result = {kind: (len(values), sum(values)) for kind, values in totals.items()}
        api, ext = result.get("api", (0, 0.0)), result.get("ext", (0, 0.0))
        result["wait"] = (ext[0], max(ext[1] - api[1], 0.0))
        return result


async def breakdown(
    variant: Variant, plan: Plan, users: list[int], echo_users: Iterator[int]
) -> dict[str, list[dict[str, Any]]]:
    """Per step of each kind: the total and its parts, one conversation per user."""
    instruments = Instruments()
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for user_id in users:
        for kind in KINDS:
            uid = user_id if kind == "coach" else next(echo_users)
            with instruments.active():
                timings = await conversation(variant, kind, uid, plan)
            for timing in timings:
                parts = instruments.split(timing.queued, timing.ended)
                rows[f"{kind}:{timing.action}"].append({"total": timing.seconds, **parts})
            instruments.intervals.clear()
    return rows


# --- the profile ------------------------------------------------------------------------------

# Generic helpers a sample is not charged to: the frame above them (their caller) decides.
_GENERIC = (
    "/copy.py",
    "/re/",
    "/re.py",
    "/typing.py",
    "/enum.py",
    "/functools.py",
    "/abc.py",
    "/weakref.py",
    "/_weakrefset.py",
    "/contextlib.py",
    "/contextvars",
    "/inspect.py",
    "/dataclasses.py",
    "/datetime.py",
    "/zoneinfo/",
    "/collections/",
    "/threading.py",
    "/warnings.py",
    "<built-in>",
    "/string.py",
    "/decimal.py",
    "/numbers.py",
    "/uuid.py",
    "/urllib/",
)
_CATEGORIES = (
    ("/sqlalchemy/", "SQLAlchemy (ORM, Core, greenlet bridge)"),
    ("/aiosqlite/", "aiosqlite / sqlite3 (driver)"),
    ("/sqlite3/", "aiosqlite / sqlite3 (driver)"),
    ("/asyncpg/", "asyncpg (driver)"),
    ("/babel/", "Babel (dates, catalogs)"),
    ("/json/", "JSON (encode, decode)"),
    ("/httpx/", "httpx / httpcore / h11 (HTTP client)"),
    ("/httpcore/", "httpx / httpcore / h11 (HTTP client)"),
    ("/h11/", "httpx / httpcore / h11 (HTTP client)"),
    ("/anyio/", "httpx / httpcore / h11 (HTTP client)"),
    ("/html/", "HTML (html.escape)"),
    ("/telegram/", "PTB (dispatch, handlers, objects)"),
    ("/apscheduler/", "PTB (dispatch, handlers, objects)"),
    ("/aiolimiter/", "rate limiter"),
    ("/bench/_limiter.py", "rate limiter"),
    ("/logging/", "logging"),
    ("/greenlet/", "SQLAlchemy (ORM, Core, greenlet bridge)"),
    ("/bot/", "coach code (bot/)"),
    ("<frozen importlib", "import system (imports at run time)"),
    ("/asyncio/", "asyncio event loop"),
    ("/selectors.py", "asyncio event loop"),
    ("/socket.py", "asyncio event loop"),
    ("/ssl.py", "asyncio event loop"),
)


def _parse(frame_info: str) -> tuple[str, str]:
    identifier = frame_info.split("\x01", 1)[0]
    parts = identifier.split("\x00")
    return (parts[0], parts[1] if len(parts) > 1 else "")


def categorise(stack: list[str]) -> tuple[str, str, str]:
    """(owner, category, leaf function) of one sample: owner "idle" (the loop waiting),
    "emulator" (the emulator's server side, aiohttp included) or "bot"."""
    frames = [_parse(info) for info in stack]
    function, path = frames[-1]
    if function.endswith(("select", "poll")) and path.endswith(("selectors.py", "<built-in>")):
        return "idle", "", ""
    if any("/tgemu/" in p or "/aiohttp/web_" in p for _f, p in frames):
        return "emulator", "", ""
    leaf = f"{function} ({_short(path)})"
    for _function, path in reversed(frames):
        if any(marker in path for marker in _GENERIC):
            continue
        for marker, category in _CATEGORIES:
            if marker in path:
                return "bot", category, leaf
        return "bot", "other", leaf
    return "bot", "other", leaf


def _short(path: str) -> str:
    for marker in ("site-packages/", "/lib/python3.11/", "/work/main/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


async def profile(variant: Variant, plan: Plan, kind: str, users: list[int]) -> dict[str, Any]:
    """Profiles `kind`'s conversations (the main thread, every 0.5 ms, awaits not followed:
    CPU time), and sums the samples by owner, by library and by innermost function."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005, async_mode="disabled")
    started = time.perf_counter()
    profiler.start()
    try:
        for user_id in users:
            await conversation(variant, kind, user_id, plan)
    finally:
        profiler.stop()
    wall = time.perf_counter() - started
    session = profiler.last_session
    assert session is not None
    owners: dict[str, float] = defaultdict(float)
    categories: dict[str, float] = defaultdict(float)
    leaves: dict[str, float] = defaultdict(float)
    for stack, seconds in session.frame_records:
        owner, category, leaf = categorise(stack)
        owners[owner] += seconds
        if owner == "bot":
            categories[category] += seconds
            leaves[leaf] += seconds
    return {
        "text": profiler.output_text(unicode=True, show_all=True),
        "wall": wall,
        "conversations": len(users),
        "owners": dict(owners),
        "categories": dict(categories),
        "leaves": dict(leaves),
    }


# --- report -----------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def _samples(variant: Variant, kind: str, steps: Sequence[str] | None = None) -> list[float]:
    """The seconds of every timed update of `kind`, of the steps named (all if None)."""
    return [
        t.seconds
        for timings in variant.timings[kind]
        for t in timings
        if steps is None or t.action in steps
    ]


def _flows(variant: Variant, kind: str) -> list[float]:
    """The seconds of each whole conversation of `kind` (the sum of its updates)."""
    return [sum(t.seconds for t in timings) for timings in variant.timings[kind]]


def _medians(variant: Variant, steps: Sequence[str] | None = None) -> dict[str, float]:
    return {kind: median(_samples(variant, kind, steps)) for kind in KINDS}


def _row(label: str, calls: str, values: dict[str, float]) -> str:
    """A line of the per-step table: each kind's median, then coach ÷ each floor."""
    coach = values["coach"]
    times = " ".join(f"{_ms(values[kind]):>7}" for kind in KINDS)
    ratios = " ".join(f"{coach / values[kind]:>9.2f}" for kind in KINDS[1:])
    return f"    {label:<30} {calls:<16} {times} {ratios}"


def report(variants: list[Variant], plan: Plan, rounds: int) -> None:
    single = plan.one_message_steps()
    print(
        f"\nper-update time, ms (medians of {rounds} conversations each, alternating); "
        "* = a one-message step (the coach sends one message and makes no other call, as "
        "durable and echo do)"
    )
    header = " ".join(f"{kind:>7}" for kind in KINDS)
    ratios = " ".join(f"{'c÷' + kind:>9}" for kind in KINDS[1:])
    for variant in variants:
        print(f"\n  variant {variant.name}: {variant.description}")
        print(f"    {'step':<30} {'coach calls':<16} {header} {ratios}")
        for index, action in enumerate(RECRUITER):
            mark = "*" if action.name in single else " "
            values = _medians(variant, [action.name])
            print(_row(f"{mark} {action.name}", _calls(plan.calls[index]), values))
        pooled = f"* one-message steps ({len(single)} pooled)"
        print(_row(pooled, "", _medians(variant, single)))
        print(_row(f"  one update ({len(RECRUITER)} pooled)", "", _medians(variant)))
        flows = {kind: median(_flows(variant, kind)) for kind in KINDS}
        print(_row("  whole flow (sum)", "", flows))
    report_summary(variants, single)
    report_goals(variants[0], single)


def report_summary(variants: list[Variant], single: Sequence[str]) -> None:
    print(
        "\nsummary, ms (medians): the one-message steps pooled, one update (all its steps "
        "pooled), the whole flow (the sum of its updates); the coach against its floors and "
        "against the first variant's coach"
    )
    print(
        f"    {'variant':<20} {'1-msg: coach':>12} {'durable':>7} {'c÷dur':>6} {'c÷echo':>6}"
        f" {'update: coach':>13} {'(IQR)':>11} {'c÷dur':>6} {'c÷echo':>6} {'÷first':>6}"
        f" {'flow: coach':>11} {'echo-n':>7} {'c÷echo-n':>8} {'÷first':>6}"
    )
    first_pooled = first_flow = 0.0
    for variant in variants:
        one = _medians(variant, single)
        pooled = _medians(variant)
        flow = {kind: median(_flows(variant, kind)) for kind in KINDS}
        first_pooled = first_pooled or pooled["coach"]
        first_flow = first_flow or flow["coach"]
        print(
            f"    {variant.name:<20} {_ms(one['coach']):>12} {_ms(one['durable']):>7} "
            f"{one['coach'] / one['durable']:>6.2f} {one['coach'] / one['echo']:>6.2f} "
            f"{_ms(pooled['coach']):>13} {_iqr(variant, 'coach'):>11} "
            f"{pooled['coach'] / pooled['durable']:>6.2f} "
            f"{pooled['coach'] / pooled['echo']:>6.2f} {pooled['coach'] / first_pooled:>6.2f} "
            f"{_ms(flow['coach']):>11} {_ms(flow['echo-n']):>7} "
            f"{flow['coach'] / flow['echo-n']:>8.2f} {flow['coach'] / first_flow:>6.2f}"
        )


def _verdict(ratio: float, goal: float) -> str:
    return f"{'meets' if ratio <= goal else 'MISSES'} the goal (<= {goal})"


def report_goals(variant: Variant, single: Sequence[str]) -> None:
    """The goals, judged on `variant` (the first): coach ÷ durable on the one-message steps
    pooled (issue 16), with coach ÷ echo beside it; coach ÷ echo of one update (issue 6)."""
    one = _medians(variant, single)
    ratio = one["coach"] / one["durable"]
    print(
        f"\nvariant {variant.name} (every bot built with the same limiter), the one-message "
        f"steps ({', '.join(single)}) pooled: coach ÷ durable {ratio:.2f} — "
        f"{_verdict(ratio, GOAL_DURABLE)}; coach ÷ echo {one['coach'] / one['echo']:.2f}"
    )
    pooled = _medians(variant)
    ratio = pooled["coach"] / pooled["echo"]
    print(
        f"one update ({len(RECRUITER)} steps pooled): coach ÷ durable "
        f"{pooled['coach'] / pooled['durable']:.2f}; coach ÷ echo {ratio:.2f} — "
        f"{_verdict(ratio, GOAL_ECHO)} of issue 6"
    )


def _iqr(variant: Variant, kind: str) -> str:
    values = _samples(variant, kind)
    if len(values) < 4:
        return ""
    quartiles = statistics.quantiles(values, n=4)
    return f"{_ms(quartiles[0])}-{_ms(quartiles[2])}"


def _calls(methods: list[str]) -> str:
    answers = methods.count("answerCallbackQuery")
    sends = len(methods) - answers
    parts = (["answer"] if answers else []) + ([f"{sends} send"] if sends else [])
    return " + ".join(parts)


def report_breakdown(rows: dict[str, list[dict[str, Any]]], variant: str) -> None:
    print(
        f"\nwhere an update's time goes (variant {variant}, instrumented runs, medians, ms): "
        "db = awaits of the database driver (round trips), api = Bot API requests, "
        "wait = in the rate limiter, rest = total - those (Python: PTB, coach, SQLAlchemy, ...)"
    )
    print(
        f"    {'kind:step':<26} {'total':>7} {'db n':>5} {'db':>6} {'api n':>5} {'api':>6}"
        f" {'wait':>6} {'rest':>6}"
    )
    for key, samples in rows.items():
        total = median([s["total"] for s in samples])
        db_n = median([s.get("db", (0, 0.0))[0] for s in samples])
        db = median([s.get("db", (0, 0.0))[1] for s in samples])
        api_n = median([s.get("api", (0, 0.0))[0] for s in samples])
        api = median([s.get("api", (0, 0.0))[1] for s in samples])
        wait = median([s["wait"][1] for s in samples])
        rest = median(
            [s["total"] - s.get("db", (0, 0.0))[1] - s.get("ext", (0, 0.0))[1] for s in samples]
        )
        print(
            f"    {key:<26} {_ms(total):>7} {db_n:>5.0f} {_ms(db):>6} {api_n:>5.0f} "
            f"{_ms(api):>6} {_ms(wait):>6} {_ms(rest):>6}"
        )


def report_profile(results: dict[str, dict[str, Any]], variant: str, top: int) -> None:
    per = {kind: result["conversations"] for kind, result in results.items()}
    print(
        f"\npyinstrument (variant {variant}; sampled every 0.5 ms, so CPU time, inflated by "
        f"the profiler), ms per conversation of {len(RECRUITER)} updates:"
    )
    for kind, result in results.items():
        owners = result["owners"]
        print(
            f"  {kind}: {per[kind]} conversations, {result['wall']:.1f} s wall; bot "
            f"{owners.get('bot', 0.0) / per[kind] * 1000:.1f}, emulator (server side) "
            f"{owners.get('emulator', 0.0) / per[kind] * 1000:.1f}, idle "
            f"{owners.get('idle', 0.0) / per[kind] * 1000:.1f}"
        )
    coach, echo = results["coach"], results.get("echo", {"categories": {}})
    print(
        "  the bot's CPU by library (a sample goes to its innermost frame that is not a "
        "generic helper such as copy, re, typing):"
    )
    print(f"    {'':<42} {'coach':>7} {'echo':>7} {'coach-echo':>10}")
    names = sorted(coach["categories"], key=lambda n: -coach["categories"][n])
    names += [n for n in echo["categories"] if n not in coach["categories"]]
    for name in names:
        c = coach["categories"].get(name, 0.0) / per["coach"] * 1000
        e = echo["categories"].get(name, 0.0) / per.get("echo", 1) * 1000
        print(f"    {name:<42} {c:>7.2f} {e:>7.2f} {c - e:>10.2f}")
    c_total = sum(coach["categories"].values()) / per["coach"] * 1000
    e_total = sum(echo["categories"].values()) / per.get("echo", 1) * 1000
    print(f"    {'total':<42} {c_total:>7.2f} {e_total:>7.2f} {c_total - e_total:>10.2f}")
    print(f"  top {top} functions of the coach by own time (ms per conversation):")
    leaves = coach["leaves"]
    for leaf, seconds in sorted(leaves.items(), key=lambda kv: -kv[1])[:top]:
        print(f"    {seconds / per['coach'] * 1000:>6.2f}  {leaf}")


# --- main -------------------------------------------------------------------------------------


async def run(args: argparse.Namespace, variants: list[Variant], directory: Path) -> None:
    # Per variant one conversation to learn the calls and one to warm up; then the rounds.
    needed = 2 * len(variants) + args.rounds + 2 * args.breakdown_rounds + args.profile_rounds
    users = max(1000, needed + 10)
    seed_url = sqlite_url(directory / "seed.db")
    print(f"seeding {users:,} users with their history ...", flush=True)
    await seed_history(seed_url, users)
    for variant in variants:
        path = directory / f"coach-{variant.name}.db"
        shutil.copy(directory / "seed.db", path)
        durable_url = sqlite_url(directory / f"durable-{variant.name}.db")
        await build_bots(variant, sqlite_url(path), durable_url)
    coach_users = iter(measured_users(users, needed))
    echo_users = iter(range(1, 10**6))
    bots = [b for v in variants for b in (v.coach, v.durable, v.echo) if b is not None]
    try:
        async with serving(bots):
            plan = None
            for variant in variants:
                assert variant.coach is not None
                uid = next(coach_users)
                name = f"Pengguna{uid - FIRST_USER_ID}"
                user = variant.coach.emu.user(id=uid, first_name=name)
                assert isinstance(variant.coach.emu, StepEmulator)
                with variant.patch("coach"):
                    counts = await learn_calls(variant.coach.emu, user, RECRUITER)
                methods = _last_calls(variant.coach.emu, counts)
                if plan is None:
                    plan = Plan(methods)
                elif methods != plan.calls:
                    print(f"  note: {variant.name} makes other calls: {methods}")
            assert plan is not None
            print(
                "coach calls per step: "
                + "; ".join(
                    f"{a.name}: {_calls(m)}" for a, m in zip(RECRUITER, plan.calls, strict=True)
                )
            )
            for variant in variants:  # warm-up, untimed
                uid = next(coach_users)
                await conversation(variant, "coach", uid, plan)
                for kind in KINDS[1:]:
                    await conversation(variant, kind, next(echo_users), plan)
            # What exists now lives until the end: out of the collector's way, so that a full
            # collection (of this process's many bots and emulator logs) does not land in a
            # timed update.
            gc.collect()
            gc.freeze()
            print(f"{args.rounds} rounds x {len(variants)} variants x {KINDS} ...", flush=True)
            coach_ids = [next(coach_users) for _ in range(args.rounds)]
            for number in range(args.rounds):
                gc.collect()  # between rounds, rather than during a timed update
                order = KINDS if number % 2 == 0 else tuple(reversed(KINDS))
                ordered = variants if number % 2 == 0 else list(reversed(variants))
                for variant in ordered:
                    for kind in order:
                        uid = coach_ids[number] if kind == "coach" else next(echo_users)
                        variant.timings[kind].append(await conversation(variant, kind, uid, plan))
                if (number + 1) % 10 == 0:
                    print(f"  round {number + 1} done", flush=True)
            report(variants, plan, args.rounds)
            explained = [variants[0], *variants[1:][-1:]] if args.breakdown_rounds else []
            for variant in explained:
                ids = [next(coach_users) for _ in range(args.breakdown_rounds)]
                rows = await breakdown(variant, plan, ids, echo_users)
                report_breakdown(rows, variant.name)
            if args.profile_rounds:
                gc.collect()
                ids = [next(coach_users) for _ in range(args.profile_rounds)]
                results = {"coach": await profile(variants[0], plan, "coach", ids)}
                ids = [next(echo_users) for _ in range(args.profile_rounds)]
                results["echo"] = await profile(variants[0], plan, "echo", ids)
                report_profile(results, variants[0].name, args.top)
                if OUT.is_dir():
                    for kind, result in results.items():
                        output = OUT / f"overhead-profile-{kind}.txt"
                        output.write_text(result["text"], "utf-8")
                        print(f"  pyinstrument's tree of the {kind}: {output}")
    finally:
        for bot_ in bots:
            await bot_.emu.stop()


def _last_calls(emu: StepEmulator, counts: list[int]) -> list[list[str]]:
    methods = [m for _at, m in emu.answered]
    total = sum(counts)
    tail = methods[len(methods) - total :]
    result = []
    for count in counts:
        result.append(tail[:count])
        tail = tail[count:]
    return result


async def rate_check(count: int, repeat: int, directory: Path) -> None:
    """The app's limiter (5 at once when idle) against the same paced from the second send
    (bench.nudge_rate's `paced`, the app's before) in a burst of due nudges: the latency fix
    must not cost throughput (30 a second, no 429)."""
    from bench import nudge_rate

    url = sqlite_url(directory / "nudges.db")
    time_limit = count / nudge_rate.TELEGRAM_RATE * 4 + 60
    outcomes = []
    for _round in range(repeat):
        for name in ("app", "paced"):
            print(f"  nudge burst, {name}, {count} nudges ...", flush=True)
            outcomes.append(await nudge_rate.run_variant(name, count, url, {}, time_limit))
    nudge_rate.report(outcomes)


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.overhead",
        description=(
            "Per-update time of the coach's recruiter-stage conversation against a minimal PTB "
            "echo bot, both against the Bot API emulator in this process (127.0.0.1), "
            "alternating; then where the coach's time goes (instrumented) and a pyinstrument "
            "profile (pip install pyinstrument). SQLite files in a temporary directory."
        ),
    )
    parser.add_argument(
        "--rounds", type=int, default=30, help="conversations per bot and variant (default 30)"
    )
    parser.add_argument(
        "--variant",
        default=DEFAULT_VARIANTS,
        help="comma-separated, the first is the one the ratio and the breakdown use: "
        f"limiters {', '.join(LIMITERS)}; coach fixes as LIMITER+FIX[+FIX...] with FIX among "
        f"{', '.join(FIXES) or '(none)'} (default: %(default)s)",
    )
    parser.add_argument("--breakdown-rounds", type=int, default=10, help="0 to skip")
    parser.add_argument("--profile-rounds", type=int, default=30, help="0 to skip")
    parser.add_argument("--top", type=int, default=25, help="functions listed from the profile")
    parser.add_argument(
        "--rate-check",
        type=int,
        default=0,
        metavar="COUNT",
        help="instead: send COUNT due nudges (bench.nudge_rate) with the app's limiter and "
        "with `paced`, alternating (about 2 min per 3000 each)",
    )
    parser.add_argument("--rate-repeat", type=int, default=1, help="rounds of --rate-check")
    args = parser.parse_args()
    if args.rate_check:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
        print_machine("bench.overhead")
        with tempfile.TemporaryDirectory(prefix="overhead-rate-") as directory:
            asyncio.run(rate_check(args.rate_check, args.rate_repeat, Path(directory)))
        return
    try:
        variants = [parse_variant(name.strip()) for name in args.variant.split(",") if name]
    except ValueError as exc:
        parser.error(f"unknown variant {exc}")
    if args.profile_rounds:
        try:
            import pyinstrument  # noqa: F401
        except ImportError:
            parser.error("--profile-rounds needs pyinstrument: pip install pyinstrument")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    print_machine("bench.overhead")
    with tempfile.TemporaryDirectory(prefix="overhead-") as directory:
        asyncio.run(run(args, variants, Path(directory)))
    print(f"\nbuild_application makes {APP_LIMITER[0] if APP_LIMITER else '?'}")


if __name__ == "__main__":
    main()
