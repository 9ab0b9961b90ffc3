"""What the emulator knows, shared by its parts: the bot, users and chats, every message, the
queue of updates not yet confirmed, and the activity counter that waiters and tests read."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import re
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tgemu.models import ApiRequest, BotMessage, CallbackAnswer, ChatInfo, JsonDict, StoredFile

if TYPE_CHECKING:
    from tgemu.users import UserHandle

Clock = Callable[[], datetime]
Handler = Callable[[dict[str, Any]], Awaitable[Any]]

# The emulator's own test token (bandit takes it for a password).
DEFAULT_TOKEN = "123456:TEST-token"  # nosec B105
TOKEN_RE = re.compile(r"\d+:[A-Za-z0-9_-]+")
MEDIA_KEYS = ("document", "photo", "sticker", "voice", "audio", "video")


def _utc_now() -> datetime:
    return datetime.now(UTC)


def update_kind(update: JsonDict) -> str:
    return next(key for key in update if key != "update_id")


def inline_buttons(message: JsonDict) -> list[JsonDict]:
    markup = message.get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


@dataclass
class Record:
    """The emulator's mutable copy of a message; tests get frozen `BotMessage` snapshots."""

    data: JsonDict
    from_bot: bool
    seq: int
    html: str | None = None
    reply_keyboard: JsonDict | None = None
    document_content: bytes | None = None
    deleted: bool = False
    previous_texts: list[str] = field(default_factory=list)

    def snapshot(self) -> BotMessage:
        return BotMessage(
            data=copy.deepcopy(self.data),
            seq=self.seq,
            html=self.html,
            reply_keyboard=copy.deepcopy(self.reply_keyboard),
            document_content=self.document_content,
            deleted=self.deleted,
            previous_texts=tuple(self.previous_texts),
        )


@dataclass
class PendingQuery:
    """A callback query a user made; the bot may answer it once, within the TTL."""

    created: float
    answered: bool = False


class EmulatorState:
    """The state every part of `BotApiEmulator` works on, and the read-only views tests use.

    All methods must be called from the event loop the emulator runs on.
    """

    def __init__(
        self,
        token: str,
        *,
        bot_username: str,
        bot_first_name: str,
        clock: Clock | None,
        group_privacy: bool,
        strict_html: bool,
        callback_query_ttl: float,
    ) -> None:
        if not TOKEN_RE.fullmatch(token):
            raise ValueError(f"not a Bot API token: {token!r}")
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.group_privacy = group_privacy
        self.strict_html = strict_html
        self.callback_query_ttl = callback_query_ttl
        self._clock = clock or _utc_now

        self.requests: list[ApiRequest] = []
        self.callback_answers: list[CallbackAnswer] = []
        self._users: dict[int, UserHandle] = {}
        self._chats: dict[int, ChatInfo] = {}
        self._started: set[int] = set()
        self._blocked: set[int] = set()
        self._messages: dict[tuple[int, int], Record] = {}
        self._last_message_id: dict[int, int] = defaultdict(int)
        self._reply_keyboards: dict[int, JsonDict] = {}
        self._queries: dict[str, PendingQuery] = {}
        self._files: dict[str, StoredFile] = {}
        # Updates not yet confirmed by the bot, oldest first: long polling and webhook
        # delivery both take from here.
        self._updates: list[JsonDict] = []
        self._last_update_id = 100_000
        # The webhook the bot set (url, secret_token, max_connections, ...), None when polling.
        self._webhook: JsonDict | None = None

        self._seq = 0
        self._last_user_seq: dict[int, int] = {}
        # When each chat last wrote to the bot (time.monotonic()): sends to it soon after are
        # answers, outside the bulk budget of RateLimits.reply_window.
        self._last_heard: dict[int, float] = {}
        self._changed = asyncio.Event()
        self._closing = asyncio.Event()
        self._in_flight = 0
        self._last_activity = time.monotonic()

    @property
    def bot_user(self) -> JsonDict:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    # ------------------------------------------------------------------ observation

    @property
    def cursor(self) -> int:
        """The activity counter now; pass it as `after=` to wait for what happens next."""
        return self._seq

    @property
    def pending_updates(self) -> list[JsonDict]:
        """Updates not yet confirmed by the bot (getUpdates with a higher offset)."""
        return copy.deepcopy(self._updates)

    def calls(self, method: str) -> list[ApiRequest]:
        """Recorded requests for one method (case-insensitive)."""
        return [r for r in self.requests if r.method.lower() == method.lower()]

    def chat_messages(self, chat_id: int) -> list[BotMessage]:
        """The bot's current (not deleted) messages in the chat, oldest first."""
        return [
            record.snapshot()
            for (chat, _), record in sorted(self._messages.items())
            if chat == chat_id and record.from_bot and not record.deleted
        ]

    def last_message(self, chat_id: int) -> BotMessage | None:
        messages = self.chat_messages(chat_id)
        return messages[-1] if messages else None

    def message(self, chat_id: int, message_id: int) -> BotMessage:
        """Any bot message by id, including deleted ones (`deleted=True`)."""
        record = self._messages.get((chat_id, message_id))
        if record is None or not record.from_bot:
            raise LookupError(f"the bot sent no message {message_id} in chat {chat_id}")
        return record.snapshot()

    def messages_since(self, chat_id: int, after: int) -> list[BotMessage]:
        """Bot messages sent, edited or deleted after activity counter `after`, in that order."""
        records = [
            record
            for (chat, _), record in self._messages.items()
            if chat == chat_id and record.from_bot and record.seq > after
        ]
        return [record.snapshot() for record in sorted(records, key=lambda r: r.seq)]

    def reply_keyboard(self, chat_id: int) -> JsonDict | None:
        """The custom reply keyboard the bot currently shows in the chat, if any."""
        keyboard = self._reply_keyboards.get(chat_id)
        return copy.deepcopy(keyboard)

    def file(self, file_id: str) -> StoredFile:
        return self._files[file_id]

    def transcript(self, chat_id: int) -> str:
        """The chat as readable lines (user and bot messages, current state), for debugging."""
        lines = []
        for (chat, message_id), record in sorted(self._messages.items()):
            if chat != chat_id:
                continue
            who = "bot" if record.from_bot else record.data["from"]["first_name"]
            flags = " (deleted)" if record.deleted else ""
            flags += " (edited)" if "edit_date" in record.data else ""
            body = record.data.get("text", record.data.get("caption"))
            if body is None:
                body = "<" + next((k for k in MEDIA_KEYS if k in record.data), "message") + ">"
            buttons = " ".join(f"[{b.get('text')}]" for b in inline_buttons(record.data))
            suffix = f" {buttons}" if buttons else ""
            lines.append(f"#{message_id} {who}{flags}: {body!r}{suffix}")
        return "\n".join(lines) or "(no messages)"

    # ------------------------------------------------------------------ shared steps

    def _notify(self) -> None:
        """Wakes everyone waiting for a change (long polls, waiters, webhook delivery)."""
        self._changed.set()
        self._changed = asyncio.Event()

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def _now(self) -> int:
        moment = self._clock()
        if moment.utcoffset() is None:
            raise ValueError("the emulator clock must return timezone-aware datetimes")
        return int(moment.timestamp())

    def _enqueue(self, kind: str, payload: JsonDict) -> None:
        self._last_update_id += 1
        self._updates.append({"update_id": self._last_update_id, kind: payload})
        self._notify()

    def _new_message_id(self, chat_id: int) -> int:
        self._last_message_id[chat_id] += 1
        return self._last_message_id[chat_id]

    def _record(self, chat_id: int, message_id: int) -> Record:
        record = self._messages.get((chat_id, message_id))
        if record is None or record.deleted:
            raise LookupError(f"no message {message_id} in chat {chat_id}")
        return record

    def _new_file(
        self, kind: str, content: bytes, *, file_name: str | None, mime_type: str | None
    ) -> StoredFile:
        number = len(self._files) + 1
        extension = file_name.rsplit(".", 1)[-1] if file_name and "." in file_name else "bin"
        stored = StoredFile(
            file_id=f"emu-{kind}-{number}",
            file_unique_id=f"emu-u{number}",
            file_name=file_name,
            mime_type=mime_type,
            content=content,
            file_path=f"{kind}s/file_{number}.{extension}",
        )
        self._files[stored.file_id] = stored
        return stored

    async def _sleep(self, seconds: float) -> None:
        """Sleeps, but ends at once when the emulator stops, so shutdown is never held up."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), seconds)
