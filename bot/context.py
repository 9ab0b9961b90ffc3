"""The typed callback context every handler receives: services, the update's session, replies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Message, Update
from telegram.error import BadRequest
from telegram.ext import CallbackContext, ExtBot

from bot import ptb_private
from bot.clock import Clock
from bot.config import Settings
from bot.storage.db import Database, UnitOfWork, current_unit
from bot.storage.models import User

if TYPE_CHECKING:
    from telegram.ext import Application


@dataclass
class Services:
    """What the handlers need from outside Telegram; built once by the application factory."""

    settings: Settings
    database: Database
    clock: Clock


class CoachContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """PTB's context plus the coach's services; created by PTB for each update."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self.db_user: User | None = None

    @property
    def services(self) -> Services:
        services = self.application.bot_data.get("services")
        if not isinstance(services, Services):
            raise RuntimeError("the application was not built by bot.app.build_application")
        return services

    @property
    def unit(self) -> UnitOfWork:
        unit = current_unit.get()
        if unit is None:
            raise RuntimeError("no unit of work: the update is not processed by CoachApplication")
        return unit

    def unit_or_none(self) -> UnitOfWork | None:
        return current_unit.get()

    @property
    def session(self) -> AsyncSession:
        return self.unit.session

    def now(self) -> datetime:
        return self.services.clock.now()

    @property
    def timezone(self) -> str:
        if self.db_user is not None:
            return self.db_user.timezone
        return self.services.settings.default_timezone

    @property
    def user(self) -> User:
        """The stored user behind this update (private chats only)."""
        if self.db_user is None:
            raise RuntimeError("no stored user for this update")
        return self.db_user

    def reply(self, text: str, **kwargs: Any) -> None:
        """Sends `text` to the update's chat once the update's writes are committed."""
        chat_id = self._chat_id
        if chat_id is None:
            raise RuntimeError("this update has no chat to answer in")
        bot = self.bot

        async def send() -> None:
            await bot.send_message(chat_id, text, **kwargs)

        self.unit.after_commit(send)

    def send_document(self, document: bytes, filename: str, **kwargs: Any) -> None:
        """Sends a file to the update's chat once the update's writes are committed."""
        chat_id = self._chat_id
        if chat_id is None:
            raise RuntimeError("this update has no chat to send a file to")
        bot = self.bot

        async def send() -> None:
            await bot.send_document(chat_id, document, filename=filename, **kwargs)

        self.unit.after_commit(send)

    def edit(self, message: Message | None, text: str, **kwargs: Any) -> None:
        """Replaces a bot message's text after the commit (sends anew when it is gone)."""
        if message is None:
            self.reply(text, **kwargs)
            return
        bot, chat_id = self.bot, message.chat_id

        async def edit() -> None:
            try:
                await message.edit_text(text, **kwargs)
            except BadRequest as exc:
                # PTB capitalises Telegram's description: "Message is not modified: ...".
                reason = exc.message.lower()
                if "message is not modified" in reason:
                    return
                if "message to edit not found" in reason or "can't be edited" in reason:
                    await bot.send_message(chat_id, text, **kwargs)
                    return
                raise

        self.unit.after_commit(edit)

    def drop_buttons(self, message: Message | None) -> None:
        """Removes a bot message's buttons after the commit (nothing if it is gone)."""
        if message is None:
            return

        async def drop() -> None:
            try:
                await message.edit_reply_markup(reply_markup=None)
            except BadRequest as exc:
                reason = exc.message.lower()
                if "not modified" in reason or "not found" in reason or "can't be" in reason:
                    return
                raise

        self.unit.after_commit(drop)

    def answer(self, text: str | None = None, *, alert: bool = False) -> None:
        """Sets the answer to the pressed button (a toast, or an alert), sent after the commit.

        Telegram takes one answer per press: the update sends exactly one, the last one set
        here, or a plain one (which stops the button's spinner) when no handler set any.
        """
        self.unit.callback_answer = (text, alert)

    def end_conversations(self) -> None:
        """Ends every conversation the chat is in, as of this update (its rows are deleted at
        the end of the update, in its transaction)."""
        if self._chat_id is None or self._user_id is None:
            return
        ptb_private.put(self.application.bot_data["conversations"], self.conversation_key, {})

    @property
    def conversation_key(self) -> tuple[int, int]:
        """How PTB keys this chat's conversations: (chat id, user id)."""
        if self._chat_id is None or self._user_id is None:
            raise RuntimeError("this update has no chat and user")
        return (self._chat_id, self._user_id)


def callback_message(update: Update) -> Message | None:
    """The bot message a pressed button belongs to, if Telegram still lets us touch it."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return None
    return query.message
