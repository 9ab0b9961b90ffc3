"""Sends an update's queued answers after its commit, turning failures into a kind sentence."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

from telegram import Bot, Update
from telegram.error import Forbidden, TelegramError

from bot.i18n import _

log = logging.getLogger(__name__)


async def deliver(
    actions: Sequence[Callable[[], Awaitable[object]]], update: object, bot: Bot
) -> None:
    """Runs the answers in order; stops at the first failure and tells the user once."""
    for action in actions:
        try:
            await action()
        except Forbidden:
            log.info("the user blocked the bot; the answer is dropped")
            return
        except TelegramError:
            # The update's data is already committed; only this answer is lost, so say so.
            log.exception("could not deliver an answer")
            await apologise(update, bot)
            return


async def apologise(update: object, bot: Bot) -> None:
    """Tells the user, kindly and in their language, that something failed on our side."""
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await bot.send_message(
            update.effective_chat.id,
            _(
                "Maaf, terjadi kesalahan di pihak saya. Data Anda aman; silakan coba lagi "
                "sebentar lagi atau ketik /batal lalu /wawancara."
            ),
        )
    except TelegramError:
        log.exception("could not send the apology either")
