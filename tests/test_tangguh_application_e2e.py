"""/tangguh and the application it is about (issue 14): marking it not accepted in one tap,
asking for the company when none is recorded, and the rejection draft sent once."""

from __future__ import annotations

from bot.coach.nudges import NudgeKind
from bot.storage.models import ApplicationStatus, FollowUp, JobApplication
from tests.conftest import Coach
from tests.helpers import record_application, rows, says
from tgemu import UserHandle
from tgemu.models import BotMessage

DRAFT = "Draf balasan setelah tidak diterima"


async def to_the_draft(user: UserHandle) -> None:
    await user.ask("/tangguh")
    await user.press("😢 Sedih")
    await user.wait_reply(predicate=says("Jika sudah siap"))
    await user.press("💪 Saya siap lanjut")
    await user.wait_reply(predicate=says("Pikiran yang sering muncul"))
    await user.press("➡️ Lanjut ke langkah berikutnya")


def drafts_in(messages: list[BotMessage]) -> int:
    return sum(DRAFT in (m.text or "") for m in messages)


async def test_marking_the_application_not_accepted_and_the_draft_once(coach: Coach) -> None:
    sari = coach.user()
    # Another chat is busy at the same time: its answers stay its own.
    budi = coach.user(id=1002, first_name="Budi")
    await record_application(sari)
    url = coach.settings.database_url
    [application] = await rows(url, JobApplication)
    planned = {f.kind for f in await rows(url, FollowUp) if f.status == "pending"}
    assert planned  # the recruiter-reply nudges of stage 1

    await budi.send("/latihan")
    await to_the_draft(sari)
    await sari.wait_reply(predicate=says("untuk lamaran yang mana"))
    await sari.press("PT Aman Siber · Analis SOC")
    offer = await sari.wait_reply(predicate=says("masih tercatat aktif"))
    assert "Tandai sebagai tidak diterima?" in (offer.text or "")
    assert drafts_in(sari.messages) == 1
    # The tap and the lesson typed right after it, without waiting: both taken, in order.
    await sari.press("✅ Ya, tandai tidak diterima", message=offer)
    await sari.send("Siapkan contoh STAR tentang SIEM.")
    await coach.emu.wait_idle()
    texts = [m.text or "" for m in sari.messages]
    noted = next(i for i, t in enumerate(texts) if t.startswith("Tercatat: lamaran"))
    assert "Analis SOC di PT Aman Siber" in texts[noted]
    assert "umpan balik pada Kamis, 26 November 2026" in texts[noted]
    lesson = next(i for i, t in enumerate(texts) if "Pelajaran yang sudah Anda kumpulkan" in t)
    assert noted < lesson and "Siapkan contoh STAR tentang SIEM." in texts[lesson]

    [application] = await rows(url, JobApplication)
    assert application.status is ApplicationStatus.REJECTED
    assert application.closed_at is not None
    follow_ups = await rows(url, FollowUp)
    pending = {f.kind for f in follow_ups if f.status == "pending"}
    assert pending == {NudgeKind.REJECTION_FEEDBACK.value, NudgeKind.REJECTION_CHECK_IN.value}
    assert all(f.status == "cancelled" for f in follow_ups if f.kind in planned)
    assert "Latihan wawancara" in (budi.messages[0].text or "")

    # A second visit about the same rejection: no second draft, one on request.
    await sari.press("Tidak usah")
    await sari.wait_reply(predicate=says("Untuk hari-hari ke depan"))
    await to_the_draft(sari)
    await sari.wait_reply(predicate=says("untuk lamaran yang mana"))
    await sari.press("PT Aman Siber · Analis SOC")
    already = await sari.wait_reply(predicate=says("sudah tercatat tidak diterima"))
    assert drafts_in(sari.messages) == 1
    await sari.wait_reply(predicate=says("Satu pelajaran untuk dicatat"))
    await sari.press("📄 Tampilkan drafnya lagi", message=already)
    again = await sari.wait_reply(predicate=says(DRAFT))
    assert "PT Aman Siber" in (again.text or "")
    # Still at the lesson: a typed lesson is taken.
    kept = await sari.ask("Latih jawaban teknis.")
    assert "Tercatat" in (kept.text or "")


async def test_keeping_it_active_and_another_company_typed(coach: Coach) -> None:
    sari = coach.user()
    await record_application(sari)
    await to_the_draft(sari)
    await sari.wait_reply(predicate=says("untuk lamaran yang mana"))
    await sari.press("Lamaran lain (isi sendiri)")
    await sari.wait_reply(predicate=says("Di perusahaan mana?"))
    # Not words: asked again, with the skip button.
    again = await sari.ask("🙏")
    assert "Lewati" in [text for text, _ in again.buttons]
    draft = await sari.ask("analis keamanan di pt bank <jago>")
    text = draft.text or ""
    assert "PT Bank &lt;jago&gt;" not in text  # Telegram shows the text, not the markup
    assert "PT Bank <Jago>" in text and "Analis Keamanan" in text
    assert "[nama" not in text
    await sari.wait_reply(predicate=says("Satu pelajaran untuk dicatat"))
    [application] = await rows(coach.settings.database_url, JobApplication)
    assert application.status is ApplicationStatus.ACTIVE  # nothing recorded for another one

    # A recorded company typed by name is that application: the mark is offered.
    await to_the_draft(sari)
    await sari.wait_reply(predicate=says("untuk lamaran yang mana"))
    await sari.press("Lamaran lain (isi sendiri)")
    await sari.wait_reply(predicate=says("Di perusahaan mana?"))
    await sari.ask("aman siber")
    offer = await sari.wait_reply(predicate=says("masih tercatat aktif"))
    # A tampered mark button is refused, and the choice is offered again.
    await sari.press(callback_data="tg:m:999999")
    refused = await sari.wait_reply(predicate=says("Pilih dengan tombol"))
    assert "Biarkan aktif" in [text for text, _ in refused.buttons]
    await sari.press("Biarkan aktif", message=offer)
    kept = await sari.wait_reply(predicate=says("tetap aktif"))
    assert "/lamaran" in (kept.text or "")
    [application] = await rows(coach.settings.database_url, JobApplication)
    assert application.status is ApplicationStatus.ACTIVE
