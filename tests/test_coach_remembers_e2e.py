"""Issue 14, end to end: a coach that continues where the user is, says only what is new, and
uses what it was told. Each test plays a user through the emulator, the way people type: some
messages sent without waiting for the answer, other chats busy at the same time."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.coach.guidance import full_parts
from bot.coach.length import visible_len
from bot.coach.stages import Stage
from bot.handlers.stages.wrapup import MESSAGE_BUDGET
from bot.i18n import use_locale
from bot.storage.db import Database
from bot.storage.models import (
    ApplicationEvent,
    FollowUp,
    GuidanceShown,
    Interview,
    JobApplication,
)
from tests.conftest import START, Coach
from tests.helpers import card, is_card, open_stage, rows, says, stored_user
from tgemu import BotMessage, UserHandle

# Sunday 29 November 2026, 10.00 WIB: "Senin depan" is tomorrow.
SUNDAY = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)


def transcript(coach: Coach, user: UserHandle, after: int = 0) -> list[str]:
    return [m.text or "" for m in coach.emu.messages_since(user.id, after)]


def count(messages: list[str], needle: str) -> int:
    return sum(needle in message for message in messages)


async def pending_kinds(coach: Coach, application_id: int) -> set[str]:
    return {
        f.kind
        for f in await rows(coach.settings.database_url, FollowUp)
        if f.application_id == application_id and f.status == "pending"
    }


async def application_named(coach: Coach, company: str) -> JobApplication:
    applications = await rows(coach.settings.database_url, JobApplication)
    return next(a for a in applications if a.company == company)


async def events(coach: Coach, application_id: int, kind: str) -> list[ApplicationEvent]:
    return [
        e
        for e in await rows(coach.settings.database_url, ApplicationEvent)
        if e.application_id == application_id and e.kind == kind
    ]


async def new_application(user: UserHandle, stage_label: str, company: str, role: str) -> None:
    """Opens the stage from /wawancara for a new application (picking "➕ Lamaran baru" when
    the coach asks which one)."""
    await open_stage(user, stage_label)
    first = await user.wait_reply(
        predicate=lambda m: (
            "nama perusahaannya" in (m.text or "") or "lamaran yang mana" in (m.text or "")
        )
    )
    if "lamaran yang mana" in (first.text or ""):
        await user.press("➕ Lamaran baru", message=first)
        await user.wait_reply(predicate=says("nama perusahaannya"))
    await user.ask(company)
    await user.send(role)


async def open_card(coach: Coach, user: UserHandle, company: str) -> BotMessage:
    listing = await user.ask("/lamaran")
    label = next(text for text, _ in listing.buttons if company in text)
    await user.press(label, message=listing)
    return await user.wait_reply(predicate=lambda m: is_card(m) and company in (m.text or ""))


# --- continue, don't restart ----------------------------------------------------------------


async def test_continuing_asks_only_what_is_missing_and_never_stores_twice(coach: Coach) -> None:
    sari = coach.user()
    await new_application(sari, "Wawancara pendahuluan", "pt aman siber", "analis soc")
    renamed = await sari.wait_reply(predicate=says("Saya tulis sebagai"))
    assert "Analis SOC di PT Aman Siber" in (renamed.text or "")  # shown once, formal
    await sari.wait_reply(predicate=says("Kapan wawancaranya"))
    await sari.ask("besok jam 14.30")
    # Interrupted before the format: /batal keeps what was given.
    await sari.wait_reply(predicate=says("lewat apa"))
    await sari.ask("/batal")

    opened = await open_card(coach, sari, "PT Aman Siber")
    assert "Kam 26 Nov 14.30: 📅 wawancara pendahuluan" in (opened.text or "")
    cursor = coach.emu.cursor
    await sari.press("▶️ Lanjutkan", message=opened)
    fmt = await sari.wait_reply(predicate=says("lewat apa"))
    assert "Kapan wawancaranya" not in "\n".join(transcript(coach, sari, cursor))
    await sari.ask("ditelpon")  # typed: the phone button
    await sari.wait_reply(predicate=says("nama rekruternya"))
    await sari.ask("skip")
    final = await card(coach, sari)
    assert "▶️ Lanjutkan" not in [t for t, _ in final.buttons]  # nothing left to ask
    assert fmt

    # "Lanjutkan" on the old card, and the stage picked again from the menu: the card, no
    # question, no guidance again.
    cursor = coach.emu.cursor
    await sari.press("▶️ Lanjutkan", message=opened)
    again = await sari.wait_reply(predicate=says("sudah tercatat"))
    assert "Semua untuk tahap" in (again.text or "")
    await card(coach, sari)
    await open_stage(sari, "Wawancara pendahuluan")
    pick = await sari.wait_reply(predicate=says("lamaran yang mana"))
    await sari.press("PT Aman Siber · Analis SOC", message=pick)
    await sari.wait_reply(predicate=lambda m: is_card(m) and m.message_id > pick.message_id)
    later = transcript(coach, sari, cursor)
    assert count(later, "Kapan wawancaranya") == 0
    assert count(later, "☎️ 2. Wawancara pendahuluan atau penyaringan telepon\n\n") == 0

    # ➕ Tambah wawancara with the moment already recorded: no second row.
    added = await open_card(coach, sari, "PT Aman Siber")
    await sari.press("➕ Tambah wawancara", message=added)
    await sari.wait_reply(predicate=says("Kapan wawancaranya"))
    same = await sari.ask("kamis 26/11 jam 14.30")
    assert "sudah tercatat" in (same.text or "")
    [interview] = await rows(coach.settings.database_url, Interview)
    assert interview.kind == "telepon"
    shown = await rows(coach.settings.database_url, GuidanceShown)
    assert [(g.stage) for g in shown] == ["penyaringan"]
    # Every part of the full guidance went out exactly once.
    with use_locale("id"):
        parts = full_parts(Stage.SCREENING)
    everything = transcript(coach, sari)
    for part in parts:
        first_line = part.split("\n")[2] if part.count("\n") > 2 else part
        plain = first_line.replace("<b>", "").replace("</b>", "")
        assert count(everything, plain) == 1, plain


async def test_a_later_stage_from_the_menu_asks_whether_the_user_passed(coach: Coach) -> None:
    sari = coach.user()
    await new_application(sari, "Wawancara pendahuluan", "PT Saring", "Analis SOC")
    await sari.wait_reply(predicate=says("Kapan wawancaranya"))
    await sari.ask("besok jam 10")
    await sari.wait_reply(predicate=says("lewat apa"))
    await sari.ask("gmeet")
    await sari.wait_reply(predicate=says("nama rekruternya"))
    await sari.ask("pak andi")
    await card(coach, sari)

    await open_stage(sari, "Wawancara tambahan")
    await sari.wait_reply(predicate=says("lamaran yang mana"))
    asked = await sari.press("PT Saring · Analis SOC")
    assert asked
    question = await sari.wait_reply(predicate=says("Anda lolos tahap itu?"))
    assert "Wawancara pendahuluan" in (question.text or "")
    kept = await sari.ask("belum")
    assert "tetap di tahap" in (kept.text or "")
    await card(coach, sari)
    application = await application_named(coach, "PT Saring")
    assert application.stage == "penyaringan" and not await events(coach, application.id, "passed")

    await open_stage(sari, "Wawancara tambahan")
    await sari.wait_reply(predicate=says("lamaran yang mana"))
    await sari.press("PT Saring · Analis SOC")
    await sari.wait_reply(predicate=says("Anda lolos tahap itu?"))
    await sari.ask("iya")
    await sari.wait_reply(predicate=says("Kapan wawancaranya"))
    application = await application_named(coach, "PT Saring")
    assert application.stage == "lanjutan"
    [passed] = await events(coach, application.id, "passed")
    assert passed.detail == {"stage": "penyaringan"}


async def test_the_same_company_typed_again_is_not_a_second_application(coach: Coach) -> None:
    sari = coach.user()
    await new_application(sari, "Dihubungi oleh rekruter", "PT Bank Jago", "Analis SOC")
    await sari.wait_reply(predicate=says("menghubungi Anda"))
    await sari.ask("email")
    await sari.wait_reply(predicate=says("nama rekruternya"))
    await sari.ask("skip")
    await sari.wait_reply(predicate=says("tanda tangan"))
    await sari.ask("skip")
    await card(coach, sari)
    await open_stage(sari, "Wawancara pendahuluan")
    await sari.wait_reply(predicate=says("lamaran yang mana"))
    await sari.press("➕ Lamaran baru")
    await sari.wait_reply(predicate=says("nama perusahaannya"))
    same = await sari.ask("pt. bank jago")
    assert "Analis SOC di PT Bank Jago" in (same.text or "") and "sama?" in (same.text or "")
    passed = await sari.ask("iya")
    assert "Anda lolos tahap itu?" in (passed.text or "")
    assert len(await rows(coach.settings.database_url, JobApplication)) == 1


# --- old cards act on what they name --------------------------------------------------------


async def test_an_old_card_is_refused_kindly_and_a_double_tap_counts_once(coach: Coach) -> None:
    sari = coach.user()
    await new_application(sari, "Dihubungi oleh rekruter", "PT Kartu", "Analis SOC")
    await sari.wait_reply(predicate=says("menghubungi Anda"))
    await sari.ask("lewat email")
    await sari.wait_reply(predicate=says("nama rekruternya"))
    await sari.ask("Ibu Rina")
    await sari.wait_reply(predicate=says("tanda tangan"))
    await sari.ask("lewati")
    stage_one = await card(coach, sari)
    # A double tap: both presses sent before either is answered.
    first = await sari.press("✅ Lolos", message=stage_one)
    second = await sari.press("✅ Lolos", message=stage_one)
    await coach.emu.wait_for_callback_answer(first)
    repeated = await coach.emu.wait_for_callback_answer(second)
    assert "Sudah tercatat" in (repeated.text or "")
    application = await application_named(coach, "PT Kartu")
    assert application.stage == "penyaringan"
    assert len(await events(coach, application.id, "passed")) == 1
    assert count(transcript(coach, sari), "Selamat, Anda lolos") == 1
    # Moving on cancelled what stage 1 had planned ("Sudah membalas rekruter?").
    assert await pending_kinds(coach, application.id) == {"ada_kabar"}

    go = next(m for m in reversed(sari.messages) if "Selamat, Anda lolos" in (m.text or ""))
    await sari.press(go.buttons[0][0], message=go)
    await sari.wait_reply(predicate=says("Kapan wawancaranya"))
    await sari.ask("besok jam 10")
    await sari.wait_reply(predicate=says("lewat apa"))
    await sari.ask("zoom")
    await card(coach, sari)
    planned = await pending_kinds(coach, application.id)
    assert {"persiapan", "semangat"} <= planned

    # The stage-1 card, pressed now: refused kindly, nothing recorded, nothing cancelled.
    cursor = coach.emu.cursor
    query = await sari.press("⏳ Belum ada kabar", message=stage_one)
    answer = await coach.emu.wait_for_callback_answer(query)
    assert "tahap sebelumnya" in (answer.text or "") and answer.show_alert
    current = await coach.emu.wait_for_message(sari.id, after=cursor, predicate=is_card)
    assert "📍 2. Wawancara pendahuluan" in (current.text or "")
    query = await sari.press("✅ Lolos", message=stage_one)
    assert "Sudah tercatat" in ((await coach.emu.wait_for_callback_answer(query)).text or "")
    tick = await sari.press(
        next(t for t, _ in stage_one.buttons if t.endswith(" 1")), message=stage_one
    )
    assert "tahap sebelumnya" in ((await coach.emu.wait_for_callback_answer(tick)).text or "")
    await coach.emu.wait_idle()
    assert not await events(coach, application.id, "waiting")
    assert len(await events(coach, application.id, "passed")) == 1
    assert await pending_kinds(coach, application.id) == planned
    assert count(transcript(coach, sari, cursor), "Selamat, Anda lolos") == 0


# --- the whole journey: drafts from the record, nudges that follow it ------------------------


async def test_the_journey_uses_what_the_user_said(coach: Coach) -> None:
    sari = coach.user()
    other = coach.user(id=1002, first_name="Budi")
    # Someone else is busy at the same time.
    busy = asyncio.create_task(new_application(other, "Dihubungi oleh rekruter", "PT Lain", "QA"))

    # Stage 1: the recruiter's name and the signature, asked once; times avoid booked ones.
    await new_application(sari, "Dihubungi oleh rekruter", "PT Bank Jago", "Analis SOC")
    await sari.wait_reply(predicate=says("menghubungi Anda"))
    await sari.ask("wa")
    await sari.wait_reply(predicate=says("nama rekruternya"))
    await sari.ask("mbak dewi")
    await sari.wait_reply(predicate=says("tanda tangan"))
    await sari.ask("sari wulandari, 0812 3456 7890")
    first_card = await card(coach, sari)
    # A screening elsewhere on Thursday at 10.00, recorded without waiting for the answers.
    await new_application(sari, "Wawancara pendahuluan", "PT Aman Siber", "Analis SOC")
    await sari.wait_reply(predicate=says("Kapan wawancaranya"))
    await sari.send("besok jam 10")
    await sari.send("telpon")
    await sari.wait_reply(predicate=says("nama rekruternya"))
    await sari.ask("bu rina")
    await card(coach, sari)
    await busy

    # The recruiter's reply draft of PT Bank Jago, asked again: Thursday 10.00 is taken now.
    await sari.press("✉️ Draf", message=first_card)
    reply = await sari.wait_reply(predicate=says("Draf balasan pesan"))
    text = reply.text or ""
    assert "Selamat pagi/siang, Ibu Dewi." in text
    assert "Saya Sari Wulandari" in text
    assert "Kamis, 26 November 2026 pukul 10.00 WIB" not in text
    assert "Kamis, 26 November 2026 pukul 14.00 WIB" in text

    # Stage 3 for PT Aman Siber: passed, two interviewers with their honorific.
    aman = await open_card(coach, sari, "PT Aman Siber")
    await sari.press("✅ Lolos", message=aman)
    go = await sari.wait_reply(predicate=says("Selamat, Anda lolos"))
    await sari.press(go.buttons[0][0], message=go)
    await sari.wait_reply(predicate=says("Kapan wawancaranya"))
    await sari.ask("lusa jam 10")
    await sari.wait_reply(predicate=says("jenis apa"))
    await sari.ask("user")
    await sari.wait_reply(predicate=says("pewawancaranya"))
    noted = await sari.ask("bu rina, pak budi")
    assert "Ibu Rina, Bapak Budi" in (noted.text or "")
    await sari.press("✅ Selesai")
    stage_three = await card(coach, sari)
    assert "manajer perekrutan — Ibu Rina, Bapak Budi" in (stage_three.text or "")
    await sari.press("✉️ Draf", message=stage_three)
    notes = await sari.wait_reply(predicate=says("Draf catatan terima kasih untuk"))
    assert "Yth. Ibu Rina," in (notes.text or "") and "Yth. Bapak Budi," in (notes.text or "")
    assert "Sari Wulandari\n0812 3456 7890" in (notes.text or "")

    # The offer: received yesterday, a deadline, the amount read as a number.
    await sari.press("🎉 Tawaran", message=stage_three)
    await sari.wait_reply(predicate=says("Kapan tawaran dari"))
    await sari.ask("kemaren")
    await sari.wait_reply(predicate=says("Sampai kapan"))
    deadline = await sari.ask("jumat jam 5 sore")
    assert "paling lambat Jumat, 27 November 2026 pukul 17.00 WIB" in (deadline.text or "")
    await sari.wait_reply(predicate=says("gaji pokok per bulan"))
    amount = await sari.ask("gaji pokok 8,5 juta, bpjs, thr 1x gaji")
    assert "Rp8.500.000" in (amount.text or "")
    choice = await sari.wait_reply(predicate=says("langkah Anda"))
    offer_card = await card(coach, sari)
    aman_app = await application_named(coach, "PT Aman Siber")
    [offer] = await events(coach, aman_app.id, "offer")
    assert offer.detail["amount"] == 8_500_000 and offer.note.startswith("gaji pokok 8,5 juta")
    # Nudges follow the situation: a decision reminder, and no "Ada kabar?".
    assert await pending_kinds(coach, aman_app.id) == {"keputusan_tawaran"}
    assert "mendapat tawaran kerja; gaji pokok Rp8.500.000" in (offer_card.text or "")
    await sari.press("💬 Negosiasi", message=choice)
    negotiation = await sari.wait_reply(predicate=says("negosiasi"))
    assert "Rp9.000.000–Rp9.400.000" in (negotiation.text or "")
    await sari.press("⏳ Minta waktu", message=choice)
    more_time = await sari.wait_reply(predicate=says("meminta waktu"))
    assert "paling lambat Jumat, 27 November 2026 pukul 17.00 WIB" in (more_time.text or "")
    assert "tambahan waktu" in (more_time.text or "")
    await sari.press("🤔 Masih menimbang", message=offer_card)
    await sari.wait_reply(predicate=says("timbang dengan tenang"))
    assert await pending_kinds(coach, aman_app.id) == {"keputusan_tawaran"}

    # Accepting: a polite withdrawal offered for the other active application.
    await sari.press("🎉 Saya terima", message=offer_card)
    others = await sari.wait_reply(predicate=says("lamaran aktif lain"))
    assert [t for t, _ in others.buttons] == ["✉️ PT Bank Jago · Analis SOC"]
    await sari.press("✉️ PT Bank Jago · Analis SOC", message=others)
    withdrawal = await sari.wait_reply(predicate=says("mengundurkan diri"))
    assert "Yth. Ibu Dewi," in (withdrawal.text or "")
    assert await pending_kinds(coach, aman_app.id) == set()

    # The timeline reads right and lists the interviews.
    history = await open_card(coach, sari, "PT Aman Siber")
    lines = (history.text or "").splitlines()
    assert any("📅 wawancara pendahuluan, telepon" in line for line in lines)
    assert any("🎉 mendapat tawaran kerja" in line for line in lines)
    assert any("menerima tawaran kerja" in line for line in lines)
    assert not any("menerima penawaran" in line for line in lines)
    user = await stored_user(coach.settings.database_url, sari.id)
    assert (user.full_name, user.phone) == ("Sari Wulandari", "0812 3456 7890")
    # Each question of the journey was asked once: the names were not asked again.
    everything = transcript(coach, sari)
    assert count(everything, "tanda tangan di draf email") == 1


# --- typed answers and dates ----------------------------------------------------------------


async def test_a_recent_interview_goes_straight_to_its_thank_you(coach: Coach) -> None:
    sari = coach.user()
    await new_application(sari, "Wawancara tambahan", "PT Lewat", "Pentester")
    when = await sari.wait_reply(predicate=says("Kapan wawancaranya"))
    assert "besok jam 10" in (when.text or "") and "27/11" not in (when.text or "")
    noted = await sari.ask("kemarin jam 3 sore")
    assert "sudah lewat" in (noted.text or "")
    assert "Rabu, 25 November 2026 pukul 15.00 WIB" in (noted.text or "")  # 24 h later
    await sari.wait_reply(predicate=says("jenis apa"))
    await sari.ask("teknis")
    await sari.wait_reply(predicate=says("pewawancaranya"))
    await sari.ask("Bapak Joko")
    await sari.press("✅ Selesai")
    await sari.wait_reply(predicate=says("tanda tangan"))
    await sari.press("Lewati")
    draft = await sari.wait_reply(predicate=says("Draf catatan terima kasih untuk Bapak Joko"))
    assert "paling lambat Rabu, 25 November 2026 pukul 15.00 WIB" in (draft.text or "")
    await card(coach, sari)
    application = await application_named(coach, "PT Lewat")
    # No "before" reminders, and no debrief: the draft is already here.
    assert await pending_kinds(coach, application.id) == {"terima_kasih_24j", "ada_kabar"}


async def test_next_monday_said_on_a_sunday_asks_which_week(coach: Coach) -> None:
    coach.clock.set(SUNDAY)
    sari = coach.user()
    await new_application(sari, "Wawancara pendahuluan", "PT Senin", "Analis SOC")
    await sari.wait_reply(predicate=says("Kapan wawancaranya"))
    which = await sari.ask("senen depan jm 9")
    assert [t for t, _ in which.buttons] == ["Sen 30 Nov 09.00", "Sen 7 Des 09.00"]
    await sari.press("Sen 7 Des 09.00", message=which)
    noted = await sari.wait_reply(predicate=says("Tercatat"))
    assert "Senin, 7 Desember 2026 pukul 09.00 WIB" in (noted.text or "")
    await sari.wait_reply(predicate=says("lewat apa"))
    await sari.ask("datang ke kantor")
    await sari.wait_reply(predicate=says("nama rekruternya"))
    await sari.ask("belum tau")
    final = await card(coach, sari)
    assert "wawancara pendahuluan, tatap muka" in (final.text or "")


# --- ✏️ Ubah, overlaps ----------------------------------------------------------------------


async def test_changing_what_was_recorded(coach: Coach) -> None:
    sari = coach.user()
    await new_application(sari, "Wawancara pendahuluan", "PT Satu", "Analis SOC")
    await sari.wait_reply(predicate=says("Kapan wawancaranya"))
    await sari.ask("besok jam 10")
    await sari.wait_reply(predicate=says("lewat apa"))
    await sari.ask("vc")
    await sari.wait_reply(predicate=says("nama rekruternya"))
    await sari.press("Lewati")
    await card(coach, sari)
    await new_application(sari, "Wawancara pendahuluan", "PT Dua", "GRC Analyst")
    await sari.wait_reply(predicate=says("Kapan wawancaranya"))
    clash = await sari.ask("besok jam 10.30")
    assert "Tercatat" in (clash.text or "")
    warning = await sari.wait_reply(predicate=says("berdekatan"))
    assert "Analis SOC di PT Satu" in (warning.text or "")
    await sari.wait_reply(predicate=says("lewat apa"))
    await sari.ask("offline")
    await sari.wait_reply(predicate=says("nama rekruternya"))
    await sari.press("Lewati")
    second = await card(coach, sari)

    # ✏️ Ubah: the time, then the company's name.
    await sari.press("✏️ Ubah", message=second)
    menu = await sari.wait_reply(predicate=says("Apa yang ingin diubah"))
    await sari.press("📅 Waktu: Kam 26 Nov 10.30", message=menu)
    await sari.wait_reply(predicate=says("Kapan wawancaranya"))
    moved = await sari.ask("besok jam 15")
    assert "Kamis, 26 November 2026 pukul 15.00 WIB" in (moved.text or "")
    changed = await card(coach, sari)
    assert "Kam 26 Nov 15.00: 📅 wawancara pendahuluan, tatap muka" in (changed.text or "")
    interviews = {i.application_id: i for i in await rows(coach.settings.database_url, Interview)}
    dua = await application_named(coach, "PT Dua")
    moved_interview = interviews[dua.id]
    assert moved_interview.scheduled_at == START + timedelta(days=1, hours=6)
    good_luck = [
        f
        for f in await rows(coach.settings.database_url, FollowUp)
        if f.interview_id == moved_interview.id and f.kind == "semangat" and f.status == "pending"
    ]
    assert [f.due_at for f in good_luck] == [START + timedelta(days=1, hours=5)]

    await sari.press("✏️ Ubah", message=changed)
    menu = await sari.wait_reply(predicate=says("Apa yang ingin diubah"))
    await sari.press("🏢 Perusahaan dan posisi", message=menu)
    await sari.wait_reply(predicate=says("Nama perusahaan sekarang"))
    await sari.ask("pt. dua sekuriti")
    await sari.wait_reply(predicate=says("Posisi apa"))
    await sari.press("Tetap")
    renamed = await card(coach, sari)
    assert "GRC Analyst di PT Dua Sekuriti" in (renamed.text or "")
    # Nothing else was asked again, and no interview was added.
    assert len(await rows(coach.settings.database_url, Interview)) == 2


async def test_a_wrong_date_is_changed_right_under_its_confirmation(coach: Coach) -> None:
    sari = coach.user()
    await new_application(sari, "Wawancara pendahuluan", "PT Salah", "Analis SOC")
    await sari.wait_reply(predicate=says("Kapan wawancaranya"))
    noted = await sari.ask("senin depan jam 9")
    assert "Senin, 30 November 2026 pukul 09.00 WIB" in (noted.text or "")
    await sari.wait_reply(predicate=says("lewat apa"))
    await sari.press("✏️ Ubah", message=noted)
    await sari.wait_reply(predicate=says("Kapan wawancaranya"))
    moved = await sari.ask("selasa depan jam 9")
    assert "Selasa, 1 Desember 2026 pukul 09.00 WIB" in (moved.text or "")
    changed = await card(coach, sari)
    assert "Sel 1 Des 09.00: 📅 wawancara pendahuluan" in (changed.text or "")
    # The stage goes on where it was: the format, not the date again.
    await sari.press("▶️ Lanjutkan", message=changed)
    await sari.wait_reply(predicate=says("lewat apa"))
    [interview] = await rows(coach.settings.database_url, Interview)
    assert interview.scheduled_at == datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


# --- the message budget ---------------------------------------------------------------------

LONG = "𝕊" * 20 + "iber Nusantara Raya Sejahtera Abadi Makmur Sentosa Jaya Persada Utama Mandiri"


async def seed_many_applications(coach: Coach, user: UserHandle) -> None:
    """Twenty applications with 100-character names in astral-plane letters (two UTF-16 units
    each), each at stage 3 with an interview of eight long-named interviewers."""
    await user.ask("/start")
    database = Database(coach.settings.database_url)
    try:
        async with database.session() as session:
            for number in range(20):
                name = f"PT {number:02d} {LONG}"[:100]
                application = JobApplication(
                    user_id=user.id,
                    company=name,
                    role=("Analis " + LONG)[:100],
                    stage=Stage.FOLLOW_UP_INTERVIEWS.value,
                    status="active",
                    created_at=START,
                    updated_at=START,
                )
                session.add(application)
                await session.flush()
                session.add(
                    Interview(
                        application_id=application.id,
                        stage=Stage.FOLLOW_UP_INTERVIEWS.value,
                        scheduled_at=START + timedelta(days=1, hours=number),
                        kind="panel",
                        interviewers=[f"Ibu {LONG}"[:60] + str(n) for n in range(8)],
                        created_at=START,
                    )
                )
            await session.commit()
    finally:
        await database.dispose()


def check_budget(messages: list[BotMessage]) -> None:
    for message in messages:
        units = visible_len((message.text or "").replace("<", "&lt;"))
        assert units <= MESSAGE_BUDGET, (units, (message.text or "")[:80])


async def test_no_message_comes_near_telegrams_limit(coach: Coach) -> None:
    sari = coach.user()
    await seed_many_applications(coach, sari)
    cursor = coach.emu.cursor
    listing = await sari.ask("/lamaran")
    await coach.emu.wait_idle()
    replies = coach.emu.messages_since(sari.id, cursor)
    check_budget(replies)
    assert len(replies[-1].buttons) == 20  # every one reachable
    menu = await sari.ask("/wawancara")
    check_budget([menu])
    assert len(menu.buttons) == 6
    await sari.press(next(t for t, _ in menu.buttons if "Poin penting" in t), message=menu)
    overview = await sari.wait_reply(predicate=says("Status lamaran Anda"))
    await coach.emu.wait_idle()
    check_budget(coach.emu.messages_since(sari.id, cursor))
    assert overview
    # A card with eight long names, and its notes to eight interviewers.
    assert listing
    await sari.press(replies[-1].buttons[0][0], message=replies[-1])
    opened = await sari.wait_reply(predicate=is_card)
    check_budget([opened])
    await sari.press("✉️ Draf", message=opened)
    notes = await sari.wait_reply(predicate=says("Draf catatan terima kasih"))
    check_budget([notes])


async def test_the_first_answer_of_a_stage_entry_is_short(coach: Coach) -> None:
    sari = coach.user()
    for number, stage in enumerate(
        ("rekruter", "pendahuluan", "tambahan", "Penawaran", "ketekunan"), start=1
    ):
        cursor = coach.emu.cursor
        await open_stage(sari, stage)
        await sari.wait_reply(
            predicate=lambda m: (
                "nama perusahaannya" in (m.text or "") or "lamaran yang mana" in (m.text or "")
            )
        )
        await coach.emu.wait_idle()
        answer = coach.emu.messages_since(sari.id, cursor)[1:]  # after the menu
        assert sum(visible_len(m.text or "") for m in answer) <= 1200, number
        texts = [m.text or "" for m in answer]
        assert len(texts) == len(set(texts))


async def test_several_users_at_once_each_get_their_own_card(coach: Coach) -> None:
    users = [coach.user(id=3100 + n, first_name=f"U{n}") for n in range(4)]

    async def walk(user: UserHandle) -> None:
        await new_application(user, "Wawancara pendahuluan", f"PT Nomor {user.id}", "Analis")
        await user.wait_reply(predicate=says("Kapan wawancaranya"))
        await user.send("besok jam 10")
        await user.send("gmeet")
        await user.wait_reply(predicate=says("nama rekruternya"))
        await user.send("skip")
        await coach.emu.wait_for_message(user.id, predicate=is_card)

    await asyncio.gather(*(walk(user) for user in users))
    stored = Counter(i.kind for i in await rows(coach.settings.database_url, Interview))
    assert stored == {"video": 4}
    for user in users:
        assert not any(
            "belum mengerti" in t or "Saya menunggu" in t for t in transcript(coach, user)
        )


async def test_guidance_on_request(coach: Coach) -> None:
    sari = coach.user()
    await open_stage(sari, "Penawaran pekerjaan")
    brief = await sari.wait_reply(predicate=says("Yang penting sekarang"))
    await sari.wait_reply(predicate=says("nama perusahaannya"))
    cursor = coach.emu.cursor
    await sari.press("📖 Panduan lengkap", message=brief)
    await coach.emu.wait_idle()
    parts = coach.emu.messages_since(sari.id, cursor)
    with use_locale("id"):
        assert len(parts) == len(full_parts(Stage.OFFER))
    assert all(visible_len(p.text or "") <= 1500 for p in parts)
    database = Database(coach.settings.database_url)
    try:
        async with database.session() as session:
            assert list(await session.scalars(select(GuidanceShown))) == []
    finally:
        await database.dispose()
