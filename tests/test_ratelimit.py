"""The sliding-window limiter: never more than `limit` in any window, retries a 429."""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.ratelimit import SlidingWindowLimiter


async def test_never_more_than_the_limit_in_any_window() -> None:
    limiter = SlidingWindowLimiter(limit=5, period=0.2, spacing=0.0, max_retries=0)
    loop = asyncio.get_running_loop()
    started: list[float] = []
    finished: list[float] = []

    async def call() -> bool:
        started.append(loop.time())
        await asyncio.sleep(0.005)
        finished.append(loop.time())
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
    limiter = SlidingWindowLimiter(limit=1, period=60.0)

    async def call() -> bool:
        return True

    results = await asyncio.gather(
        *(limiter.process_request(call, (), {}, "getUpdates", {}, None) for _ in range(5))
    )
    assert results == [True] * 5


async def test_a_flood_error_is_slept_off_and_retried() -> None:
    limiter = SlidingWindowLimiter(limit=30, period=1.0, max_retries=2)
    attempts: list[int] = []

    async def call() -> dict[str, Any]:
        attempts.append(1)
        if len(attempts) < 2:
            raise RetryAfter(timedelta(seconds=0))
        return {"ok": True}

    assert await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 1}, None) == {
        "ok": True
    }
    assert len(attempts) == 2


async def test_gives_up_after_the_retries() -> None:
    limiter = SlidingWindowLimiter(limit=30, period=1.0, max_retries=1)

    async def call() -> bool:
        raise RetryAfter(timedelta(seconds=0))

    with pytest.raises(RetryAfter):
        await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 1}, None)


class Sends:
    """Sends through a limiter paced 50 ms apart beyond a burst of three, noting when each
    request started."""

    spacing = 0.05

    def __init__(self) -> None:
        self.limiter = SlidingWindowLimiter(limit=100, period=1.0, spacing=self.spacing, burst=3)
        self.started: list[float] = []

    async def send(self, count: int) -> None:
        loop = asyncio.get_running_loop()

        async def call() -> bool:
            self.started.append(loop.time())
            return True

        for _ in range(count):
            await self.limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 1}, None)


async def test_an_idle_limiter_lets_a_burst_through_then_paces() -> None:
    sends = Sends()
    await sends.send(6)
    gaps = [b - a for a, b in itertools.pairwise(sends.started)]
    # Three go at once (an update's answers), then one every `spacing` seconds.
    assert all(gap < Sends.spacing / 2 for gap in gaps[:2])
    assert all(gap >= Sends.spacing * 0.9 for gap in gaps[2:])


async def test_the_burst_comes_back_after_a_pause() -> None:
    sends = Sends()
    await sends.send(3)
    await asyncio.sleep(Sends.spacing * 3)
    began = asyncio.get_running_loop().time()
    await sends.send(3)
    assert sends.started[-1] - began < Sends.spacing / 2
