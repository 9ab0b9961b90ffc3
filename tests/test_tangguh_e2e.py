"""/tangguh end to end through the emulator: from "saya ditolak" to the scheduled check-in."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.storage.db import Database
from bot.storage.models import FollowUp, ResilienceLesson, TipSeen
from tests.conftest import START, Coach
from tests.helpers import is_card, skip_names
from tgemu import UserHandle
from tgemu.models import BotMessage


async def rows(coach: Coach, model: type) -> list:  # type: ignore[type-arg]
    database = Database(coach.settings.database_url)
    try:
        async with database.session() as session:
            return list(await session.scalars(select(model)))
    finally:
        await database.dispose()


def says(text: str):  # type: ignore[no-untyped-def]
    return lambda message: text in (message.text or "")


async def through_to_the_tips(sari: UserHandle, lesson: str | None) -> BotMessage:
    """From the feeling question to the closing tips, with a check-in in three days."""
    await sari.wait_reply(predicate=says("Apa yang paling Anda rasakan"))
    await sari.press("😢 Sedih")
    await sari.wait_reply(predicate=says("Jika sudah siap"))
    await sari.press("💪 Saya siap lanjut")
    await sari.wait_reply(predicate=says("Pikiran yang sering muncul"))
    await sari.press("➡️ Lanjut ke langkah berikutnya")
    # No application recorded: the draft without a company, its placeholders explained.
    await sari.wait_reply(predicate=says("Di perusahaan mana?"))
    await sari.press("Lewati")
    draft = await sari.wait_reply(predicate=says("Draf balasan setelah tidak diterima"))
    assert "[nama perusahaan]" in (draft.text or "")
    await sari.wait_reply(predicate=says("kurung siku"))
    await sari.wait_reply(predicate=says("Satu pelajaran untuk dicatat"))
    if lesson is None:
        await sari.press("Lewati")
    else:
        await sari.ask(lesson)
    await sari.wait_reply(predicate=says("tanyakan kabar Anda"))
    await sari.press("3 hari lagi")
    return await sari.wait_reply(predicate=says("Untuk hari-hari ke depan"))


def tips_in(message: BotMessage) -> list[str]:
    return [line for line in (message.text or "").splitlines() if line.startswith("• ")]


async def test_rejection_from_free_text_to_the_scheduled_check_in(coach: Coach) -> None:
    sari = coach.user()
    offer = await sari.ask("aku ga lolos lagi 😞")
    assert "temani" in (offer.text or "")
    await sari.press("💙 Ya, temani saya")
    feeling = await sari.wait_reply(predicate=says("Apa yang paling Anda rasakan"))
    assert len(feeling.buttons) == 5

    # Media is not read; the question and its buttons come again.
    await sari.send_sticker()
    complaint = await sari.wait_reply()
    assert "Stiker" in (complaint.text or "")
    assert len(complaint.buttons) == 5
    # Typed feelings are welcome, emoji included; nothing of them is stored.
    typed = await sari.ask("😭😭")
    assert "Terima kasih sudah menuliskannya" in (typed.text or "")
    await sari.wait_reply(predicate=says("Jika sudah siap"))
    venting = await sari.ask("capek banget rasanya")
    assert "💪 Saya siap lanjut" in [text for text, _ in venting.buttons]
    await sari.press("💪 Saya siap lanjut")
    await sari.wait_reply(predicate=says("Pikiran yang sering muncul"))
    await sari.press("“Saya tidak akan pernah dapat kerja”")
    reframe = await sari.wait_reply()
    assert "Membayangkan yang terburuk" in (reframe.text or "")
    assert "Satu penolakan hanyalah satu kejadian" in (reframe.text or "")
    # The other traps stay on offer.
    assert "“Mereka menolak saya sebagai pribadi”" in [text for text, _ in reframe.buttons]
    await sari.press("➡️ Lanjut ke langkah berikutnya", message=reframe)
    steps = await sari.wait_reply(predicate=says("Langkah berikutnya"))
    assert "umpan balik" in (steps.text or "")
    # No application recorded: the company is asked for, and the draft names it.
    await sari.wait_reply(predicate=says("Di perusahaan mana?"))
    draft = await sari.ask("pt aman siber, analis soc")
    assert "Draf balasan setelah tidak diterima" in (draft.text or "")
    assert "PT Aman Siber" in (draft.text or "") and "Analis SOC" in (draft.text or "")
    assert "[nama" not in (draft.text or "")
    assert "Sari" in (draft.text or "")
    await sari.wait_reply(predicate=says("Satu pelajaran untuk dicatat"))
    emoji = await sari.ask("🙏")
    assert "bukan hanya emoji" in (emoji.text or "")
    too_long = await sari.ask("x" * 600)
    assert "Terlalu panjang" in (too_long.text or "")
    kept = await sari.ask("Saya perlu menyiapkan contoh STAR <kerja tim>.")
    assert "Saya perlu menyiapkan contoh STAR <kerja tim>." in (kept.text or "")
    await sari.wait_reply(predicate=says("tanyakan kabar Anda"))
    # A tampered button is refused and the question is asked again.
    await sari.press(callback_data="tg:c:9")
    await sari.wait_reply(predicate=says("Pilih kapan saya menyapa Anda"))
    await sari.press("3 hari lagi")
    confirmed = await sari.wait_reply(predicate=says("saya akan menyapa Anda"))
    assert "Sabtu, 28 November 2026" in (confirmed.text or "")
    tips = await sari.wait_reply(predicate=says("Untuk hari-hari ke depan"))
    assert len(tips_in(tips)) == 2

    [follow_up] = await rows(coach, FollowUp)
    assert (follow_up.kind, follow_up.status) == ("cek_tangguh", "pending")
    assert follow_up.user_id == sari.id
    assert follow_up.due_at == START + timedelta(days=3)
    [lesson] = await rows(coach, ResilienceLesson)
    assert lesson.lesson == "Saya perlu menyiapkan contoh STAR <kerja tim>."
    assert len(await rows(coach, TipSeen)) == 2


async def test_tips_vary_and_the_draft_names_the_application(coach: Coach) -> None:
    sari = coach.user()
    await sari.ask("/tangguh")
    first = await through_to_the_tips(sari, "Latih jawaban teknis tentang SIEM.")

    # An application, so that the second visit offers it for the draft.
    menu = await sari.ask("/wawancara")
    await sari.press(next(t for t, _ in menu.buttons if "Dihubungi oleh rekruter" in t))
    await sari.wait_reply(predicate=says("nama perusahaannya"))
    await sari.ask("PT Aman Siber")
    await sari.ask("Analis SOC")
    await sari.press("📧 Email")
    await skip_names(sari)
    await sari.wait_reply(predicate=is_card)

    await sari.ask("/tangguh")
    await sari.wait_reply(predicate=says("Apa yang paling Anda rasakan"))
    await sari.press("🌀 Campur aduk")
    await sari.wait_reply(predicate=says("Jika sudah siap"))
    await sari.press("💪 Saya siap lanjut")
    await sari.wait_reply(predicate=says("Pikiran yang sering muncul"))
    await sari.press("➡️ Lanjut ke langkah berikutnya")
    await sari.wait_reply(predicate=says("untuk lamaran yang mana"))
    await sari.press("PT Aman Siber · Analis SOC")
    draft = await sari.wait_reply(predicate=says("Draf balasan setelah tidak diterima"))
    assert "PT Aman Siber" in (draft.text or "")
    assert "Analis SOC" in (draft.text or "")
    await sari.wait_reply(predicate=says("masih tercatat aktif"))
    await sari.press("Biarkan aktif")
    await sari.wait_reply(predicate=says("Satu pelajaran untuk dicatat"))
    await sari.ask("Tanyakan umpan balik lebih awal.")
    await sari.wait_reply(predicate=says("tanyakan kabar Anda"))
    await sari.press("Tidak usah")
    second = await sari.wait_reply(predicate=says("Untuk hari-hari ke depan"))

    # Two new tips, none of the first visit's.
    assert set(tips_in(first)).isdisjoint(tips_in(second))
    assert len(await rows(coach, TipSeen)) == 4
    assert len(await rows(coach, ResilienceLesson)) == 2
    resilience = [f for f in await rows(coach, FollowUp) if f.kind == "cek_tangguh"]
    assert [f.status for f in resilience] == ["pending"]  # the second visit declined


async def test_unrelated_text_and_leaving_the_flow(coach: Coach) -> None:
    sari = coach.user()
    unrelated = await sari.ask("saya tidak menolak tawaran")
    assert "temani" not in (unrelated.text or "")  # no rejection said: no /tangguh offer
    offer = await sari.ask("ditolak lagi...")
    await sari.press("Nanti saja", message=offer)
    later = await sari.wait_reply()
    assert "/tangguh" in (later.text or "")
    # /batal in the middle ends it; a command switches to that command.
    await sari.ask("/tangguh")
    await sari.press("😟 Cemas")
    await sari.wait_reply(predicate=says("Jika sudah siap"))
    cancelled = await sari.ask("/batal")
    assert "berhenti di sini" in (cancelled.text or "")
    await sari.ask("/tangguh")
    menu = await sari.ask("/wawancara")
    assert len(menu.buttons) == 6
    after = await sari.ask("gagal interview")
    assert "temani" in (after.text or "")  # the flow had ended: free text is no feeling now
