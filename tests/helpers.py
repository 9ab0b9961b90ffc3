"""Small helpers the end-to-end tests share: reading what the coach stored, matching replies."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from bot.storage.db import Database
from bot.storage.models import User

if TYPE_CHECKING:
    from tests.conftest import Coach
from tgemu import UserHandle
from tgemu.models import BotMessage


async def rows(database_url: str, model: type) -> list[Any]:
    """Every stored row of `model`, read in a session of its own."""
    database = Database(database_url)
    try:
        async with database.session() as session:
            return list(await session.scalars(select(model)))
    finally:
        await database.dispose()


async def stored_user(database_url: str, user_id: int) -> User:
    database = Database(database_url)
    try:
        async with database.session() as session:
            user = await session.get(User, user_id)
            assert user is not None
            return user
    finally:
        await database.dispose()


def says(fragment: str) -> Callable[[BotMessage], bool]:
    """A predicate for wait_reply: the message's text contains `fragment`."""
    return lambda message: fragment in (message.text or "")


# --- walking the stage conversations ---------------------------------------------------


async def open_stage(user: UserHandle, label: str) -> None:
    menu = await user.ask("/wawancara")
    await user.press(next(text for text, _ in menu.buttons if label in text), message=menu)


def is_card(message: BotMessage) -> bool:
    """An application's card: its record ("Riwayat"), or the buttons of an active one."""
    labels = " ".join(text for text, _ in message.buttons)
    return "Riwayat" in (message.text or "") or ("Ubah" in labels and "Panduan" in labels)


async def card(coach: Coach, user: UserHandle) -> BotMessage:
    return await coach.emu.wait_for_message(user.id, predicate=is_card)


async def skip_names(user: UserHandle) -> None:
    """Stage 1 asks the recruiter's name and, the first time, the name for signatures."""
    await user.wait_reply(predicate=lambda m: "nama rekruternya" in (m.text or ""))
    await user.press("Lewati")
    await user.wait_reply(predicate=lambda m: "tanda tangan" in (m.text or "") or is_card(m))
    last = user.last_message
    if last is not None and "tanda tangan" in (last.text or ""):
        await user.press("Lewati")


async def record_application(
    user: UserHandle, company: str = "PT Aman Siber", role: str = "Analis SOC"
) -> BotMessage:
    """Stage 1 for `company`, `role`, contacted by email, names skipped: an active application;
    returns its card."""
    await open_stage(user, "Dihubungi oleh rekruter")
    await user.wait_reply(predicate=says("nama perusahaannya"))
    await user.ask(company)
    await user.ask(role)
    await user.press("📧 Email")
    await skip_names(user)
    return await user.wait_reply(predicate=is_card)
