"""The send limiter: the bulk lane's sliding window, and the two lanes around it.

Every test runs on a virtual clock (aiotools' VirtualClock: the event loop's time jumps to the
next timer whenever nothing is ready), so the limiter's sleeps take no real time and every
moment asserted below is exact, whatever the machine's load.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from aiotools import VirtualClock
from telegram.error import RetryAfter

from bot.ratelimit import Lane, LaneLimiter, SlidingWindowLimiter


@pytest.fixture(autouse=True)
async def virtual_time() -> AsyncIterator[None]:
    with VirtualClock().patch_loop():
        yield


def now() -> float:
    return asyncio.get_running_loop().time()


def at(*moments: float) -> Any:
    """These moments, to the millisecond: the limiter wakes a microsecond after the moment it
    waits for, never before."""
    return pytest.approx(list(moments), abs=1e-3)


# --- the sliding window -----------------------------------------------------------------------


async def test_never_more_than_the_limit_in_any_window() -> None:
    limiter = SlidingWindowLimiter(limit=5, period=0.2, spacing=0.0, max_retries=0)
    started: list[float] = []
    finished: list[float] = []

    async def call() -> bool:
        started.append(now())
        await asyncio.sleep(0.005)
        finished.append(now())
        return True

    await asyncio.gather(
        *(
            limiter.process_request(call, (), {}, "sendMessage", {"chat_id": n}, None)
            for n in range(17)
        )
    )
    assert len(finished) == 17
    # A request counts from its start until its answer plus the period: at any moment, at
    # most five such intervals overlap, so the server sees at most five in any window.
    for moment in started:
        overlapping = sum(
            1 for s, f in zip(started, finished, strict=True) if s <= moment < f + 0.2
        )
        assert overlapping <= 5


async def test_requests_without_a_chat_are_not_limited() -> None:
    for limiter in (SlidingWindowLimiter(limit=1, period=60.0), LaneLimiter(bulk_rate=1)):

        async def call() -> bool:
            return True

        results = await asyncio.gather(
            *(limiter.process_request(call, (), {}, "getUpdates", {}, None) for _ in range(5))
        )
        assert results == [True] * 5
        assert now() == 0


async def test_a_flood_error_is_slept_off_and_retried() -> None:
    limiter = SlidingWindowLimiter(limit=30, period=1.0, max_retries=2)
    attempts: list[float] = []

    async def call() -> dict[str, Any]:
        attempts.append(now())
        if len(attempts) < 2:
            raise RetryAfter(timedelta(seconds=3))
        return {"ok": True}

    assert await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 1}, None) == {
        "ok": True
    }
    assert attempts == at(0, 3)


async def test_gives_up_after_the_retries() -> None:
    for limiter in (
        SlidingWindowLimiter(limit=30, period=1.0, max_retries=1),
        LaneLimiter(max_retries=1),
    ):

        async def call() -> bool:
            raise RetryAfter(timedelta(seconds=0))

        with pytest.raises(RetryAfter):
            await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 1}, None)


async def test_an_idle_window_lets_a_burst_through_then_paces() -> None:
    limiter = SlidingWindowLimiter(limit=100, period=1.0, spacing=0.05, burst=3)
    started: list[float] = []

    async def call() -> bool:
        started.append(now())
        return True

    for _ in range(6):
        await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 1}, None)
    # Three go at once (they may run two spacings ahead), then one every spacing.
    assert started == at(0, 0, 0, 0.05, 0.1, 0.15)
    await asyncio.sleep(1)
    began = now()
    for _ in range(3):
        await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 1}, None)
    # After a pause the burst is back.
    assert started[-3:] == at(began, began, began)


# --- the two lanes ----------------------------------------------------------------------------


@dataclass
class Sent:
    at: float
    chat: int
    lane: Lane


@dataclass
class Telegram:
    """Stands for the Bot API behind a LaneLimiter: notes when each send reached it, in which
    lane, and answers 429 to the sends it is told to refuse."""

    limiter: LaneLimiter = field(default_factory=LaneLimiter)
    sent: list[Sent] = field(default_factory=list)
    refuse: dict[int, list[float]] = field(default_factory=dict)  # chat -> retry_after values
    latency: float = 0.0

    async def send(self, chat: int) -> None:
        lane = self.limiter.lane_of(chat)

        async def call() -> bool:
            if self.refuse.get(chat):
                raise RetryAfter(timedelta(seconds=self.refuse[chat].pop(0)))
            self.sent.append(Sent(now(), chat, lane))
            await asyncio.sleep(self.latency)
            return True

        await self.limiter.process_request(call, (), {}, "sendMessage", {"chat_id": chat}, None)

    async def answer(self, chat: int, messages: int = 1, *, hold: float = 0.0) -> None:
        """Handles an update of `chat`: `hold` seconds of work, then its answers, in order."""
        with self.limiter.answering(chat):
            await asyncio.sleep(hold)
            for _ in range(messages):
                await self.send(chat)

    def times(self, chat: int) -> list[float]:
        return [s.at for s in self.sent if s.chat == chat]

    def most_in_any(self, seconds: float, lane: Lane) -> int:
        times = sorted(s.at for s in self.sent if s.lane is lane)
        return max(
            (sum(1 for t in times if start <= t < start + seconds) for start in times), default=0
        )


@contextlib.contextmanager
def running(*coroutines: Any) -> Iterator[list[asyncio.Task[Any]]]:
    tasks = [asyncio.ensure_future(c) for c in coroutines]
    try:
        yield tasks
    finally:
        for task in tasks:
            task.cancel()


async def test_a_send_is_a_reply_only_to_the_chat_being_answered() -> None:
    limiter = LaneLimiter()
    assert limiter.lane_of(7) is Lane.BULK  # the dispatcher: no update being handled
    with limiter.answering(7):
        assert limiter.lane_of(7) is Lane.REPLY
        # The admin chat told of an error while the update is handled: not a reply.
        assert limiter.lane_of(8) is Lane.BULK

        # Tasks the update starts carry it along.
        async def inner() -> Lane:
            return limiter.lane_of(7)

        assert await asyncio.create_task(inner()) is Lane.REPLY
    assert limiter.lane_of(7) is Lane.BULK


async def test_replies_are_never_held_behind_nudges() -> None:
    telegram = Telegram()
    nudges = [telegram.send(chat) for chat in range(1000, 1600)]  # 20 s of nudges at 30/s
    with running(*nudges) as tasks:
        await asyncio.sleep(5)
        assert 140 <= len(telegram.sent) <= 151  # nudges at 30 a second meanwhile
        began = now()
        await telegram.answer(7, messages=4)
        # The answer's four messages went at once, with 450 nudges still waiting.
        assert telegram.times(7) == at(began, began, began, began)
        await asyncio.gather(*tasks)
    assert telegram.most_in_any(1.0, Lane.BULK) <= 30


async def test_replies_do_not_count_against_the_bulk_budget() -> None:
    telegram = Telegram()
    # 100 users write at the same moment while 60 nudges are due.
    await asyncio.gather(
        *(telegram.answer(chat, messages=2) for chat in range(100)),
        *(telegram.send(chat) for chat in range(1000, 1060)),
    )
    replies = [s.at for s in telegram.sent if s.lane is Lane.REPLY]
    assert replies == [0] * 200  # more than 30 in one second: replies are paced per chat
    nudges = sorted(s.at for s in telegram.sent if s.lane is Lane.BULK)
    # The nudges kept their own pace: 30 a second, 1/30 s apart after the first two.
    assert nudges[:3] == at(0, 0, 1 / 30)
    assert telegram.most_in_any(1.0, Lane.BULK) == 30


async def test_nudges_keep_to_one_a_second_per_chat_and_thirty_overall() -> None:
    telegram = Telegram(latency=0.02)
    await asyncio.gather(*(telegram.send(chat) for chat in [1] * 5 + list(range(100, 190))))
    gaps = [b - a for a, b in itertools.pairwise(telegram.times(1))]
    assert len(gaps) == 4 and min(gaps) >= 1.0  # never early
    assert telegram.most_in_any(1.0, Lane.BULK) == 30


async def test_one_chat_gets_a_burst_of_replies_then_one_a_second() -> None:
    telegram = Telegram()
    await telegram.answer(7, messages=8)
    assert telegram.times(7) == at(0, 0, 0, 0, 0, 1, 2, 3)


async def test_a_group_gets_at_most_twenty_a_minute() -> None:
    telegram = Telegram()
    group = -100123
    await telegram.answer(group, messages=25)
    times = telegram.times(group)
    assert times[:5] == at(0, 0, 0, 0, 0)  # the burst, then one a second
    assert times[19] == pytest.approx(15, abs=1e-3)
    assert times[20] == pytest.approx(60, abs=1e-3)  # the 21st waits for the first to leave
    assert all(b - a >= 60 for a, b in zip(times, times[20:], strict=False))


async def test_nudges_yield_to_a_chat_being_answered() -> None:
    telegram = Telegram()
    with running(telegram.answer(7, messages=2, hold=3.0)) as [answer]:
        await asyncio.sleep(0)  # the update has begun
        # A nudge to 7 waits for the answer (and then a second, the chat's pace); one to 8
        # goes at once.
        await asyncio.gather(telegram.send(7), telegram.send(8))
        await answer
    assert telegram.times(8) == at(0)
    assert telegram.times(7) == at(3, 3, 5)  # the answer's two, then the nudge
    assert [s.lane for s in telegram.sent if s.chat == 7] == [Lane.REPLY] * 2 + [Lane.BULK]


async def test_a_nudge_does_not_slip_between_the_messages_of_an_answer() -> None:
    # A slow network: each message takes longer than the chat's pace to be answered.
    telegram = Telegram(latency=1.2)
    nudge_started = asyncio.Event()

    async def nudge() -> None:
        await asyncio.sleep(0.1)  # due while the answer's first message is on its way
        nudge_started.set()
        await telegram.send(7)

    await asyncio.gather(telegram.answer(7, messages=3), nudge())
    assert nudge_started.is_set()
    assert [s.lane for s in telegram.sent] == [Lane.REPLY] * 3 + [Lane.BULK]


async def test_a_429_on_a_reply_pauses_that_chat_only() -> None:
    telegram = Telegram(refuse={7: [5]})
    with running(telegram.answer(7, messages=2)) as [answer]:
        await asyncio.sleep(1)
        # Meanwhile another chat is answered and nudges go, at once.
        await asyncio.gather(telegram.answer(8), telegram.send(9), telegram.send(7))
        assert telegram.times(8) == at(1) and telegram.times(9) == at(1)
        await answer
    # Chat 7's first reply was retried after the 5 s asked; the rest followed in its pace.
    assert telegram.times(7)[:2] == at(5, 5)
    assert telegram.times(7)[2] >= 6  # the nudge, then, a second after


async def test_a_429_on_a_nudge_pauses_the_bulk_lane_not_the_replies() -> None:
    telegram = Telegram(refuse={1000: [3]})
    with running(*(telegram.send(chat) for chat in range(1000, 1010))) as nudges:
        await asyncio.sleep(1)
        await telegram.answer(7)
        assert telegram.times(7) == at(1)  # the reply went while nudges waited
        await asyncio.gather(*nudges)
    # The nudge refused at 0 stopped the lane for the 3 s asked: every nudge went after.
    assert len(telegram.sent) == 11
    assert all(s.at >= 3 for s in telegram.sent if s.lane is Lane.BULK)


async def test_chats_that_no_longer_matter_are_forgotten() -> None:
    limiter = LaneLimiter()
    telegram = Telegram(limiter=limiter)
    for chat in range(3000):
        await telegram.send(chat)
    await asyncio.sleep(2)
    await telegram.send(99999)
    assert len(limiter._chats) < 2100  # swept as the table grew: not one entry per chat ever
