"""Waiting for the bot: its next message, a request, a callback answer, or quiet. A wait that
runs out raises `EmulatorTimeout` describing what the emulator saw instead."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import TypeVar

from tgemu.models import ApiRequest, BotMessage, CallbackAnswer, EmulatorTimeout
from tgemu.state import EmulatorState

T = TypeVar("T")


class Waiters(EmulatorState):
    async def wait_for_message(
        self,
        chat_id: int,
        *,
        after: int | None = None,
        predicate: Callable[[BotMessage], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - a deadline per wait reads best in tests
    ) -> BotMessage:
        """The first bot message in the chat sent or edited after `after` that matches.

        `after` defaults to the user's latest action in that chat, i.e. "the bot's response to
        what the user just did"; pass `emu.cursor` taken earlier for bot-initiated messages.
        """
        since = self._last_user_seq.get(chat_id, 0) if after is None else after

        def check() -> BotMessage | None:
            for message in self.messages_since(chat_id, since):
                if not message.deleted and (predicate is None or predicate(message)):
                    return message
            return None

        def describe() -> str:
            return (
                f"no bot message in chat {chat_id} after #{since} matching the predicate "
                f"within {timeout}s.\n{self._diagnostics(chat_id)}"
            )

        return await self._wait_for(check, timeout=timeout, describe=describe)

    async def wait_for_request(
        self,
        method: str,
        predicate: Callable[[ApiRequest], bool] | None = None,
        *,
        since: int = 0,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> ApiRequest:
        """The first request for `method` at index >= `since` in `emu.requests` that matches."""

        def check() -> ApiRequest | None:
            for request in self.requests[since:]:
                if request.method.lower() == method.lower() and (
                    predicate is None or predicate(request)
                ):
                    return request
            return None

        def describe() -> str:
            seen = ", ".join(r.method for r in self.requests[since:]) or "none"
            return f"no matching {method} request within {timeout}s; requests seen: {seen}"

        return await self._wait_for(check, timeout=timeout, describe=describe)

    async def wait_for_callback_answer(
        self,
        query_id: str,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> CallbackAnswer:
        def check() -> CallbackAnswer | None:
            return next((a for a in self.callback_answers if a.query_id == query_id), None)

        def describe() -> str:
            return f"callback query {query_id} was not answered within {timeout}s"

        return await self._wait_for(check, timeout=timeout, describe=describe)

    async def wait_idle(
        self,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109
        quiet: float = 0.1,
    ) -> None:
        """Wait until the bot has fetched and confirmed every update and then made no other
        request for `quiet` seconds. A heuristic for "the bot has finished reacting": a handler
        that works silently for longer than `quiet` is not detected."""

        def check() -> bool | None:
            if self._updates or self._in_flight:
                return None
            return True if time.monotonic() - self._last_activity >= quiet else None

        def describe() -> str:
            return (
                f"bot not idle within {timeout}s: {len(self._updates)} unconfirmed update(s), "
                f"{self._in_flight} request(s) in progress"
            )

        await self._wait_for(check, timeout=timeout, describe=describe, poll=quiet / 2)

    async def _wait_for(
        self,
        check: Callable[[], T | None],
        *,
        timeout: float,  # noqa: ASYNC109
        describe: Callable[[], str],
        poll: float | None = None,
    ) -> T:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            changed = self._changed  # taken before checking, so no notification is missed
            result = check()
            if result is not None:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise EmulatorTimeout(describe())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), min(remaining, poll or remaining))

    def _diagnostics(self, chat_id: int) -> str:
        failures = [r for r in self.requests if not r.ok][-5:]
        lines = [f"chat {chat_id}:", self.transcript(chat_id)]
        lines.append(f"unconfirmed updates: {len(self._updates)}")
        if failures:
            lines.append("recent failed requests:")
            lines += [f"  {r.method}: {r.description}" for r in failures]
        return "\n".join(lines)
