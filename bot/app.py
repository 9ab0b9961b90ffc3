"""The application factory: builds the PTB Application with handlers, storage and defaults."""

from __future__ import annotations

import logging
import os
from contextlib import AbstractContextManager, nullcontext
from datetime import timedelta
from typing import Any

from telegram import BotCommand, BotCommandScopeAllPrivateChats, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults

from bot import delivery, handlers, i18n
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.context import CoachContext, Services
from bot.followups.dispatcher import Dispatcher
from bot.i18n import _, use_locale
from bot.ratelimit import LaneLimiter
from bot.storage import locks, migrate, persistence
from bot.storage.db import Database, UnitOfWork, current_unit

log = logging.getLogger(__name__)

NO_PREVIEWS = LinkPreviewOptions(is_disabled=True)
# Replies to one chat that may go at once before the limiter paces them to one a second: an
# update's answers are at most a few messages (a stage's guidance, its draft and its card),
# which a user should get together.
SEND_BURST = 5
# Bulk sends (nudges) that may go at once before they are paced 1/SEND_RATE_PER_SECOND apart:
# two lets a send that came late catch up (bench/RESULTS.md, "paced").
BULK_BURST = 2


class CoachApplication(Application):  # type: ignore[type-arg]
    """PTB's Application, with one unit of work around each update.

    The handlers write through the unit's session and queue their answers; conversation states
    are flushed into the same transaction; the commit comes next, and the answers go out last.
    """

    async def initialize(self) -> None:
        """Migrates the database first: PTB reads the persisted conversations while initialising."""
        services: Services = self.bot_data["services"]
        if (path := services.settings.sqlite_path()) is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        await migrate.upgrade(services.database.engine)
        i18n.load_all()
        await super().initialize()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.chat_locks = locks.ChatLocks()

    async def process_update(self, update: object) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await self._process_in_unit(update, None)
            return
        # One update of a chat at a time (webhook requests arrive concurrently).
        async with self.chat_locks.hold(chat.id):
            # Its sends to the chat are replies, and nudges to the chat wait until it is done.
            with self._answering(chat.id):
                await self._process_in_unit(update, chat.id)

    def _answering(self, chat_id: int) -> AbstractContextManager[None]:
        limiter = self.bot.rate_limiter
        return limiter.answering(chat_id) if isinstance(limiter, LaneLimiter) else nullcontext()

    async def _process_in_unit(self, update: object, chat_id: int | None) -> None:
        services: Services = self.bot_data["services"]
        unit = UnitOfWork(services.database)
        unit_token = current_unit.set(unit)
        try:
            if chat_id is not None:
                # And one at a time across replicas, until this update's commit.
                await locks.lock_chat_for_transaction(unit.session, chat_id)
            with use_locale(i18n.DEFAULT_LOCALE):
                await super().process_update(update)
                if not unit.failed:
                    try:
                        # Written now, a row the database refuses is this update's error (its
                        # user is told); later, PTB's persistence flush would report it without
                        # the update, and the user would hear nothing.
                        await unit.session.flush()
                    except Exception as exc:
                        await self.process_error(update, exc)
                if not unit.failed:
                    self._one_conversation_at_a_time(update, unit)
                    if self.persistence is not None:
                        await self.update_persistence()
                    if (
                        isinstance(update, Update)
                        and update.callback_query
                        and not unit.query_answered
                    ):
                        unit.after_commit(update.callback_query.answer)
                try:
                    actions = await unit.finish()
                except Exception as exc:
                    # The commit itself failed (a row refused at the end, the database gone):
                    # nothing of the update is stored, and the user hears so, not silence.
                    await self.process_error(update, exc)
                    actions = []
                await delivery.deliver(actions, update, self.bot)
        finally:
            current_unit.reset(unit_token)

    def _one_conversation_at_a_time(self, update: object, unit: UnitOfWork) -> None:
        """A chat that entered a conversation leaves the one it was in, whichever button or
        command took it there: otherwise the older one would keep reading its messages."""
        before = unit.conversations_before
        if before is None or not isinstance(update, Update):
            return
        if update.effective_chat is None or update.effective_user is None:
            return
        key = (update.effective_chat.id, update.effective_user.id)
        handlers = self.bot_data.get("conversations", ())
        entered = persistence.active_in(handlers, key) - before
        if not entered:
            return
        for handler in handlers:
            if handler.name in before:
                persistence.adopt_state(handler, key, None)


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
    dispatcher: Dispatcher = context.application.bot_data["dispatcher"]
    await dispatcher.run_once()


async def _post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    scope = BotCommandScopeAllPrivateChats()
    with use_locale("id"):
        await application.bot.set_my_commands(command_menu(), scope=scope)
    with use_locale("en"):
        await application.bot.set_my_commands(command_menu(), scope=scope, language_code="en")
    services: Services = application.bot_data["services"]
    assert application.job_queue is not None
    # One run at a time: a slow run (many nudges, Telegram's limits) makes the next one wait.
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
    application = (
        ApplicationBuilder()
        .application_class(CoachApplication)
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.file_base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEWS))
        .context_types(context_types)
        # Updates of different chats are handled side by side, as webhook requests are; those
        # of one chat one at a time (CoachApplication.process_update), which is what PTB's
        # ConversationHandler needs. Handled one by one, a chat whose answer waits for its pace
        # (one message a second) or a 429 would hold up every other chat's updates.
        .concurrent_updates(True)
        .rate_limiter(
            LaneLimiter(
                bulk_rate=settings.send_rate_per_second,
                bulk_burst=BULK_BURST,
                chat_interval=settings.chat_send_interval_seconds,
                reply_burst=SEND_BURST,
                max_retries=3,
            )
        )
        .persistence(persistence.SQLPersistence(clock))
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


ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
