"""How updates come in when polling: stored before Telegram is told they arrived, then handled
chat by chat, in order, many chats at once, with a flood from one chat kept to that chat.

Both pieces plug into PTB where it offers a place for them: `DurableQueue` is the Application's
update queue (ApplicationBuilder.update_queue), which PTB's Updater fills; `ChatByChat` is its
update processor (ApplicationBuilder.concurrent_updates).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from telegram import Bot, Update
from telegram.ext import BaseUpdateProcessor, ExtBot

from bot.clock import Clock
from bot.storage import inbox
from bot.storage.db import Database

log = logging.getLogger(__name__)

T = TypeVar("T")

# The longest pause between two attempts to store an update while the database is away.
MAX_STORE_RETRY = 30.0


class DurableQueue(asyncio.Queue[object]):
    """PTB's update queue, each update stored in `received_updates` before it is queued.

    PTB's Updater puts every update of a getUpdates answer into this queue and only then asks
    for the next ones, which tells Telegram these arrived. So an update is on disk before
    Telegram forgets it, and a process killed with a backlog loses none: `requeue_stored` queues
    again, at start, what was stored and not handled. While the database cannot be reached,
    storing keeps trying: polling pauses, nothing is acknowledged, and nothing is lost.

    The coach's bot (`StoringBot`) hands each getUpdates answer to `received` first, which
    stores it whole in one transaction: a burst of a hundred updates is one commit, not a
    hundred made one after another while every other chat's message waits behind them. `put`
    then only queues; an update that did not come that way is stored on its own.
    """

    def __init__(self, database: Database, clock: Clock) -> None:
        super().__init__()
        self._database = database
        self._clock = clock
        # From `received` to `put`: whether each update of the answer was new.
        self._new: dict[int, bool] = {}
        # Updates queued from here that are known not to have been handled: stored as new, or
        # read back unhandled at start (one process polls). Their handling need not ask.
        self._unhandled: set[int] = set()

    async def received(self, updates: Sequence[Update]) -> None:
        """Stores one getUpdates answer in one transaction, before its updates are queued."""
        new = await self._retrying(
            lambda: inbox.store_many(self._database, list(updates), self._clock.now()),
            f"{len(updates)} update(s)",
        )
        for update in updates:
            self._new[update.update_id] = update.update_id in new

    async def put(self, item: object) -> None:
        if isinstance(item, Update):
            new = self._new.pop(item.update_id, None)
            if new is None:
                new = await self._retrying(
                    lambda: inbox.store(self._database, item, self._clock.now()),
                    f"update {item.update_id}",
                )
            if not new:
                return  # delivered again: handled already, or queued from the table at start
            self._unhandled.add(item.update_id)
        await super().put(item)

    def known_unhandled(self, update_id: int) -> bool:
        """Whether the update came through here unhandled (asked once, as it is taken up)."""
        try:
            self._unhandled.remove(update_id)
        except KeyError:
            return False
        return True

    async def _retrying(self, store: Callable[[], Awaitable[T]], what: str) -> T:
        pause = 0.5
        while True:
            try:
                return await store()
            except Exception:
                log.warning(
                    "could not store %s; polling waits for the database (retry in %.1f s)",
                    what,
                    pause,
                    exc_info=True,
                )
                await asyncio.sleep(pause)
                pause = min(pause * 2, MAX_STORE_RETRY)

    async def requeue_stored(self, bot: Bot) -> int:
        """Queues the updates a previous run stored and did not handle; returns how many."""
        payloads = await inbox.unhandled(self._database)
        for payload in payloads:
            update = Update.de_json(payload, bot)
            self._unhandled.add(update.update_id)
            super().put_nowait(update)
        if payloads:
            log.info("handling %d update(s) received before the last stop", len(payloads))
        return len(payloads)


class StoringBot(ExtBot[int]):
    """The coach's bot: each getUpdates answer goes to the durable queue (`received`) before
    PTB's Updater queues its updates one by one. PTB offers no hook between the two, and the
    Updater's loop is private; the bot is the one public piece the ApplicationBuilder lets us
    supply (`.bot(...)`)."""

    def __init__(self, intake: DurableQueue, *args: Any, **kwargs: Any) -> None:
        self._intake = intake  # before PTB freezes the object at the end of __init__
        super().__init__(*args, **kwargs)

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        updates = await super().get_updates(*args, **kwargs)
        if updates:
            await self._intake.received(updates)
        return updates


@dataclass
class _Chat:
    waiting: deque[tuple[object, Awaitable[Any]]] = field(default_factory=deque)
    arrivals: deque[float] = field(default_factory=deque)
    worker: asyncio.Task[None] | None = None
    # When the chat was last told it sends too fast (one notice per flood window).
    warned_at: float | None = None
    # Updates the flood limit skipped, not yet marked handled, and whether to tell the chat.
    skipped: list[object] = field(default_factory=list)
    notify: bool = False
    skipper: asyncio.Task[None] | None = None


Spawn = Callable[[Coroutine[Any, Any, None], str], "asyncio.Task[None]"]

# What to do with updates a flood made the coach skip: mark them handled, and tell the chat
# once (`notify`) that it is going too fast.
Skipped = Callable[[list[object], bool], Awaitable[None]]


class ChatByChat(BaseUpdateProcessor):
    """Each chat's updates one after another, in the order they came; different chats at once
    (at most `max_chats` at a time). A chat that sends more than `flood_limit` updates within
    `flood_window` seconds has the excess skipped (`skipped` is told), so that one chat's flood
    holds up neither the others nor, for long, itself."""

    def __init__(
        self,
        *,
        skipped: Skipped,
        max_chats: int = 32,
        flood_limit: int = 20,
        flood_window: float = 10.0,
        monotonic: Callable[[], float] = time.monotonic,
        spawn: Spawn | None = None,
    ) -> None:
        # PTB's own bound only limits how many updates are being *queued* here at once.
        super().__init__(max_concurrent_updates=1024)
        self._skipped = skipped
        self._slots = asyncio.Semaphore(max_chats)
        self._flood_limit = flood_limit
        self._flood_window = flood_window
        self._monotonic = monotonic
        self._chats: dict[object, _Chat] = {}
        self._swept_at = monotonic()
        # Application.create_task, so that Application.stop waits for the chats being handled
        # (it shuts the bot's connection down right after).
        self._spawn: Spawn = spawn or (
            lambda coroutine, name: asyncio.create_task(coroutine, name=name)
        )
        self._stopping = False

    def stop_taking(self) -> None:
        """From now on each chat finishes the update it is handling and takes no other: what is
        still queued stays stored, and is handled at the next start."""
        self._stopping = True

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        """Waits for the chats being handled; what is still queued stays stored for next time."""
        workers = [chat.worker for chat in self._chats.values() if chat.worker is not None]
        for chat in self._chats.values():
            for _update, coroutine in chat.waiting:
                _close(coroutine)
            chat.waiting.clear()
        if workers:
            await asyncio.gather(*workers, return_exceptions=True)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _chat_key(update)
        chat = self._chats.setdefault(key, _Chat())
        now = self._monotonic()
        if now - self._swept_at > self._flood_window:
            self._swept_at = now
            for other_key, other in list(self._chats.items()):
                if other is not chat:
                    self._forget_if_idle(other_key, other)
        while chat.arrivals and chat.arrivals[0] <= now - self._flood_window:
            chat.arrivals.popleft()
        if len(chat.arrivals) >= self._flood_limit:
            _close(coroutine)
            notify = chat.warned_at is None or chat.warned_at <= now - self._flood_window
            if notify:
                chat.warned_at = now
            chat.skipped.append(update)
            chat.notify = chat.notify or notify
            if chat.skipper is None:
                chat.skipper = self._spawn(self._skip(key, chat), f"skip:{key}")
            return
        chat.arrivals.append(now)
        chat.waiting.append((update, coroutine))
        if chat.worker is None:
            chat.worker = self._spawn(self._work(key, chat), f"chat:{key}")

    async def _work(self, key: object, chat: _Chat) -> None:
        async with self._slots:
            while chat.waiting:
                _update, coroutine = chat.waiting.popleft()
                if self._stopping:
                    _close(coroutine)
                    continue
                try:
                    await coroutine
                except Exception:
                    # CoachApplication.process_update handles its own errors; this is a bug.
                    log.exception("an update failed outside its handling")
        chat.worker = None
        self._forget_if_idle(key, chat)

    async def _skip(self, key: object, chat: _Chat) -> None:
        """Hands the skipped updates over in batches: those skipped while one batch is being
        marked handled form the next, so a flood of a thousand costs a few transactions
        rather than a thousand."""
        while chat.skipped:
            updates, notify = chat.skipped, chat.notify
            chat.skipped, chat.notify = [], False
            try:
                await self._skipped(updates, notify)
            except Exception:
                log.exception("skipped updates could not be handed over")
        chat.skipper = None
        self._forget_if_idle(key, chat)

    def _forget_if_idle(self, key: object, chat: _Chat) -> None:
        """Drops the chat's bookkeeping once it has nothing queued and its flood window passed,
        so memory does not grow with the number of chats ever seen."""
        if chat.worker is not None or chat.waiting or chat.skipper is not None:
            return
        now = self._monotonic()
        recent = chat.arrivals and chat.arrivals[-1] > now - self._flood_window
        warned = chat.warned_at is not None and chat.warned_at > now - self._flood_window
        if not (recent or warned):
            self._chats.pop(key, None)


def _chat_key(update: object) -> object:
    if isinstance(update, Update) and update.effective_chat is not None:
        return update.effective_chat.id
    return update  # no chat: nothing to keep in order with


def _close(coroutine: Awaitable[Any]) -> None:
    close = getattr(coroutine, "close", None)
    if close is not None:
        close()
