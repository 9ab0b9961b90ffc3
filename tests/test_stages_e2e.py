"""Every stage conversation, end to end through the emulator, from /wawancara to its end."""

from __future__ import annotations

from sqlalchemy import select

from bot.storage.db import Database
from bot.storage.models import (
    ApplicationEvent,
    ChecklistMark,
    ConversationState,
    Interview,
    JobApplication,
)
from tests.conftest import Coach
from tests.helpers import card, is_card, open_stage, skip_names
from tgemu import BotMessage, UserHandle


def texts(coach: Coach, user: UserHandle) -> str:
    return "\n---\n".join(m.text or "" for m in coach.emu.chat_messages(user.id))


async def rows(coach: Coach, model: type) -> list:  # type: ignore[type-arg]
    database = Database(coach.settings.database_url)
    try:
        async with database.session() as session:
            return list(await session.scalars(select(model)))
    finally:
        await database.dispose()


async def test_recruiter_stage_records_the_application_and_gives_a_reply_draft(
    coach: Coach,
) -> None:
    sari = coach.user()
    await open_stage(sari, "Dihubungi oleh rekruter")
    question = await sari.wait_reply(predicate=lambda m: "nama perusahaannya" in (m.text or ""))
    assert question
    role_question = await sari.ask("PT Aman <Siber> & Co")
    assert "PT Aman <Siber> & Co" in (role_question.text or "")
    channel_question = await sari.ask("Analis SOC")
    assert "menghubungi Anda" in (channel_question.text or "")
    await sari.press("📧 Email")
    await sari.wait_reply(predicate=lambda m: "nama rekruternya" in (m.text or ""))
    noted = await sari.ask("bu rina")
    assert "Tercatat: Ibu Rina." in (noted.text or "")
    await sari.wait_reply(predicate=lambda m: "tanda tangan" in (m.text or ""))
    signature = await sari.ask("sari wulandari 0812-3456-7890")
    assert "Sari Wulandari, 0812-3456-7890" in (signature.text or "")
    checklist = await card(coach, sari)
    assert "Analis SOC di PT Aman <Siber> & Co" in (checklist.text or "")
    assert "Ibu Rina" in (checklist.text or "")
    transcript = texts(coach, sari)
    assert "Draf balasan email untuk rekruter" in transcript  # the email draft
    assert "Yth. Ibu Rina," in transcript
    assert "Sari Wulandari\n0812-3456-7890" in transcript  # the signature
    assert "Kamis, 26 November 2026 pukul 10.00 WIB" in transcript  # proposed times, Babel style
    [application] = await rows(coach, JobApplication)
    assert (application.company, application.role, application.stage) == (
        "PT Aman <Siber> & Co",
        "Analis SOC",
        "rekruter",
    )
    events = await rows(coach, ApplicationEvent)
    assert [e.detail for e in events if e.kind == "contacted"] == [{"channel": "email"}]

    # Tick the first checklist item; the card is redrawn with the tick.
    await sari.press(next(t for t, _ in checklist.buttons if t.endswith(" 1")), message=checklist)
    ticked = await sari.wait_reply()
    assert "☑️ 1." in (ticked.text or "")
    # "Catat nama dan kontak rekruter" was ticked when the name was recorded.
    assert "☑️ 2." in (checklist.text or "")
    assert {m.item for m in await rows(coach, ChecklistMark)} == {"balas-cepat", "nama-rekruter"}

    # Passing moves the application to the screening stage.
    await sari.press("✅ Lolos", message=checklist)
    following = await sari.wait_reply()
    assert "Wawancara pendahuluan" in (following.text or "")
    [application] = await rows(coach, JobApplication)
    assert application.stage == "penyaringan"


async def test_screening_stage_with_day_then_time_and_bad_input(coach: Coach) -> None:
    sari = coach.user()
    await open_stage(sari, "Wawancara pendahuluan")
    await sari.wait_reply(predicate=lambda m: "nama perusahaannya" in (m.text or ""))
    await sari.send_sticker()
    complaint = await sari.wait_reply()
    assert "nama perusahaan" in (complaint.text or "")
    emoji_only = await sari.ask("🚀🚀")
    assert "bukan hanya emoji" in (emoji_only.text or "")
    too_long = await sari.ask("A" * 5000)
    assert "Terlalu panjang" in (too_long.text or "")
    await sari.ask("PT Data Aman")
    await sari.press("Lewati")
    when = await sari.wait_reply(predicate=lambda m: "Kapan wawancaranya" in (m.text or ""))
    assert when.buttons  # quick picks
    past = await sari.ask("10/11 jam 10")  # too long ago for a thank-you note
    assert "sudah lewat" in (past.text or "")
    needs_time = await sari.ask("Senin depan")
    assert "Jam berapa" in (needs_time.text or "")
    confirmed = await sari.ask("jam 2 siang")
    assert "Senin, 30 November 2026 pukul 14.00 WIB" in (confirmed.text or "")
    await sari.wait_reply(predicate=lambda m: "lewat apa" in (m.text or ""))
    await sari.ask("lewat zoom")  # typed instead of pressing 🎥 Panggilan video
    await sari.wait_reply(predicate=lambda m: "nama rekruternya" in (m.text or ""))
    await sari.press("Lewati")
    await card(coach, sari)  # the signature waits for a draft sent now
    transcript = texts(coach, sari)
    assert "24 jam" in transcript
    assert "tanda tangan" not in transcript
    [interview] = await rows(coach, Interview)
    assert interview.kind == "video"
    assert interview.scheduled_at is not None and interview.scheduled_at.hour == 7  # 14.00 WIB


async def test_follow_up_interviews_collect_several_interviewers(coach: Coach) -> None:
    sari = coach.user()
    await open_stage(sari, "Wawancara tambahan")
    await sari.wait_reply(predicate=lambda m: "nama perusahaannya" in (m.text or ""))
    await sari.ask("PT Kunci")
    await sari.ask("Pentester")
    quick = await sari.wait_reply(predicate=lambda m: "Kapan wawancaranya" in (m.text or ""))
    await sari.press(quick.buttons[0][0])  # tomorrow 09.00
    kind = await sari.wait_reply(predicate=lambda m: "jenis apa" in (m.text or ""))
    await sari.press("🛠️ Teknis", message=kind)
    await sari.wait_reply(predicate=lambda m: "pewawancaranya" in (m.text or ""))
    first = await sari.ask("budi santoso, Rina dan Tono")
    assert "Budi Santoso" in (first.text or "") and "Ibu atau Bapak" in (first.text or "")
    await sari.press("Bapak Budi Santoso", message=first)
    second = await sari.wait_reply(predicate=lambda m: "Rina" in (m.text or ""))
    third = await sari.ask("bu")  # typed instead of pressing "Ibu Rina"
    assert "Tono" in (third.text or "")
    await sari.press("Lewati (Bapak/Ibu)", message=third)
    noted = await sari.wait_reply(predicate=lambda m: "Tambah nama lain" in (m.text or ""))
    assert "Bapak Budi Santoso, Ibu Rina, Tono" in (noted.text or "")
    assert second
    await sari.press("✅ Selesai")
    final = await card(coach, sari)
    assert "Bapak Budi Santoso, Ibu Rina, Tono" in (final.text or "")
    [interview] = await rows(coach, Interview)
    assert interview.interviewers == ["Bapak Budi Santoso", "Ibu Rina", "Tono"]
    assert interview.kind == "teknis"


async def test_offer_stage_asks_which_draft_and_builds_it_from_the_record(
    coach: Coach,
) -> None:
    sari = coach.user()
    await open_stage(sari, "Penawaran pekerjaan")
    await sari.wait_reply(predicate=lambda m: "nama perusahaannya" in (m.text or ""))
    await sari.ask("PT Tawar")
    await sari.press("Lewati")
    await sari.wait_reply(predicate=lambda m: "tawaran dari" in (m.text or ""))
    await sari.press("Hari ini")
    await sari.wait_reply(predicate=lambda m: "Sampai kapan" in (m.text or ""))
    deadline = await sari.ask("Jumat")
    assert (deadline.text or "") == (
        "Tercatat: tawaran datang pada Rabu, 25 November 2026; jawaban ditunggu paling lambat "
        "Jumat, 27 November 2026 pukul 17.00 WIB."
    )
    await sari.wait_reply(predicate=lambda m: "gaji pokok per bulan" in (m.text or ""))
    amount = await sari.ask("Rp 9 juta + BPJS")
    assert "Rp9.000.000" in (amount.text or "")
    await sari.wait_reply(predicate=lambda m: "tanda tangan" in (m.text or ""))
    await sari.press("Lewati")
    choice = await sari.wait_reply(predicate=lambda m: "langkah Anda" in (m.text or ""))
    final = await card(coach, sari)
    labels = [t for t, _ in final.buttons]
    for label in ("🎉 Saya terima", "🤔 Masih menimbang", "🙅 Tidak saya ambil", "✏️ Ubah"):
        assert label in labels
    transcript = texts(coach, sari)
    assert "Draf email" not in transcript  # no draft before the user says which one
    await sari.press("💬 Negosiasi", message=choice)
    negotiate = await sari.wait_reply()
    assert "Rp9.500.000–Rp9.900.000" in (negotiate.text or "")
    assert "[kisaran gaji]" not in (negotiate.text or "")
    await sari.press("⏳ Minta waktu", message=choice)
    more_time = await sari.wait_reply()
    assert "paling lambat Jumat, 27 November 2026 pukul 17.00 WIB" in (more_time.text or "")
    assert "tambahan waktu" in (more_time.text or "")
    assert "memberikan jawaban paling lambat" not in (more_time.text or "")
    await sari.press("🎉 Saya terima", message=final)
    closed = await sari.wait_reply()
    assert "Selamat" in (closed.text or "")
    [application] = await rows(coach, JobApplication)
    assert application.status == "accepted"


async def test_rejection_gives_room_first_then_the_draft(coach: Coach) -> None:
    sari = coach.user()
    await open_stage(sari, "Membangun ketekunan")
    await sari.wait_reply(predicate=lambda m: "nama perusahaannya" in (m.text or ""))
    await sari.ask("PT Tolak")
    feeling = await sari.ask("Analis")
    assert "turut sedih" in (feeling.text or "")
    await sari.press("💪 Saya siap lanjut")
    await card(coach, sari)
    assert "umpan balik" in texts(coach, sari)
    [application] = await rows(coach, JobApplication)
    assert application.status == "rejected"


async def test_key_points_show_the_overview(coach: Coach) -> None:
    sari = coach.user()
    await open_stage(sari, "Poin penting")
    await sari.wait_reply(predicate=lambda m: "belum mencatat" in (m.text or ""))
    # Two applications, one of them closed as rejected.
    for company in ("PT Satu", "PT Dua"):
        await open_stage(sari, "Dihubungi oleh rekruter")
        first = await sari.wait_reply(
            predicate=lambda m: (
                "nama perusahaannya" in (m.text or "") or "lamaran yang mana" in (m.text or "")
            )
        )
        if "lamaran yang mana" in (first.text or ""):
            await sari.press("➕ Lamaran baru", message=first)
            await sari.wait_reply(predicate=lambda m: "nama perusahaannya" in (m.text or ""))
        await sari.ask(company)
        await sari.press("Lewati")
        await sari.wait_reply(predicate=lambda m: "menghubungi Anda" in (m.text or ""))
        await sari.press("📧 Email")
        await skip_names(sari)
        await card(coach, sari)
    listing = await sari.ask("/lamaran")
    await sari.press("PT Dua", message=listing)
    details = await sari.wait_reply(predicate=lambda m: "Ditolak" in str(m.buttons))
    await sari.press("💪 Ditolak", message=details)
    comfort = await sari.wait_reply(predicate=lambda m: "bangkit" in str(m.buttons))
    assert "Kabar ini pasti berat" in (comfort.text or "")
    await sari.press("💪 Mari bangkit bersama")
    await sari.wait_reply(predicate=lambda m: "siap lanjut" in str(m.buttons))
    await sari.press("💪 Saya siap lanjut")
    await card(coach, sari)
    await open_stage(sari, "Poin penting")
    overview = await sari.wait_reply(predicate=lambda m: "Status lamaran Anda" in (m.text or ""))
    lines = (overview.text or "").splitlines()
    assert "▶️ PT Satu: Dihubungi oleh rekruter" in lines
    assert "💪 PT Dua: Membangun ketekunan" in lines


async def test_two_applications_side_by_side(coach: Coach) -> None:
    sari = coach.user()
    # First application: contacted by a recruiter, then passed on to screening.
    await open_stage(sari, "Dihubungi oleh rekruter")
    await sari.wait_reply(predicate=lambda m: "nama perusahaannya" in (m.text or ""))
    await sari.ask("PT Satu")
    await sari.ask("Analis SOC")
    await sari.ask("wa")  # typed instead of pressing 💬 Pesan (WhatsApp/SMS)
    await skip_names(sari)
    first_card = await card(coach, sari)
    # Second application, started while the first waits.
    await open_stage(sari, "Dihubungi oleh rekruter")
    await sari.wait_reply(predicate=lambda m: "lamaran yang mana" in (m.text or ""))
    await sari.press("➕ Lamaran baru")
    await sari.wait_reply(predicate=lambda m: "nama perusahaannya" in (m.text or ""))
    await sari.ask("PT Dua")
    await sari.ask("GRC Analyst")
    await sari.press("🔗 LinkedIn")
    await skip_names(sari)
    await coach.emu.wait_for_message(
        sari.id, predicate=lambda m: "PT Dua" in (m.text or "") and is_card(m)
    )
    # The first application's old card still works: it passes to screening.
    await sari.press("✅ Lolos", message=first_card)
    go = await sari.wait_reply(predicate=lambda m: "lolos" in (m.text or ""))
    assert "PT Satu" in (go.text or "")
    await sari.press(go.buttons[0][0], message=go)
    await sari.wait_reply(predicate=lambda m: "Kapan wawancaranya" in (m.text or ""))
    await sari.ask("27/11 13.00")
    await sari.wait_reply(predicate=lambda m: "lewat apa" in (m.text or ""))
    await sari.press("📞 Telepon")
    # The recruiter's name and the signature were answered in stage 1: not asked again.
    await coach.emu.wait_for_message(
        sari.id, predicate=lambda m: "PT Satu" in (m.text or "") and is_card(m)
    )

    applications = {a.company: a for a in await rows(coach, JobApplication)}
    assert applications["PT Satu"].stage == "penyaringan"
    assert applications["PT Dua"].stage == "rekruter"
    listing = await sari.ask("/lamaran")
    assert "PT Satu" in (listing.text or "") and "PT Dua" in (listing.text or "")
    assert "●●○○" in (listing.text or "") and "●○○○" in (listing.text or "")
    menu = await sari.ask("/wawancara")
    assert "PT Satu" in (menu.text or "") and "PT Dua" in (menu.text or "")
    # Choosing the screening stage now asks which application it is for.
    await sari.press(
        next(t for t, _ in menu.buttons if "Wawancara pendahuluan" in t), message=menu
    )
    pick = await sari.wait_reply(predicate=lambda m: "lamaran yang mana" in (m.text or ""))
    assert [t for t, _ in pick.buttons][-1] == "➕ Lamaran baru"
    assert len(pick.buttons) == 3


async def test_command_mid_conversation_ends_it_and_runs(coach: Coach) -> None:
    sari = coach.user()
    await open_stage(sari, "Dihubungi oleh rekruter")
    await sari.wait_reply(predicate=lambda m: "nama perusahaannya" in (m.text or ""))
    help_text = await sari.ask("/bantuan")
    assert "Perintah yang bisa Anda pakai" in (help_text.text or "")
    await sari.wait_reply(predicate=lambda m: "masih di tengah" in (m.text or ""))
    # Still in the conversation: the next text is the company.
    role_question = await sari.ask("PT Tetap")
    assert "PT Tetap" in (role_question.text or "")
    # /wawancara leaves it and shows the menu; text after that is not taken as a role.
    menu = await sari.ask("/wawancara")
    assert len(menu.buttons) == 6
    reply = await sari.ask("Analis")
    assert "di setiap tahap wawancara kerja" in (reply.text or "")
    [application] = await rows(coach, JobApplication)
    assert application.role == ""


async def test_cancel_and_stale_buttons_inside_a_conversation(coach: Coach) -> None:
    sari = coach.user()
    await open_stage(sari, "Dihubungi oleh rekruter")
    await sari.wait_reply(predicate=lambda m: "nama perusahaannya" in (m.text or ""))
    await sari.ask("PT Batal")
    channel = None
    await sari.ask("Analis")
    channel = await sari.wait_reply(predicate=lambda m: "menghubungi Anda" in (m.text or ""))
    # A typed answer that names no button: explained, buttons shown again.
    complaint = await sari.ask("kemarin sore")
    assert "Pilih salah satu tombol" in (complaint.text or "")
    await sari.wait_reply(predicate=lambda m: "menghubungi Anda" in (m.text or ""))
    # A tampered choice is refused, nothing is stored.
    await sari.press(callback_data="c:merpati", message=channel)
    await sari.wait_reply(predicate=lambda m: "Pilih salah satu tombol" in (m.text or ""))
    # The question comes again with its buttons; wait for it before the next step.
    await sari.wait_reply(predicate=lambda m: "menghubungi Anda" in (m.text or ""))
    assert [e for e in await rows(coach, ApplicationEvent) if e.kind == "contacted"] == []
    cancelled = await sari.ask("/batal")
    assert "dihentikan" in (cancelled.text or "")
    # The old question's button no longer belongs to a running conversation.
    query = await sari.press("📞 Telepon", message=channel)
    answer = await coach.emu.wait_for_callback_answer(query)
    assert "tidak berlaku" in (answer.text or "")
    [application] = await rows(coach, JobApplication)
    assert application.company == "PT Batal"  # what was entered stays stored


async def test_time_zone_is_used_for_dates(coach: Coach) -> None:
    sari = coach.user()
    zones = await sari.ask("/zonawaktu")
    assert "WIB" in (zones.text or "")
    await sari.press("WITA (Makassar)", message=zones)
    saved = await sari.wait_reply()
    assert "Rabu, 25 November 2026 pukul 10.00 WITA" in (saved.text or "")
    await open_stage(sari, "Wawancara pendahuluan")
    await sari.wait_reply(predicate=lambda m: "nama perusahaannya" in (m.text or ""))
    await sari.ask("PT Timur")
    await sari.press("Lewati")
    await sari.wait_reply(predicate=lambda m: "Kapan wawancaranya" in (m.text or ""))
    confirmed = await sari.ask("besok jam 10")
    assert "Kamis, 26 November 2026 pukul 10.00 WITA" in (confirmed.text or "")
    [interview] = await rows(coach, Interview)
    assert interview.scheduled_at is not None and interview.scheduled_at.hour == 2  # 10.00 WITA


async def test_english_user_gets_english_stage_and_drafts(coach: Coach) -> None:
    john = coach.emu.user(id=3001, first_name="John", language_code="en")
    menu = await john.ask("/wawancara")
    await john.press(next(t for t, _ in menu.buttons if "recruiter" in t.lower()), message=menu)
    question = await john.wait_reply(predicate=lambda m: "company" in (m.text or "").lower())
    assert question
    await john.ask("Acme Security")
    await john.ask("SOC Analyst")
    await john.press("📧 Email")
    await john.wait_reply(predicate=lambda m: "recruiter" in (m.text or "").lower())
    await john.press("Skip")
    await john.wait_reply(predicate=lambda m: "signature" in (m.text or "").lower())
    await john.press("Skip")
    await card_any(coach, john)
    transcript = texts(coach, john)
    assert "Dear Sir or Madam," in transcript
    assert "Thursday, 26 November 2026 at 10:00 WIB" in transcript


async def card_any(coach: Coach, user: UserHandle) -> BotMessage:
    return await coach.emu.wait_for_message(
        user.id, predicate=lambda m: bool(m.buttons) and "✏️" in " ".join(t for t, _ in m.buttons)
    )


async def test_an_old_menu_button_during_tangguh_moves_to_the_stage(coach: Coach) -> None:
    """Entering a conversation leaves the previous one, whichever button took the chat there."""
    sari = coach.user()
    menu = await sari.ask("/wawancara")
    await sari.ask("/tangguh")
    await sari.wait_reply(predicate=lambda m: "Apa yang paling Anda rasakan" in (m.text or ""))
    await sari.press(next(t for t, _ in menu.buttons if "rekruter" in t), message=menu)
    await sari.wait_reply(predicate=lambda m: "nama perusahaannya" in (m.text or ""))
    # The text now answers the stage's question, not /tangguh's.
    role_question = await sari.ask("PT Pindah")
    assert "Posisi apa yang Anda lamar di PT Pindah" in (role_question.text or "")
    [application] = await rows(coach, JobApplication)
    assert application.company == "PT Pindah"
    database = Database(coach.settings.database_url)
    try:
        async with database.session() as session:
            states = {name for name in await session.scalars(select(ConversationState.name))}
    finally:
        await database.dispose()
    assert states == {"tahap_rekruter"}
