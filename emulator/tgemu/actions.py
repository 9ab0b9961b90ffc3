"""The users' side: creating users and groups, and what a `UserHandle` does (send, edit,
press, block), each turned into the update Telegram would send the bot."""

from __future__ import annotations

import copy
import time
from typing import Literal

from tgemu.entities import find_auto_entities
from tgemu.models import ChatInfo, JsonDict
from tgemu.state import PendingQuery, Record, inline_buttons
from tgemu.users import UserHandle
from tgemu.waiters import Waiters


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


class UserActions(Waiters):
    """Users and groups; a `UserHandle` acts through the `_user_*` methods and waits for the
    bot's reply through the waiters."""

    _query_counter: int = 0

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

    # ------------------------------------------------------------------ what UserHandle does

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
        self._last_heard[chat.id] = time.monotonic()
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
        self._messages[(chat.id, message["message_id"])] = Record(
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
    ) -> Record:
        if message_id is not None:
            record = self._record(chat.id, message_id)
            if not record.from_bot:
                raise ValueError(f"message {message_id} was not sent by the bot")
            return record
        for (chat_id, _), record in sorted(self._messages.items(), reverse=True):
            if chat_id != chat.id or not record.from_bot or record.deleted:
                continue
            texts = [b.get("text") for b in inline_buttons(record.data)]
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
            buttons = inline_buttons(record.data)
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
        self._queries[query_id] = PendingQuery(created=time.monotonic())
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
