"""An in-process emulator of Telegram's Bot API, for running the real bot in tests.

`BotApiEmulator` is a real HTTP server on 127.0.0.1 (aiohttp) that answers
`/bot<token>/<method>` like api.telegram.org does for the methods this bot uses
(getMe, getUpdates long polling, sendMessage, editMessageText/ReplyMarkup/Caption,
deleteMessage, answerCallbackQuery, sendChatAction, sendDocument, getFile, the bot command,
menu button, description and webhook methods), with Telegram's response shapes and error
texts: HTML parse_mode is validated by Telegram's own rules (`html.py`), messages longer
than 4096 UTF-16 units, bad inline keyboards, "message is not modified", stale callback
queries, users who blocked the bot and (if enabled with `RateLimits`) flood limits all fail as
they would in production; any other method is 404 so that gaps get noticed. Point PTB at it
with `ApplicationBuilder().token(emu.token).base_url(emu.base_url)
.base_file_url(emu.base_file_url)`; its state lives in the test process, so a bot process can
be restarted against it. Tests act as users through `UserHandle`s: `sari = emu.user(id=1001,
first_name="Sari")`, then `await sari.send("/start")`, `await sari.press("Lolos")`,
`await sari.send_document(...)`, `await sari.block()`, and `reply = await sari.ask("halo")`
(send, then wait for the bot's next message in that chat); group chats come from
`emu.group(...)` and are passed as `chat=`. They observe through `emu.requests` (every call
with decoded params and our answer), `emu.chat_messages(chat_id)` / `emu.last_message()`
(bot messages with edits applied, as `BotMessage` snapshots), `emu.callback_answers`,
`emu.transcript(chat_id)`, and wait with `wait_for_message`, `wait_for_request`,
`wait_for_callback_answer` and `wait_idle`, which raise `EmulatorTimeout` (an AssertionError)
describing what happened instead. Faults are injected with `fail_next`, `delay` and
`drop_next`.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
import math
import re
import socket
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar

import aiohttp
from aiohttp import web
from aiohttp.web_request import FileField

from tgemu.entities import find_auto_entities, sort_entities, trim, utf16_len
from tgemu.html import EntityParseError, parse_html
from tgemu.models import (
    ApiError,
    ApiRequest,
    BotMessage,
    CallbackAnswer,
    ChatInfo,
    EmulatorTimeout,
    JsonDict,
    RateLimits,
    StoredFile,
    UploadedFile,
    bad_request,
)
from tgemu.params import (
    bool_param,
    chat_id_param,
    commands_param,
    decode_params,
    float_param,
    int_param,
    reply_markup_param,
    scope_key,
    str_param,
)
from tgemu.users import UserHandle

_LOG = logging.getLogger(__name__)
T = TypeVar("T")
Clock = Callable[[], datetime]
Handler = Callable[[dict[str, Any]], Awaitable[Any]]

# The emulator's own test token (bandit takes it for a password).
DEFAULT_TOKEN = "123456:TEST-token"  # nosec B105
_TOKEN_RE = re.compile(r"\d+:[A-Za-z0-9_-]+")
_MAX_TEXT = 4096
_MAX_CAPTION = 1024
_MAX_UPLOAD = 50 * 1024 * 1024
_DELETE_WINDOW = 48 * 3600
_DEFAULT_UPDATE_TYPES = frozenset(
    [
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "purchased_paid_media",
    ]
)
_CHAT_ACTIONS = frozenset(
    [
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    ]
)
_RATE_LIMITED = frozenset(
    [
        "sendMessage",
        "sendDocument",
        "editMessageText",
        "editMessageReplyMarkup",
        "editMessageCaption",
    ]
)
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
_QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
_MENU_BUTTON_TYPES = frozenset({"default", "commands", "web_app"})
_BOT_INFO_LIMITS = {"description": 512, "short_description": 120, "name": 64}


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class _Record:
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


_FaultKind = Literal["error", "drop", "drop_after", "delay", "hold"]


@dataclass
class _Fault:
    method: str
    kind: _FaultKind
    remaining: int | None
    error: ApiError | None = None
    seconds: float = 0.0

    def matches(self, method: str) -> bool:
        return self.method in ("*", method.lower())


@dataclass
class _PendingQuery:
    created: float
    answered: bool = False


class BotApiEmulator:
    """See the module docstring. All methods must be called from the event loop it runs on."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "pelatih_test_bot",
        bot_first_name: str = "Pelatih Wawancara",
        clock: Clock | None = None,
        rate_limits: RateLimits | None = None,
        group_privacy: bool = True,
        strict_html: bool = False,
        callback_query_ttl: float = 15.0,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        if not _TOKEN_RE.fullmatch(token):
            raise ValueError(f"not a Bot API token: {token!r}")
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.rate_limits = rate_limits
        self.group_privacy = group_privacy
        self.strict_html = strict_html
        self.callback_query_ttl = callback_query_ttl
        self._clock = clock or _utc_now
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None
        self._closing = asyncio.Event()

        self.requests: list[ApiRequest] = []
        self.callback_answers: list[CallbackAnswer] = []
        self._users: dict[int, UserHandle] = {}
        self._chats: dict[int, ChatInfo] = {}
        self._started: set[int] = set()
        self._blocked: set[int] = set()
        self._messages: dict[tuple[int, int], _Record] = {}
        self._last_message_id: dict[int, int] = defaultdict(int)
        self._updates: list[JsonDict] = []
        self._last_update_id = 100_000
        self._allowed_updates: frozenset[str] = _DEFAULT_UPDATE_TYPES
        self._poll_generation = 0
        self._queries: dict[str, _PendingQuery] = {}
        self._query_counter = 0
        self._files: dict[str, StoredFile] = {}
        self._commands: dict[tuple[str, str], list[JsonDict]] = {}
        self._menu_buttons: dict[int | None, JsonDict] = {}
        self._bot_info: dict[tuple[str, str], str] = {}
        self._reply_keyboards: dict[int, JsonDict] = {}
        self._webhook: JsonDict | None = None
        self._webhook_targets: list[str] = []
        self._webhook_task: asyncio.Task[None] | None = None
        self.webhook_deliveries: list[tuple[str, int]] = []
        self._faults: list[_Fault] = []
        self._sent_global: deque[float] = deque()
        self._sent_by_chat: dict[int, deque[float]] = defaultdict(deque)
        self._sent_by_group: dict[int, deque[float]] = defaultdict(deque)

        self._seq = 0
        self._last_user_seq: dict[int, int] = {}
        self._changed = asyncio.Event()
        self._in_flight = 0
        self._last_activity = time.monotonic()

        self._methods: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, handler)
            for name, handler in {
                "getMe": self._get_me,
                "getUpdates": self._get_updates,
                "setWebhook": self._set_webhook,
                "deleteWebhook": self._delete_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "logOut": self._return_true,
                "close": self._return_true,
                "sendMessage": self._send_message,
                "editMessageText": self._edit_message_text,
                "editMessageCaption": self._edit_message_caption,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "deleteMessage": self._delete_message,
                "answerCallbackQuery": self._answer_callback_query,
                "sendChatAction": self._send_chat_action,
                "sendDocument": self._send_document,
                "getFile": self._get_file,
                "getChat": self._get_chat,
                "setMyCommands": self._set_my_commands,
                "getMyCommands": self._get_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "setChatMenuButton": self._set_chat_menu_button,
                "getChatMenuButton": self._get_chat_menu_button,
                "setMyDescription": self._bot_info_setter("description"),
                "getMyDescription": self._bot_info_getter("description"),
                "setMyShortDescription": self._bot_info_setter("short_description"),
                "getMyShortDescription": self._bot_info_getter("short_description"),
                "setMyName": self._bot_info_setter("name"),
                "getMyName": self._bot_info_getter("name"),
            }.items()
        }

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Start serving. After a `stop()`, starting again reuses the same port."""
        if self._runner is not None:
            raise RuntimeError("emulator already started")
        app = web.Application(client_max_size=_MAX_UPLOAD + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown_path)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self._host, self._port))
        except OSError:
            sock.close()
            await runner.cleanup()
            raise
        self._port = sock.getsockname()[1]
        self._closing = asyncio.Event()
        await web.SockSite(runner, sock).start()
        self._runner = runner

    async def stop(self) -> None:
        if self._runner is None:
            return
        # Pending long polls and injected delays end at once instead of holding up shutdown.
        self._closing.set()
        self._notify()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
        runner, self._runner = self._runner, None
        await runner.cleanup()

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if not self._port:
            raise RuntimeError("emulator not started")
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://{self._host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self._host}:{self.port}/file/bot"

    @property
    def bot_user(self) -> JsonDict:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    # ------------------------------------------------------------------ actors

    def user(
        self,
        id: int = 1001,
        first_name: str = "Sari",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "id",
    ) -> UserHandle:
        """The user with this id (created on first use) and their private chat with the bot."""
        existing = self._users.get(id)
        wanted = (first_name, last_name, username, language_code)
        if existing is not None:
            current = (
                existing.first_name,
                existing.last_name,
                existing.username,
                existing.language_code,
            )
            if current != wanted:
                raise ValueError(f"user {id} already exists with other attributes")
            return existing
        if id <= 0:
            raise ValueError("user ids are positive")
        handle = UserHandle(
            self,
            id=id,
            first_name=first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )
        self._users[id] = handle
        self._chats[id] = handle.chat
        return handle

    def serve_webhook_through(self, targets: list[str]) -> None:
        """Play Telegram and the load balancer in front of several webhook replicas.

        Once the bot has set a webhook, each update is POSTed (with the webhook's secret token
        header) to the next target in turn, as a round-robin load balancer would; a target that
        fails or answers other than 200 gets the same update again after a moment, and the
        next target is tried, so an update is delivered at least once. `webhook_deliveries`
        records (target, update_id) of every 200.
        """
        self._webhook_targets = list(targets)
        if self._webhook_task is None:
            self._webhook_task = asyncio.get_running_loop().create_task(self._deliver_webhooks())

    async def _deliver_webhooks(self) -> None:
        turn = 0
        async with aiohttp.ClientSession() as client:
            while not self._closing.is_set():
                changed = self._changed
                if not (self._webhook and self._updates and self._webhook_targets):
                    await changed.wait()
                    continue
                update = self._updates[0]
                target = self._webhook_targets[turn % len(self._webhook_targets)]
                turn += 1
                headers = {}
                if secret := self._webhook.get("secret_token"):
                    headers["X-Telegram-Bot-Api-Secret-Token"] = str(secret)
                try:
                    async with client.post(
                        target, json=update, headers=headers, timeout=aiohttp.ClientTimeout(60)
                    ) as response:
                        delivered = response.status == 200
                except (aiohttp.ClientError, TimeoutError):
                    delivered = False
                if delivered and self._updates and self._updates[0] is update:
                    self._updates.pop(0)
                    self.webhook_deliveries.append((target, int(update["update_id"])))
                    self._last_activity = time.monotonic()
                    self._notify()
                elif not delivered:
                    await self._sleep(0.2)

    def assume_started(self, *users: UserHandle) -> None:
        """These users opened a chat with the bot before the test (the bot may message them),
        as when a test seeds its database with users directly."""
        self._started.update(user.id for user in users)

    def group(
        self,
        id: int = -100123,
        title: str = "Grup",
        *,
        type: Literal["group", "supergroup"] | None = None,
        username: str | None = None,
    ) -> ChatInfo:
        """A group chat the bot is a member of; -100… ids are supergroups unless `type` says."""
        if id >= 0:
            raise ValueError("group chat ids are negative")
        kind = type or ("supergroup" if str(id).startswith("-100") else "group")
        chat = ChatInfo(id=id, type=kind, title=title, username=username)
        existing = self._chats.get(id)
        if existing is not None and existing != chat:
            raise ValueError(f"chat {id} already exists with other attributes")
        self._chats[id] = chat
        return chat

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

    def commands(
        self, *, scope: JsonDict | None = None, language_code: str = ""
    ) -> list[JsonDict]:
        key = (scope_key({"scope": scope}), language_code)
        return copy.deepcopy(self._commands.get(key, []))

    def menu_button(self, chat_id: int | None = None) -> JsonDict:
        return copy.deepcopy(self._menu_buttons.get(chat_id, {"type": "default"}))

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
                body = "<" + next((k for k in _MEDIA_KEYS if k in record.data), "message") + ">"
            buttons = " ".join(f"[{b.get('text')}]" for b in _inline_buttons(record.data))
            suffix = f" {buttons}" if buttons else ""
            lines.append(f"#{message_id} {who}{flags}: {body!r}{suffix}")
        return "\n".join(lines) or "(no messages)"

    # ------------------------------------------------------------------ waiting

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

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def _diagnostics(self, chat_id: int) -> str:
        failures = [r for r in self.requests if not r.ok][-5:]
        lines = [f"chat {chat_id}:", self.transcript(chat_id)]
        lines.append(f"unconfirmed updates: {len(self._updates)}")
        if failures:
            lines.append("recent failed requests:")
            lines += [f"  {r.method}: {r.description}" for r in failures]
        return "\n".join(lines)

    # ------------------------------------------------------------------ fault injection

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
        self._faults.append(_Fault(method.lower(), "error", times, error=error))

    def delay(self, method: str, seconds: float, *, times: int | None = None) -> None:
        """Make calls of `method` ("*" = any) wait `seconds` before being processed."""
        self._faults.append(_Fault(method.lower(), "delay", times, seconds=seconds))

    def hold(self, method: str, seconds: float, *, times: int | None = None) -> None:
        """Hold requests on their way in: unlike `delay` (Telegram is slow but does the work),
        a held request whose client hangs up meanwhile never arrives and is not processed."""
        self._faults.append(_Fault(method.lower(), "hold", times, seconds=seconds))

    def drop_next(self, method: str, *, times: int = 1, after_processing: bool = False) -> None:
        """Close the connection instead of answering, like a network failure. With
        `after_processing` the call takes effect first (e.g. the message is sent) and only the
        response is lost."""
        kind: Literal["drop", "drop_after"] = "drop_after" if after_processing else "drop"
        self._faults.append(_Fault(method.lower(), kind, times))

    def clear_faults(self) -> None:
        self._faults.clear()

    def expire_callback_queries(self) -> None:
        """Make every pending callback query too old to answer."""
        for query in self._queries.values():
            query.created = -math.inf

    def _take_fault(self, method: str, kind: _FaultKind) -> _Fault | None:
        for fault in self._faults:
            if fault.kind == kind and fault.matches(method):
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                return fault
        return None

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), seconds)

    # ------------------------------------------------------------------ HTTP

    @staticmethod
    def _json_response(payload: JsonDict, status: int = 200) -> web.Response:
        return web.Response(
            text=json.dumps(payload, ensure_ascii=False),
            status=status,
            content_type="application/json",
        )

    async def _handle_unknown_path(self, request: web.Request) -> web.Response:
        return self._json_response(ApiError(404, "Not Found").to_json(), 404)

    def _token_error(self, token: str) -> ApiError | None:
        if token == self.token:
            return None
        # Like Telegram: a well-formed but wrong token is 401, a malformed one 404.
        if _TOKEN_RE.fullmatch(token):
            return ApiError(401, "Unauthorized")
        return ApiError(404, "Not Found")

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        error = self._token_error(request.match_info["token"])
        if error is not None:
            return self._json_response(error.to_json(), error.error_code)
        path = request.match_info["path"]
        stored = next((f for f in self._files.values() if f.file_path == path), None)
        if stored is None:
            return self._json_response(ApiError(404, "Not Found").to_json(), 404)
        return web.Response(
            body=stored.content, content_type=stored.mime_type or "application/octet-stream"
        )

    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if not request.can_read_body:
            return params
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad_request("can't parse JSON object") from None
            if not isinstance(body, dict):
                raise bad_request("JSON object expected")
            params.update(body)
            return params
        try:
            form = await request.post()
        except web.HTTPRequestEntityTooLarge:
            raise ApiError(413, "Request Entity Too Large") from None
        for name, value in form.items():
            if isinstance(value, FileField):
                params[name] = UploadedFile(
                    file_name=value.filename,
                    content=value.file.read(),
                    mime_type=value.content_type or "application/octet-stream",
                )
            elif isinstance(value, str):
                params[name] = value
        return params

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        error = self._token_error(request.match_info["token"])
        if error is not None:
            return self._json_response(error.to_json(), error.error_code)
        name = request.match_info["method"]
        method, handler = self._methods.get(name.lower(), (name, None))
        counted = method != "getUpdates"
        if counted:
            self._in_flight += 1
        try:
            return await self._dispatch(request, method, handler)
        finally:
            if counted:
                self._in_flight -= 1
                self._last_activity = time.monotonic()
            self._notify()

    async def _dispatch(
        self, request: web.Request, method: str, handler: Handler | None
    ) -> web.StreamResponse:
        params: dict[str, Any] = {}
        try:
            params = await self._read_params(request)
            if handler is None:
                raise ApiError(404, "Not Found")
            params = decode_params(params)
            hold = self._take_fault(method, "hold")
            if hold is not None:
                await self._sleep(hold.seconds)
                # A hold stands for the way to Telegram: a client that hung up (or died)
                # meanwhile never got its request there, so nothing is processed.
                if request.transport is None or request.transport.is_closing():
                    self.requests.append(ApiRequest(method, params, _DROPPED))
                    return _abort(request)
            delay = self._take_fault(method, "delay")
            if delay is not None:
                await self._sleep(delay.seconds)
            if self._take_fault(method, "drop") is not None:
                self.requests.append(ApiRequest(method, params, _DROPPED))
                return _abort(request)
            fault = self._take_fault(method, "error")
            if fault is not None and fault.error is not None:
                raise fault.error
            response: JsonDict = {"ok": True, "result": await handler(params)}
        except ApiError as exc:
            response = exc.to_json()
        except Exception as exc:
            # An emulator bug must fail the test loudly, not look like a Telegram answer.
            _LOG.exception("emulator failed on %s", method)
            response = ApiError(500, f"Internal Server Error: emulator bug: {exc!r}").to_json()
        self.requests.append(ApiRequest(method, params, response))
        if self._take_fault(method, "drop_after") is not None:
            return _abort(request)
        return self._json_response(response, response.get("error_code", 200))

    # ------------------------------------------------------------------ user side (UserHandle)

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

    def _record(self, chat_id: int, message_id: int) -> _Record:
        record = self._messages.get((chat_id, message_id))
        if record is None or record.deleted:
            raise LookupError(f"no message {message_id} in chat {chat_id}")
        return record

    def _delivered_to_bot(self, chat: ChatInfo, message: JsonDict) -> bool:
        """Group privacy mode: the bot only sees commands and replies to its own messages."""
        if chat.type == "private" or not self.group_privacy:
            return True
        reply = message.get("reply_to_message")
        if reply is not None and reply.get("from", {}).get("id") == self.bot_id:
            return True
        text = message.get("text", "")
        first = next(iter(message.get("entities", [])), None)
        if first is None or first["type"] != "bot_command" or first["offset"] != 0:
            return False
        command = text[: first["length"]]
        return "@" not in command or command.split("@", 1)[1].lower() == self.bot_username.lower()

    def _user_acted(self, user: UserHandle, chat: ChatInfo) -> None:
        self._last_user_seq[chat.id] = self._next_seq()
        if chat.type == "private":
            self._started.add(user.id)

    async def _user_message(
        self, user: UserHandle, chat: ChatInfo, content: JsonDict, *, reply_to: int | None
    ) -> JsonDict:
        _check_utf8(content.get("text"), content.get("caption"))
        if chat.type == "private" and user.id in self._blocked:
            # Writing to a blocked bot means pressing "Restart", which unblocks it.
            await self._user_blocks(user, blocked=False)
        if "text" in content:
            content = {**content, "entities": find_auto_entities(content["text"])}
            if not content["entities"]:
                del content["entities"]
        message: JsonDict = {
            "message_id": self._new_message_id(chat.id),
            "from": user.to_json(),
            "chat": chat.to_json(),
            "date": self._now(),
        }
        if reply_to is not None:
            replied = self._record(chat.id, reply_to).data
            message["reply_to_message"] = {
                k: copy.deepcopy(v) for k, v in replied.items() if k != "reply_to_message"
            }
        message.update(content)
        self._user_acted(user, chat)
        self._messages[(chat.id, message["message_id"])] = _Record(
            data=message, from_bot=False, seq=self._seq
        )
        if self._delivered_to_bot(chat, message):
            self._enqueue("message", copy.deepcopy(message))
        return copy.deepcopy(message)

    async def _user_edit(
        self, user: UserHandle, chat: ChatInfo, message_id: int, text: str
    ) -> JsonDict:
        record = self._record(chat.id, message_id)
        if record.from_bot or record.data["from"]["id"] != user.id or "text" not in record.data:
            raise ValueError(f"message {message_id} is not a text message by {user.first_name}")
        _check_utf8(text)
        record.data["text"] = text
        record.data.pop("entities", None)
        entities = find_auto_entities(text)
        if entities:
            record.data["entities"] = entities
        record.data["edit_date"] = self._now()
        self._user_acted(user, chat)
        record.seq = self._seq
        if self._delivered_to_bot(chat, record.data):
            self._enqueue("edited_message", copy.deepcopy(record.data))
        return copy.deepcopy(record.data)

    def _find_button_message(
        self, chat: ChatInfo, button_text: str | None, message_id: int | None
    ) -> _Record:
        if message_id is not None:
            record = self._record(chat.id, message_id)
            if not record.from_bot:
                raise ValueError(f"message {message_id} was not sent by the bot")
            return record
        for (chat_id, _), record in sorted(self._messages.items(), reverse=True):
            if chat_id != chat.id or not record.from_bot or record.deleted:
                continue
            texts = [b.get("text") for b in _inline_buttons(record.data)]
            if texts and (button_text is None or button_text in texts):
                return record
        raise AssertionError(
            f"no bot message in chat {chat.id} has a button {button_text!r}\n"
            + self.transcript(chat.id)
        )

    async def _user_press(
        self,
        user: UserHandle,
        chat: ChatInfo,
        *,
        button_text: str | None,
        callback_data: str | None,
        message_id: int | None,
    ) -> str:
        if (button_text is None) == (callback_data is None):
            raise ValueError("pass exactly one of button_text or callback_data")
        record = self._find_button_message(chat, button_text, message_id)
        if callback_data is None:
            buttons = _inline_buttons(record.data)
            button = next((b for b in buttons if b.get("text") == button_text), None)
            if button is None:
                available = [b.get("text") for b in buttons]
                raise AssertionError(
                    f"message {record.data['message_id']} has no button {button_text!r}; "
                    f"buttons: {available}"
                )
            if "callback_data" not in button:
                raise ValueError(f"button {button_text!r} is not a callback button: {button}")
            callback_data = button["callback_data"]
        self._query_counter += 1
        query_id = str(4_000_000_000_000_000_000 + self._query_counter)
        self._queries[query_id] = _PendingQuery(created=time.monotonic())
        self._user_acted(user, chat)
        self._enqueue(
            "callback_query",
            {
                "id": query_id,
                "from": user.to_json(),
                "message": copy.deepcopy(record.data),
                "chat_instance": str(abs(chat.id) * 7919 + self.bot_id),
                "data": callback_data,
            },
        )
        return query_id

    async def _user_blocks(self, user: UserHandle, *, blocked: bool) -> None:
        if blocked == (user.id in self._blocked):
            return
        old, new = ("member", "kicked") if blocked else ("kicked", "member")
        if blocked:
            self._blocked.add(user.id)
        else:
            self._blocked.discard(user.id)
        self._user_acted(user, user.chat)
        now = self._now()

        def member(status: str) -> JsonDict:
            data: JsonDict = {"user": self.bot_user, "status": status}
            if status == "kicked":
                data["until_date"] = 0
            return data

        self._enqueue(
            "my_chat_member",
            {
                "chat": user.chat.to_json(),
                "from": user.to_json(),
                "date": now,
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            },
        )

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

    # ------------------------------------------------------------------ checks shared by methods

    def _chat(self, params: Mapping[str, Any]) -> ChatInfo:
        chat_id = chat_id_param(params)
        assert chat_id is not None
        chat = self._chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def _writable_chat(self, params: Mapping[str, Any]) -> ChatInfo:
        chat = self._chat(params)
        if chat.type == "private":
            if chat.id in self._blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            if chat.id not in self._started:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return chat

    def _check_flood(self, method: str, chat: ChatInfo) -> None:
        limits = self.rate_limits
        if limits is None or method not in _RATE_LIMITED:
            return
        now = time.monotonic()
        windows: list[tuple[deque[float], float, int | None]] = [
            (self._sent_global, 1.0, limits.global_per_second),
            (self._sent_by_chat[chat.id], 1.0, limits.per_chat_per_second),
        ]
        if chat.type != "private":
            windows.append((self._sent_by_group[chat.id], 60.0, limits.per_group_per_minute))
        wait = 0.0
        for stamps, window, limit in windows:
            while stamps and stamps[0] <= now - window:
                stamps.popleft()
            if limit is not None and len(stamps) >= limit:
                wait = max(wait, stamps[0] + window - now)
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            raise ApiError(429, f"Too Many Requests: retry after {seconds}", retry_after=seconds)

    def _count_send(self, chat: ChatInfo) -> None:
        if self.rate_limits is None:
            return
        now = time.monotonic()
        self._sent_global.append(now)
        self._sent_by_chat[chat.id].append(now)
        if chat.type != "private":
            self._sent_by_group[chat.id].append(now)

    def _format(
        self, params: Mapping[str, Any], *, caption: bool
    ) -> tuple[str, list[JsonDict], str | None]:
        """Text (or caption), entities and the source HTML, as Telegram would store them."""
        text_field = "caption" if caption else "text"
        entities_field = "caption_entities" if caption else "entities"
        raw = str_param(params, text_field) or ""
        parse_mode = (str_param(params, "parse_mode") or "").strip()
        html: str | None = None
        if parse_mode:
            if parse_mode.lower() != "html":
                if parse_mode.lower() in {"markdown", "markdownv2"}:
                    raise bad_request(f"the emulator does not support parse_mode {parse_mode}")
                raise bad_request("unsupported parse_mode")
            try:
                parsed = parse_html(raw, strict_ampersand=self.strict_html)
            except EntityParseError as exc:
                raise bad_request(f"can't parse entities: {exc}") from None
            html, text, entities = raw, parsed.text, parsed.entities
        else:
            text = raw
            given = params.get(entities_field) or []
            if not isinstance(given, list):
                raise bad_request(f"can't parse {entities_field} JSON object")
            entities = [dict(e) for e in given if isinstance(e, dict)]
        text, entities = trim(text, entities)
        limit = _MAX_CAPTION if caption else _MAX_TEXT
        if not text and not caption:
            raise bad_request("message text is empty")
        if utf16_len(text) > limit:
            raise bad_request("message caption is too long" if caption else "message is too long")
        for entity in entities:
            user_id = entity.get("user", {}).get("id")
            if entity["type"] == "text_mention" and user_id in self._users:
                entity["user"] = self._users[user_id].to_json()
        return text, sort_entities(entities + find_auto_entities(text, entities)), html

    def _reply_to(self, chat: ChatInfo, params: Mapping[str, Any]) -> JsonDict | None:
        reply = params.get("reply_parameters")
        if isinstance(reply, dict):
            message_id = reply.get("message_id")
            if not isinstance(message_id, int):
                raise bad_request("can't parse reply_parameters JSON object")
            allow_missing = reply.get("allow_sending_without_reply") is True
        else:
            message_id = int_param(params, "reply_to_message_id")
            allow_missing = bool_param(params, "allow_sending_without_reply")
        if message_id is None:
            return None
        record = self._messages.get((chat.id, message_id))
        if record is None or record.deleted:
            if allow_missing:
                return None
            raise bad_request("message to be replied not found")
        return {k: copy.deepcopy(v) for k, v in record.data.items() if k != "reply_to_message"}

    def _store_bot_message(
        self,
        chat: ChatInfo,
        content: JsonDict,
        params: Mapping[str, Any],
        *,
        html: str | None,
        document_content: bytes | None = None,
    ) -> JsonDict:
        markup = reply_markup_param(params)
        reply_to = self._reply_to(chat, params)
        data: JsonDict = {
            "message_id": self._new_message_id(chat.id),
            "from": self.bot_user,
            "chat": chat.to_json(),
            "date": self._now(),
        }
        if reply_to is not None:
            data["reply_to_message"] = reply_to
        if bool_param(params, "protect_content"):
            data["has_protected_content"] = True
        data.update(content)
        reply_keyboard = None
        if markup is not None and "inline_keyboard" in markup:
            data["reply_markup"] = markup
        elif markup is not None:
            reply_keyboard = markup
            if "keyboard" in markup:
                self._reply_keyboards[chat.id] = markup
            elif markup.get("remove_keyboard"):
                self._reply_keyboards.pop(chat.id, None)
        self._messages[(chat.id, data["message_id"])] = _Record(
            data=data,
            from_bot=True,
            seq=self._next_seq(),
            html=html,
            reply_keyboard=reply_keyboard,
            document_content=document_content,
        )
        self._count_send(chat)
        return copy.deepcopy(data)

    def _editable(self, params: Mapping[str, Any]) -> tuple[ChatInfo, _Record]:
        if params.get("inline_message_id"):
            raise bad_request("the emulator has no inline messages")
        chat = self._writable_chat(params)
        message_id = int_param(params, "message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        record = self._messages.get((chat.id, message_id))
        if record is None or record.deleted:
            raise bad_request("message to edit not found")
        if not record.from_bot:
            raise bad_request("message can't be edited")
        return chat, record

    def _apply_edit(
        self, chat: ChatInfo, record: _Record, changes: JsonDict, *, html: str | None
    ) -> JsonDict:
        markup = reply_markup_param(changes, inline_only=True)
        # Telegram omits empty entity lists, so [] and "absent" are the same content.
        current = {k: record.data.get(k) or None for k in changes if k != "reply_markup"}
        wanted = {k: v or None for k, v in changes.items() if k != "reply_markup"}
        if current == wanted and record.data.get("reply_markup") == markup:
            raise bad_request(_NOT_MODIFIED)
        old_text = record.data.get("text", record.data.get("caption"))
        if "text" in changes or "caption" in changes:
            record.previous_texts.append(old_text or "")
            record.data["edit_date"] = self._now()
            record.html = html
        for key, value in wanted.items():
            if value:
                record.data[key] = value
            else:
                record.data.pop(key, None)
        if markup is None:
            record.data.pop("reply_markup", None)
        else:
            record.data["reply_markup"] = markup
        record.seq = self._next_seq()
        self._count_send(chat)
        return copy.deepcopy(record.data)

    # ------------------------------------------------------------------ Bot API methods

    async def _return_true(self, params: dict[str, Any]) -> bool:
        return True

    async def _get_me(self, params: dict[str, Any]) -> JsonDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": not self.group_privacy,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, params: dict[str, Any]) -> list[JsonDict]:
        if self._webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        offset = int_param(params, "offset")
        limit = min(max(int_param(params, "limit", 100) or 100, 1), 100)
        timeout = max(float_param(params, "timeout", 0.0), 0.0)
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(allowed) if allowed else _DEFAULT_UPDATE_TYPES
        if offset is not None:
            if offset < 0:
                del self._updates[: max(len(self._updates) + offset, 0)]
            else:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self._last_activity = time.monotonic()
        # A newer getUpdates call ends an older one with 409, as Telegram does; this is also
        # how a long poll left behind by a killed bot process gets out of the way.
        self._poll_generation += 1
        generation = self._poll_generation
        deadline = time.monotonic() + timeout
        while True:
            changed = self._changed
            self._updates = [u for u in self._updates if _update_kind(u) in self._allowed_updates]
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one "
                    "bot instance is running",
                )
            remaining = deadline - time.monotonic()
            if self._updates or remaining <= 0 or self._closing.is_set():
                return copy.deepcopy(self._updates[:limit])
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = str_param(params, "url") or ""
        if not url:
            self._webhook = None
            return True
        if not url.lower().startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if bool_param(params, "drop_pending_updates"):
            self._updates.clear()
        self._webhook = {
            "url": url,
            "allowed_updates": params.get("allowed_updates"),
            "secret_token": str_param(params, "secret_token"),
        }
        return True

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        self._webhook = None
        if bool_param(params, "drop_pending_updates"):
            self._updates.clear()
        return True

    async def _get_webhook_info(self, params: dict[str, Any]) -> JsonDict:
        info: JsonDict = {
            "url": self._webhook["url"] if self._webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self._webhook and self._webhook.get("allowed_updates"):
            info["allowed_updates"] = self._webhook["allowed_updates"]
        return info

    async def _send_message(self, params: dict[str, Any]) -> JsonDict:
        chat = self._writable_chat(params)
        self._check_flood("sendMessage", chat)
        text, entities, html = self._format(params, caption=False)
        content: JsonDict = {"text": text}
        if entities:
            content["entities"] = entities
        return self._store_bot_message(chat, content, params, html=html)

    async def _edit_message_text(self, params: dict[str, Any]) -> JsonDict:
        chat, record = self._editable(params)
        self._check_flood("editMessageText", chat)
        if "text" not in record.data:
            raise bad_request("there is no text in the message to edit")
        text, entities, html = self._format(params, caption=False)
        changes: JsonDict = {"text": text, "entities": entities}
        if "reply_markup" in params:
            changes["reply_markup"] = params["reply_markup"]
        return self._apply_edit(chat, record, changes, html=html)

    async def _edit_message_caption(self, params: dict[str, Any]) -> JsonDict:
        chat, record = self._editable(params)
        self._check_flood("editMessageCaption", chat)
        if "text" in record.data:
            raise bad_request("there is no caption in the message to edit")
        caption, entities, html = self._format(params, caption=True)
        changes: JsonDict = {"caption": caption, "caption_entities": entities}
        if "reply_markup" in params:
            changes["reply_markup"] = params["reply_markup"]
        return self._apply_edit(chat, record, changes, html=html)

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> JsonDict:
        chat, record = self._editable(params)
        self._check_flood("editMessageReplyMarkup", chat)
        changes: JsonDict = {}
        if "reply_markup" in params:
            changes["reply_markup"] = params["reply_markup"]
        return self._apply_edit(chat, record, changes, html=record.html)

    async def _delete_message(self, params: dict[str, Any]) -> bool:
        chat = self._chat(params)
        message_id = int_param(params, "message_id")
        record = self._messages.get((chat.id, message_id or 0))
        if record is None or record.deleted:
            raise bad_request("message to delete not found")
        too_old = self._now() - int(record.data["date"]) > _DELETE_WINDOW
        if too_old or (chat.type != "private" and not record.from_bot):
            raise bad_request("message can't be deleted for everyone")
        record.deleted = True
        record.seq = self._next_seq()
        return True

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query_id = str_param(params, "callback_query_id")
        if not query_id:
            raise bad_request('parameter "callback_query_id" is required')
        text = str_param(params, "text")
        if text is not None and len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        query = self._queries.get(query_id)
        if (
            query is None
            or query.answered
            or time.monotonic() - query.created > self.callback_query_ttl
        ):
            raise bad_request(_QUERY_TOO_OLD)
        query.answered = True
        self.callback_answers.append(
            CallbackAnswer(
                query_id=query_id,
                text=text,
                show_alert=bool_param(params, "show_alert"),
                url=str_param(params, "url"),
                cache_time=int_param(params, "cache_time", 0) or 0,
            )
        )
        return True

    async def _send_chat_action(self, params: dict[str, Any]) -> bool:
        self._writable_chat(params)
        if str_param(params, "action") not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def _document_param(self, params: Mapping[str, Any]) -> StoredFile:
        document = params.get("document")
        if isinstance(document, str) and document.startswith("attach://"):
            document = params.get(document.removeprefix("attach://"))
        if isinstance(document, UploadedFile):
            if not document.content:
                raise bad_request("file must be non-empty")
            return self._new_file(
                "document",
                document.content,
                file_name=document.file_name,
                mime_type=document.mime_type,
            )
        if isinstance(document, str) and document in self._files:
            return self._files[document]
        if isinstance(document, str) and document.lower().startswith(("http://", "https://")):
            # The emulator does not fetch URLs; Telegram's error for an unreachable one.
            raise bad_request("failed to get HTTP URL content")
        if document:
            raise bad_request("wrong file identifier/HTTP URL specified")
        raise bad_request('parameter "document" is required')

    async def _send_document(self, params: dict[str, Any]) -> JsonDict:
        chat = self._writable_chat(params)
        self._check_flood("sendDocument", chat)
        stored = self._document_param(params)
        caption, entities, html = self._format(params, caption=True)
        document: JsonDict = {
            "file_name": stored.file_name,
            "mime_type": stored.mime_type,
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
        }
        content: JsonDict = {"document": {k: v for k, v in document.items() if v is not None}}
        if caption:
            content["caption"] = caption
        if entities:
            content["caption_entities"] = entities
        return self._store_bot_message(
            chat, content, params, html=html, document_content=stored.content
        )

    async def _get_file(self, params: dict[str, Any]) -> JsonDict:
        stored = self._files.get(str_param(params, "file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }

    async def _get_chat(self, params: dict[str, Any]) -> JsonDict:
        chat = self._chat(params)
        return {
            **chat.to_json(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    @staticmethod
    def _language(params: Mapping[str, Any]) -> str:
        language = str_param(params, "language_code") or ""
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise bad_request("invalid language code specified")
        return language

    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = commands_param(params)
        key = (scope_key(params), self._language(params))
        if commands:
            self._commands[key] = commands
        else:
            self._commands.pop(key, None)
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> list[JsonDict]:
        key = (scope_key(params), self._language(params))
        return copy.deepcopy(self._commands.get(key, []))

    async def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        self._commands.pop((scope_key(params), self._language(params)), None)
        return True

    async def _set_chat_menu_button(self, params: dict[str, Any]) -> bool:
        chat_id = chat_id_param(params, required=False)
        if chat_id is not None and chat_id not in self._chats:
            raise bad_request("chat not found")
        button = params.get("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in _MENU_BUTTON_TYPES:
            raise bad_request("can't parse menu button JSON object")
        self._menu_buttons[chat_id] = dict(button)
        return True

    async def _get_chat_menu_button(self, params: dict[str, Any]) -> JsonDict:
        return self.menu_button(chat_id_param(params, required=False))

    def _bot_info_setter(self, kind: str) -> Handler:
        async def setter(params: dict[str, Any]) -> bool:
            value = str_param(params, kind) or ""
            if len(value) > _BOT_INFO_LIMITS[kind]:
                raise bad_request(f"{kind.replace('_', ' ')} is too long")
            self._bot_info[(kind, self._language(params))] = value
            return True

        return setter

    def _bot_info_getter(self, kind: str) -> Handler:
        async def getter(params: dict[str, Any]) -> JsonDict:
            language = self._language(params)
            value = self._bot_info.get((kind, language)) or self._bot_info.get((kind, ""), "")
            if kind == "name" and not value:
                value = self.bot_first_name
            return {kind: value}

        return getter


_MEDIA_KEYS = ("document", "photo", "sticker", "voice", "audio", "video")
_DROPPED: JsonDict = {"ok": False, "error_code": 0, "description": "connection dropped"}


def _abort(request: web.Request) -> web.Response:
    """Close the connection without an answer; the client sees a network error."""
    if request.transport is not None:
        request.transport.abort()
    return web.Response()


def _check_utf8(*texts: object) -> None:
    """A user's text must be valid Unicode: the Bot API speaks UTF-8 JSON, where a lone
    surrogate cannot exist (a UTF-16 client sends U+FFFD instead). Refused here, at the test's
    call, rather than breaking every later getUpdates answer."""
    for text in texts:
        if isinstance(text, str):
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError(
                    f"{text[:40]!r} holds a lone surrogate, which Telegram cannot carry"
                ) from None


def _update_kind(update: JsonDict) -> str:
    return next(key for key in update if key != "update_id")


def _inline_buttons(message: JsonDict) -> list[JsonDict]:
    markup = message.get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]
