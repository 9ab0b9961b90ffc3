"""A mistyped command, end to end: "/latian" gets "Maksud Anda /latihan?" and a button that runs
/latihan as if it had been typed, conversation included."""

from __future__ import annotations

from bot.storage.models import ConversationState
from tests.conftest import Coach
from tests.helpers import rows, says


async def test_a_mistyped_command_gets_a_button_that_runs_the_right_one(coach: Coach) -> None:
    sari = coach.user()
    suggestion = await sari.ask("/latian")
    assert suggestion.text == "Maksud Anda /latihan?"
    await sari.press("▶️ Ya, /latihan", message=suggestion)
    await sari.wait_reply(predicate=says("Pilih set latihan"))
    # /latihan's conversation was entered, as if typed: its set buttons answer it.
    await sari.press("🎲 Campuran (5 pertanyaan)")
    await sari.wait_reply(predicate=says("Pertanyaan 1 dari 5"))
    # In a conversation, a mistyped command ends it like any command, and is corrected.
    suggestion = await sari.ask("/wawancra")
    assert suggestion.text == "Maksud Anda /wawancara?"
    assert await rows(coach.settings.database_url, ConversationState) == []
    await sari.press("▶️ Ya, /wawancara", message=suggestion)
    menu = await sari.wait_reply(predicate=says("Enam tahap proses wawancara"))
    assert len(menu.buttons) == 6
    assert "tidak saya kenal" in ((await sari.ask("/xyzzy")).text or "")
    query = await sari.press(callback_data="cmd:sudo")
    assert "tidak berlaku" in ((await coach.emu.wait_for_callback_answer(query)).text or "")

    john = coach.user(id=1002, first_name="John", language_code="en")
    reply = await john.ask("/practise")
    assert reply.text == "Did you mean /latihan?"
    assert dict(reply.buttons) == {"▶️ Yes, /latihan": "cmd:latihan"}
