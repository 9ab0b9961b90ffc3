"""Free text outside a conversation, end to end through the emulator: each intent family in
Indonesian and English, forwarded recruiter messages, mistyped commands, and people typing
several messages without waiting while other chats are busy."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.coach.intents import Intent, IntentResult, Source
from bot.coach.length import utf16_len
from bot.handlers import understanding
from bot.storage.db import Database
from bot.storage.models import Base, ConversationState, Interview, JobApplication
from tests.conftest import START, Coach
from tests.helpers import record_application, rows, says
from tests.test_understanding import NOT_REPORTED
from tgemu import UserHandle
from tgemu.models import BotMessage

# What the answers to typed questions may not exceed, as Telegram counts (issue 13: short).
SHORT = 700
CONDOLENCE_WORDS = ("menyesal", "turut sedih", "turut prihatin", "temani", "sorry to hear")

SCAM = (
    "Selamat! Anda lolos seleksi administrasi sebagai Staff Admin PT Pertamina. Untuk ikut "
    "pelatihan, transfer biaya seragam Rp 350.000 ke rekening BCA 1234567890 a.n. Budi paling "
    "lambat hari ini. Kirim juga foto KTP dan kode OTP yang masuk ke HP Anda."
)
REAL = (
    "Halo Sari, saya Rina dari tim Talent Acquisition PT Aman Siber. Terima kasih sudah melamar "
    "posisi Analis SOC. Kami ingin mengundang Anda wawancara via Google Meet. Apakah Anda "
    "tersedia Kamis atau Jumat pukul 10.00 WIB? Balas email ini ke rina@amansiber.co.id."
)


def buttons(message: BotMessage) -> dict[str, str]:
    return dict(message.buttons)


def no_condolence(message: BotMessage) -> bool:
    text = (message.text or "").lower()
    return not any(word in text for word in CONDOLENCE_WORDS)


async def forward(user: UserHandle, text: str, *, sender: str = "HRD Rekrutmen") -> None:
    """Forwards `text` to the coach, as Telegram does: with a forward_origin."""
    origin = {"type": "hidden_user", "date": int(START.timestamp()), "sender_user_name": sender}
    await user._send({"text": text, "forward_origin": origin}, None, None)


async def answers_to(coach: Coach, user: UserHandle, text: str) -> list[BotMessage]:
    """Every message the coach sends after `text`, once it is idle again."""
    before = coach.emu.cursor
    await user.send(text)
    await user.wait_reply()
    await coach.emu.wait_idle()
    return coach.emu.messages_since(user.id, before)


async def stored_text(database_url: str) -> str:
    """Every value stored in every table, as one string: to prove a message was not kept."""
    database = Database(database_url)
    values: list[str] = []
    try:
        async with database.session() as session:
            for table in Base.metadata.sorted_tables:
                for row in (await session.execute(select(table))).all():
                    values.extend(json.dumps(value, default=str) for value in row)
    finally:
        await database.dispose()
    return "\n".join(values)


# --- small talk -------------------------------------------------------------------------------


async def test_small_talk_gets_a_warm_answer_and_where_to_go_next(coach: Coach) -> None:
    sari = coach.user()
    hello = await sari.ask("halo kak, apa kabar")
    assert "Halo, Sari! 👋" in (hello.text or "")
    assert buttons(hello) == {"🧭 Tahap wawancara": "cmd:wawancara", "🎯 Latihan": "cmd:latihan"}
    assert "Sama-sama" in ((await sari.ask("makasih ya kak 🙏")).text or "")
    assert "tulis saja di sini" in ((await sari.ask("oke siap")).text or "")
    # The button runs /wawancara: the stage menu.
    await sari.press("🧭 Tahap wawancara", message=hello)
    menu = await sari.wait_reply(predicate=says("Enam tahap proses wawancara"))
    assert len(menu.buttons) == 6

    john = coach.user(id=1002, first_name="John", language_code="en")
    assert "Hello, John! 👋" in ((await john.ask("hi there")).text or "")
    assert "You're welcome" in ((await john.ask("thanks!")).text or "")


async def test_anything_else_gets_what_the_coach_does_and_the_menu(coach: Coach) -> None:
    sari = coach.user()
    for text in ("siapa presiden indonesia", "Saya lulusan informatika", "wkwk"):
        reply = await sari.ask(text)
        assert "di setiap tahap wawancara kerja" in (reply.text or ""), text
        assert len(reply.buttons) == 6
    john = coach.user(id=1002, first_name="John", language_code="en")
    reply = await john.ask("what's the weather like")
    assert "I help you through every stage" in (reply.text or "")


# --- questions --------------------------------------------------------------------------------


async def test_questions_get_short_guidance_with_their_draft_or_action(coach: Coach) -> None:
    sari = coach.user()
    nego = await sari.ask("gmn cara nego gaji? ditawarin 8,5 jt")
    assert "Bernegosiasi dengan sopan" in (nego.text or "")
    assert "Rp9.000.000–Rp9.400.000" in (nego.text or "")
    await sari.press("💬 Draf email negosiasi", message=nego)
    draft = await sari.wait_reply(predicate=says("Draf email negosiasi tawaran"))
    assert "Rp8.500.000" in (draft.text or "")
    assert "[nama perusahaan]" in (draft.text or "")
    await sari.wait_reply(predicate=says("kurung siku"))

    thanks = await sari.ask("cara bikin email terima kasih abis interview gimana")
    assert "24 jam" in (thanks.text or "")
    await sari.press("✉️ Draf email terima kasih", message=thanks)
    await sari.wait_reply(predicate=says("Draf email terima kasih setelah wawancara pendahuluan"))
    await sari.wait_reply(predicate=says("kurung siku"))

    reply = await sari.ask("gimana cara bales chat rekruter yg bener")
    assert "Balas rekruter hari ini" in (reply.text or "")
    assert buttons(reply)["🔍 Cek pesan rekruter"] == "rk:cek"

    prepare = await sari.ask("interview besok jam 10 gimana persiapannya")
    assert "Yang penting sekarang" in (prepare.text or "")
    assert buttons(prepare)["🎯 Latihan wawancara"] == "cmd:latihan"

    ask = await sari.ask("pertanyaan apa yang bagus buat nanya balik ke hrd")
    assert "Pertanyaan yang bisa Anda ajukan" in (ask.text or "")
    await sari.press("🙋 Contoh lainnya", message=ask)
    await sari.wait_reply(predicate=says("Pertanyaan yang baik untuk pewawancara"))
    await sari.wait_reply(predicate=says("Pilih set latihan"))
    await sari.ask("/batal")  # the examples open /latihan's choice of sets

    wait = await sari.ask("udah seminggu ga ada kabar dari HR")
    assert "satu sampai dua minggu" in (wait.text or "")
    assert buttons(wait)["📋 Lamaran saya"] == "cmd:lamaran"

    for answer in (nego, thanks, reply, prepare, ask, wait):
        assert utf16_len(answer.text or "") <= SHORT, answer.text

    john = coach.user(id=1002, first_name="John", language_code="en")
    english = await john.ask("how do I negotiate my salary?")
    assert "Negotiating politely" in (english.text or "")
    assert "💬 Draft negotiation email" in buttons(english)
    wait = await john.ask("how long should I wait after the interview to hear back?")
    assert "one to two weeks" in (wait.text or "")


async def test_a_question_about_a_recorded_application_drafts_for_it(coach: Coach) -> None:
    sari = coach.user()
    await record_application(sari)
    thanks = await sari.ask("gimana bikin email makasih buat hrd aman siber?")
    await sari.press("✉️ Draf email terima kasih", message=thanks)
    draft = await sari.wait_reply(predicate=says("Draf email terima kasih"))
    assert "Analis SOC di PT Aman Siber" in (draft.text or "")
    assert "[" not in (draft.text or "")


# --- feelings ---------------------------------------------------------------------------------


async def test_fear_before_an_interview_gets_preparation_help_and_no_condolence(
    coach: Coach,
) -> None:
    sari = coach.user()
    for text in ("takut ga lolos besok", "aku gugup bgt besok interview", "deg2an parah"):
        replies = await answers_to(coach, sari, text)
        assert [r for r in replies if "Gugup sebelum wawancara itu wajar" in (r.text or "")], text
        assert all(no_condolence(r) for r in replies), text
    nervous = replies[-1]
    assert buttons(nervous)["🎯 Latihan sekarang"] == "cmd:latihan"
    await sari.press("📖 Persiapan wawancara", message=nervous)
    await sari.wait_reply(predicate=says("Yang penting sekarang"))

    john = coach.user(id=1002, first_name="John", language_code="en")
    reply = await john.ask("I'm so nervous about tomorrow's interview")
    assert "it shows you care" in (reply.text or "")
    assert no_condolence(reply)


async def test_no_condolence_for_a_message_that_reports_no_rejection(coach: Coach) -> None:
    """Fear, a hypothetical, someone else's rejection, a question, a credit card: each names a
    rejection that is not the writer's, and none gets condolences or /tangguh's offer."""
    sari = coach.user()
    for text in NOT_REPORTED:
        for reply in await answers_to(coach, sari, text):
            assert no_condolence(reply), (text, reply.text)
            assert "tg:go" not in buttons(reply).values(), text


async def test_a_rejection_still_gets_the_tangguh_offer(coach: Coach) -> None:
    sari = coach.user()
    offer = await sari.ask("gw dapet email penolakan, sedih bgt")
    assert "temani" in (offer.text or "")
    await sari.press("💙 Ya, temani saya")
    await sari.wait_reply(predicate=says("Apa yang paling Anda rasakan"))


# --- practice ---------------------------------------------------------------------------------


async def test_a_request_to_practise_opens_latihan_with_one_tap(coach: Coach) -> None:
    sari = coach.user()
    reply = await sari.ask("mau latihan interview dong")
    assert "/latihan" in (reply.text or "")
    await sari.press("🎯 Mulai latihan", message=reply)
    await sari.wait_reply(predicate=says("Pilih set latihan"))
    await sari.press("🙋 Umum")
    await sari.wait_reply(predicate=says("Pertanyaan 1 dari"))
    states = {s.name: s.state for s in await rows(coach.settings.database_url, ConversationState)}
    assert states == {"latihan": "jawab"}

    john = coach.user(id=1002, first_name="John", language_code="en")
    reply = await john.ask("can we do a mock interview?")
    assert "Let's practise" in (reply.text or "")


# --- the recruiter-message check --------------------------------------------------------------


async def test_a_forwarded_scam_is_checked_and_nothing_of_it_is_stored(coach: Coach) -> None:
    sari = coach.user()
    await forward(sari, SCAM)
    check = await sari.wait_reply()
    text = check.text or ""
    assert "Pemeriksaan pesan rekruter" in text
    for sign in ("Meminta bayaran", "Meminta kode OTP", "Meminta foto KTP"):
        assert sign in text
    assert "cekrekening.id" in text
    assert "bukan vonis" in text
    assert not check.buttons
    await coach.emu.wait_idle()
    assert "1234567890" not in await stored_text(coach.settings.database_url)
    assert await rows(coach.settings.database_url, JobApplication) == []


async def test_a_forwarded_real_recruiter_message_gets_no_false_alarm(coach: Coach) -> None:
    sari = coach.user()
    await forward(sari, REAL, sender="Rina Talent Acquisition")
    check = await sari.wait_reply()
    assert "tidak menemukan tanda bahaya" in (check.text or "")
    assert "belum berarti pasti aman" in (check.text or "")
    assert buttons(check) == {"📞 Catat sebagai lamaran": "m:s:rekruter"}
    await coach.emu.wait_idle()
    assert "rina@amansiber.co.id" not in await stored_text(coach.settings.database_url)


async def test_asked_without_the_message_the_coach_waits_for_it(coach: Coach) -> None:
    sari = coach.user()
    # Typed at once: the question, then the pasted message.
    before = coach.emu.cursor
    await sari.send("ini penipuan ga?")
    await sari.send(SCAM)
    await coach.emu.wait_for_message(sari.id, predicate=says("Pemeriksaan pesan rekruter"))
    await coach.emu.wait_idle()
    replies = [m.text or "" for m in coach.emu.messages_since(sari.id, before)]
    assert "Kirim pesan rekruternya ke sini" in replies[0]
    assert "Meminta bayaran" in replies[1]
    assert len(replies) == 2
    assert await rows(coach.settings.database_url, ConversationState) == []
    assert "1234567890" not in await stored_text(coach.settings.database_url)

    # While it waits, only the state is stored; a short reply is read as chat again.
    prompt = await sari.ask("lowongan ini beneran ga ya?")
    assert "Kirim pesan rekruternya" in (prompt.text or "")
    states = await rows(coach.settings.database_url, ConversationState)
    assert [(s.name, s.state) for s in states] == [("cek_rekruter", "menunggu_pesan")]
    assert "Sama-sama" in ((await sari.ask("ga jadi deh, makasih")).text or "")
    assert await rows(coach.settings.database_url, ConversationState) == []

    # The button other modules may show; then a sticker, then the message forwarded.
    reply = await sari.ask("gimana bales rekruter")
    await sari.press("🔍 Cek pesan rekruter", message=reply)
    await sari.wait_reply(predicate=says("Kirim pesan rekruternya"))
    await sari.send_sticker()
    await sari.wait_reply(predicate=says("Saya hanya bisa membaca teks"))
    await forward(sari, REAL)
    await sari.wait_reply(predicate=says("tidak menemukan tanda bahaya"))

    john = coach.user(id=1002, first_name="John", language_code="en")
    prompt = await john.ask("is this recruiter legit?")
    assert "Send me the recruiter's message" in (prompt.text or "")
    cancelled = await john.ask("/batal")
    assert "no check then" in (cancelled.text or "")


async def test_a_described_warning_sign_is_checked_at_once(coach: Coach) -> None:
    sari = coach.user()
    check = await sari.ask("HR minta transfer 200rb buat seragam, aman ga?")
    assert "Meminta bayaran" in (check.text or "")
    assert "«HR minta transfer 200rb buat seragam, aman ga»" in (check.text or "")


# --- progress ---------------------------------------------------------------------------------


async def test_progress_without_a_recorded_application_asks_the_stage(coach: Coach) -> None:
    """Recording from the sentence itself is tested in test_progress_e2e.py; here, the reading."""
    sari = coach.user()
    passed = await sari.ask("aku lolos!!")
    assert "Selamat, Anda lolos!" in (passed.text or "")
    assert "Lolos ke tahap mana?" in (passed.text or "")
    assert [data.split(":")[2:] for data in buttons(passed).values()] == [
        ["0", "penyaringan"],
        ["0", "lanjutan"],
    ]
    interview = await sari.ask("dijadwalin interview kamis jam 2")
    assert "📅 Wawancara Kamis, 26 November 2026 pukul 14.00 WIB" in (interview.text or "")
    assert "Wawancara tahap mana?" in (interview.text or "")
    offer = await sari.ask("dapet offer 8,5 jt dari PT Maju Jaya")
    assert "tawaran kerja dari PT Maju Jaya (lamaran baru)" in (offer.text or "")
    assert "Gaji pokok Rp8.500.000 per bulan. Catat?" in (offer.text or "")
    # Nothing is recorded before a tap.
    assert await rows(coach.settings.database_url, JobApplication) == []
    assert await rows(coach.settings.database_url, Interview) == []

    john = coach.user(id=1002, first_name="John", language_code="en")
    coach.clock.advance(timedelta(minutes=1))
    reply = await john.ask("I have an interview with PT Aman Siber on Friday at 2pm")
    assert (
        "📅 Interview on Friday, 27 November 2026 at 14:00 WIB — for PT Aman Siber (new "
        "application)?"
    ) in (reply.text or "")


# --- unsure -----------------------------------------------------------------------------------


async def test_unsure_it_asks_between_two_readings(coach: Coach) -> None:
    sari = coach.user()
    question = await sari.ask("saya tidak menolak tawaran")
    assert "maksud Anda yang mana" in (question.text or "")
    assert len(question.buttons) == 2
    label, data = question.buttons[0]
    assert data.startswith("nt:")
    await sari.press(label, message=question)
    answer = await sari.wait_reply()
    assert "maksud Anda yang mana" not in (answer.text or "")
    # A tampered reading is refused.
    query = await sari.press(callback_data="nt:rejected", message=question)
    assert "tidak berlaku" in ((await coach.emu.wait_for_callback_answer(query)).text or "")


async def test_unsure_of_one_reading_it_offers_it_and_the_stages(
    coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    unsure = IntentResult(Intent.OFFER_RECEIVED, 0.5, False, Source.MODEL, Intent.OTHER)
    monkeypatch.setattr(understanding.intents, "classify", lambda text: unsure)
    sari = coach.user()
    question = await sari.ask("aku keterima")
    assert buttons(question) == {
        "🎉 Saya mendapat tawaran kerja": "nt:offer_received",
        "🧭 Tahap wawancara": "cmd:wawancara",
    }
    await sari.press("🧭 Tahap wawancara", message=question)
    await sari.wait_reply(predicate=says("Enam tahap proses wawancara"))


# --- typing fast, with other chats busy -------------------------------------------------------


async def two_at_once(coach: Coach, user: UserHandle, pair: tuple[str, str, str, str]) -> None:
    """Sends two messages without waiting, then waits for the answer to the second."""
    first, second, _, second_answer = pair
    await user.send(first)
    await user.send(second)
    await user.wait_reply(predicate=says(second_answer), timeout=20)


async def test_two_messages_without_waiting_while_other_chats_are_busy(coach: Coach) -> None:
    users = [coach.user(id=3001 + n, first_name=f"U{n}") for n in range(6)]
    pairs = [
        ("halo", "gimana cara nego gaji?", "Halo, U", "Bernegosiasi dengan sopan"),
        ("takut ga lolos besok", "mau latihan dong", "Gugup sebelum", "Ayo berlatih"),
        ("ini penipuan ga?", SCAM, "Kirim pesan rekruternya", "Meminta bayaran"),
    ]
    await asyncio.gather(
        *(two_at_once(coach, user, pairs[n % len(pairs)]) for n, user in enumerate(users))
    )
    await coach.emu.wait_idle()
    for n, user in enumerate(users):
        _, _, first, second = pairs[n % len(pairs)]
        answers = [m.text or "" for m in coach.emu.chat_messages(user.id)]
        assert len(answers) == 2, answers
        assert first in answers[0] and second in answers[1], answers
        assert not any(word in a.lower() for a in answers for word in CONDOLENCE_WORDS)
    assert await rows(coach.settings.database_url, ConversationState) == []
