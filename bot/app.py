"""The application factory: builds the PTB Application with handlers, storage and defaults."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Coroutine
from contextlib import AbstractContextManager, nullcontext
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import BotCommand, BotCommandScopeAllPrivateChats, LinkPreviewOptions, Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ContextTypes,
    ConversationHandler,
    Defaults,
)
from telegram.request import HTTPXRequest

from bot import delivery, handlers, i18n, ptb_private
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.context import CoachContext, Services
from bot.followups.dispatcher import Dispatcher
from bot.handlers import understanding
from bot.i18n import _, use_locale
from bot.intake import ChatByChat, DurableQueue, StoringBot
from bot.ratelimit import LaneLimiter
from bot.storage import conversations, inbox, locks, migrate, reports
from bot.storage.db import Database, UnitOfWork, current_unit

log = logging.getLogger(__name__)

NO_PREVIEWS = LinkPreviewOptions(is_disabled=True)
# Replies to one chat that may go at once before the limiter paces them to one a second: an
# update's answers are at most a few messages (a stage's guidance, its draft and its card),
# which a user should get together.
SEND_BURST = 5
# How often the ids of handled updates older than a day are forgotten.
PRUNE_EVERY = timedelta(hours=1)
# Bulk sends (nudges) that may go at once before they are paced 1/SEND_RATE_PER_SECOND apart:
# two lets a send that came late catch up (bench/RESULTS.md, "paced").
BULK_BURST = 2


class CoachApplication(Application):  # type: ignore[type-arg]
    """PTB's Application, with one unit of work around each update.

    The chat's conversation states are read from the database with its user, the handlers write
    through the unit's session and queue their answers, the chat's changed states are written
    back in the same transaction, the commit comes next, and the answers go out last. Nothing
    of a chat stays in memory between its updates.
    """

    async def initialize(self) -> None:
        """Migrates the database before anything reads it."""
        services: Services = self.bot_data["services"]
        if (path := services.settings.sqlite_path()) is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        await migrate.upgrade(services.database.engine)
        i18n.load_all()
        await super().initialize()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.chat_locks = locks.ChatLocks()

    async def start(self) -> None:
        dispatcher = self.bot_data.get("dispatcher")
        if isinstance(dispatcher, Dispatcher):
            dispatcher.resume()
        await super().start()

    async def stop(self) -> None:
        """Lets each chat finish the update it is on (PTB waits for them: they are its tasks)
        and leaves the rest stored for the next start."""
        if isinstance(self.update_processor, ChatByChat):
            self.update_processor.stop_taking()
        dispatcher = self.bot_data.get("dispatcher")
        if isinstance(dispatcher, Dispatcher):
            dispatcher.stop()
        await super().stop()

    async def process_update(self, update: object) -> None:
        """Processes one update; never raises, because an exception here would end PTB's update
        fetcher while the process goes on acknowledging updates and answering nobody."""
        chat = update.effective_chat if isinstance(update, Update) else None
        try:
            if chat is None:
                await self._process_in_unit(update, None)
                return
            # One update of a chat at a time (webhook requests arrive concurrently).
            async with self.chat_locks.hold(chat.id):
                # Its sends to the chat are replies, and nudges to the chat wait until it is done.
                with self._answering(chat.id):
                    await self._process_in_unit(update, chat.id)
        except Exception:
            log.exception("an update could not be processed")

    async def _handled_before(self, update: Update, unit: UnitOfWork) -> bool:
        """Whether Telegram delivered this update again after it was applied. An update the
        polling queue just stored as new cannot have been: one SELECT saved per update."""
        queue = self.update_queue
        if isinstance(queue, DurableQueue) and queue.known_unhandled(update.update_id):
            return False
        return await inbox.was_handled(unit.session, update.update_id)

    def _answering(self, chat_id: int) -> AbstractContextManager[None]:
        limiter = self.bot.rate_limiter
        return limiter.answering(chat_id) if isinstance(limiter, LaneLimiter) else nullcontext()

    async def _process_in_unit(self, update: object, chat_id: int | None) -> None:
        services: Services = self.bot_data["services"]
        unit = UnitOfWork(services.database)
        unit_token = current_unit.set(unit)
        try:
            with use_locale(i18n.DEFAULT_LOCALE):
                try:
                    if chat_id is not None:
                        # And one at a time across replicas, until this update's commit.
                        await locks.lock_chat_for_transaction(unit.session, chat_id)
                    if isinstance(update, Update) and await self._handled_before(update, unit):
                        # Telegram delivered it again (a webhook retry, a replica that died
                        # after its commit): it was applied once, and is not answered twice.
                        log.info("update %s was handled before; skipped", update.update_id)
                        await unit.finish()
                        return
                    await super().process_update(update)
                    if not unit.failed:
                        await self._write_back_states(update, unit)
                        await self._mark_handled(update, unit.session)
                        # Written now, a row the database refuses is this update's error, and
                        # its user is told.
                        await unit.session.flush()
                except Exception as exc:
                    await self.process_error(update, exc)
                finally:
                    self._forget_states(update)
                try:
                    actions = await unit.finish()
                except Exception as exc:
                    # The commit itself failed (a row refused at the end, the database gone):
                    # nothing of the update is stored, and the user hears so, not silence.
                    unit.failed = True
                    await self.process_error(update, exc)
                    actions = []
                if unit.failed:
                    await self._mark_failed_handled(update)
                await delivery.deliver(
                    actions, update, self.bot, callback_answer=_callback_answer(update, unit)
                )
        finally:
            current_unit.reset(unit_token)

    @property
    def conversations(self) -> list[ConversationHandler[Any]]:
        """Every conversation, for the chat's states to be put in and taken out."""
        found: list[ConversationHandler[Any]] = self.bot_data.get("conversations", [])
        return found

    async def _write_back_states(self, update: object, unit: UnitOfWork) -> None:
        """Writes the chat's changed conversation states in the update's transaction.

        A chat is in one conversation at a time: one entered by this update (whichever button or
        command took it there) ends the others, which would otherwise keep reading its messages.
        """
        key = _conversation_key(update)
        if key is None or unit.states_before is None:
            return
        after = ptb_private.take(self.conversations, key)
        entered = {name for name in after if name not in unit.states_before}
        if entered:
            after = {name: state for name, state in after.items() if name in entered}
        services: Services = self.bot_data["services"]
        await conversations.save_states(
            unit.session, key, unit.states_before, after, services.clock.now()
        )

    async def _mark_handled(self, update: object, session: AsyncSession) -> None:
        if isinstance(update, Update):
            services: Services = self.bot_data["services"]
            await inbox.mark_handled(session, update.update_id, services.clock.now())

    async def _mark_failed_handled(self, update: object) -> None:
        """A failed update was answered with an apology and rolled back: it is not handled
        again at the next start. If even this fails (the database is away), it will be."""
        if not isinstance(update, Update):
            return
        services: Services = self.bot_data["services"]
        try:
            async with services.database.session() as session, session.begin():
                await inbox.mark_handled(session, update.update_id, services.clock.now())
        except Exception:
            log.warning("could not mark failed update %s handled", update.update_id)

    async def skip_flooded(self, updates: list[object], notify: bool) -> None:
        """Marks the updates a flood made the coach skip as handled, and tells the chat once."""
        services: Services = self.bot_data["services"]
        ids = [u.update_id for u in updates if isinstance(u, Update)]
        if isinstance(self.update_queue, DurableQueue):
            for update_id in ids:
                self.update_queue.known_unhandled(update_id)  # not taken up: forgotten here
        try:
            async with services.database.session() as session, session.begin():
                await inbox.mark_many_handled(session, ids, services.clock.now())
        except Exception:
            log.warning("could not mark %d skipped update(s) handled", len(ids))
        for update in updates:
            if isinstance(update, Update) and update.callback_query is not None:
                # Stops the button's spinner; the press itself is not acted on.
                with contextlib.suppress(Exception):
                    await update.callback_query.answer()
        first = next((u for u in updates if isinstance(u, Update)), None)
        if not notify or first is None or first.effective_chat is None:
            return
        if first.effective_chat.type != ChatType.PRIVATE:
            return  # a group is not lectured (see handlers/base.py)
        log.info("chat %s sends too fast; updates skipped", first.effective_chat.id)
        user = first.effective_user
        with use_locale(i18n.resolve_locale(None, user.language_code if user else None)):
            text = _(
                "Pesan Anda datang terlalu cepat, jadi sebagian tidak saya baca. Tunggu "
                "sebentar, lalu kirim lagi yang penting, satu per satu."
            )
        try:
            # An answer to what the chat sent, so in the reply lane, not behind nudges.
            with self._answering(first.effective_chat.id):
                await self.bot.send_message(first.effective_chat.id, text)
        except Exception:
            log.info("could not tell a flooding chat to slow down", exc_info=True)

    def _forget_states(self, update: object) -> None:
        """Leaves nothing of the chat in the conversations' memory, whatever happened."""
        key = _conversation_key(update)
        if key is not None:
            ptb_private.put(self.conversations, key, {})


def _conversation_key(update: object) -> tuple[int, int] | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is None or update.effective_user is None:
        return None
    return (update.effective_chat.id, update.effective_user.id)


def _callback_answer(update: object, unit: UnitOfWork) -> delivery.Action | None:
    """The one answer a pressed button gets: the handler's, or a plain one (which stops the
    spinner) when none was set or the update failed (its toast may speak of a rolled-back step).
    """
    if not isinstance(update, Update) or update.callback_query is None:
        return None
    query = update.callback_query
    text, alert = (
        (None, False) if unit.failed or unit.callback_answer is None else unit.callback_answer
    )

    async def answer() -> None:
        await query.answer(text, show_alert=alert)

    return answer


def command_menu() -> list[BotCommand]:
    """The commands shown in Telegram's menu, in the current locale."""
    return [
        BotCommand("wawancara", _("Pilih tahap wawancara dan dapatkan panduan")),
        BotCommand("lamaran", _("Daftar lamaran dan kemajuannya")),
        BotCommand("latihan", _("Latihan menjawab pertanyaan wawancara")),
        BotCommand("tangguh", _("Bangkit setelah ditolak")),
        BotCommand("pengingat", _("Pengingat yang menunggu")),
        BotCommand("jeda", _("Jeda atau lanjutkan pengingat")),
        BotCommand("bantuan", _("Daftar perintah")),
        BotCommand("bahasa", _("Ganti bahasa")),
        BotCommand("batal", _("Hentikan percakapan yang berjalan")),
        BotCommand("zonawaktu", _("Atur zona waktu (WIB, WITA, WIT)")),
        BotCommand("privasi", _("Data yang disimpan tentang Anda")),
        BotCommand("ekspor", _("Unduh salinan data Anda")),
        BotCommand("hapusdata", _("Hapus semua data Anda")),
        BotCommand("start", _("Mulai dari awal")),
    ]


async def _dispatch(context: CoachContext) -> None:
    """Starts a round of the dispatcher unless one is still going. The round runs as a task of
    the application (Application.stop waits for it) rather than in the job: a round that sends a
    flood of nudges takes minutes, and APScheduler would log a skipped run every interval."""
    dispatcher: Dispatcher = context.application.bot_data["dispatcher"]
    if dispatcher.running:
        return
    context.application.create_task(_dispatch_round(context), name="nudge-dispatch")


async def _dispatch_round(context: CoachContext) -> None:
    dispatcher: Dispatcher = context.application.bot_data["dispatcher"]
    try:
        await dispatcher.run_once()
        services = context.services
        now = services.clock.now()
        pruned_at = context.application.bot_data.get("inbox_pruned_at")
        if pruned_at is None or now - pruned_at >= PRUNE_EVERY:
            context.application.bot_data["inbox_pruned_at"] = now
            async with services.database.session() as session, session.begin():
                await inbox.prune(session, now)
                await reports.prune(session, now)
    except Exception:
        # Not a job any more: PTB's error handler would not hear of it. The next round retries.
        log.exception("a round of the nudge dispatcher failed")


async def _post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    scope = BotCommandScopeAllPrivateChats()
    with use_locale("id"):
        await application.bot.set_my_commands(command_menu(), scope=scope)
    with use_locale("en"):
        await application.bot.set_my_commands(command_menu(), scope=scope, language_code="en")
    services: Services = application.bot_data["services"]
    # Trained once here (about 150 ms), not on the first user's message.
    understanding.load_classifier()
    if isinstance(application.update_queue, DurableQueue):
        await application.update_queue.requeue_stored(application.bot)
    assert application.job_queue is not None
    # One round at a time: _dispatch starts none while one is still sending.
    application.job_queue.run_repeating(
        _dispatch,
        interval=services.settings.dispatch_interval_seconds,
        first=0,
        name="nudge-dispatcher",
        job_kwargs={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
    )


async def _post_shutdown(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    services: Services = application.bot_data["services"]
    await services.database.dispose()


def build_application(settings: Settings, *, clock: Clock | None = None) -> CoachApplication:
    """Builds the coach; nothing touches the network or the database until it is initialised."""
    # Opt in to PTB's coming timedelta durations (retry_after, ...): without it, every flood
    # error makes PTB itself emit a deprecation warning. The dispatcher handles both types.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    clock = clock or SystemClock()
    database = Database(settings.database_url)
    services = Services(settings=settings, database=database, clock=clock)
    context_types = ContextTypes(context=CoachContext)

    def spawn(coroutine: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
        return application.create_task(coroutine, name=name)

    async def skipped(updates: list[object], notify: bool) -> None:
        assert isinstance(application, CoachApplication)
        await application.skip_flooded(updates, notify)

    queue = DurableQueue(database, clock)
    bot = StoringBot(
        queue,
        token=settings.bot_token.get_secret_value(),
        base_url=settings.telegram_base_url,
        base_file_url=settings.file_base_url,
        defaults=Defaults(parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEWS),
        rate_limiter=LaneLimiter(
            bulk_rate=settings.send_rate_per_second,
            bulk_burst=BULK_BURST,
            chat_interval=settings.chat_send_interval_seconds,
            reply_burst=SEND_BURST,
            max_retries=3,
        ),
        # What ApplicationBuilder would make: 256 connections for the calls, one for polling.
        request=HTTPXRequest(connection_pool_size=256),
        get_updates_request=HTTPXRequest(connection_pool_size=1),
    )
    application = (
        ApplicationBuilder()
        .application_class(CoachApplication)
        .bot(bot)
        .context_types(context_types)
        .update_queue(queue)
        # Updates of different chats are handled side by side, as webhook requests are; those
        # of one chat one at a time, in order (bot/intake.py), which is what PTB's
        # ConversationHandler needs.
        .concurrent_updates(
            ChatByChat(
                skipped=skipped,
                spawn=spawn,
                flood_limit=settings.flood_limit,
                flood_window=settings.flood_window_seconds,
            )
        )
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    assert isinstance(application, CoachApplication)
    application.bot_data["services"] = services
    application.bot_data["dispatcher"] = Dispatcher(
        database, clock, application.bot, lease=timedelta(seconds=settings.follow_up_lease_seconds)
    )
    handlers.register(application)
    return application


# my_chat_member tells when a user blocks the bot (and comes back).
ALLOWED_UPDATES = [
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CALLBACK_QUERY,
    Update.MY_CHAT_MEMBER,
]
