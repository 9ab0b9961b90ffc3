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
from tgemu import UserHandle


def texts(coach: Coach, user: UserHandle) -> str:
    return "\n---\n".join(m.text or "" for m in coach.emu.chat_messages(user.id))


async def card(coach: Coach, user: UserHandle):  # type: ignore[no-untyped-def]
    return await coach.emu.wait_for_message(
        user.id, predicate=lambda m: (m.text or "").startswith("Daftar periksa")
    )


async def rows(coach: Coach, model: type) -> list:  # type: ignore[type-arg]
    database = Database(coach.settings.database_url)
    try:
        async with database.session() as session:
            return list(await session.scalars(select(model)))
    finally:
        await database.dispose()


async def open_stage(user: UserHandle, label: str) -> None:
    menu = await user.ask("/wawancara")
    await user.press(next(text for text, _ in menu.buttons if label in text), message=menu)


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
    checklist = await card(coach, sari)
    assert "Analis SOC di PT Aman <Siber> & Co" in (checklist.text or "")
    transcript = texts(coach, sari)
    assert "Draf balasan email untuk rekruter" in transcript  # the email draft
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
    assert len(await rows(coach, ChecklistMark)) == 1

    # Passing moves the application to the screening stage.
    await sari.press("✅ Lolos", message=checklist)
    following = await sari.wait_reply()
    assert "Wawancara pendahuluan" in (following.text or "")


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
    past = await sari.ask("kemarin jam 10")
    assert "sudah lewat" in (past.text or "")
    needs_time = await sari.ask("Senin depan")
    assert "Jam berapa" in (needs_time.text or "")
    confirmed = await sari.ask("jam 2 siang")
    assert "Senin, 30 November 2026 pukul 14.00 WIB" in (confirmed.text or "")
    await sari.wait_reply(predicate=lambda m: "lewat apa" in (m.text or ""))
    await sari.press("🎥 Video call")
    await card(coach, sari)
    transcript = texts(coach, sari)
    assert "24 jam" in transcript
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
    noted = await sari.ask("Budi Santoso, Rina dan Tono")
    assert "Budi Santoso, Rina, Tono" in (noted.text or "")
    await sari.press("✅ Selesai")
    await card(coach, sari)
    transcript = texts(coach, sari)
    for name in ("Budi Santoso", "Rina", "Tono"):
        assert f"{name}" in transcript
    [interview] = await rows(coach, Interview)
    assert interview.interviewers == ["Budi Santoso", "Rina", "Tono"]
    assert interview.kind == "teknis"


async def test_offer_stage_gives_three_drafts(coach: Coach) -> None:
    sari = coach.user()
    await open_stage(sari, "Penawaran pekerjaan")
    await sari.wait_reply(predicate=lambda m: "nama perusahaannya" in (m.text or ""))
    await sari.ask("PT Tawar")
    await sari.press("Lewati")
    await sari.wait_reply(predicate=lambda m: "penawaran dari" in (m.text or ""))
    await sari.press("Hari ini")
    await sari.wait_reply(predicate=lambda m: "Sampai kapan" in (m.text or ""))
    deadline = await sari.ask("Jumat")
    assert "Jumat, 27 November 2026 pukul 17.00 WIB" in (deadline.text or "")
    await sari.wait_reply(predicate=lambda m: "angka penawarannya" in (m.text or ""))
    await sari.ask("Rp 9 juta + BPJS")
    final = await card(coach, sari)
    assert [t for t, _ in final.buttons][-3:] == [
        "🎉 Saya terima",
        "🤔 Masih menimbang",
        "🙅 Tidak saya ambil",
    ]
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
    assert "menyesal" in (feeling.text or "")
    await sari.press("Saya siap melangkah")
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
        await sari.wait_reply(predicate=lambda m: "nama perusahaannya" in (m.text or ""))
        await sari.ask(company)
        await sari.press("Lewati")
        await sari.wait_reply(predicate=lambda m: "menghubungi Anda" in (m.text or ""))
        await sari.press("📧 Email")
        await card(coach, sari)
    listing = await sari.ask("/lamaran")
    await sari.press("PT Dua", message=listing)
    details = await sari.wait_reply(predicate=lambda m: "Lanjutkan" in str(m.buttons))
    await sari.press("💪 Ditolak", message=details)
    await sari.wait_reply(predicate=lambda m: "ketekunan" in str(m.buttons))
    await sari.press("💪 Buka tahap Membangun ketekunan")
    await sari.wait_reply(predicate=lambda m: "siap melangkah" in str(m.buttons))
    await sari.press("Saya siap melangkah")
    await card(coach, sari)
    await open_stage(sari, "Poin penting")
    overview = await sari.wait_reply(predicate=lambda m: "Posisi Anda saat ini" in (m.text or ""))
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
    await sari.press("💬 Pesan (WhatsApp/SMS)")
    first_card = await card(coach, sari)
    # Second application, started while the first waits.
    await open_stage(sari, "Dihubungi oleh rekruter")
    await sari.wait_reply(predicate=lambda m: "nama perusahaannya" in (m.text or ""))
    await sari.ask("PT Dua")
    await sari.ask("GRC Analyst")
    await sari.press("🔗 LinkedIn")
    await coach.emu.wait_for_message(
        sari.id,
        predicate=lambda m: (
            "PT Dua" in (m.text or "") and (m.text or "").startswith("Daftar periksa")
        ),
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
    await coach.emu.wait_for_message(
        sari.id,
        predicate=lambda m: (
            "PT Satu" in (m.text or "") and (m.text or "").startswith("Daftar periksa")
        ),
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
    # A typed answer where a button is expected: explained, buttons shown again.
    complaint = await sari.ask("lewat telepon")
    assert "pilih salah satu tombol" in (complaint.text or "")
    await sari.wait_reply(predicate=lambda m: "menghubungi Anda" in (m.text or ""))
    # A tampered choice is refused, nothing is stored.
    await sari.press(callback_data="c:merpati", message=channel)
    await sari.wait_reply(predicate=lambda m: "pilih salah satu tombol" in (m.text or ""))
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
    await card_any(coach, john)
    transcript = texts(coach, john)
    assert "Dear Sir or Madam," in transcript
    assert "Thursday, 26 November 2026 at 10:00 WIB" in transcript


async def card_any(coach: Coach, user: UserHandle):  # type: ignore[no-untyped-def]
    return await coach.emu.wait_for_message(
        user.id, predicate=lambda m: bool(m.buttons) and "✅" in " ".join(t for t, _ in m.buttons)
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
