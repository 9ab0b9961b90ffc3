"""Sends an update's queued answers after its commit, turning failures into a kind sentence."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

from telegram import Bot, Update
from telegram.error import BadRequest, Forbidden

from bot.i18n import _

log = logging.getLogger(__name__)

Action = Callable[[], Awaitable[object]]


async def deliver(
    actions: Sequence[Action],
    update: object,
    bot: Bot,
    *,
    callback_answer: Action | None = None,
) -> None:
    """Answers the pressed button first, then sends the answers in order; stops at the first
    failed answer and tells the user once. Never raises: a failure here must not stop the bot
    from receiving the next updates."""
    if callback_answer is not None:
        try:
            await callback_answer()
        except BadRequest as exc:
            # A press answered late ("query is too old", common under load) only leaves its
            # spinner turning a little longer; the real answer below still goes out.
            log.info("could not answer the button press: %s", exc.message)
        except Exception:
            log.exception("could not answer the button press")
    for action in actions:
        try:
            await action()
        except Forbidden:
            log.info("the user blocked the bot; the answer is dropped")
            return
        except Exception:
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
                "Maaf, terjadi kesalahan di pihak saya. Data Anda aman; silakan coba beberapa "
                "saat lagi, atau ketik /batal lalu /wawancara."
            ),
        )
    except Exception:
        log.exception("could not send the apology either")
