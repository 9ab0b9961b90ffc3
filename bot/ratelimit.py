"""A rate limiter that counts like Telegram: no more than N messages in any second.

Written here rather than taken from PTB because PTB's AIORateLimiter, measured side by side in
bench/nudge_rate.py, reached only 0.82 of Telegram's 30 messages a second: it is a leaky bucket
of capacity N draining N a second, so after a pause it lets N through at once and then N a
second more; up to 2N land in one second, Telegram answers 429, and AIORateLimiter sleeps that
off for retry_after + 0.1 s, which empties its bucket for the next burst. Evening it out
(AIORateLimiter(1, 1/30)) reached 0.97 on SQLite but 0.79-0.95 with 429s on PostgreSQL, where
send times vary more. This limiter reached 0.99 with no 429 on both. It plugs into PTB through
its own BaseRateLimiter interface.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

Result = bool | dict[str, Any] | list[dict[str, Any]]


class SlidingWindowLimiter(BaseRateLimiter[int]):
    """At most `limit` requests with a chat_id in any `period` seconds, as the server counts.

    The server accepts a request somewhere between our sending it and our reading its answer,
    so a request holds its slot from the moment it is sent until `period` seconds after its
    answer arrived: whatever the network's delays, the server never sees more than `limit`
    in its own window, and no margin below the limit is needed. Waiters are served in order.
    A 429 that still comes (another process using the same token) is slept off and retried,
    at most `max_retries` times, like AIORateLimiter.

    With `spacing`, sends are also paced that far apart instead of going out as a burst of
    `limit` at the start of each window. Up to `burst` sends may go at once before the pacing
    applies (a generic cell rate algorithm: a send may run `(burst - 1) * spacing` ahead of the
    even pace), so a send that is late catches up and the event loop's lateness is not lost
    every time (it is with AIORateLimiter(1, 1/30)); and an idle bot sends the few answers of
    one update without waiting (with burst 2, a button whose answer is four messages waited
    61 ms in the limiter, bench/RESULTS.md), while a burst of nudges is paced as before. The
    sliding window still caps any `period` at `limit`.
    """

    def __init__(
        self,
        limit: int = 30,
        period: float = 1.0,
        *,
        spacing: float = 0.0,
        burst: int = 2,
        max_retries: int = 3,
    ) -> None:
        self._limit = limit
        self._period = period
        self._spacing = spacing
        self._burst = burst
        self._tolerance = max(burst - 1, 0) * spacing
        self._next_at = 0.0
        self._max_retries = max_retries
        self._in_flight = 0
        self._finished: deque[float] = deque()
        self._queue = asyncio.Lock()
        self._answered = asyncio.Event()

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        if data.get("chat_id") is None:
            return await callback(*args, **kwargs)
        retries = rate_limit_args or self._max_retries
        for attempt in range(retries + 1):
            await self._acquire()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == retries:
                    raise
                value = exc.retry_after
                seconds = value if isinstance(value, int | float) else value.total_seconds()
                log.info("429 on %s; retrying in %s s", endpoint, seconds)
                await asyncio.sleep(seconds)
            finally:
                self._release()
        raise AssertionError("unreachable")

    async def _acquire(self) -> None:
        loop = asyncio.get_running_loop()
        async with self._queue:
            while True:
                now = loop.time()
                while self._finished and self._finished[0] <= now - self._period:
                    self._finished.popleft()
                allowed_at = self._next_at - self._tolerance
                if now < allowed_at:
                    await asyncio.sleep(allowed_at - now)
                    continue
                if self._in_flight + len(self._finished) < self._limit:
                    self._in_flight += 1
                    self._next_at = max(self._next_at, now) + self._spacing
                    return
                if self._finished:
                    await asyncio.sleep(self._finished[0] + self._period - now)
                else:
                    # Every slot is a request still waiting for its answer.
                    self._answered.clear()
                    await self._answered.wait()

    def _release(self) -> None:
        self._in_flight -= 1
        self._finished.append(asyncio.get_running_loop().time())
        self._answered.set()
