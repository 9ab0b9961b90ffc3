"""Pacing sends like Telegram counts them: replies to a user in one lane, nudges in another.

Telegram's Bot FAQ asks a bot to keep to about one message a second in one chat (short bursts
are tolerated), 20 a minute in a group, and about 30 a second when it sends bulk notifications
to many users. The 30 a second is about messages the bot starts, not answers to users who just
wrote. So a send is in one of two lanes (`LaneLimiter`):

* **reply**: a send to the chat whose update is being handled (`LaneLimiter.answering`, which
  the application holds around each update's unit of work, delivery included). Paced per chat
  only: one a second, with a burst so that one answer's few messages go at once; 20 a minute
  in a group. Never queued behind nudges, and not counted against the bulk budget.
* **bulk**: every other send (the nudge dispatcher, messages to the admin chat). At most 30 a
  second overall (`SlidingWindowLimiter`) and one a second per chat, and it yields to a chat
  that is being answered: a nudge waits until the update's answers are out.

A 429 pauses what it concerns for its `retry_after`: the chat (both lanes: the per-chat limit
is Telegram's, whoever sends), and for a bulk send the whole bulk lane; replies to other chats
go on. The send is then retried, at most `max_retries` times, like AIORateLimiter.

Written here rather than taken from PTB: AIORateLimiter has one queue for every send (so
replies wait behind nudges) and, measured side by side in bench/nudge_rate.py, reached only
0.82 of Telegram's 30 messages a second: it is a leaky bucket of capacity N draining N a
second, so after a pause it lets N through at once and then N a second more; up to 2N land in
one second, Telegram answers 429, and AIORateLimiter sleeps that off for retry_after + 0.1 s,
which empties its bucket for the next burst. Evening it out (AIORateLimiter(1, 1/30)) reached
0.97 on SQLite but 0.79-0.95 with 429s on PostgreSQL, where send times vary more. The sliding
window below reached 0.99 with no 429 on both. Both plug into PTB through its BaseRateLimiter.

All time is the event loop's (`loop.time()`, `asyncio.sleep`), so that tests can run the
limiter on a virtual clock.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections import deque
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

Result = bool | dict[str, Any] | list[dict[str, Any]]
ChatId = int | str

# The chat whose update this task is handling (set by LaneLimiter.answering): sends to it are
# replies. A context variable, so that it follows the update into the tasks it starts.
_answering: ContextVar[ChatId | None] = ContextVar("answering_chat", default=None)


# Waiters sleep this much past the moment they wait for. asyncio may wake a timer a little
# early (up to its clock's resolution), and `now + (ready - now)` may round below `ready`: a
# waiter would then sleep again for a sliver, or for ever on a virtual clock, whose time does
# not move when it sleeps less than a float can add. A microsecond late is never early.
SLACK = 1e-6


async def _sleep_until(ready: float, now: float) -> None:
    await asyncio.sleep(ready - now + SLACK)


def _seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value if isinstance(value, int | float) else value.total_seconds()


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
    every time (it is with AIORateLimiter(1, 1/30)). The sliding window still caps any
    `period` at `limit`.

    Used alone it paces every send alike (bench/ compares it); the app uses it as the bulk
    lane's overall budget inside `LaneLimiter`.
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
        self._next_at = -math.inf
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
            await self.acquire()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == retries:
                    raise
                seconds = _seconds(exc)
                log.info("429 on %s; retrying in %s s", endpoint, seconds)
                await asyncio.sleep(seconds)
            finally:
                self.release()
        raise AssertionError("unreachable")

    async def acquire(self, admit: Callable[[], bool] | None = None) -> bool:
        """Waits for a slot, in turn. When one is free, `admit` (if given) decides at that very
        moment whether it is taken (True) or left, with nothing changed, for the next waiter
        (False). A slot taken must be given back with `release` once its request is answered."""
        loop = asyncio.get_running_loop()
        async with self._queue:
            while True:
                now = loop.time()
                while self._finished and self._finished[0] + self._period <= now:
                    self._finished.popleft()
                allowed_at = self._next_at - self._tolerance
                if now < allowed_at:
                    await _sleep_until(allowed_at, now)
                    continue
                if self._in_flight + len(self._finished) < self._limit:
                    if admit is not None and not admit():
                        return False
                    self._in_flight += 1
                    self._next_at = max(self._next_at, now) + self._spacing
                    return True
                if self._finished:
                    await _sleep_until(self._finished[0] + self._period, now)
                else:
                    # Every slot is a request still waiting for its answer.
                    self._answered.clear()
                    await self._answered.wait()

    def release(self) -> None:
        self._in_flight -= 1
        self._finished.append(asyncio.get_running_loop().time())
        self._answered.set()


class Lane(StrEnum):
    REPLY = "reply"
    BULK = "bulk"


@dataclass
class _Chat:
    """What the limiter knows of one chat; forgotten once it no longer matters."""

    # The even pace: when the next send would be due at one per interval (a generic cell rate
    # algorithm). A reply may run `reply_burst - 1` intervals ahead of it; a bulk send may not.
    next_at: float = -math.inf
    # Until when Telegram asked us (429) to leave this chat alone.
    paused_until: float = -math.inf
    # Updates of this chat being handled now, and an event set when there are none.
    answering: int = 0
    idle: asyncio.Event = field(default_factory=asyncio.Event)
    # Sends waiting for or in this chat: while any, the chat is not forgotten.
    users: int = 0
    # Groups only: when their sends of the last `group_period` went.
    recent: deque[float] | None = None

    def __post_init__(self) -> None:
        self.idle.set()


class LaneLimiter(BaseRateLimiter[int]):
    """Replies paced per chat only; bulk sends within an overall budget, after the replies.

    See the module's docstring. `chat_interval` and `reply_burst` pace each chat (one a
    second, five at once for an answer); `bulk_rate` is the bulk lane's overall rate (its
    window counts `floor(bulk_rate)` a second, paced `1 / bulk_rate` apart beyond
    `bulk_burst`); `group_limit` sends in any `group_period` seconds to a group (a chat id
    below zero), whatever the lane.
    """

    def __init__(
        self,
        *,
        bulk_rate: float = 30.0,
        bulk_burst: int = 2,
        chat_interval: float = 1.0,
        reply_burst: int = 5,
        group_limit: int = 20,
        group_period: float = 60.0,
        max_retries: int = 3,
    ) -> None:
        if bulk_rate < 1:
            raise ValueError("bulk_rate must be at least 1 a second")
        self._bulk = SlidingWindowLimiter(
            limit=math.floor(bulk_rate),
            period=1.0,
            spacing=1 / bulk_rate,
            burst=bulk_burst,
            max_retries=0,
        )
        self._bulk_paused_until = -math.inf
        self._interval = chat_interval
        self._reply_tolerance = max(reply_burst - 1, 0) * chat_interval
        self._group_limit = group_limit
        self._group_period = group_period
        self._max_retries = max_retries
        self._chats: dict[ChatId, _Chat] = {}
        self._sweep_above = 1024

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    @contextmanager
    def answering(self, chat_id: ChatId) -> Iterator[None]:
        """While this block runs, sends to `chat_id` from this task (and the tasks it starts)
        are replies, and bulk sends to the chat wait for the block to end."""
        chat = self._chat(chat_id)
        chat.answering += 1
        chat.users += 1
        chat.idle.clear()
        token = _answering.set(chat_id)
        try:
            yield
        finally:
            _answering.reset(token)
            chat.answering -= 1
            chat.users -= 1
            if not chat.answering:
                chat.idle.set()

    @staticmethod
    def lane_of(chat_id: ChatId) -> Lane:
        """The lane a send to `chat_id` from here would take."""
        return Lane.REPLY if _answering.get() == chat_id else Lane.BULK

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        chat_id = data.get("chat_id")
        if chat_id is None:
            return await callback(*args, **kwargs)
        lane = self.lane_of(chat_id)
        retries = rate_limit_args or self._max_retries
        chat = self._chat(chat_id)
        chat.users += 1
        try:
            for attempt in range(retries + 1):
                if lane is Lane.REPLY:
                    await self._reply_turn(chat)
                else:
                    await self._bulk_turn(chat)
                try:
                    return await callback(*args, **kwargs)
                except RetryAfter as exc:
                    seconds = _seconds(exc)
                    self._pause(lane, chat, seconds)
                    if attempt == retries:
                        raise
                    log.info("429 on %s (%s lane); retrying in %s s", endpoint, lane, seconds)
                finally:
                    if lane is Lane.BULK:
                        self._bulk.release()
            raise AssertionError("unreachable")
        finally:
            chat.users -= 1

    # --- the lanes ------------------------------------------------------------------------

    async def _reply_turn(self, chat: _Chat) -> None:
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            ready = max(chat.next_at - self._reply_tolerance, chat.paused_until)
            ready = max(ready, self._group_ready(chat, now))
            if now >= ready:
                self._sent(chat, now)
                return
            await _sleep_until(ready, now)

    async def _bulk_turn(self, chat: _Chat) -> None:
        loop = asyncio.get_running_loop()
        while True:
            # The chat first, holding no place in the lane: a nudge waiting for its chat holds
            # up no nudge to another chat.
            await self._bulk_may_start(chat)
            # Then a place in the lane's overall budget, taken only if the chat is still free
            # at that moment (an answer may have begun meanwhile), and the chat's with it.
            if await self._bulk.acquire(lambda: self._take_for_bulk(chat, loop.time())):
                return

    async def _bulk_may_start(self, chat: _Chat) -> None:
        loop = asyncio.get_running_loop()
        while True:
            if chat.answering:
                await chat.idle.wait()
                continue
            now = loop.time()
            ready = self._bulk_ready(chat, now)
            if ready is None:
                return
            await _sleep_until(ready, now)

    def _take_for_bulk(self, chat: _Chat, now: float) -> bool:
        if self._bulk_ready(chat, now) is not None:
            return False
        self._sent(chat, now)
        return True

    def _bulk_ready(self, chat: _Chat, now: float) -> float | None:
        """None when a bulk send to `chat` may go now; else when to look again."""
        if chat.answering:
            return now
        ready = max(chat.next_at, chat.paused_until, self._bulk_paused_until)
        ready = max(ready, self._group_ready(chat, now))
        return None if now >= ready else ready

    def _group_ready(self, chat: _Chat, now: float) -> float:
        if chat.recent is None:
            return -math.inf
        while chat.recent and chat.recent[0] + self._group_period <= now:
            chat.recent.popleft()
        if len(chat.recent) < self._group_limit:
            return -math.inf
        return chat.recent[0] + self._group_period

    def _sent(self, chat: _Chat, now: float) -> None:
        chat.next_at = max(chat.next_at, now) + self._interval
        if chat.recent is not None:
            chat.recent.append(now)

    def _pause(self, lane: Lane, chat: _Chat, seconds: float) -> None:
        until = asyncio.get_running_loop().time() + seconds
        chat.paused_until = max(chat.paused_until, until)
        if lane is Lane.BULK:
            self._bulk_paused_until = max(self._bulk_paused_until, until)

    # --- chats ----------------------------------------------------------------------------

    def _chat(self, chat_id: ChatId) -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            if len(self._chats) >= self._sweep_above:
                self._sweep()
            chat = self._chats[chat_id] = _Chat()
            if isinstance(chat_id, int) and chat_id < 0:
                chat.recent = deque()
        return chat

    def _sweep(self) -> None:
        """Forgets the chats whose state no longer holds anything back: a fresh one would act
        the same. Run when the table doubles, so it costs O(1) a send."""
        now = asyncio.get_running_loop().time()
        for chat_id, chat in list(self._chats.items()):
            self._group_ready(chat, now)  # drops the group's sends older than its period
            if (
                not chat.users
                and chat.next_at <= now
                and chat.paused_until <= now
                and not chat.recent
            ):
                del self._chats[chat_id]
        self._sweep_above = max(1024, 2 * len(self._chats))
