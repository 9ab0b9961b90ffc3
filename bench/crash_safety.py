"""Crash safety under load: the bot is SIGKILLed at random moments and restarted, over and over.

The bot runs as a separate process (`python -m bot`, `tests.conftest.BotProcess`) against the
Bot API emulator in this process. Meanwhile

* `--users` users talk to it without pause: /wawancara, the recruiter stage, a company and a role
  unique to each round of talk, a channel, then ticks on the checklist card. A user whose
  answer does not come (the bot died holding it) starts over, as a person would;
* due nudges keep coming: before every start, a new batch of `--nudges` check-ins falls due
  (one per silent user; the clock, a FileClock in CLOCK_FILE, moves 2 minutes per restart, more
  than FOLLOW_UP_LEASE_SECONDS=60, so the claims of a killed process are sent again).

Each round kills the bot with SIGKILL at a random moment (`--min-up` to `--max-up` seconds
after its start, start-up included). A last run without kills lets everything due go out.
Then, from the emulator's record of what users saw and the database:

* every answer the bot acknowledged is stored: each company the bot confirmed back ("Posisi
  apa yang Anda lamar di {company}?") is an application of that user; each checklist card
  ("{role} di {company} ●○○○") belongs to an application with that role and a
  `contacted` event (the channel); each tick the card ever showed as ☑️ is a checklist row;
* every due nudge arrived (a message with its buttons, fu:<id>:done), and how many arrived
  twice. Delivery is at least once (bot/followups/dispatcher.py): a kill that lands between
  Telegram accepting a nudge and the dispatcher's commit of `sent` makes it go out again after
  the lease. For each duplicate, the time from Telegram accepting its first copy to the kill is
  reported: where in that window the kill landed (negative: the kill came first, while the
  nudge was on its way to Telegram, which still took it).

`hold_before_kill` (tests/test_crash_safety.py uses it) holds every sendMessage at the door
`settle` seconds before each kill, so that no kill lands in that window and "none twice" is
certain, as in tests/test_dispatch_crash.py; the long mode does not, and measures. The exit
status is 1 when an acknowledged answer is not stored, a due nudge never arrived, or a nudge
arrived twice with no kill in between; ERROR lines of the bot's log are reported.

    python -m bench.crash_safety --rounds 50 --seed 1
    python -m bench.crash_safety --rounds 50 --seed 1 \\
        --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/bench

The PostgreSQL database's schema public is dropped first (it is created if missing; use one of
its own, not the test suite's `test`); a SQLite database is a new file in a
temporary directory unless `--database-url` names one (it is deleted first). The summary is
printed and written to bench/out/crash-<database>-<seed>.txt; `--workdir DIR` keeps the bot's
log (DIR/bot.log).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import random
import re
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from bench._common import wipe_database
from bot.coach.nudges import NudgeKind
from bot.coach.stages import Stage
from bot.storage.db import make_engine
from bot.storage.migrate import upgrade
from bot.storage.models import (
    ApplicationEvent,
    ChecklistMark,
    FollowUp,
    FollowUpStatus,
    JobApplication,
    User,
)
from tests.conftest import START, TOKEN, BotProcess
from tgemu import ApiRequest, BotApiEmulator, BotMessage, EmulatorTimeout, UserHandle

OUT = Path(__file__).resolve().parent / "out"
LEASE_SECONDS = 60
CLOCK_STEP = timedelta(minutes=2)  # per restart: more than the lease
FIRST_TALKER = 7_000
FIRST_SILENT = 800_000
STEP_TIMEOUT = 4.0  # a talking user waits this long for an answer, then starts over
IN_FLIGHT = 0.5  # seconds a request can take from the bot to Telegram's acceptance
RECRUITER = Stage.RECRUITER.value

_COMPANY_ACK = re.compile(r"Posisi apa yang Anda lamar di (.+?)\? ")
_CARD = re.compile(r"^(.+) di (.+) [●○]{4}$", re.MULTILINE)
_TICKED = re.compile(r"^☑️ (\d+)\. ", re.MULTILINE)
_NUDGE = re.compile(r'"fu:(\d+):done"')


class TimedRequests(list[ApiRequest]):
    """`emu.requests` with the moment (perf_counter) each entry was recorded."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []

    def append(self, request: ApiRequest) -> None:
        self.times.append(time.perf_counter())
        super().append(request)


@dataclass
class Config:
    rounds: int
    seed: int
    database_url: str
    workdir: Path
    users: int = 6
    nudges: int = 60  # falling due at each start
    min_up: float = 0.5
    max_up: float = 4.0
    hold_before_kill: bool = False
    settle: float = 1.0  # with hold_before_kill: seconds between the hold and the kill
    final_timeout: float = 60.0


@dataclass
class Outcome:
    rounds: int = 0
    kills: int = 0
    elapsed: float = 0.0
    user_actions: int = 0
    abandoned_waits: int = 0  # answers that never came: the update died with the process
    companies_acked: int = 0
    cards_acked: int = 0
    ticks_acked: int = 0
    lost_answers: list[str] = field(default_factory=list)  # acknowledged but not stored
    nudges_due: int = 0
    nudges_missing: list[int] = field(default_factory=list)
    duplicates: dict[int, int] = field(default_factory=dict)
    # From Telegram accepting the first copy to the kill (negative: accepted after the kill
    # signal, the request was on its way).
    duplicate_gaps_ms: list[float] = field(default_factory=list)
    # Duplicates with no kill between two copies: not the documented window, a bug.
    duplicates_without_kill: list[str] = field(default_factory=list)
    not_sent_rows: dict[str, int] = field(default_factory=dict)
    errors_logged: list[str] = field(default_factory=list)
    # The longest stall of this process's event loop, where the emulator answers the bot: a
    # long one would make the bot's requests time out because of the benchmark itself.
    loop_lag_ms: float = 0.0
    # The evidence, for checking the checks: the talking users and what was stored.
    talkers: list[Talker] = field(default_factory=list, repr=False)
    facts: dict[str, Any] = field(default_factory=dict, repr=False)

    def summary(self) -> str:
        sent_twice = len(self.duplicates)
        share = sent_twice / self.nudges_due if self.nudges_due else 0.0
        per_kill = sent_twice / self.kills if self.kills else 0.0
        lines = [
            f"rounds {self.rounds}, kills {self.kills}, {self.elapsed:.1f} s",
            f"user actions {self.user_actions}; answers that never came (died with a killed "
            f"process, the user started over) {self.abandoned_waits}",
            f"acknowledged: companies {self.companies_acked}, cards {self.cards_acked}, "
            f"ticks {self.ticks_acked}; acknowledged but not stored: {len(self.lost_answers)}",
            f"longest stall of the emulator's event loop {self.loop_lag_ms:.0f} ms",
            f"nudges due {self.nudges_due}, missing {len(self.nudges_missing)}, sent twice "
            f"{sent_twice} ({share:.2%} of nudges, {per_kill:.2f} per kill)",
        ]
        if self.duplicate_gaps_ms:
            gaps = sorted(self.duplicate_gaps_ms)
            median = statistics.median(gaps)
            lines.append(
                f"kill minus acceptance of the first copy, ms: min {gaps[0]:.1f}, "
                f"median {median:.1f}, max {gaps[-1]:.1f}; all: "
                + ", ".join(f"{gap:.1f}" for gap in gaps)
            )
        lines += [f"TWICE WITHOUT A KILL: {item}" for item in self.duplicates_without_kill[:20]]
        if self.not_sent_rows:
            lines.append(f"follow-up rows due but not sent: {self.not_sent_rows}")
        lines += [f"LOST: {item}" for item in self.lost_answers[:20]]
        lines += [f"MISSING NUDGE: {item}" for item in self.nudges_missing[:20]]
        lines += [f"ERROR LOGGED: {line}" for line in self.errors_logged[:10]]
        return "\n".join(lines)


# --- the database ---------------------------------------------------------------------------


async def prepare_database(config: Config) -> None:
    """An empty, migrated database at the configured URL."""
    url = config.database_url
    await wipe_database(url)
    engine = make_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


async def seed_nudges(url: str, round_number: int, count: int) -> list[int]:
    """`count` silent users, each with one check-in due at this round's moment."""
    due = START + CLOCK_STEP * round_number
    ids = [FIRST_SILENT + round_number * count + n for n in range(count)]
    engine = make_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(User.__table__),
                [
                    {"id": i, "chat_id": i, "first_name": f"Diam{i}", "language": "id",
                     "telegram_language": "id", "timezone": "Asia/Jakarta", "quiet_start": 0,
                     "quiet_end": 0, "nudges_paused": False, "blocked": False, "pending": {},
                     "created_at": START, "last_seen_at": START}
                    for i in ids
                ],
            )  # fmt: skip
            await connection.execute(
                insert(FollowUp.__table__),
                [
                    {"user_id": i, "kind": NudgeKind.RESILIENCE_CHECK_IN.value, "due_at": due,
                     "expires_at": due + timedelta(days=3),
                     "status": FollowUpStatus.PENDING.value, "attempts": 0, "last_error": "",
                     "payload": {}, "created_at": START}
                    for i in ids
                ],
            )  # fmt: skip
    finally:
        await engine.dispose()
    return ids


async def stored(url: str) -> dict[str, Any]:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            applications = (await connection.execute(select(JobApplication.__table__))).all()
            contacted = (
                await connection.execute(
                    select(ApplicationEvent.application_id).where(
                        ApplicationEvent.kind == "contacted"
                    )
                )
            ).all()
            marks = (await connection.execute(select(ChecklistMark.__table__))).all()
            follow_ups = (await connection.execute(select(FollowUp.__table__))).all()
    finally:
        await engine.dispose()
    return {
        "applications": {(a.user_id, a.company): a for a in applications},
        "contacted": {row.application_id for row in contacted},
        "marks": {(m.application_id, m.stage, m.item) for m in marks},
        "follow_ups": list(follow_ups),
    }


async def unsettled(url: str, now: datetime) -> int:
    """Follow-ups still to go out at `now`: pending and due, or claimed."""
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            rows = (await connection.execute(select(FollowUp.status, FollowUp.due_at))).all()
    finally:
        await engine.dispose()
    return sum(
        1
        for status, due_at in rows
        if status == FollowUpStatus.SENDING.value
        or (status == FollowUpStatus.PENDING.value and due_at <= now)
    )


# --- the talking users ------------------------------------------------------------------------


def _skip(message: BotMessage) -> bool:
    return any(data == "skip" for _text, data in message.buttons)


def _with_button(prefix: str) -> Any:
    return lambda m: any(d and d.startswith(prefix) for _t, d in m.buttons)


class Talker:
    """A user who goes through the recruiter stage again and again, ticking the checklist."""

    def __init__(self, emu: BotApiEmulator, user: UserHandle, rng: random.Random) -> None:
        self.emu = emu
        self.user = user
        self.rng = rng
        self.actions = 0
        self.abandoned = 0
        self.rounds = 0

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.rounds += 1
            try:
                await self.talk(self.rounds)
            except EmulatorTimeout:
                self.abandoned += 1

    async def _wait(self, after: int, predicate: Any) -> BotMessage:
        return await self.emu.wait_for_message(
            self.user.id, after=after, predicate=predicate, timeout=STEP_TIMEOUT
        )

    async def _say(self, text: str, predicate: Any) -> BotMessage:
        after = self.emu.cursor
        self.actions += 1
        await self.user.send(text)
        return await self._wait(after, predicate)

    async def _press(self, message: BotMessage, data: str) -> None:
        self.actions += 1
        query = await self.user.press(callback_data=data, message=message)
        await self.emu.wait_for_callback_answer(query, timeout=STEP_TIMEOUT)

    async def talk(self, number: int) -> None:
        company = f"PT Uji {self.user.id}-{number}"
        role = f"Peran {self.user.id}-{number}"
        menu = await self._say("/wawancara", _with_button(f"m:s:{RECRUITER}"))
        after = self.emu.cursor
        await self._press(menu, f"m:s:{RECRUITER}")
        first = await self._wait(
            after, lambda m: "nama perusahaannya" in (m.text or "") or _with_button("pa:new")(m)
        )
        if _with_button("pa:new")(first):  # an earlier round's application is offered
            after = self.emu.cursor
            await self._press(first, "pa:new")
            await self._wait(after, None)
        await self._say(company, lambda m: f"lamar di {company}?" in (m.text or ""))
        channels = await self._say(role, _with_button("c:"))
        after = self.emu.cursor
        choice = self.rng.choice([d for _t, d in channels.buttons if d and d.startswith("c:")])
        await self._press(channels, choice)

        def is_card(message: BotMessage) -> bool:
            return f"{role} di {company}" in (message.text or "") and _with_button("ck:")(message)

        # The recruiter's name, and the first time the name for signatures: both skipped.
        while not is_card(asked := await self._wait(after, lambda m: _skip(m) or is_card(m))):
            after = self.emu.cursor
            await self._press(asked, "skip")
        card = asked
        for _ in range(self.rng.randint(1, 3)):
            unticked = [d for t, d in card.buttons if d and d.startswith("ck:") and "⬜" in t]
            if not unticked:
                break
            data = self.rng.choice(unticked)
            after = self.emu.cursor
            await self._press(card, data)
            card = await self._wait(after, lambda m, c=card: m.message_id == c.message_id)


# --- checking -----------------------------------------------------------------------------------


def acknowledged(emu: BotApiEmulator, talkers: list[Talker], facts: dict[str, Any]) -> Outcome:
    """What the users saw, checked against what is stored."""
    outcome = Outcome()
    applications = facts["applications"]
    for talker in talkers:
        user_id = talker.user.id
        for message in emu.chat_messages(user_id):
            texts = [*message.previous_texts, message.text or ""]
            for text in texts:
                for company in _COMPANY_ACK.findall(text):
                    outcome.companies_acked += 1
                    if (user_id, company) not in applications:
                        outcome.lost_answers.append(f"user {user_id}: company {company!r}")
            checks = [d for _t, d in message.buttons if d and d.startswith("ck:")]
            cards = [_CARD.search(text) for text in texts]
            if not checks or not any(cards):
                continue
            found = next(card for card in cards if card)
            role, company = found.group(1), found.group(2)
            outcome.cards_acked += 1
            application = applications.get((user_id, company))
            if application is None or application.role != role:
                outcome.lost_answers.append(f"user {user_id}: card of {role} di {company}")
                continue
            if application.id not in facts["contacted"]:
                outcome.lost_answers.append(f"user {user_id}: channel of {company}")
            ticked = {int(n) for text in texts for n in _TICKED.findall(text)}
            for number in sorted(ticked):
                outcome.ticks_acked += 1
                _prefix, application_id, stage, item = checks[number - 1].split(":")
                if (int(application_id), stage, item) not in facts["marks"]:
                    outcome.lost_answers.append(f"user {user_id}: tick {number} of {company}")
    return outcome


def nudges_delivered(emu: BotApiEmulator) -> dict[int, list[float]]:
    """When Telegram accepted each copy of each follow-up's message (perf_counter)."""
    copies: dict[int, list[float]] = {}
    times = getattr(emu.requests, "times", [])
    for index, request in enumerate(emu.requests):
        if request.method != "sendMessage" or not request.ok:
            continue
        markup = request.params.get("reply_markup")
        for follow_up_id in _NUDGE.findall(json.dumps(markup, ensure_ascii=False)):
            moment = times[index] if index < len(times) else float("nan")
            copies.setdefault(int(follow_up_id), []).append(moment)
    return copies


def errors_in(log: Path) -> list[str]:
    """The bot's ERROR lines, each with the exception that ended its traceback, if any."""
    if not log.exists():
        return []
    lines = log.read_text("utf-8", errors="replace").splitlines()
    errors = []
    for index, line in enumerate(lines):
        if " ERROR " not in line:
            continue
        following = lines[index + 1 : index + 200]
        if following and following[0].startswith("Traceback"):
            end = next((t for t in following[1:] if t and not t[0].isspace()), "")
            line = f"{line} | {end}"
        errors.append(line)
    return errors


# --- the run ------------------------------------------------------------------------------------


async def _watch_loop(stop: asyncio.Event, lag: list[float]) -> None:
    """Keeps in lag[0] the longest delay of a 50 ms sleep beyond its 50 ms."""
    while not stop.is_set():
        before = time.perf_counter()
        await asyncio.sleep(0.05)
        lag[0] = max(lag[0], time.perf_counter() - before - 0.05)


async def run(config: Config, emu: BotApiEmulator | None = None) -> Outcome:
    """Runs the scenario against `emu` (a new emulator if None) and checks it."""
    if emu is None:
        async with BotApiEmulator(token=TOKEN, bot_username="pelatih_crash_bot") as own:
            return await run(config, own)
    began = time.perf_counter()
    rng = random.Random(config.seed)
    emu.requests = TimedRequests()
    await prepare_database(config)
    clock_file = config.workdir / "now.txt"
    bot = BotProcess(emu, config.database_url, config.workdir)
    bot.env.update(
        CLOCK_FILE=str(clock_file),
        DISPATCH_INTERVAL_SECONDS="0.3",
        FOLLOW_UP_LEASE_SECONDS=str(LEASE_SECONDS),
    )
    talkers = [
        Talker(emu, emu.user(id=FIRST_TALKER + n, first_name=f"Bicara{n}"), rng)
        for n in range(config.users)
    ]
    stop = asyncio.Event()
    tasks = [asyncio.create_task(talker.run(stop)) for talker in talkers]
    lag = [0.0]
    tasks.append(asyncio.create_task(_watch_loop(stop, lag)))
    kill_times: list[float] = []
    outcome_rounds = 0
    try:
        for round_number in range(config.rounds + 1):
            now = START + CLOCK_STEP * round_number
            emu.assume_started(
                *(
                    emu.user(id=i, first_name=f"Diam{i}")
                    for i in await seed_nudges(config.database_url, round_number, config.nudges)
                )
            )
            clock_file.write_text(now.isoformat())
            await bot.start()
            if round_number == config.rounds:
                break  # the last start runs until everything is out
            await asyncio.sleep(rng.uniform(config.min_up, config.max_up))
            if config.hold_before_kill:
                # Sends held at the door die with the process, unprocessed; those Telegram
                # accepted before get a second to be recorded as sent.
                emu.hold("sendMessage", config.settle + 4.0)
                await asyncio.sleep(config.settle)
            kill_times.append(time.perf_counter())
            await bot.stop(signal.SIGKILL)
            emu.clear_faults()
            outcome_rounds += 1
        # The last run: everything due goes out, the users finish what they were saying.
        deadline = time.monotonic() + config.final_timeout
        while time.monotonic() < deadline:
            if not await unsettled(config.database_url, now):
                break
            await asyncio.sleep(0.25)
        await asyncio.sleep(1.0)
        stop.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(
                asyncio.gather(*tasks, return_exceptions=True), 3 * STEP_TIMEOUT
            )
        await emu.wait_idle(timeout=30, quiet=1.0)
        await bot.stop(signal.SIGTERM)
    finally:
        stop.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if bot.process is not None and bot.process.returncode is None:
            await bot.stop(signal.SIGKILL)

    facts = await stored(config.database_url)
    outcome = acknowledged(emu, talkers, facts)
    outcome.rounds = outcome_rounds
    outcome.talkers, outcome.facts = talkers, facts
    outcome.kills = len(kill_times)
    outcome.user_actions = sum(t.actions for t in talkers)
    outcome.abandoned_waits = sum(t.abandoned for t in talkers)
    copies = nudges_delivered(emu)
    final_now = START + CLOCK_STEP * config.rounds
    not_sent: Counter[str] = Counter()
    for row in facts["follow_ups"]:
        if row.due_at > final_now:
            continue
        outcome.nudges_due += 1
        if row.status != FollowUpStatus.SENT.value:
            not_sent[row.status] += 1
        accepted = copies.get(row.id, [])
        if not accepted and row.status not in ("cancelled", "expired"):
            outcome.nudges_missing.append(row.id)
        if len(accepted) > 1:
            outcome.duplicates[row.id] = len(accepted)
            for first, second in itertools.pairwise(accepted):
                # The kill that made the copy go out again is the first one from a little
                # before the first copy (the nudge was then on its way to Telegram, which
                # still took it) up to the second copy.
                kills = [k for k in kill_times if first - IN_FLIGHT <= k <= second]
                if kills:
                    outcome.duplicate_gaps_ms.append((kills[0] - first) * 1000)
                else:
                    outcome.duplicates_without_kill.append(
                        f"follow-up {row.id}: copies {second - first:.3f} s apart, "
                        f"attempts {row.attempts}, last error {row.last_error!r}"
                    )
    outcome.not_sent_rows = dict(not_sent)
    outcome.errors_logged = errors_in(bot.log)
    outcome.elapsed = time.perf_counter() - began
    outcome.loop_lag_ms = lag[0] * 1000
    return outcome


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.crash_safety", description=__doc__.split("\n", 1)[0]
    )
    parser.add_argument("--rounds", type=int, default=20, help="kills (default 20)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database-url",
        default=None,
        help="default: SQLite in a temporary directory; a PostgreSQL database is wiped first",
    )
    parser.add_argument("--users", type=int, default=6, help="users talking meanwhile")
    parser.add_argument("--nudges", type=int, default=60, help="nudges falling due per start")
    parser.add_argument("--min-up", type=float, default=0.5, help="seconds, from the start")
    parser.add_argument("--max-up", type=float, default=4.0)
    parser.add_argument(
        "--hold-before-kill",
        action="store_true",
        help="hold sends before each kill, as the CI test does (no duplicate is possible)",
    )
    parser.add_argument(
        "--workdir", type=Path, default=None, help="keep the bot's log (bot.log) and files here"
    )
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        if args.workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="crash-")))
        else:
            workdir = args.workdir
            workdir.mkdir(parents=True, exist_ok=True)
        url = args.database_url or f"sqlite+aiosqlite:///{workdir / 'coach.db'}"
        config = Config(
            rounds=args.rounds,
            seed=args.seed,
            database_url=url,
            workdir=workdir,
            users=args.users,
            nudges=args.nudges,
            min_up=args.min_up,
            max_up=args.max_up,
            hold_before_kill=args.hold_before_kill,
        )
        outcome = asyncio.run(run(config))
    database = "postgresql" if url.startswith("postgresql") else "sqlite"
    command = f"python -m bench.crash_safety {' '.join(sys.argv[1:] if argv is None else argv)}"
    text = f"{command.strip()}\n{outcome.summary()}\n"
    print(text, end="")
    OUT.mkdir(exist_ok=True)
    (OUT / f"crash-{database}-{args.seed}.txt").write_text(text, "utf-8")
    # Errors the bot logged are reported; the exit status is about the guarantees.
    failed = outcome.lost_answers or outcome.nudges_missing or outcome.duplicates_without_kill
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
