"""Replies while a flood of nudges goes out (issue 16).

A few users chat with the real coach (`python -m bot` in a process of its own, as in
production, so that the emulator's work, which is Telegram's, is not done on the bot's CPU;
`--in-process` runs `build_application` beside the emulator instead), each sending /bantuan every `--every` seconds for
`--seconds`, once with nothing due (`idle`) and once with `--count` nudges falling due for as
many other users at the start (`flood`), alternately, `--repeat` times; `--scenarios` adds
`chat` (one user sends 1,000 messages at once) and `group` (40 /start in a group), issue 12's
floods, which must not hold the chatting users up either. The Bot API emulator
enforces its Telegram limits.

Reported per scenario: reply latency p50/p95 (from the user's message being queued in the
emulator to the emulator accepting the bot's answer, both on the emulator's perf_counter),
replies that never came within `--reply-timeout`; nudges sent, their rate ÷ 30 (first to last
accepted), 429s answered to replies and to nudges, nudges lost (rows not `sent`) and
duplicated (chats with more than one).

The emulator models Telegram's lanes (tgemu.RateLimits): sends to a chat that wrote in the
last minute are answers, outside the 30 a second of bulk notifications; every chat takes one
message a second with bursts of up to five (one answer's few messages), as the bot's
LaneLimiter paces them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench._common import (
    FIRST_USER_ID,
    POSTGRES_URL,
    TOKEN,
    TimingEmulator,
    bot_env,
    print_machine,
    seed,
    sqlite_url,
    status_counts,
    wipe_database,
)
from bot.app import build_application
from bot.config import load_settings
from tgemu import EmulatorTimeout, RateLimits, running

TELEGRAM_RATE = 30
DISPATCH_INTERVAL = 1.0
# Chatting users' ids: far from the seeded ones.
CHATTING_FROM = 9_000_000
FLOODER = 9_500_000
SCENARIOS = ("idle", "flood", "chat", "group")


@dataclass
class Outcome:
    scenario: str
    latencies: list[float] = field(default_factory=list)
    unanswered: int = 0
    nudges: int = 0
    nudges_sent: int = 0
    nudge_span: float = 0.0
    reply_429s: int = 0
    nudge_429s: int = 0
    rows_not_sent: int = 0
    duplicated: int = 0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        if len(self.latencies) == 1:
            return self.latencies[0]
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[
            round(share * 100) - 1
        ]

    @property
    def ratio(self) -> float:
        if self.nudges_sent < 2 or not self.nudge_span:
            return float("nan")
        return (self.nudges_sent - 1) / self.nudge_span / TELEGRAM_RATE


async def chat(
    emu: TimingEmulator,
    user_id: int,
    seconds: float,
    every: float,
    patience: float,
    offset: float,
) -> tuple[list[float], int]:
    """One user sending /bantuan every `every` seconds, the first `offset` seconds after the
    others began (people do not write in step); the latency of each answer."""
    user = emu.user(id=user_id, first_name=f"Penguji{user_id}")
    await user.ask("/start", timeout=30)  # known to the coach before the measurement
    await asyncio.sleep(1.1 + offset)
    latencies: list[float] = []
    unanswered = 0
    loop = asyncio.get_running_loop()
    ends = loop.time() + seconds
    while loop.time() < ends:
        tick = loop.time()
        sent_at = time.perf_counter()
        await user.send("/bantuan")
        try:
            await user.wait_reply(timeout=patience)
        except EmulatorTimeout:
            unanswered += 1
        else:
            accepted = [at for at, chat_id in emu.accepted if chat_id == user_id and at >= sent_at]
            if accepted:
                latencies.append(min(accepted) - sent_at)
        await asyncio.sleep(max(0.0, tick + every - loop.time()))
    return latencies, unanswered


@contextlib.asynccontextmanager
async def _bot(args: argparse.Namespace, emu: TimingEmulator, url: str) -> AsyncIterator[None]:
    """The coach, in this process (`--in-process`) or as `python -m bot` in its own, as in
    production, where Telegram's side of the exchange does not run on the bot's CPU."""
    if args.in_process:
        settings = load_settings(
            bot_token=emu.token,
            telegram_base_url=emu.base_url,
            telegram_base_file_url=emu.base_file_url,
            database_url=url,
            dispatch_interval_seconds=DISPATCH_INTERVAL,
        )
        async with running(build_application(settings), poll_timeout=0.5):
            yield
        return
    env = bot_env(emu, url, DISPATCH_INTERVAL_SECONDS=str(DISPATCH_INTERVAL))
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", env=env, stdout=asyncio.subprocess.DEVNULL
    )
    try:
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), timeout=60)
        except TimeoutError:
            process.kill()
            await process.wait()


async def troublemaker(scenario: str, emu: TimingEmulator, args: argparse.Namespace) -> None:
    """After the warm-up: in `chat`, one user sends `--flood-messages` messages as fast as the
    emulator takes them; in `group`, four members of a group send 40 /start between them (issue
    12: both used to hold up every other user). Nothing in the other scenarios."""
    if scenario not in ("chat", "group"):
        return
    await asyncio.sleep(1.1 + args.warmup)
    if scenario == "chat":
        flooder = emu.user(id=FLOODER, first_name="Banjir")
        for n in range(args.flood_messages):
            await flooder.send(f"halo {n}")
    else:
        group = emu.group(id=-5001, title="Loker IT")
        members = [emu.user(id=FLOODER + 1 + n, first_name=f"Anggota{n}") for n in range(4)]
        for n in range(40):
            await members[n % 4].send("/start", chat=group)


async def run_scenario(scenario: str, args: argparse.Namespace, url: str) -> Outcome:
    count = args.count if scenario == "flood" else 0
    await wipe_database(url)
    due = datetime.now(UTC) + timedelta(seconds=args.warmup)
    # No quiet hours: the flood goes out at the real time, whatever the hour in Jakarta.
    await seed(
        url,
        users=count,
        per_user=1,
        due_at=due,
        expires_after=timedelta(days=1),
        quiet_hours=(0, 0),
    )
    nudged = set(range(FIRST_USER_ID, FIRST_USER_ID + count))
    chatting = [CHATTING_FROM + n for n in range(args.users)]
    outcome = Outcome(scenario, nudges=count)
    limits = RateLimits(
        global_per_second=TELEGRAM_RATE,
        per_chat_per_second=1,
        per_chat_burst=5,
        reply_window=60,
    )
    async with TimingEmulator(token=TOKEN, rate_limits=limits) as emu:
        emu.start_chats(nudged)
        async with _bot(args, emu, url):
            trouble = asyncio.create_task(troublemaker(scenario, emu, args))
            results = await asyncio.gather(
                *(
                    chat(
                        emu,
                        user_id,
                        args.warmup + args.seconds,
                        args.every,
                        args.reply_timeout,
                        offset=args.every * index / len(chatting),
                    )
                    for index, user_id in enumerate(chatting)
                )
            )
            await trouble
            # Let the rest of the flood drain (bounded), then count.
            deadline = time.monotonic() + count / TELEGRAM_RATE * 2 + 30
            while count and time.monotonic() < deadline:
                counts = await status_counts(url)
                if not counts.get("pending") and not counts.get("sending"):
                    break
                await asyncio.sleep(0.5)
        for latencies, unanswered in results:
            outcome.latencies.extend(latencies)
            outcome.unanswered += unanswered
        for request in emu.requests:
            if request.method != "sendMessage" or request.ok:
                continue
            if request.response.get("error_code") == 429:
                chat_id = int(request.params.get("chat_id", 0))
                if chat_id in nudged:
                    outcome.nudge_429s += 1
                else:
                    outcome.reply_429s += 1
        nudge_times = [at for at, chat_id in emu.accepted if chat_id in nudged]
        per_chat = Counter(chat_id for _at, chat_id in emu.accepted if chat_id in nudged)
    outcome.nudges_sent = len(nudge_times)
    outcome.nudge_span = max(nudge_times) - min(nudge_times) if nudge_times else 0.0
    outcome.duplicated = sum(1 for n in per_chat.values() if n > 1)
    outcome.rows_not_sent = count - (await status_counts(url)).get("sent", 0)
    return outcome


def report(outcomes: list[Outcome]) -> None:
    print()
    print(
        f"{'scenario':9} {'replies':>7} {'p50 ms':>8} {'p95 ms':>8} {'unans':>5} "
        f"{'nudges':>6} {'÷30':>6} {'429 r':>5} {'429 n':>5} {'lost':>4} {'dup':>4}"
    )
    for o in outcomes:
        print(
            f"{o.scenario:9} {len(o.latencies):7} {o.percentile(0.5) * 1000:8.1f} "
            f"{o.percentile(0.95) * 1000:8.1f} {o.unanswered:5} {o.nudges_sent:6} "
            f"{o.ratio:6.3f} {o.reply_429s:5} {o.nudge_429s:5} {o.rows_not_sent:4} "
            f"{o.duplicated:4}"
        )
    print(
        "\n  replies: answers timed; p50/p95: message queued to answer accepted; unans: no "
        "answer within --reply-timeout;\n  nudges: accepted; ÷30: their rate (first to last) "
        "÷ 30; 429 r/n: 429s answered to replies / nudges; lost: rows not sent; dup: chats "
        "with more than one nudge."
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.flood",
        description=(
            "Reply latency of a few chatting users, idle and while COUNT nudges go out, "
            "through the real Application and the Bot API emulator. --database-url is WIPED "
            f"first (SQLite file deleted; PostgreSQL schema public dropped, e.g. {POSTGRES_URL})."
        ),
    )
    parser.add_argument("--count", type=int, default=3000, help="nudges due (default 3000)")
    parser.add_argument("--users", type=int, default=10, help="chatting users (default 10)")
    parser.add_argument("--every", type=float, default=2.0, help="seconds between messages")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long they chat")
    parser.add_argument(
        "--warmup", type=float, default=2.0, help="seconds of chat before the nudges fall due"
    )
    parser.add_argument("--reply-timeout", type=float, default=15.0)
    parser.add_argument(
        "--scenarios",
        default="idle,flood",
        help=f"comma-separated, run in this order each round, among {', '.join(SCENARIOS)}",
    )
    parser.add_argument(
        "--flood-messages", type=int, default=1000, help="messages of the flooding chat (chat)"
    )
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--database-url", help="WIPED FIRST, see above")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="run the bot in this process, beside the emulator, instead of as python -m bot",
    )
    args = parser.parse_args()
    if unknown := set(args.scenarios.split(",")) - set(SCENARIOS):
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    print_machine("bench.flood")

    async def run_all(url: str) -> list[Outcome]:
        outcomes = []
        for _round in range(args.repeat):
            for scenario in args.scenarios.split(","):
                print(f"running {scenario} ...", flush=True)
                outcomes.append(await run_scenario(scenario, args, url))
        return outcomes

    if args.database_url:
        print(f"database: {args.database_url.split('@')[-1]} (wiped first)")
        outcomes = asyncio.run(run_all(args.database_url))
    else:
        with tempfile.TemporaryDirectory(prefix="flood-") as directory:
            print("database: SQLite, a fresh file in a temporary directory")
            outcomes = asyncio.run(run_all(sqlite_url(Path(directory) / "coach.db")))
    report(outcomes)


if __name__ == "__main__":
    main()
