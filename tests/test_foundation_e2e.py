"""The foundation, end to end: commands, language, groups, bad input, through the emulator."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import Coach
from tests.helpers import stored_user


async def test_start_greets_in_indonesian_and_says_what_is_stored(coach: Coach) -> None:
    sari = coach.user()
    reply = await sari.ask("/start")
    assert reply.text is not None
    assert "Halo, Sari!" in reply.text
    assert "enam tahap" in reply.text
    assert "Data yang saya simpan" in reply.text
    # HTML went through Telegram's parser: bold became an entity, no tags are left.
    assert "<b>" not in reply.text
    assert any(e["type"] == "bold" for e in reply.entities)


async def test_name_is_escaped(coach: Coach) -> None:
    evil = coach.emu.user(id=1002, first_name="<b>Bo & Co</b>", language_code="id")
    reply = await evil.ask("/start")
    assert reply.text is not None and "Halo, <b>Bo & Co</b>!" in reply.text


async def test_command_menu_is_set_per_language(coach: Coach) -> None:
    request = await coach.emu.wait_for_request(
        "setMyCommands", lambda r: r.params.get("language_code") == "en"
    )
    commands = {c["command"]: c["description"] for c in request.params["commands"]}
    assert commands["wawancara"] == "Pick an interview stage and get guidance"
    indonesian = [r for r in coach.emu.calls("setMyCommands") if not r.params.get("language_code")]
    assert indonesian and {c["command"] for c in indonesian[0].params["commands"]} >= {
        "wawancara",
        "bantuan",
        "bahasa",
        "batal",
        "lamaran",
        "zonawaktu",
    }


async def test_help_lists_the_commands(coach: Coach) -> None:
    reply = await coach.user().ask("/bantuan")
    for command in ("/wawancara", "/lamaran", "/bahasa", "/batal", "/privasi", "/zonawaktu"):
        assert command in (reply.text or "")


async def test_wawancara_shows_six_stages_as_buttons(coach: Coach) -> None:
    reply = await coach.user().ask("/wawancara")
    labels = [text for text, _ in reply.buttons]
    assert len(labels) == 6
    assert labels[0].endswith("1. Dihubungi oleh rekruter")
    assert labels[5].endswith("6. Poin penting")


async def test_language_switch_to_english_and_back(coach: Coach) -> None:
    sari = coach.user()
    await sari.ask("/bahasa")
    await sari.press("🇬🇧 English")
    confirmation = await sari.wait_reply()
    assert "I will speak English" in (confirmation.text or "")
    help_text = await sari.ask("/bantuan")
    assert "Commands you can use" in (help_text.text or "")
    await sari.ask("/bahasa")
    await sari.press("🇮🇩 Bahasa Indonesia")
    back = await sari.wait_reply()
    assert "bahasa Indonesia" in (back.text or "")


async def test_telegram_language_is_used_until_the_user_chooses(coach: Coach) -> None:
    john = coach.emu.user(id=2001, first_name="John", language_code="en-US")
    reply = await john.ask("/start")
    assert "Hello, John!" in (reply.text or "")
    unknown = coach.emu.user(id=2002, first_name="Ana", language_code="pt-BR")
    reply = await unknown.ask("/start")
    assert "Halo, Ana!" in (reply.text or "")


async def test_group_chat_gets_one_polite_answer(coach: Coach) -> None:
    sari = coach.user()
    group = coach.emu.group(id=-100123, title="Grup Karier")
    await sari.send("/start", chat=group)
    reply = await sari.wait_reply(chat=group)
    assert "chat pribadi" in (reply.text or "")
    await sari.send("halo semua", chat=group)
    await coach.emu.wait_idle()
    assert len(coach.emu.chat_messages(group.id)) == 1


async def test_stickers_photos_and_voice_get_a_clear_answer(coach: Coach) -> None:
    sari = coach.user()
    for send in (sari.send_sticker, sari.send_photo, sari.send_voice):
        await send()
        reply = await sari.wait_reply()
        assert "hanya bisa membaca pesan teks" in (reply.text or "")


async def test_unknown_text_and_command(coach: Coach) -> None:
    sari = coach.user()
    # Text the coach has no answer for gets what it does and the stages, never a shrug.
    assert "di setiap tahap wawancara kerja" in ((await sari.ask("resep rendang dong")).text or "")
    assert "tidak saya kenal" in ((await sari.ask("/entahlah")).text or "")
    assert "Tidak ada percakapan" in ((await sari.ask("/batal")).text or "")


async def test_tampered_button_gets_an_answer(coach: Coach) -> None:
    sari = coach.user()
    await sari.ask("/wawancara")
    query_id = await sari.press(callback_data="m:s:bukan-tahap")
    answer = await coach.emu.wait_for_callback_answer(query_id)
    assert "tidak berlaku" in (answer.text or "")


async def test_huge_and_odd_text_is_answered(
    coach: Coach, caplog: pytest.LogCaptureFixture
) -> None:
    sari = coach.user()
    with caplog.at_level(logging.ERROR):
        reply = await sari.ask("\u202e" + "x" * 4000 + "\u200d👩\u200d💻")
    # The usual answer to text it cannot place, not the apology of a crash.
    assert "di setiap tahap wawancara kerja" in (reply.text or "")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_user_who_blocked_the_bot_causes_no_crash(
    coach: Coach, caplog: pytest.LogCaptureFixture
) -> None:
    sari = coach.user()
    await sari.ask("/start")
    with caplog.at_level(logging.ERROR):
        # Sent, then the bot blocked before its answer goes out: the answer is refused (403).
        sends = len(coach.emu.calls("sendMessage"))
        await sari.send("/bantuan")
        await sari.block()
        await coach.emu.wait_idle()
        refused = coach.emu.calls("sendMessage")[sends:]
        assert [call.response.get("error_code") for call in refused] == [403]  # no apology tried
        assert (
            await stored_user(coach.settings.database_url, sari.id)
        ).blocked  # so no nudge is attempted
        await sari.unblock()
        reply = await sari.ask("/bantuan")
    assert "/wawancara" in (reply.text or "")
    assert not (await stored_user(coach.settings.database_url, sari.id)).blocked
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
