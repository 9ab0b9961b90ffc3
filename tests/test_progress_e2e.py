"""Progress told in one sentence, recorded after one tap (issue 13, phase 2), end to end through
the emulator: an interview, a stage passed, an offer with its amount, a rejection, an interview
just held, in Indonesian and English; a wrong guess corrected with one tap; messages sent
without waiting while other chats are busy; and nothing recorded before the tap."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.storage.models import (
    ApplicationEvent,
    ApplicationStatus,
    FollowUp,
    Interview,
    JobApplication,
    ProgressReport,
)
from tests.conftest import Coach
from tests.helpers import card, open_stage, record_application, rows, says, skip_names
from tgemu import UserHandle
from tgemu.models import BotMessage

SCREENING = "udah aku bales, trus dijadwalin screening telpon besok jam 10 sama aman siber"


def buttons(message: BotMessage) -> dict[str, str]:
    return dict(message.buttons)


async def applications(coach: Coach) -> list[JobApplication]:
    return sorted(await rows(coach.settings.database_url, JobApplication), key=lambda a: a.id)


async def interviews(coach: Coach) -> list[Interview]:
    return sorted(await rows(coach.settings.database_url, Interview), key=lambda i: i.id)


async def events(coach: Coach, kind: str) -> list[ApplicationEvent]:
    return [e for e in await rows(coach.settings.database_url, ApplicationEvent) if e.kind == kind]


async def at_stage(user: UserHandle, stage_button: str) -> None:
    """Moves the user's one application on with its card's buttons: ✅ Lolos, then the stage."""
    await user.press("✅ Lolos")
    await user.wait_reply(predicate=says("Selamat, Anda lolos"))
    await user.press(stage_button)


# --- an interview -------------------------------------------------------------------------------


async def test_a_progress_message_records_an_interview_from_one_sentence_after_confirmation(
    coach: Coach,
) -> None:
    sari = coach.user()
    await record_application(sari)
    understood = await sari.ask(SCREENING)
    assert understood.text == (
        "📅 Wawancara pendahuluan Kamis, 26 November 2026 pukul 10.00 WIB, lewat telepon — "
        "Analis SOC di PT Aman Siber. Catat?"
    )
    assert list(buttons(understood)) == ["✅ Ya, catat", "✏️ Bukan begitu"]
    # Nothing is recorded from the sentence itself: only what was understood is kept.
    [application] = await applications(coach)
    assert application.stage == "rekruter"
    assert await interviews(coach) == []
    [report] = await rows(coach.settings.database_url, ProgressReport)
    assert report.status == "open" and report.detail["format"] == "telepon"

    await sari.press("✅ Ya, catat", message=understood)
    recorded = await sari.wait_reply(predicate=says("Tercatat: Kamis, 26 November 2026"))
    assert buttons(recorded) == {"✏️ Ubah": f"ed:{application.id}:penyaringan:wk:1"}
    shown = await card(coach, sari)
    assert "wawancara pendahuluan, telepon" in (shown.text or "")
    [application] = await applications(coach)
    assert application.stage == "penyaringan"
    [interview] = await interviews(coach)
    assert interview.stage == "penyaringan" and interview.kind == "telepon"
    assert interview.scheduled_at == datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
    # Its nudges, as the stage conversation plans them.
    nudges = await rows(coach.settings.database_url, FollowUp)
    assert any(n.interview_id == interview.id for n in nudges)
    [report] = await rows(coach.settings.database_url, ProgressReport)
    assert report.status == "recorded" and report.detail == {}

    # A second tap records nothing more, and neither does the same sentence confirmed again.
    query = await sari.press(callback_data=understood.buttons[0][1], message=understood)
    assert (await coach.emu.wait_for_callback_answer(query)).text == "Sudah tercatat."
    again = await sari.ask(SCREENING)
    await sari.press("✅ Ya, catat", message=again)
    await sari.wait_reply(predicate=says("sudah tercatat"))
    await card(coach, sari)
    assert len(await interviews(coach)) == 1


async def test_an_interview_for_a_new_application_asks_only_the_company(coach: Coach) -> None:
    sari = coach.user()
    understood = await sari.ask("dijadwalin screening besok jam 10")
    assert "Wawancara pendahuluan Kamis, 26 November 2026 pukul 10.00 WIB" in (
        understood.text or ""
    )
    assert "Catat sebagai lamaran baru" in (understood.text or "")
    await sari.press("✅ Ya, catat", message=understood)
    await sari.wait_reply(predicate=says("nama perusahaannya"))
    await sari.ask("PT Baru Jaya")
    await sari.ask("Analis SOC")
    await sari.wait_reply(predicate=says("Tercatat: Kamis, 26 November 2026 pukul 10.00 WIB"))
    [application] = await applications(coach)
    assert (application.company, application.stage) == ("PT Baru Jaya", "penyaringan")
    [interview] = await interviews(coach)
    assert interview.application_id == application.id

    john = coach.user(id=1002, first_name="John", language_code="en")
    reply = await john.ask("screening interview tomorrow at 2pm with PT Aman Siber")
    assert reply.text == (
        "📅 Screening interview on Thursday, 26 November 2026 at 14:00 WIB — PT Aman Siber "
        "(new application). Record it?"
    )
    await john.press("✅ Yes, record it", message=reply)
    await john.wait_reply(predicate=says("Noted: Thursday, 26 November 2026 at 14:00 WIB"))


async def test_a_further_interview_records_its_kind_and_asks_the_interviewers(
    coach: Coach,
) -> None:
    sari = coach.user()
    await record_application(sari)
    await at_stage(sari, "☎️ Wawancara pendahuluan atau penyaringan telepon")
    await sari.wait_reply(predicate=says("Kapan wawancaranya"))
    await sari.ask("/batal")
    understood = await sari.ask("interview user kamis jam 2 siang via zoom")
    assert understood.text == (
        "📅 Wawancara manajer perekrutan Kamis, 26 November 2026 pukul 14.00 WIB — Analis SOC "
        "di PT Aman Siber. Catat?"
    )
    await sari.press("✅ Ya, catat", message=understood)
    await sari.wait_reply(predicate=says("Siapa saja pewawancaranya"))
    [application] = await applications(coach)
    assert application.stage == "lanjutan"
    [interview] = await interviews(coach)
    assert (interview.stage, interview.kind) == ("lanjutan", "manajer")


# --- a stage passed, an offer ------------------------------------------------------------------


async def test_a_stage_passed_moves_the_application_on_and_asks_what_is_missing(
    coach: Coach,
) -> None:
    sari = coach.user()
    await record_application(sari)
    understood = await sari.ask("lolos screening!")
    assert understood.text == (
        "🎉 Selamat, Anda lolos! Analis SOC di PT Aman Siber lanjut ke tahap Wawancara "
        "tambahan. Catat?"
    )
    await sari.press("✅ Ya, catat", message=understood)
    await sari.wait_reply(predicate=says("Kapan wawancaranya"))
    [application] = await applications(coach)
    assert application.stage == "lanjutan"
    assert [e.detail for e in await events(coach, "passed")] == [{"stage": "rekruter"}]
    # Passed the last interview: the offer is still to come.
    await sari.ask("/batal")
    reply = await sari.ask("aku lolos interview user di aman siber")
    await sari.press("✅ Ya, catat", message=reply)
    waiting = await sari.wait_reply(predicate=says("kini menunggu"))
    assert list(buttons(waiting).values()) == [f"go:{application.id}:tawaran"]
    [application] = await applications(coach)
    assert application.stage == "tawaran"

    john = coach.user(id=1002, first_name="John", language_code="en")
    reply = await john.ask("I passed the screening!")
    assert reply.text == (
        "🎉 Congratulations, you passed!\nRecord it as a new application at Additional interviews?"
    )


async def test_an_offer_with_its_amount_is_recorded_as_a_whole_rupiah_figure(
    coach: Coach,
) -> None:
    sari = coach.user()
    understood = await sari.ask("dapet offer 8,5 jt dari PT Maju")
    assert understood.text == (
        "🎉 Selamat atas tawaran kerja dari PT Maju (lamaran baru)! Gaji pokok Rp8.500.000 per "
        "bulan. Catat?"
    )
    assert await applications(coach) == []
    await sari.press("✅ Ya, catat", message=understood)
    await sari.wait_reply(predicate=says("Tercatat: gaji pokok Rp8.500.000"))
    await sari.wait_reply(predicate=says("Sampai kapan Anda harus memberi jawaban"))
    [application] = await applications(coach)
    assert (application.company, application.stage) == ("PT Maju", "tawaran")
    [offer] = await events(coach, "offer")
    assert offer.detail == {"amount": 8_500_000}
    assert isinstance(offer.detail["amount"], int)

    john = coach.user(id=1002, first_name="John", language_code="en")
    reply = await john.ask("I got an offer from PT Maju, 9 million a month")
    assert "Base salary Rp9.000.000 a month. Record it?" in (reply.text or "")


# --- a rejection --------------------------------------------------------------------------------


async def test_a_rejection_keeps_the_tangguh_offer_and_marks_the_application_on_a_tap(
    coach: Coach,
) -> None:
    sari = coach.user()
    await record_application(sari)
    before = coach.emu.cursor
    await sari.send("ga lolos di aman siber")
    mark = await sari.wait_reply(predicate=says("sebagai tidak diterima?"))
    [offer, _] = coach.emu.messages_since(sari.id, before)
    assert "turut prihatin" in (offer.text or "")
    assert buttons(offer)["💙 Ya, temani saya"] == "tg:go"
    [application] = await applications(coach)
    assert application.status == ApplicationStatus.ACTIVE
    await sari.press("✅ Ya, tandai tidak diterima", message=mark)
    await sari.wait_reply(predicate=says("Tercatat: lamaran Analis SOC di PT Aman Siber tidak"))
    await sari.wait_reply(predicate=says("Yth."))  # the draft: thanks and a feedback request
    [application] = await applications(coach)
    assert application.status == ApplicationStatus.REJECTED
    query = await sari.press(callback_data=f"rj:{application.id}", message=mark)
    assert (await coach.emu.wait_for_callback_answer(query)).text == "Sudah tercatat."
    assert len(await events(coach, "rejected")) == 1


# --- an interview just held -------------------------------------------------------------------


async def test_a_recent_past_interview_leads_straight_to_the_thank_you(coach: Coach) -> None:
    sari = coach.user()
    await record_application(sari)
    understood = await sari.ask("tadi interview jam 8 sama aman siber")
    assert "Rabu, 25 November 2026 pukul 08.00 WIB" in (understood.text or "")
    assert "Wawancaranya sudah lewat" in (understood.text or "")
    await sari.press("✅ Ya, catat", message=understood)
    await sari.wait_reply(predicate=says("ucapan terima kasih sebaiknya terkirim paling lambat"))
    draft = await sari.wait_reply(predicate=says("Kirim ucapan terima kasih ini paling lambat"))
    assert "Kamis, 26 November 2026 pukul 08.00 WIB" in (draft.text or "")
    [interview] = await interviews(coach)
    assert interview.scheduled_at == datetime(2026, 11, 25, 1, 0, tzinfo=UTC)

    # "kemarin": the day is known, its time asked, then the thank-you.
    budi = coach.user(id=1003, first_name="Budi")
    await record_application(budi, company="PT Sinar Baru")
    reply = await budi.ask("kemarin habis interview sama PT Sinar Baru")
    await budi.press("✅ Ya, catat", message=reply)
    await budi.wait_reply(predicate=says("Jam berapa pada Selasa, 24 November 2026"))
    await budi.ask("jam 3 sore")
    await budi.wait_reply(predicate=says("Kirim ucapan terima kasih ini paling lambat"))


# --- a wrong guess ------------------------------------------------------------------------------


async def test_a_wrong_guess_is_corrected_with_one_tap(coach: Coach) -> None:
    sari = coach.user()
    await record_application(sari)
    guess = await sari.ask("dijadwalin interview kamis jam 2")
    assert "Wawancara pendahuluan Kamis, 26 November 2026 pukul 14.00 WIB" in (guess.text or "")
    await sari.press("✏️ Bukan begitu", message=guess)
    question = await sari.wait_reply(predicate=says("Mana yang benar?"))
    assert "🧭 Tahap wawancara" in buttons(question)
    assert await interviews(coach) == []
    # It was the user interview: one tap records it as stage 3's.
    await sari.press(
        "PT Aman Siber · Analis SOC → 🧑\u200d💼 3. Wawancara tambahan", message=question
    )
    await sari.wait_reply(predicate=says("Tercatat: Kamis, 26 November 2026 pukul 14.00 WIB"))
    [interview] = await interviews(coach)
    assert interview.stage == "lanjutan"

    # The time misread: recorded without it, and asked.
    budi = coach.user(id=1003, first_name="Budi")
    await record_application(budi, company="PT Sinar Baru")
    guess = await budi.ask("dijadwalin screening besok jam 9 sama PT Sinar Baru")
    await budi.press("✏️ Bukan begitu", message=guess)
    question = await budi.wait_reply(predicate=says("Mana yang benar?"))
    await budi.press("🕑 Waktunya lain", message=question)
    await budi.wait_reply(predicate=says("Kapan wawancaranya"))
    await budi.ask("jumat jam 9")
    await budi.wait_reply(predicate=says("Tercatat: Jumat, 27 November 2026 pukul 09.00 WIB"))


async def test_with_several_applications_it_asks_which_and_records_on_the_pick(
    coach: Coach,
) -> None:
    sari = coach.user()
    await record_application(sari)
    await open_stage(sari, "Dihubungi oleh rekruter")
    await sari.wait_reply(predicate=says("Untuk lamaran yang mana?"))
    await sari.press("➕ Lamaran baru")
    await sari.wait_reply(predicate=says("nama perusahaannya"))
    await sari.ask("PT Sinar Baru")
    await sari.ask("Analis Data")
    await sari.press("📧 Email")
    await skip_names(sari)
    await card(coach, sari)
    question = await sari.ask("dijadwalin interview kamis jam 2")
    assert "untuk lamaran yang mana?" in (question.text or "")
    labels = list(buttons(question))
    assert labels[:2] == [
        "PT Sinar Baru · Analis Data → ☎️ 2. Wawancara pendahuluan atau penyaringan telepon",
        "PT Aman Siber · Analis SOC → ☎️ 2. Wawancara pendahuluan atau penyaringan telepon",
    ]
    await sari.press(labels[1], message=question)
    await sari.wait_reply(predicate=says("Tercatat: Kamis, 26 November 2026 pukul 14.00 WIB"))
    aman = next(a for a in await applications(coach) if a.company == "PT Aman Siber")
    [interview] = await interviews(coach)
    assert interview.application_id == aman.id


async def test_an_old_confirmation_is_refused(coach: Coach) -> None:
    sari = coach.user()
    await record_application(sari)
    understood = await sari.ask(SCREENING)
    coach.clock.advance(timedelta(days=2))
    query = await sari.press("✅ Ya, catat", message=understood)
    assert "terlalu lama" in ((await coach.emu.wait_for_callback_answer(query)).text or "")
    assert await interviews(coach) == []


# --- typing fast, with other chats busy -------------------------------------------------------


async def two_reports(coach: Coach, user: UserHandle) -> None:
    """Two progress messages sent without waiting, then both confirmed in order."""
    await record_application(user, company=f"PT Nomor {user.id}")
    await user.send("lolos screening!")
    await user.send("interview user kamis jam 2 siang via zoom")
    second = await user.wait_reply(predicate=says("Wawancara manajer perekrutan"), timeout=20)
    first = next(
        m
        for m in coach.emu.chat_messages(user.id)
        if "Selamat, Anda lolos!" in (m.text or "") and m.buttons
    )
    await user.press("✅ Ya, catat", message=first)
    await user.wait_reply(predicate=says("Kapan wawancaranya"), timeout=20)
    await user.press("✅ Ya, catat", message=second)
    await user.wait_reply(predicate=says("Siapa saja pewawancaranya"), timeout=20)


async def test_two_progress_messages_without_waiting_while_other_chats_are_busy(
    coach: Coach,
) -> None:
    users = [coach.user(id=4001 + n, first_name=f"U{n}") for n in range(4)]
    await asyncio.gather(*(two_reports(coach, user) for user in users))
    await coach.emu.wait_idle()
    stored = await applications(coach)
    assert sorted(a.company for a in stored) == sorted(f"PT Nomor {u.id}" for u in users)
    assert {a.stage for a in stored} == {"lanjutan"}
    recorded = await interviews(coach)
    assert len(recorded) == len(users)
    assert {(i.stage, i.kind) for i in recorded} == {("lanjutan", "manajer")}
