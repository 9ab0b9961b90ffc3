"""What bench.overhead and bench.growth share: the recruiter stage driven through the emulator
and timed per update, the echo bots it is compared with, and users seeded with their history.

Per-update time is measured by the emulator: from the moment a user's action queues the update
(`StepEmulator.enqueued_at`) to the moment the emulator has handled the last Bot API call the
bot made for it (`StepEmulator.answered`). The bot under test runs in this process, so both are
perf_counter readings of the same clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import time
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Integer,
    MetaData,
    Table,
    Text,
    insert,
    text,
)
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bench._common import FIRST_USER_ID, START, TimingEmulator
from bot.coach.nudges import NudgeKind
from bot.coach.stages import Stage
from bot.handlers.stages.steps import Step
from bot.ratelimit import LaneLimiter
from bot.storage.db import make_engine
from bot.storage.migrate import upgrade
from bot.storage.models import (
    ApplicationEvent,
    ApplicationStatus,
    ChecklistMark,
    ConversationState,
    FollowUp,
    FollowUpStatus,
    Interview,
    JobApplication,
    User,
)
from tgemu import UserHandle, running
from tgemu.models import EmulatorTimeout

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
AnyBuilder = ApplicationBuilder[Any, Any, Any, Any, Any, Any]


class RunningClock:
    """START, moving on with the real time: every update sees a later moment than the one
    before, as in production (a frozen clock would hide the write of users.last_seen_at)."""

    def __init__(self, start: datetime = START) -> None:
        self._start = start
        self._origin = time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._origin)


class StepEmulator(TimingEmulator):
    """The timing emulator, noting when each update is queued and each Bot API call handled."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.enqueued_at = 0.0
        # (perf_counter once the emulator has handled the call, method), getUpdates left out.
        self.answered: list[tuple[float, str]] = []

    def _enqueue(self, kind: str, payload: dict[str, Any]) -> None:
        self.enqueued_at = time.perf_counter()
        super()._enqueue(kind, payload)

    async def _dispatch(self, request: web.Request, method: str, handler: Any) -> Any:
        response = await super()._dispatch(request, method, handler)
        if method != "getUpdates":
            self.answered.append((time.perf_counter(), method))
        return response


# --- the flow ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """One thing the user does: send `text`, or press the newest button whose label has
    `button` in it (the echo bot has one button, ECHO_BUTTON, pressed instead)."""

    name: str
    text: str | None = None
    button: str | None = None


# The recruiter stage's first steps (tests/test_stages_e2e.py): the menu, the stage, a new
# application (the seeded user has an active one, which the stage offers first), company, role,
# channel (answered with the next question, the recruiter's name).
RECRUITER: tuple[Action, ...] = (
    Action("/wawancara", text="/wawancara"),
    Action("press stage 1", button="Dihubungi oleh rekruter"),
    Action("press new", button="Lamaran baru"),
    Action("company", text="PT Aman Siber"),
    Action("role", text="Analis SOC"),
    Action("press channel", button="📧 Email"),
)
ECHO_BUTTON = "Ulangi"


@dataclass
class StepTiming:
    action: str
    queued: float  # perf_counter when the action queued the update
    ended: float  # perf_counter when the emulator had handled the bot's last call for it
    methods: list[str]

    @property
    def seconds(self) -> float:
        return self.ended - self.queued


async def perform(user: UserHandle, action: Action, *, echo: bool) -> None:
    if action.text is not None:
        await user.send(action.text)
        return
    wanted = ECHO_BUTTON if echo else action.button or ""
    for message in reversed(user.messages):
        label = next((t for t, _data in message.buttons if wanted in t), None)
        if label is not None:
            await user.press(label, message=message)
            return
    raise AssertionError(f"no button {wanted!r} in chat {user.id}")


# The pause after an update's last call before the next action (untimed): a user takes
# seconds. The app's limiter lets a chat have five replies at once and one a second beyond
# them; the coach's seven replies in this flow go out unpaced when the six updates span
# 2 s or more, and this much between them keeps them so, as after a real user's pauses.
THINK = 0.45


async def timed_step(
    emu: StepEmulator, user: UserHandle, action: Action, *, expected: int, echo: bool
) -> StepTiming:
    """Performs `action`, waits for `expected` Bot API calls and then THINK seconds (a call
    more than expected would come meanwhile, and counts); returns the time from the update's
    queueing to the end of its last call."""
    before = len(emu.answered)
    await perform(user, action, echo=echo)
    queued = emu.enqueued_at

    def enough() -> bool | None:
        return True if len(emu.answered) - before >= expected else None

    def describe() -> str:
        got = [method for _at, method in emu.answered[before:]]
        return f"{action.name}: expected {expected} calls, got {got}"

    await emu._wait_for(enough, timeout=30.0, describe=describe)
    await asyncio.sleep(THINK)
    with contextlib.suppress(EmulatorTimeout):
        await emu.wait_idle(quiet=0.005, timeout=5.0)
    calls = emu.answered[before:]
    return StepTiming(action.name, queued, calls[-1][0], [method for _at, method in calls])


async def learn_calls(emu: StepEmulator, user: UserHandle, flow: Sequence[Action]) -> list[int]:
    """Runs the flow once, untimed, and returns the number of Bot API calls of each step."""
    counts = []
    for action in flow:
        before = len(emu.answered)
        await perform(user, action, echo=False)
        await asyncio.sleep(0.05)
        await emu.wait_idle(quiet=0.3, timeout=30.0)
        counts.append(len(emu.answered) - before)
    return counts


# --- the echo bot -----------------------------------------------------------------------------

SENDS = "sends"  # bot_data key: sendMessage calls for the coming update (set by the driver)
_KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton(ECHO_BUTTON, callback_data="echo")]])


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    for _copy in range(context.bot_data.get(SENDS, 1)):
        await context.bot.send_message(
            message.chat_id, html.escape(message.text or ""), reply_markup=_KEYBOARD
        )


async def _answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    for _copy in range(context.bot_data.get(SENDS, 0)):
        await context.bot.send_message(query.from_user.id, "ok", reply_markup=_KEYBOARD)


class _Replying(AnyApplication):
    """Sends made while an update is handled are replies to its chat, as the coach marks
    them: with the app's limiter (LaneLimiter) they go in its reply lane, not the bulk one."""

    async def process_update(self, update: object) -> None:
        limiter = self.bot.rate_limiter
        chat = update.effective_chat if isinstance(update, Update) else None
        if not isinstance(limiter, LaneLimiter) or chat is None:
            await super().process_update(update)
            return
        with limiter.answering(chat.id):
            await super().process_update(update)


def _echo_builder(emu: TimingEmulator, limiter: BaseRateLimiter[Any] | None) -> AnyBuilder:
    builder = (
        ApplicationBuilder()
        .application_class(_Replying)
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
    )
    if limiter is not None:
        builder = builder.rate_limiter(limiter)
    return builder


def _add_echo_handlers(application: AnyApplication) -> AnyApplication:
    application.add_handler(MessageHandler(filters.TEXT, _echo))
    application.add_handler(CallbackQueryHandler(_answer))
    return application


def build_echo(emu: TimingEmulator, limiter: BaseRateLimiter[Any] | None) -> AnyApplication:
    """A minimal PTB bot: a MessageHandler sending the text back, a CallbackQueryHandler
    answering; built like the coach (HTML by default, no link previews, the limiter given, its
    sends replies to the chat whose update is handled).
    bot_data[SENDS] makes it send that many messages instead (to match the coach's output)."""
    return _add_echo_handlers(_echo_builder(emu, limiter).build())


# --- the durable echo bot ---------------------------------------------------------------------

MESSAGES = Table(
    "messages",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("chat_id", BigInteger, nullable=False),
    Column("update_id", BigInteger, nullable=False),
    Column("text", Text, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)


def build_durable(
    emu: TimingEmulator, limiter: BaseRateLimiter[Any] | None, engine: AsyncEngine
) -> AnyApplication:
    """The echo bot storing each update before it answers: a TypeHandler in a group before the
    echo's inserts the message (or the pressed button's data) into `messages` and commits, one
    transaction through SQLAlchemy's async engine. The table is created at start-up (post_init)
    and the engine disposed at shutdown: the least a bot that keeps "stored before answered"
    does per update."""

    async def store(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        query = update.callback_query
        message = update.effective_message
        words = query.data if query is not None else message.text if message else None
        async with engine.begin() as connection:
            await connection.execute(
                insert(MESSAGES).values(
                    chat_id=chat.id if chat else 0,
                    update_id=update.update_id,
                    text=words or "",
                    received_at=datetime.now(UTC),
                )
            )

    async def create_table(_application: AnyApplication) -> None:
        async with engine.begin() as connection:
            await connection.run_sync(MESSAGES.metadata.create_all)

    async def dispose(_application: AnyApplication) -> None:
        await engine.dispose()

    builder = _echo_builder(emu, limiter).post_init(create_table).post_shutdown(dispose)
    application = builder.build()
    application.add_handler(TypeHandler(Update, store), group=-1)
    return _add_echo_handlers(application)


class PassThroughLimiter(BaseRateLimiter[int]):
    """No limit: for comparing handler overhead without any pacing."""

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Any,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        return await callback(*args, **kwargs)


@dataclass
class Bot:
    """One application under test, running against its own emulator."""

    label: str
    emu: StepEmulator
    app: AnyApplication
    echo: bool
    users: list[UserHandle] = field(default_factory=list)


@contextlib.asynccontextmanager
async def serving(bots: Iterable[Bot]) -> AsyncIterator[None]:
    """Every bot polling its emulator until the block ends (a long poll costs nothing idle)."""
    async with contextlib.AsyncExitStack() as stack:
        for bot in bots:
            await stack.enter_async_context(running(bot.app, poll_timeout=2.0))
        yield


# --- seeding ----------------------------------------------------------------------------------

ACTIVE_STAGES = (
    Stage.RECRUITER,
    Stage.SCREENING,
    Stage.FOLLOW_UP_INTERVIEWS,
    Stage.OFFER,
)
# Every tenth user is in the middle of a stage conversation (a conversation_states row).
IN_CONVERSATION_EVERY = 10


def measured_users(users: int, count: int) -> list[int]:
    """`count` seeded user ids spread over the id range, none in the middle of a conversation."""
    step = max(users // (count + 1), 1)
    ids = []
    for number in range(count):
        index = min(step * (number + 1), users - 1)
        while index % IN_CONVERSATION_EVERY == 0 or FIRST_USER_ID + index in ids:
            index = (index + 1) % users
        ids.append(FIRST_USER_ID + index)
    if len(set(ids)) != count:
        raise ValueError(f"not enough users ({users}) for {count} measured ones")
    return ids


def _user_rows(indexes: range) -> Iterable[dict[str, Any]]:
    for i in indexes:
        uid = FIRST_USER_ID + i
        yield {
            "id": uid,
            "chat_id": uid,
            "first_name": f"Pengguna{i}",
            "language": None,
            "telegram_language": "id",
            "timezone": "Asia/Jakarta",
            "quiet_start": 21,
            "quiet_end": 7,
            "nudges_paused": False,
            "blocked": False,
            "pending": {},
            "created_at": START - timedelta(days=30),
            "last_seen_at": START - timedelta(days=1),
        }


def _application_rows(indexes: range) -> Iterable[dict[str, Any]]:
    for i in indexes:
        uid = FIRST_USER_ID + i
        common = {"user_id": uid, "role": "Analis SOC", "created_at": START - timedelta(days=20)}
        yield {
            **common,
            "id": 2 * i + 1,
            "company": f"PT Contoh {i}",
            "stage": ACTIVE_STAGES[i % len(ACTIVE_STAGES)].value,
            "status": ApplicationStatus.ACTIVE.value,
            "updated_at": START - timedelta(days=2),
            "closed_at": None,
        }
        yield {
            **common,
            "id": 2 * i + 2,
            "company": f"PT Lama {i}",
            "stage": Stage.PERSISTENCE.value,
            "status": ApplicationStatus.REJECTED.value,
            "updated_at": START - timedelta(days=10),
            "closed_at": START - timedelta(days=10),
        }


def _event_rows(indexes: range) -> Iterable[dict[str, Any]]:
    for i in indexes:
        stage = ACTIVE_STAGES[i % len(ACTIVE_STAGES)].value
        moment = START - timedelta(days=20)
        for application_id, kind, detail in (
            (2 * i + 1, "contacted", {"channel": "email"}),
            (2 * i + 1, f"stage:{stage}", {}),
            (2 * i + 2, "rejected", {}),
        ):
            yield {
                "application_id": application_id,
                "kind": kind,
                "occurred_at": moment,
                "detail": detail,
                "note": "",
            }


def _interview_rows(indexes: range) -> Iterable[dict[str, Any]]:
    for i in indexes:
        yield {
            "id": i + 1,
            "application_id": 2 * i + 1,
            "stage": Stage.SCREENING.value,
            "scheduled_at": START + timedelta(days=1 + i % 30, hours=3),
            "kind": "video",
            "interviewers": ["Budi"],
            "thank_you_sent_at": None,
            "created_at": START - timedelta(days=3),
        }


def _mark_rows(indexes: range) -> Iterable[dict[str, Any]]:
    for i in indexes:
        yield {
            "application_id": 2 * i + 1,
            "stage": ACTIVE_STAGES[i % len(ACTIVE_STAGES)].value,
            "item": "balas-cepat",
            "done_at": START - timedelta(days=1),
        }


def _follow_up_rows(indexes: range, users: int) -> Iterable[dict[str, Any]]:
    span = timedelta(days=30)
    for i in indexes:
        uid = FIRST_USER_ID + i
        # Pending ones due between one hour and 30 days from the clock (nothing is due).
        due = START + timedelta(hours=1) + span * i / users
        base = {"user_id": uid, "attempts": 0, "last_error": "", "payload": {}}
        yield {
            **base,
            "application_id": 2 * i + 1,
            "interview_id": None,
            "kind": NudgeKind.SILENT_APPLICATION.value,
            "due_at": due,
            "expires_at": due + timedelta(days=3),
            "status": FollowUpStatus.PENDING.value,
            "created_at": START - timedelta(days=2),
        }
        yield {
            **base,
            "application_id": 2 * i + 1,
            "interview_id": i + 1,
            "kind": NudgeKind.INTERVIEW_PREP.value,
            "due_at": due + timedelta(hours=5),
            "expires_at": due + timedelta(days=1),
            "status": FollowUpStatus.PENDING.value,
            "created_at": START - timedelta(days=3),
        }
        yield {
            **base,
            "application_id": 2 * i + 2,
            "interview_id": None,
            "kind": NudgeKind.REJECTION_FEEDBACK.value,
            "due_at": START - timedelta(days=9),
            "expires_at": START - timedelta(days=6),
            "status": FollowUpStatus.SENT.value,
            "attempts": 1,
            "created_at": START - timedelta(days=10),
        }


def _state_rows(indexes: range) -> Iterable[dict[str, Any]]:
    for i in indexes:
        if i % IN_CONVERSATION_EVERY:
            continue
        uid = FIRST_USER_ID + i
        yield {
            "name": f"tahap_{Stage.SCREENING.value}",
            "key": f"{uid}:{uid}",
            "user_id": uid,
            "state": Step.WHEN.value,
            "updated_at": START - timedelta(hours=5),
        }


# Rows per user, for the report.
ROWS_PER_USER = {
    "users": 1,
    "applications": 2,
    "application_events": 3,
    "interviews": 1,
    "checklist_marks": 1,
    "follow_ups": 3,
    "conversation_states": 1 / IN_CONVERSATION_EVERY,
}


async def seed_history(url: str, users: int, *, chunk: int = 5_000) -> None:
    """Migrates `url` and adds `users` users, each with two applications (one active at one of
    the first four stages, one rejected), three events, an interview, a ticked checklist item,
    two pending follow-ups (none due), one sent follow-up; every tenth user is mid-way through
    the screening conversation. Bulk inserts (executemany) in chunks."""
    engine = make_engine(url)
    try:
        await upgrade(engine)
        tables = [
            (User.__table__, lambda r: _user_rows(r)),
            (JobApplication.__table__, lambda r: _application_rows(r)),
            (ApplicationEvent.__table__, lambda r: _event_rows(r)),
            (Interview.__table__, lambda r: _interview_rows(r)),
            (ChecklistMark.__table__, lambda r: _mark_rows(r)),
            (FollowUp.__table__, lambda r: _follow_up_rows(r, users)),
            (ConversationState.__table__, lambda r: _state_rows(r)),
        ]
        async with engine.begin() as connection:
            for table, rows in tables:
                for start in range(0, users, chunk):
                    batch = list(rows(range(start, min(start + chunk, users))))
                    if batch:
                        await connection.execute(insert(table), batch)
            if connection.dialect.name == "postgresql":
                # Explicit ids do not move the sequences on; the coach inserts after them.
                for table in ("applications", "interviews"):
                    await connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                        )
                    )
    finally:
        await engine.dispose()


async def analyze(url: str) -> None:
    """Statistics for the planner, as a production database would have them."""
    engine = make_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text("ANALYZE"))
    finally:
        await engine.dispose()
