"""Steps that run before every handler: who the user is, which language, private chats only."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot import ptb_private
from bot.context import CoachContext
from bot.i18n import _, resolve_locale, set_locale
from bot.storage import conversations, repositories
from bot.storage.models import ConversationState

log = logging.getLogger(__name__)


async def load_user(update: Update, context: CoachContext) -> None:
    """Stores the user on first contact, notes they were seen, and sets their language."""
    chat, tg_user = update.effective_chat, update.effective_user
    if chat is None or tg_user is None or tg_user.is_bot:
        return
    if chat.type != ChatType.PRIVATE:
        set_locale(resolve_locale(None, tg_user.language_code))
        _answer_group(update, context)
        raise ApplicationHandlerStop
    if chat.id != tg_user.id:
        # In a private chat the chat is its user; an update saying otherwise is forged (it
        # would let one user act on another's data or move their reminders to another chat).
        log.warning("dropped an update whose private chat is not its sender's")
        raise ApplicationHandlerStop
    settings = context.services.settings
    # Read first, together, and held for the update: upsert_user then finds the user in the
    # session, and a conversation state written back needs no second read.
    known, states = await conversations.user_and_states(context.session, tg_user.id)
    context.unit.held.extend([known, *states])
    if known is None and update.callback_query is not None:
        # A button of someone the coach does not know (their data was deleted, "Ya, hapus
        # semua" pressed twice): it is stale, and pressing it stores nobody anew.
        set_locale(resolve_locale(None, tg_user.language_code))
        context.answer(
            _("Tombol ini sudah tidak berlaku. Ketik /start untuk memulai."), alert=True
        )
        raise ApplicationHandlerStop
    user = await repositories.upsert_user(
        context.session,
        user_id=tg_user.id,
        chat_id=chat.id,
        first_name=tg_user.first_name or "",
        telegram_language=tg_user.language_code,
        now=context.now(),
        default_timezone=settings.default_timezone,
        quiet_start=settings.quiet_hours_start,
        quiet_end=settings.quiet_hours_end,
    )
    context.db_user = user
    set_locale(resolve_locale(user.language, user.telegram_language))
    _bring_in_conversation_states(context, chat.id, tg_user.id, states)


def _bring_in_conversation_states(
    context: CoachContext, chat_id: int, user_id: int, rows: list[ConversationState]
) -> None:
    """The database is the truth of where this chat stands in every conversation, so that any
    replica can take any update and a rolled-back step is not remembered in memory only."""
    key = (chat_id, user_id)
    encoded = conversations.encode_key(key)
    before = {row.name: row for row in rows if row.key == encoded}
    context.unit.states_before = before
    ptb_private.put(
        context.application.bot_data["conversations"],
        key,
        {name: row.state for name, row in before.items()},
    )


# A group hears that the coach works in private chats at most this often: anyone could make a
# group send commands all day, and Telegram lets a bot say about 20 things a minute there.
GROUP_QUIET = timedelta(minutes=10)


def _group_may_be_answered(context: CoachContext, chat_id: int) -> bool:
    answered: dict[int, datetime] = context.application.bot_data.setdefault("groups_answered", {})
    now = context.now()
    if len(answered) > 1000:
        # Forget groups answered long ago, so memory does not grow with every group ever seen.
        for key in [k for k, at in answered.items() if now - at >= GROUP_QUIET]:
            del answered[key]
    last = answered.get(chat_id)
    if last is not None and now - last < GROUP_QUIET:
        return False
    answered[chat_id] = now
    return True


def _answer_group(update: Update, context: CoachContext) -> None:
    """Says, politely and now and then, that the coach works in private chats."""
    text = _(
        "Halo! Saya pelatih wawancara Anda, dan saya hanya bekerja di chat pribadi agar rencana "
        "dan lamaran Anda tetap rahasia. Silakan buka chat dengan saya dan ketik /start."
    )
    if update.callback_query is not None:
        # An alert holds at most 200 characters, hence its own shorter sentence.
        context.answer(
            _("Saya hanya bekerja di chat pribadi. Buka chat dengan saya dan ketik /start."),
            alert=True,
        )
        return
    message = update.effective_message
    # Without privacy mode off, a group only sends commands and replies to us; ignore the rest,
    # so that the coach never chatters in a group.
    if message is None or not (message.text or "").startswith("/"):
        return
    if _group_may_be_answered(context, message.chat_id):
        context.reply(text)
