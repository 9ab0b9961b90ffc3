"""/latihan end to end through the emulator: a set of questions, insights, voice, history."""

from __future__ import annotations

import signal

from sqlalchemy import select

from bot.storage.db import Database
from bot.storage.models import PracticeAnswer, PracticeSession
from tests.conftest import BotProcess, Coach
from tgemu import BotApiEmulator


async def rows(coach: Coach, model: type) -> list:  # type: ignore[type-arg]
    database = Database(coach.settings.database_url)
    try:
        async with database.session() as session:
            return list(await session.scalars(select(model)))
    finally:
        await database.dispose()


def says(text: str):  # type: ignore[no-untyped-def]
    return lambda message: text in (message.text or "")


ABOUT_ME = (
    "Saya lulusan Teknik Informatika dan sempat bekerja sebagai staf IT support. Saya tertarik "
    "pada keamanan siber sejak membantu kantor memulihkan laptop yang terkena ransomware. Saya "
    "menyelesaikan Google Cybersecurity Certificate dan membangun home lab dengan VirtualBox, "
    "Wazuh sebagai SIEM, dan beberapa mesin Linux untuk berlatih menganalisis log. Saya ingin "
    "bergabung sebagai analis SOC di perusahaan ini karena ingin berkontribusi menjaga data "
    "nasabah."
)
CHALLENGE = (
    "Waktu itu, saat magang di tim IT sebuah bank, ada lonjakan email phishing ke karyawan. Tugas "
    "saya membantu menyaring laporan yang masuk. Pertama, saya menganalisis header setiap email "
    "dan mengelompokkan pengirimnya; kemudian saya membuat daftar domain yang harus diblokir dan "
    "mengeskalasi kasus yang mencurigakan ke tim keamanan. Eh, saya juga menulis panduan singkat "
    "untuk karyawan. Hasilnya, dalam dua minggu laporan phishing yang lolos turun 40% dan tim "
    "keamanan memakai panduan itu untuk pelatihan."
)


async def test_a_practice_set_with_insights_voice_and_history(coach: Coach) -> None:
    sari = coach.user()
    intro = await sari.ask("/latihan")
    assert "belum pernah berlatih" in (intro.text or "")
    assert "Belum dicoba:" in (intro.text or "")
    await sari.press("❓ Pertanyaan untuk pewawancara")
    ask_them = await sari.wait_reply()
    assert "90 hari pertama" in (ask_them.text or "")
    sets = await sari.wait_reply(predicate=says("Pilih set latihan"))
    await sari.press("🎲 Campuran (5 pertanyaan)", message=sets)
    first = await sari.wait_reply(predicate=says("Pertanyaan 1 dari 5"))
    assert "Ceritakan tentang diri Anda" in (first.text or "")

    # A voice note gets a polite request to type.
    await sari.send_voice()
    spoken = await sari.wait_reply()
    assert "ketik jawaban Anda" in (spoken.text or "")

    notes = await sari.ask(ABOUT_ME)
    text = notes.text or ""
    assert "Catatan untuk jawaban Anda" in text
    assert "SIEM" in text and "home lab" in text and "analisis" in text  # "menganalisis"
    assert "STAR" not in text  # not a behavioural question
    second = await sari.wait_reply(predicate=says("Pertanyaan 2 dari 5"))
    assert "Perilaku" in (second.text or "")

    star = await sari.ask(CHALLENGE)
    assert "✅ Situasi · ✅ Tugas · ✅ Aksi · ✅ Hasil" in (star.text or "")
    assert "eh (1×)" in (star.text or "")
    await sari.wait_reply(predicate=says("Pertanyaan 3 dari 5"))
    await sari.press("⏭️ Lewati")
    fourth = await sari.wait_reply(predicate=says("Pertanyaan 4 dari 5"))
    assert "CIA triad" in (fourth.text or "")

    # Emoji only, a sticker, an old button: each explained, nothing stored.
    emoji = await sari.ask("🤔🤔")
    assert "bukan hanya emoji" in (emoji.text or "")
    await sari.send_sticker()
    await sari.wait_reply(predicate=says("Pertanyaan 4 dari 5"))
    query = await sari.press("⏭️ Lewati", message=first)
    answer = await coach.emu.wait_for_callback_answer(query)
    assert "pesan lama" in (answer.text or "")
    await sari.wait_reply(predicate=says("Pertanyaan 4 dari 5"))
    too_long = await sari.ask("kata " * 1000)
    assert "terlalu panjang" in (too_long.text or "")

    cia = await sari.ask(
        "CIA triad itu kerahasiaan dan integritas. Kerahasiaan dijaga dengan enkripsi, "
        "integritas dengan hash."
    )
    assert "Ketersediaan: sistem dan data bisa diakses" in (cia.text or "")
    await sari.wait_reply(predicate=says("Pertanyaan 5 dari 5"))
    await sari.press("⏹️ Selesai")
    summary = await sari.wait_reply(predicate=says("Latihan selesai"))
    assert "3 dari 5" in (summary.text or "")

    answers = await rows(coach, PracticeAnswer)
    assert [a.question_id for a in answers] == ["u-diri", "p-tantangan", "t-cia"]
    assert all(a.user_id == sari.id for a in answers)
    assert answers[0].answer == ABOUT_ME
    assert answers[1].findings["star"] == ["situasi", "tugas", "aksi", "hasil"]
    [practice] = await rows(coach, PracticeSession)
    assert practice.finished_at is not None

    # The history, and what is left to try.
    history = await sari.ask("/latihan")
    text = history.text or ""
    assert "3 jawaban untuk 3 dari" in text
    assert "Ceritakan tentang diri Anda" in text
    assert "STAR 4/4" in text
    assert "Belum dicoba:" in text
    # Every untried question, by category.
    await sari.press("📋 Semua yang belum dicoba", message=history)
    technical = await sari.wait_reply(predicate=says("Belum dicoba · Teknis"))
    assert "Apa perbedaan IDS dan IPS?" in (technical.text or "")
    assert "CIA triad" not in (technical.text or "")
    await sari.wait_reply(predicate=says("Pilih set latihan"))
    # A new set of the same kind starts with questions not tried yet.
    await sari.press("🙋 Umum", message=history)
    fresh = await sari.wait_reply(predicate=says("Pertanyaan 1 dari 5"))
    assert "Mengapa Anda memilih bidang keamanan siber?" in (fresh.text or "")
    cancelled = await sari.ask("/batal")
    assert "latihan dihentikan" in (cancelled.text or "")
    after = await sari.ask("Saya lulusan informatika")
    # The set is over: text is no answer now.
    assert "di setiap tahap wawancara kerja" in (after.text or "")


async def test_a_crash_in_the_middle_of_a_set_keeps_the_question(
    emulator: BotApiEmulator, bot_process: BotProcess
) -> None:
    sari = emulator.user(id=1001, first_name="Sari", language_code="id")
    await bot_process.start()
    await sari.ask("/latihan", timeout=30)
    await sari.press("🛠️ Teknis")
    await sari.wait_reply(predicate=says("Pertanyaan 1 dari 5"))
    await sari.ask("Kerahasiaan, integritas, dan ketersediaan.")
    second = await sari.wait_reply(predicate=says("Pertanyaan 2 dari 5"))
    assert "OSI" in (second.text or "")
    await bot_process.stop(signal.SIGKILL)

    await bot_process.start()
    await sari.send("OSI punya tujuh lapisan konseptual, TCP/IP empat lapisan yang dipakai nyata.")
    notes = await sari.wait_reply(predicate=says("Catatan untuk jawaban Anda"), timeout=30)
    assert "TCP/IP" in (notes.text or "") and "model OSI" in (notes.text or "")
    await sari.wait_reply(predicate=says("Pertanyaan 3 dari 5"))


async def test_english_counts_take_their_plural_forms(coach: Coach) -> None:
    tom = coach.user(id=2002, first_name="Tom", language_code="en")
    sets = await tom.ask("/latihan")
    await tom.press("🎲 Mixed (5 questions)", message=sets)
    start = await tom.wait_reply(predicate=says("All right, 5 questions."))
    assert start
    await tom.wait_reply(predicate=says("Question 1 of 5"))
    await tom.ask(
        "I studied informatics and built a home lab with a SIEM to analyse logs; I want to "
        "protect customer data as a SOC analyst."
    )
    await tom.wait_reply(predicate=says("Question 2 of 5"))
    await tom.press("⏹️ Finish")
    await tom.wait_reply(predicate=says("Practice finished"))
    history = await tom.ask("/latihan")
    text = history.text or ""
    assert "1 answer to 1 of" in text
    assert "technical term" in text and "answer(s)" not in text
