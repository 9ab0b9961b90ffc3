"""Value types the emulator hands to tests: recorded requests, bot messages, callback answers."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

JsonDict = dict[str, Any]


class EmulatorTimeout(AssertionError):
    """A `wait_*` helper gave up; the message lists what the emulator saw instead."""


class ApiError(Exception):
    """A Bot API error response: HTTP status == error_code, like Telegram."""

    def __init__(self, error_code: int, description: str, *, retry_after: int | None = None):
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after

    def to_json(self) -> JsonDict:
        data: JsonDict = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.retry_after is not None:
            data["parameters"] = {"retry_after": self.retry_after}
        return data


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


@dataclass(frozen=True)
class RateLimits:
    """Telegram's flood limits; beyond them sends get 429 `retry after N`. `None` disables one.

    Counted: sendMessage, sendDocument and editMessage* calls that succeed.

    * `global_per_second` is the budget for bulk notifications, messages the bot starts. With
      `reply_window`, a send to a chat that wrote to the bot (a message or a button press) in
      the last `reply_window` seconds is an answer and is not counted against it (Telegram's
      Bot FAQ: the 30 a second is about notifications to many users); with `None`, every
      send is.
    * `per_chat_per_second` paces every send to one chat, replies included, with short bursts
      tolerated: up to `per_chat_burst` at once, then one every `1 / per_chat_per_second`
      seconds (a token bucket of `per_chat_burst` tokens).
    * `per_group_per_minute` caps sends to a group or supergroup in any minute.
    """

    global_per_second: int | None = 30
    per_chat_per_second: int | None = 1
    per_group_per_minute: int | None = 20
    per_chat_burst: int = 1
    reply_window: float | None = None


class ApiRequest(NamedTuple):
    """One call the bot made: canonical method name, decoded params, the JSON we answered."""

    method: str
    params: dict[str, Any]
    response: dict[str, Any]

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))

    @property
    def result(self) -> Any:
        return self.response.get("result")

    @property
    def description(self) -> str | None:
        description = self.response.get("description")
        return description if isinstance(description, str) else None


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    file_name: str
    content: bytes
    mime_type: str


@dataclass(frozen=True)
class StoredFile:
    """A file known to the emulator (uploaded by the bot or sent by a user), served by getFile."""

    file_id: str
    file_unique_id: str
    file_name: str | None
    mime_type: str | None
    content: bytes
    file_path: str


@dataclass(frozen=True)
class CallbackAnswer:
    query_id: str
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int


@dataclass(frozen=True)
class ChatInfo:
    """A chat the emulator knows: a user's private chat or a group created with `emu.group()`."""

    id: int
    type: Literal["private", "group", "supergroup"]
    title: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    username: str | None = None

    def to_json(self) -> JsonDict:
        data: JsonDict = {"id": self.id}
        for key in ("title", "username", "first_name", "last_name"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        data["type"] = self.type
        return data


@dataclass(frozen=True)
class BotMessage:
    """A snapshot of a message the bot sent, with its edits applied.

    `data` is the Message object exactly as the Bot API returns it; the other fields are for
    tests only: the HTML the bot sent, a reply keyboard it attached (Telegram does not echo
    those), the bytes of a document, `seq` (the emulator's activity counter at the last
    change), whether the bot deleted it and the texts it had before each edit.
    """

    data: Mapping[str, Any]
    seq: int
    html: str | None = None
    reply_keyboard: JsonDict | None = None
    document_content: bytes | None = None
    deleted: bool = False
    previous_texts: tuple[str, ...] = ()

    @property
    def chat_id(self) -> int:
        return int(self.data["chat"]["id"])

    @property
    def message_id(self) -> int:
        return int(self.data["message_id"])

    @property
    def text(self) -> str | None:
        """The text (or a document's caption) as Telegram stores it: tags stripped."""
        value = self.data.get("text", self.data.get("caption"))
        return value if isinstance(value, str) else None

    @property
    def entities(self) -> list[JsonDict]:
        value = self.data.get("entities", self.data.get("caption_entities", []))
        return copy.deepcopy(list(value))

    @property
    def reply_markup(self) -> JsonDict | None:
        value = self.data.get("reply_markup")
        return copy.deepcopy(dict(value)) if value is not None else None

    @property
    def edit_date(self) -> int | None:
        value = self.data.get("edit_date")
        return int(value) if value is not None else None

    @property
    def document(self) -> JsonDict | None:
        value = self.data.get("document")
        return copy.deepcopy(dict(value)) if value is not None else None

    @property
    def keyboard(self) -> list[list[JsonDict]]:
        """Rows of the inline keyboard (empty when there is none)."""
        markup = self.data.get("reply_markup") or {}
        return copy.deepcopy([list(row) for row in markup.get("inline_keyboard", [])])

    @property
    def buttons(self) -> list[tuple[str, str | None]]:
        """Every inline button, row by row, as (text, callback_data or None for URL buttons)."""
        return [
            (button["text"], button.get("callback_data"))
            for row in self.keyboard
            for button in row
        ]

    def to_json(self) -> JsonDict:
        return copy.deepcopy(dict(self.data))
