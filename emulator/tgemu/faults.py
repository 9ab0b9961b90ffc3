"""Faults a test injects (errors, slow or held requests, dropped connections) and Telegram's
flood limits, which answer 429 `retry after N` beyond a rate."""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Literal

from tgemu.models import ApiError, ChatInfo, RateLimits
from tgemu.state import EmulatorState

FaultKind = Literal["error", "drop", "drop_after", "delay", "hold"]

_RATE_LIMITED = frozenset(
    [
        "sendMessage",
        "sendDocument",
        "editMessageText",
        "editMessageReplyMarkup",
        "editMessageCaption",
    ]
)


@dataclass
class Fault:
    method: str
    kind: FaultKind
    remaining: int | None
    error: ApiError | None = None
    seconds: float = 0.0

    def matches(self, method: str) -> bool:
        return self.method in ("*", method.lower())


class FaultInjection(EmulatorState):
    """`fail_next`, `delay`, `hold`, `drop_next` (applied by the HTTP front) and the flood
    limits of `rate_limits` (checked by the sending methods)."""

    rate_limits: RateLimits | None
    _faults: list[Fault]
    _sent_global: deque[float]
    # Per chat, when its bucket is full again (the "theoretical arrival time" of a GCRA).
    _chat_due: dict[int, float]
    _sent_by_group: defaultdict[int, deque[float]]

    def _init_faults(self, rate_limits: RateLimits | None) -> None:
        self.rate_limits = rate_limits
        self._faults = []
        self._sent_global = deque()
        self._chat_due = {}
        self._sent_by_group = defaultdict(deque)

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str,
        *,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls of `method` ("*" = any) with this error, unprocessed."""
        error = ApiError(error_code, description, retry_after=retry_after)
        self._faults.append(Fault(method.lower(), "error", times, error=error))

    def delay(self, method: str, seconds: float, *, times: int | None = None) -> None:
        """Make calls of `method` ("*" = any) wait `seconds` before being processed."""
        self._faults.append(Fault(method.lower(), "delay", times, seconds=seconds))

    def hold(self, method: str, seconds: float, *, times: int | None = None) -> None:
        """Hold requests on their way in: unlike `delay` (Telegram is slow but does the work),
        a held request whose client hangs up meanwhile never arrives and is not processed."""
        self._faults.append(Fault(method.lower(), "hold", times, seconds=seconds))

    def drop_next(self, method: str, *, times: int = 1, after_processing: bool = False) -> None:
        """Close the connection instead of answering, like a network failure. With
        `after_processing` the call takes effect first (e.g. the message is sent) and only the
        response is lost."""
        kind: Literal["drop", "drop_after"] = "drop_after" if after_processing else "drop"
        self._faults.append(Fault(method.lower(), kind, times))

    def clear_faults(self) -> None:
        self._faults.clear()

    def expire_callback_queries(self) -> None:
        """Make every pending callback query too old to answer."""
        for query in self._queries.values():
            query.created = -math.inf

    def _take_fault(self, method: str, kind: FaultKind) -> Fault | None:
        for fault in self._faults:
            if fault.kind == kind and fault.matches(method):
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                return fault
        return None

    # ------------------------------------------------------------------ flood limits

    def _check_flood(self, method: str, chat: ChatInfo) -> None:
        limits = self.rate_limits
        if limits is None or method not in _RATE_LIMITED:
            return
        now = time.monotonic()
        windows: list[tuple[deque[float], float, int | None]] = []
        if not self._is_reply(chat, now):
            windows.append((self._sent_global, 1.0, limits.global_per_second))
        if chat.type != "private":
            windows.append((self._sent_by_group[chat.id], 60.0, limits.per_group_per_minute))
        wait = self._chat_wait(chat, now)
        for stamps, window, limit in windows:
            while stamps and stamps[0] <= now - window:
                stamps.popleft()
            if limit is not None and len(stamps) >= limit:
                wait = max(wait, stamps[0] + window - now)
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            raise ApiError(429, f"Too Many Requests: retry after {seconds}", retry_after=seconds)

    def _count_send(self, chat: ChatInfo) -> None:
        limits = self.rate_limits
        if limits is None:
            return
        now = time.monotonic()
        if not self._is_reply(chat, now):
            self._sent_global.append(now)
        if limits.per_chat_per_second is not None:
            interval = 1 / limits.per_chat_per_second
            self._chat_due[chat.id] = max(self._chat_due.get(chat.id, now), now) + interval
        if chat.type != "private":
            self._sent_by_group[chat.id].append(now)

    def _is_reply(self, chat: ChatInfo, now: float) -> bool:
        """Whether a send to `chat` now answers it: it wrote within the reply window."""
        window = self.rate_limits.reply_window if self.rate_limits else None
        heard = self._last_heard.get(chat.id)
        return window is not None and heard is not None and now - heard <= window

    def _chat_wait(self, chat: ChatInfo, now: float) -> float:
        """Seconds until the chat's bucket has a token (0: one is there now)."""
        limits = self.rate_limits
        if limits is None or limits.per_chat_per_second is None:
            return 0.0
        interval = 1 / limits.per_chat_per_second
        tolerance = max(limits.per_chat_burst - 1, 0) * interval
        return max(0.0, self._chat_due.get(chat.id, -math.inf) - tolerance - now)
