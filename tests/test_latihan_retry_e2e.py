"""/latihan: "🔁 Coba lagi" on any past question of a set, the outline on request, and a retry
from the history (issue 14)."""

from __future__ import annotations

from bot.storage.models import PracticeAnswer, PracticeSession
from tests.conftest import Coach
from tests.helpers import rows, says

SHORT_STAR = (
    "Waktu itu saat magang, tugas saya memantau alert di SIEM. Saya memeriksa log lalu "
    "melaporkan ke atasan. Hasilnya insiden ditangani dalam satu jam."
)


async def test_retry_any_past_question_and_the_outline(coach: Coach) -> None:
    sari = coach.user()
    budi = coach.user(id=1002, first_name="Budi")
    await sari.ask("/latihan")
    await sari.press("🤝 Perilaku")
    first = await sari.wait_reply(predicate=says("Pertanyaan 1 dari 5"))
    notes_1 = await sari.ask("Saya orang yang sabar.")
    assert [text for text, _ in notes_1.buttons] == ["🔁 Coba lagi", "📋 Kerangka jawaban"]
    await sari.wait_reply(predicate=says("Pertanyaan 2 dari 5"))
    notes_2 = await sari.ask(SHORT_STAR)
    # Short, but with all four STAR parts: told what to add, not that it is too short.
    assert "✅ Situasi · ✅ Tugas · ✅ Aksi · ✅ Hasil" in (notes_2.text or "")
    assert "terlalu singkat" not in (notes_2.text or "")
    assert "bagian utamanya sudah lengkap" in (notes_2.text or "")
    await sari.wait_reply(predicate=says("Pertanyaan 3 dari 5"))

    # The outline of the first question, from its old notes: the set stays at question 3.
    await sari.press("📋 Kerangka jawaban", message=notes_1)
    outline = await sari.wait_reply(predicate=says("Kerangka jawaban yang baik"))
    text = outline.text or ""
    assert "Susun sebagai cerita STAR" in text and "Hasil: tutup dengan hasilnya" in text
    assert "80–250 kata" in text

    # Retrying question 1 while another chat practises too, and answering right away.
    await budi.send("/latihan")
    await sari.press("🔁 Coba lagi", message=notes_1)
    await sari.send("Waktu itu saat magang, saya memantau alert. Hasilnya bagus.")
    await coach.emu.wait_idle()
    texts = [m.text or "" for m in sari.messages]
    asked = next(i for i, t in enumerate(texts) if "Pertanyaan 3 dari 6" in t)
    first_text = (first.text or "").split("\n")[2]
    assert first_text in texts[asked]
    assert "Catatan untuk jawaban Anda" in texts[asked + 1]
    assert "Pertanyaan 4 dari 6" in texts[asked + 2]  # the set goes on where it was
    assert "Latihan wawancara" in (budi.messages[0].text or "")

    [open_set] = [s for s in await rows(coach.settings.database_url, PracticeSession)
                  if s.user_id == sari.id]  # fmt: skip
    answers = await rows(coach.settings.database_url, PracticeAnswer)
    assert [a.question_id for a in answers] == [
        open_set.question_ids[0],
        open_set.question_ids[1],
        open_set.question_ids[0],
    ]

    # After the set ends, "Coba lagi" starts a set of that one question.
    await sari.press("⏹️ Selesai")
    await sari.wait_reply(predicate=says("Latihan selesai"))
    await sari.press("🔁 Coba lagi", message=notes_2)
    again = await sari.wait_reply(predicate=says("Pertanyaan 1 dari 1"))
    assert (notes_2.text or "") and "Lewati" in (again.buttons[0][0])
    # A tampered retry is refused without ending the set.
    await sari.press(callback_data="lt:ulang:tidak-ada")
    await coach.emu.wait_idle()
    assert coach.emu.callback_answers[-1].text
    done = await sari.ask(SHORT_STAR)
    assert "Catatan untuk jawaban Anda" in (done.text or "")


async def test_history_offers_a_retry_per_question(coach: Coach) -> None:
    sari = coach.user()
    await sari.ask("/latihan")
    await sari.press("🛠️ Teknis")
    question = await sari.wait_reply(predicate=says("Pertanyaan 1 dari 5"))
    notes = await sari.ask("confidentiality integrity availbility. contoh: enkripsi, hash, backup")
    # The typo and the short answer: every point found, so no "too short".
    assert "Ketersediaan" not in (notes.text or "") and "terlalu singkat" not in (notes.text or "")
    second = await sari.wait_reply(predicate=says("Pertanyaan 2 dari 5"))
    await sari.press("⏹️ Selesai", message=second)
    await sari.wait_reply(predicate=says("Latihan selesai"))
    history = await sari.ask("/latihan")
    assert "1. " in (history.text or "") and "istilah teknis" in (history.text or "")
    await sari.press("🔁 1", message=history)
    again = await sari.wait_reply(predicate=says("Pertanyaan 1 dari 1"))
    assert (question.text or "").split("\n")[2] in (again.text or "")
