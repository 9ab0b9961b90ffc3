"""`UserHandle`: a Telegram user driven by a test, talking to the bot through the emulator."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from tgemu.models import BotMessage, ChatInfo, JsonDict

if TYPE_CHECKING:
    from tgemu.actions import UserActions

_DEFAULT_PDF = b"%PDF-1.4\n% emulator test document\n%%EOF\n"
_FAKE_OGG = b"OggS\x00\x02" + bytes(58)
_FAKE_JPEG = b"\xff\xd8\xff\xe0" + bytes(60) + b"\xff\xd9"
_FAKE_WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(24)


class HasMessageId(Protocol):
    """A `BotMessage`, a PTB `telegram.Message` or anything else with a message id."""

    @property
    def message_id(self) -> int: ...


MessageRef = int | HasMessageId | Mapping[str, Any]


def _message_id(message: MessageRef) -> int:
    if isinstance(message, int):
        return message
    if isinstance(message, Mapping):
        return int(message["message_id"])
    return message.message_id


class UserHandle:
    """A user created by `emu.user(...)`. Every action creates the update Telegram would send
    the bot and returns at once (it does not wait for the bot); `chat=` sends into a group.
    Actions return the user's Message object (as a dict) or, for `press`, the callback query id.
    """

    def __init__(
        self,
        emulator: UserActions,
        *,
        id: int,
        first_name: str,
        last_name: str | None,
        username: str | None,
        language_code: str | None,
    ) -> None:
        self._emu = emulator
        self.id = id
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code
        self.chat = ChatInfo(
            id=id, type="private", first_name=first_name, last_name=last_name, username=username
        )

    def __repr__(self) -> str:
        return f"UserHandle(id={self.id}, first_name={self.first_name!r})"

    def to_json(self) -> JsonDict:
        """The Telegram User object."""
        data: JsonDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name is not None:
            data["last_name"] = self.last_name
        if self.username is not None:
            data["username"] = self.username
        if self.language_code is not None:
            data["language_code"] = self.language_code
        return data

    # ------------------------------------------------------------------ actions

    async def send(
        self, text: str, *, chat: ChatInfo | None = None, reply_to: MessageRef | None = None
    ) -> JsonDict:
        """A text message; /commands (also /cmd@bot) get bot_command entities like in Telegram."""
        return await self._send({"text": text}, chat, reply_to)

    async def send_sticker(self, emoji: str = "👍", *, chat: ChatInfo | None = None) -> JsonDict:
        stored = self._emu._new_file("sticker", _FAKE_WEBP, file_name=None, mime_type="image/webp")
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "set_name": "EmulatorStickers",
            "file_size": len(stored.content),
        }
        return await self._send({"sticker": sticker}, chat, None)

    async def send_photo(
        self, *, caption: str | None = None, chat: ChatInfo | None = None
    ) -> JsonDict:
        stored = self._emu._new_file("photo", _FAKE_JPEG, file_name=None, mime_type="image/jpeg")
        sizes = [
            {"width": 90, "height": 67},
            {"width": 1280, "height": 960},
        ]
        photo = [
            {
                "file_id": f"{stored.file_id}-{size['width']}",
                "file_unique_id": f"{stored.file_unique_id}-{size['width']}",
                "file_size": len(stored.content),
                **size,
            }
            for size in sizes
        ]
        photo[-1]["file_id"] = stored.file_id
        content: JsonDict = {"photo": photo}
        if caption:
            content["caption"] = caption
        return await self._send(content, chat, None)

    async def send_voice(self, *, duration: int = 3, chat: ChatInfo | None = None) -> JsonDict:
        stored = self._emu._new_file("voice", _FAKE_OGG, file_name=None, mime_type="audio/ogg")
        voice = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": len(stored.content),
        }
        return await self._send({"voice": voice}, chat, None)

    async def send_document(
        self,
        file_name: str = "cv.pdf",
        content: bytes = _DEFAULT_PDF,
        *,
        mime_type: str | None = None,
        caption: str | None = None,
        chat: ChatInfo | None = None,
    ) -> JsonDict:
        """A file; the bot can download `content` through getFile."""
        mime = mime_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        stored = self._emu._new_file("document", content, file_name=file_name, mime_type=mime)
        document = {
            "file_name": file_name,
            "mime_type": mime,
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(content),
        }
        data: JsonDict = {"document": document}
        if caption:
            data["caption"] = caption
        return await self._send(data, chat, None)

    async def edit(
        self, message: MessageRef, text: str, *, chat: ChatInfo | None = None
    ) -> JsonDict:
        """Edit one of this user's text messages (the bot gets an `edited_message` update)."""
        return await self._emu._user_edit(self, chat or self.chat, _message_id(message), text)

    async def press(
        self,
        button_text: str | None = None,
        *,
        callback_data: str | None = None,
        message: MessageRef | None = None,
        chat: ChatInfo | None = None,
    ) -> str:
        """Press an inline button and return the callback query id.

        `press("Lolos")` presses that button on the newest bot message that has it; `message=`
        picks an older message. `callback_data="..."` sends arbitrary data instead, as a
        tampered client could (on `message` or the newest message with a keyboard).
        """
        return await self._emu._user_press(
            self,
            chat or self.chat,
            button_text=button_text,
            callback_data=callback_data,
            message_id=None if message is None else _message_id(message),
        )

    async def block(self) -> None:
        """Block the bot: its sends to this user now fail with 403; it gets my_chat_member."""
        await self._emu._user_blocks(self, blocked=True)

    async def unblock(self) -> None:
        await self._emu._user_blocks(self, blocked=False)

    # ------------------------------------------------------------------ observing the chat

    @property
    def messages(self) -> list[BotMessage]:
        """The bot's current messages in this user's private chat."""
        return self._emu.chat_messages(self.id)

    @property
    def last_message(self) -> BotMessage | None:
        return self._emu.last_message(self.id)

    async def wait_reply(
        self,
        *,
        predicate: Callable[[BotMessage], bool] | None = None,
        chat: ChatInfo | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> BotMessage:
        """The bot's first message (or edit) after this user's latest action in the chat."""
        chat_id = (chat or self.chat).id
        return await self._emu.wait_for_message(chat_id, predicate=predicate, timeout=timeout)

    async def ask(
        self,
        text: str,
        *,
        chat: ChatInfo | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> BotMessage:
        """Send `text` and return the bot's first message in response."""
        await self.send(text, chat=chat)
        return await self.wait_reply(chat=chat, timeout=timeout)

    async def _send(
        self, content: JsonDict, chat: ChatInfo | None, reply_to: MessageRef | None
    ) -> JsonDict:
        return await self._emu._user_message(
            self,
            chat or self.chat,
            content,
            reply_to=None if reply_to is None else _message_id(reply_to),
        )
