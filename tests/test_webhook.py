"""The webhook endpoint as an attacker and bad luck would use it: no secret, a wrong one, JSON
that is no update, a forged private chat, and the same update delivered twice."""

from __future__ import annotations

from typing import Any

import aiohttp

from bot.storage.models import User
from tests.conftest import WEBHOOK_SECRET, WebhookCoach
from tests.helpers import rows, says
from tgemu import BotApiEmulator

HEADER = "X-Telegram-Bot-Api-Secret-Token"


def message_update(update_id: int, *, chat_id: int, from_id: int, text: str) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_700_000_000,
            "chat": {"id": chat_id, "type": "private", "first_name": "X"},
            "from": {"id": from_id, "is_bot": False, "first_name": "X"},
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


async def post(url: str, body: Any, secret: str | None = WEBHOOK_SECRET) -> int:
    headers = {HEADER: secret} if secret is not None else {}
    async with (
        aiohttp.ClientSession() as client,
        client.post(url, json=body, headers=headers) as response,
    ):
        return response.status


async def test_requests_without_the_secret_or_not_an_update_are_refused(
    webhook_coach: WebhookCoach,
) -> None:
    update = message_update(1, chat_id=7001, from_id=7001, text="/start")
    assert await post(webhook_coach.url, update, secret=None) == 403
    assert await post(webhook_coach.url, update, secret="") == 403
    assert await post(webhook_coach.url, update, secret="wrong") == 403
    for body in ([1, 2], "update", 42, None):
        assert await post(webhook_coach.url, body) == 400
    assert await rows(webhook_coach.database_url, User) == []


async def test_a_private_chat_that_is_not_its_senders_is_dropped(
    emulator: BotApiEmulator, webhook_coach: WebhookCoach
) -> None:
    victim = emulator.user(id=7002, first_name="Korban")
    await victim.ask("/start", timeout=15)
    sends = len(emulator.calls("sendMessage"))
    # From the victim, into the attacker's chat: the victim's data must not go there.
    forged = message_update(999_001, chat_id=7666, from_id=victim.id, text="/ekspor")
    assert await post(webhook_coach.url, forged) == 200
    assert len(emulator.calls("sendMessage")) == sends
    assert emulator.calls("sendDocument") == []
    [stored] = await rows(webhook_coach.database_url, User)
    assert stored.chat_id == victim.id


async def test_an_update_delivered_twice_is_answered_once(
    emulator: BotApiEmulator, webhook_coach: WebhookCoach
) -> None:
    sari = emulator.user(id=7003, first_name="Sari")
    await sari.ask("/start", timeout=15)
    update = message_update(999_002, chat_id=sari.id, from_id=sari.id, text="/bantuan")
    assert await post(webhook_coach.url, update) == 200
    await sari.wait_reply(predicate=says("Perintah yang bisa Anda pakai"))
    sends = len(emulator.calls("sendMessage"))
    assert await post(webhook_coach.url, update) == 200  # its 200 was lost: Telegram retries
    assert len(emulator.calls("sendMessage")) == sends
