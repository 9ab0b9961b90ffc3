"""Sends the nudges that are due: claims rows, renders, sends, records the outcome.

Delivery is at least once. A claimed row is marked `sending` before the message goes out and
`sent` right after Telegram accepts it; a process killed in between leaves the row `sending`, and
once its lease runs out it is sent again. The only window for a duplicate is the few milliseconds
between Telegram's answer and our commit; losing a reminder is the worse failure for a coach.
Rows are claimed with one UPDATE ... RETURNING (FOR UPDATE SKIP LOCKED on PostgreSQL), so
several dispatchers never claim the same row.

Quiet hours are checked again when a claimed nudge is about to go out, whatever brought it
there (due while the bot was down, a retry, a snooze, the user's hours changed since): one
found inside them goes back to pending, due when they end, or expires if that is too late.
Sends are paced by the app's limiter (bot/ratelimit.py): these go in its bulk lane, at most
30 a second overall and one a second per chat, after the replies to users who are chatting.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.clock import Clock
from bot.coach import nudges
from bot.coach.nudges import MAX_ATTEMPTS, retry_delay
from bot.followups import schedule
from bot.followups.render import nudge_buttons, render
from bot.i18n import resolve_locale, use_locale
from bot.storage import locks
from bot.storage.db import Database
from bot.storage.models import FollowUp, FollowUpStatus, User

log = logging.getLogger(__name__)


class Dispatcher:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        bot: Bot,
        *,
        batch_size: int = 200,
        lease: timedelta = timedelta(seconds=60),
        concurrency: int = 4,
    ) -> None:
        self._database = database
        self._clock = clock
        self._bot = bot
        self._batch_size = batch_size
        self._lease = lease
        # Nudges being prepared or sent at once. The limiter lets 30 a second go, and one
        # takes a few milliseconds of our time plus Telegram's answer, so a few in flight keep
        # up with it; more only wait in the limiter, and every step each of them takes puts
        # itself in the event loop's queue ahead of the steps of an answer to a user
        # (bench/flood.py: reply p95 with 3,000 nudges due, 30 in flight against 4).
        self._limit = asyncio.Semaphore(concurrency)
        self._running = asyncio.Lock()
        self._stopping = False

    @property
    def running(self) -> bool:
        return self._running.locked()

    def stop(self) -> None:
        """Sends nothing more: the nudges being sent finish, the rest of the claim goes back to
        pending (due as before) when the run ends, and no run starts after it."""
        self._stopping = True

    def resume(self) -> None:
        """Sends again after `stop` (the application was started again)."""
        self._stopping = False

    async def run_once(self) -> int:
        """Sends everything that is due now; returns how many nudges were sent."""
        if self._stopping:
            return 0
        async with self._running, self._database.engine.connect() as lock_connection:
            # One dispatcher at a time across replicas keeps the bot within Telegram's global
            # send rate; the others skip this round.
            if not await locks.try_dispatcher_lock(lock_connection):
                return 0
            try:
                return await self._dispatch_due()
            finally:
                await locks.release_dispatcher_lock(lock_connection)

    async def _dispatch_due(self) -> int:
        now = self._clock.now()
        await self._housekeeping(now)
        sent = 0
        while not self._stopping and (claimed := await self._claim(now)):
            by_user: dict[int, list[int]] = defaultdict(list)
            for follow_up_id, user_id in claimed:
                by_user[user_id].append(follow_up_id)
            left: list[int] = []
            results = await asyncio.gather(
                *(self._send_to_user(ids, left) for ids in by_user.values())
            )
            sent += sum(results)
            await self._unclaim(left)
        return sent

    async def _housekeeping(self, now: datetime) -> None:
        async with self._database.session() as session, session.begin():
            # Claims whose process died: send them again (see the module docstring).
            await session.execute(
                update(FollowUp)
                .where(
                    FollowUp.status == FollowUpStatus.SENDING,
                    FollowUp.claimed_at < now - self._lease,
                )
                .values(status=FollowUpStatus.PENDING)
            )
            # Too late to be useful: say nothing rather than something misleading.
            await session.execute(
                update(FollowUp)
                .where(
                    FollowUp.status == FollowUpStatus.PENDING,
                    FollowUp.due_at <= now,
                    FollowUp.expires_at < now,
                )
                .values(status=FollowUpStatus.EXPIRED)
            )

    async def _claim(self, now: datetime) -> list[tuple[int, int]]:
        async with self._database.session() as session, session.begin():
            # Most rounds find nothing due: ask first, with a statement that reads one entry of
            # ix_follow_ups_status_due whatever the table's size and whose plan does not depend
            # on `now` (PostgreSQL keeps one generic plan for it). The claim below is planned
            # anew at every run on a large PostgreSQL table (its generic plan is costed by the
            # table's size): it runs only when something may be due. "May": the question counts
            # the nudges of paused users too (/jeda keeps them), which the claim leaves; one of
            # them due makes every round claim until it expires, as before this question
            # (leaving them out needs the join on users, which grows with the table).
            first_due = await session.scalar(
                select(func.min(FollowUp.due_at)).where(FollowUp.status == FollowUpStatus.PENDING)
            )
            if first_due is None or first_due > now:
                return []
            candidates = (
                select(FollowUp.id)
                .join(User, User.id == FollowUp.user_id)
                .where(
                    FollowUp.status == FollowUpStatus.PENDING,
                    FollowUp.due_at <= now,
                    User.nudges_paused.is_(False),
                    User.blocked.is_(False),
                )
                .order_by(FollowUp.due_at, FollowUp.id)
                .limit(self._batch_size)
            )
            if self._database.engine.dialect.name == "postgresql":
                candidates = candidates.with_for_update(of=FollowUp, skip_locked=True)
            # No second status test outside the subquery: SQLite runs the statement under its
            # write lock and PostgreSQL re-checks rows it locks, so it would add nothing but
            # make SQLite's planner scan the status index (5 ms instead of 0.5 ms at 100,000
            # pending rows, bench/footprint.py).
            result = await session.execute(
                update(FollowUp)
                .where(FollowUp.id.in_(candidates.scalar_subquery()))
                .values(
                    status=FollowUpStatus.SENDING,
                    claimed_at=now,
                    attempts=FollowUp.attempts + 1,
                )
                .returning(FollowUp.id, FollowUp.user_id)
            )
            return [(row[0], row[1]) for row in result.all()]

    async def _send_to_user(self, follow_up_ids: list[int], left: list[int]) -> int:
        """Sends the user's claimed nudges one after another (the limiter keeps them a second
        apart, Telegram's per-chat rate); those not tried because the bot is stopping are added
        to `left`."""
        sent = 0
        for follow_up_id in sorted(follow_up_ids):
            async with self._limit:
                if self._stopping:
                    left.append(follow_up_id)
                    continue
                sent += await self._send_one(follow_up_id)
        return sent

    async def _unclaim(self, follow_up_ids: list[int]) -> None:
        """Claimed but never tried: pending again at once, the claim not counted as an attempt,
        so the next start sends them without waiting for the lease to run out."""
        if not follow_up_ids:
            return
        async with self._database.session() as session, session.begin():
            await session.execute(
                update(FollowUp)
                .where(FollowUp.id.in_(follow_up_ids), FollowUp.status == FollowUpStatus.SENDING)
                .values(status=FollowUpStatus.PENDING, attempts=FollowUp.attempts - 1)
            )

    async def _send_one(self, follow_up_id: int) -> int:
        async with self._database.session() as session:
            follow_up = await session.get(FollowUp, follow_up_id)
            if follow_up is None or follow_up.status != FollowUpStatus.SENDING:
                return 0
            user = await session.get(User, follow_up.user_id)
            if user is None:
                return 0
            now = self._clock.now()
            due = nudges.place(now, follow_up.expires_at, schedule.quiet_hours(user))
            if due is None or due > now:
                # Inside the user's quiet hours: wait for their end, or say nothing if that is
                # too late. The claim was no attempt at sending.
                follow_up.attempts -= 1
                if due is None:
                    follow_up.status = FollowUpStatus.EXPIRED
                else:
                    follow_up.status, follow_up.due_at = FollowUpStatus.PENDING, due
                await session.commit()
                return 0
            with use_locale(resolve_locale(user.language, user.telegram_language)):
                text = await render(session, follow_up, user, now)
                markup = nudge_buttons(follow_up)
            if text is None:
                follow_up.status = FollowUpStatus.CANCELLED
                await session.commit()
                return 0
            chat_id = user.chat_id
            await session.commit()
            try:
                await self._bot.send_message(chat_id, text, reply_markup=markup)
            except Forbidden as exc:
                await self._blocked(follow_up_id, user.id, str(exc))
                return 0
            except RetryAfter as exc:
                await self._again(follow_up_id, retry_after(exc), str(exc))
                return 0
            except BadRequest as exc:
                log.error("nudge %s was refused by Telegram: %s", follow_up_id, exc)
                await self._finish(follow_up_id, FollowUpStatus.FAILED, str(exc))
                return 0
            except TelegramError as exc:  # network errors, timeouts, Telegram's 5xx
                await self._retry(follow_up_id, str(exc))
                return 0
            await self._finish(follow_up_id, FollowUpStatus.SENT, "", sent_at=self._clock.now())
            return 1

    async def _finish(
        self,
        follow_up_id: int,
        status: FollowUpStatus,
        error: str,
        *,
        sent_at: datetime | None = None,
    ) -> None:
        async with self._database.session() as session, session.begin():
            values: dict[str, object] = {"status": status.value, "last_error": error[:500]}
            if sent_at is not None:
                values["sent_at"] = sent_at
            await session.execute(
                update(FollowUp).where(FollowUp.id == follow_up_id).values(**values)
            )

    async def _again(self, follow_up_id: int, wait: timedelta, error: str) -> None:
        """Telegram asked us to wait: pending again once the wait is over."""
        async with self._database.session() as session, session.begin():
            follow_up = await session.get(FollowUp, follow_up_id)
            if follow_up is not None:
                follow_up.last_error = error[:500]
                await self._pending_at(session, follow_up, self._clock.now() + wait)

    async def _retry(self, follow_up_id: int, error: str) -> None:
        async with self._database.session() as session, session.begin():
            follow_up = await session.get(FollowUp, follow_up_id)
            if follow_up is None:
                return
            follow_up.last_error = error[:500]
            if follow_up.attempts >= MAX_ATTEMPTS:
                log.warning(
                    "nudge %s failed %s times; giving up: %s",
                    follow_up_id,
                    follow_up.attempts,
                    error,
                )
                follow_up.status = FollowUpStatus.FAILED
            else:
                at = self._clock.now() + retry_delay(follow_up.attempts)
                await self._pending_at(session, follow_up, at)

    @staticmethod
    async def _pending_at(session: AsyncSession, follow_up: FollowUp, at: datetime) -> None:
        """Pending again from `at`, or after the quiet hours that hold `at` (expired if that is
        past its expiry). The check at sending time would catch it too; placing it now keeps
        /pengingat right and the row out of the claims until then. `at` is what it is meant
        for now: a change of quiet hours places it from there, keeping the wait."""
        follow_up.planned_at = at
        user = await session.get(User, follow_up.user_id)
        due = (
            at
            if user is None
            else nudges.place(at, follow_up.expires_at, schedule.quiet_hours(user))
        )
        if due is None:
            follow_up.status = FollowUpStatus.EXPIRED
        else:
            follow_up.status, follow_up.due_at = FollowUpStatus.PENDING, due

    async def _blocked(self, follow_up_id: int, user_id: int, error: str) -> None:
        """The user blocked the bot: mark them inactive and cancel everything they had pending."""
        async with self._database.session() as session, session.begin():
            user = await session.get(User, user_id)
            if user is not None:
                user.blocked = True
            await session.execute(
                update(FollowUp)
                .where(FollowUp.id == follow_up_id)
                .values(status=FollowUpStatus.FAILED, last_error=error[:500])
            )
            await schedule.cancel(session, user_id=user_id)


def retry_after(error: RetryAfter) -> timedelta:
    """Telegram's retry_after as a timedelta, whichever type this PTB version gives."""
    value = error.retry_after
    return value if isinstance(value, timedelta) else timedelta(seconds=value)
