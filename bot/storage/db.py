"""The database engine, sessions, and the unit of work that one Telegram update runs in."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from bot.storage.models import ConversationState


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An engine for SQLite (foreign keys on, WAL, patient locks) or PostgreSQL."""
    # Statement parameters hold what users wrote (names, practice answers); an exception must
    # not carry them into the logs.
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            # Deleted rows are overwritten, not left in free pages: /hapusdata means gone.
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        return engine
    return create_async_engine(url, pool_pre_ping=True, **kwargs)


class Database:
    """Owns the engine and hands out sessions."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)

    def session(self) -> AsyncSession:
        return self.sessionmaker()

    async def dispose(self) -> None:
        await self.engine.dispose()


class UnitOfWork:
    """The one session an update is handled in, and the answers that wait for its commit.

    Handlers queue their answers (`after_commit`); `finish()` commits everything the update wrote,
    conversation states included, and only then are the answers sent. So whatever the user told
    the bot is stored before they see a reply, and a crash in between loses nothing they saw.
    """

    def __init__(self, database: Database) -> None:
        self._database = database
        self._session: AsyncSession | None = None
        self._after_commit: list[Callable[[], Awaitable[object]]] = []
        self.failed = False
        # The answer to the pressed button, (text, alert): exactly one is sent per press, after
        # the commit; None sends the plain answer that stops the button's spinner.
        self.callback_answer: tuple[str | None, bool] | None = None
        # The chat's conversation rows as read when the update arrived (set by base.load_user),
        # by conversation name; None when the update has no private chat.
        self.states_before: dict[str, ConversationState] | None = None
        # Rows the update will change again, kept referenced so that the session's identity
        # map (weak) still has them and does not read them a second time.
        self.held: list[object] = []

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            self._session = self._database.session()
        return self._session

    def after_commit(self, action: Callable[[], Awaitable[object]]) -> None:
        """Runs `action` once the update's writes are committed (dropped if they are not)."""
        self._after_commit.append(action)

    async def finish(self) -> list[Callable[[], Awaitable[object]]]:
        """Commits (or rolls back after an error), closes, and returns the actions to run now."""
        actions, self._after_commit = self._after_commit, []
        if self._session is None:
            return [] if self.failed else actions
        try:
            if self.failed:
                await self._rollback()
                return []
            await self._session.commit()
            return actions
        finally:
            try:
                await self._session.close()
            except Exception:
                # The connection is gone (the database restarted): the pool replaces it.
                log.warning("could not close an update's session", exc_info=True)
            self._session = None

    async def _rollback(self) -> None:
        assert self._session is not None
        try:
            await self._session.rollback()
        except Exception:
            # Nothing was committed either way; the failure itself was reported already.
            log.warning("could not roll back a failed update", exc_info=True)


current_unit: ContextVar[UnitOfWork | None] = ContextVar("current_unit", default=None)
