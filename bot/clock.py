"""The clock every part of the coach asks for the time, so tests can move time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol


class Clock(Protocol):
    """Anything that tells the current time as an aware UTC datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real time."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock:
    """A clock that only moves when told to; for tests and the terminal demo."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FrozenClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, moment: datetime) -> None:
        self._now = moment.astimezone(UTC)


class FileClock:
    """Reads the time from a file holding an ISO datetime: how tests move a separate process's
    time. Falls back to the real time while the file is missing or unreadable."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def now(self) -> datetime:
        try:
            moment = datetime.fromisoformat(self._path.read_text("utf-8").strip())
        except (OSError, ValueError):
            return datetime.now(UTC)
        return moment.astimezone(UTC) if moment.tzinfo else datetime.now(UTC)
