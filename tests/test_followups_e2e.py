"""Follow-up nudges end to end: scheduled by the conversations, sent by the dispatcher under the
injected clock, with their buttons, quiet hours, pauses and Telegram's errors."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.storage.db import Database
from bot.storage.models import FollowUp, Interview
from tests.conftest import START, Coach
from tests.helpers import stored_user
from tests.test_stages_e2e import card, is_card, open_stage, skip_names
from tgemu import BotMessage, UserHandle


async def follow_ups(coach: Coach) -> list[FollowUp]:
    database = Database(coach.settings.database_url)
    try:
        async with database.session() as session:
            return list(await session.scalars(select(FollowUp).order_by(FollowUp.id)))
    finally:
        await database.dispose()


async def recruiter_stage(coach: Coach, sari: UserHandle, company: str = "PT Cepat") -> None:
    await open_stage(sari, "Dihubungi oleh rekruter")
    await sari.wait_reply(predicate=lambda m: "nama perusahaannya" in (m.text or ""))
    await sari.ask(company)
    await sari.ask("Analis SOC")
    await sari.press("📧 Email")
    await skip_names(sari)
    await card(coach, sari)


async def screening_stage(coach: Coach, sari: UserHandle, when: str = "besok jam 10") -> None:
    await open_stage(sari, "Wawancara pendahuluan")
    await sari.wait_reply(predicate=lambda m: "nama perusahaannya" in (m.text or ""))
    await sari.ask("PT Saring")
    await sari.press("Lewati")
    await sari.wait_reply(predicate=lambda m: "Kapan wawancaranya" in (m.text or ""))
    await sari.send(when)
    await sari.wait_reply(predicate=lambda m: "lewat apa" in (m.text or ""))
    await sari.press("🎥 Panggilan video")
    await sari.wait_reply(predicate=lambda m: "nama rekruternya" in (m.text or ""))
    await sari.press("Lewati")
    await card(coach, sari)


async def nudge_after(coach: Coach, cursor: int, user: UserHandle, needle: str) -> BotMessage:
    return await coach.emu.wait_for_message(
        user.id, after=cursor, predicate=lambda m: needle in (m.text or "")
    )


async def test_recruiter_nudge_a_few_hours_later_with_its_buttons(coach: Coach) -> None:
    sari = coach.user()
    await recruiter_stage(coach, sari)
    cursor = coach.emu.cursor
    coach.clock.advance(timedelta(hours=2, minutes=59))
    assert await coach.dispatch() == 0
    coach.clock.advance(timedelta(minutes=1))
    assert await coach.dispatch() == 1
    nudge = await nudge_after(coach, cursor, sari, "Sudah membalas rekruter")
    assert [text for text, _ in nudge.buttons] == [
        "Sudah ✅",
        "Ingatkan 2 jam lagi",
        "Jangan ingatkan ini lagi",
        "📋 Buka lamaran",
    ]
    assert "Yth. Bapak/Ibu," in (nudge.text or "")  # the reply draft comes with it
    # Sent once: another run sends nothing.
    assert await coach.dispatch() == 0
    # The application's card opens as a new message; the nudge stays as it was.
    await sari.press("📋 Buka lamaran", message=nudge)
    opened = await sari.wait_reply(predicate=is_card)
    assert (
        "Analis SOC di PT Cepat" in (opened.text or "") and opened.message_id != nudge.message_id
    )
    await sari.press("Sudah ✅", message=nudge)
    done = await sari.wait_reply()
    assert "Tercatat sebagai sudah dilakukan" in (done.text or "")
    assert done.buttons == []


async def test_interview_nudges_fire_at_their_moments_and_quiet_hours_hold(coach: Coach) -> None:
    sari = coach.user()
    await screening_stage(coach, sari)  # Thursday 26 November, 10.00 WIB
    cursor = coach.emu.cursor
    coach.clock.set(START + timedelta(hours=10))  # Wednesday 19.00 WIB: the evening before
    assert await coach.dispatch() == 1
    prep = await nudge_after(coach, cursor, sari, "Persiapan wawancara")
    assert "Kamis, 26 November 2026 pukul 10.00 WIB" in (prep.text or "")
    coach.clock.set(START + timedelta(hours=24))  # Thursday 09.00: an hour before
    assert await coach.dispatch() == 1
    await nudge_after(coach, cursor, sari, "Semangat")
    coach.clock.set(START + timedelta(hours=27))  # Thursday 12.00: two hours after
    assert await coach.dispatch() == 1
    debrief = await nudge_after(coach, cursor, sari, "Bagaimana wawancara untuk")
    assert "terima kasih" in (debrief.text or "").lower()
    # The last call falls at 06.00 on Friday, inside quiet hours: it waits for 07.00.
    coach.clock.set(START + timedelta(hours=45))  # Friday 06.00
    assert await coach.dispatch() == 0
    coach.clock.set(START + timedelta(hours=46))  # Friday 07.00
    assert await coach.dispatch() == 1
    await nudge_after(coach, cursor, sari, "Pengingat terakhir")


async def test_marking_the_thank_you_sent_cancels_the_last_call(coach: Coach) -> None:
    sari = coach.user()
    await screening_stage(coach, sari)
    cursor = coach.emu.cursor
    coach.clock.set(START + timedelta(hours=27))
    await coach.dispatch()  # the evening-before and good-luck ones have expired by now
    debrief = await nudge_after(coach, cursor, sari, "Bagaimana wawancara untuk")
    await sari.press("Sudah ✅", message=debrief)
    await sari.wait_reply()
    coach.clock.set(START + timedelta(hours=46))
    assert await coach.dispatch() == 0
    database = Database(coach.settings.database_url)
    async with database.session() as session:
        [interview] = list(await session.scalars(select(Interview)))
        assert interview.thank_you_sent_at is not None
    await database.dispose()
    statuses = {f.kind: f.status for f in await follow_ups(coach)}
    assert statuses["terima_kasih_24j"] == "cancelled"
    assert statuses["persiapan"] == "expired" and statuses["semangat"] == "expired"


async def test_snooze_and_stop(coach: Coach) -> None:
    sari = coach.user()
    await recruiter_stage(coach, sari)
    cursor = coach.emu.cursor
    coach.clock.advance(timedelta(hours=3))
    await coach.dispatch()
    nudge = await nudge_after(coach, cursor, sari, "Sudah membalas rekruter")
    await sari.press("Ingatkan 2 jam lagi", message=nudge)
    snoozed = await sari.wait_reply()
    assert "Rabu, 25 November 2026 pukul 14.00 WIB" in (snoozed.text or "")
    coach.clock.advance(timedelta(hours=2))
    cursor = coach.emu.cursor
    assert await coach.dispatch() == 1
    again = await nudge_after(coach, cursor, sari, "Sudah membalas rekruter")
    await sari.press("Jangan ingatkan ini lagi", message=again)
    stopped = await sari.wait_reply()
    assert "tidak akan mengingatkan" in (stopped.text or "")
    assert [f.status for f in await follow_ups(coach) if f.kind == "balas_rekruter"] == [
        "sent",
        "sent",
    ]


async def test_pengingat_lists_and_cancels_and_jeda_pauses(coach: Coach) -> None:
    sari = coach.user()
    await recruiter_stage(coach, sari)
    listing = await sari.ask("/pengingat")
    assert "Balas rekruter — PT Cepat: Rabu, 25 November 2026 pukul 12.00 WIB" in (
        listing.text or ""
    )
    assert "Ada kabar? — PT Cepat" in (listing.text or "")
    await sari.press("❌ 1", message=listing)
    redrawn = await sari.wait_reply()
    assert "Balas rekruter" not in (redrawn.text or "")
    paused = await sari.ask("/jeda")
    assert "dijeda" in (paused.text or "")
    coach.clock.advance(timedelta(days=8))
    assert await coach.dispatch() == 0
    await sari.ask("/jeda")
    cursor = coach.emu.cursor
    assert await coach.dispatch() == 1
    await nudge_after(coach, cursor, sari, "Ada kabar dari PT Cepat")


async def test_quiet_hours_can_be_changed(coach: Coach) -> None:
    sari = coach.user()
    listing = await sari.ask("/pengingat")
    await sari.press("22–06", message=listing)
    redrawn = await sari.wait_reply()
    assert "Jam tenang: 22.00–06.00" in (redrawn.text or "")
    assert (await stored_user(coach.settings.database_url, sari.id)).quiet_start == 22


async def test_blocked_user_is_marked_inactive_and_their_nudges_cancelled(coach: Coach) -> None:
    sari = coach.user()
    await recruiter_stage(coach, sari)
    await sari.block()
    await coach.emu.wait_idle()  # Telegram tells the bot (my_chat_member)
    assert (await stored_user(coach.settings.database_url, sari.id)).blocked
    statuses = {f.kind: f.status for f in await follow_ups(coach)}
    assert statuses == {"balas_rekruter": "cancelled", "ada_kabar": "cancelled"}
    coach.clock.advance(timedelta(hours=3))
    assert await coach.dispatch() == 0


async def test_a_nudge_refused_with_403_marks_the_user_blocked(coach: Coach) -> None:
    """The bot may not hear of a block (it was down, or Telegram's update was lost): the
    dispatcher's 403 says it too."""
    sari = coach.user()
    await recruiter_stage(coach, sari)
    coach.emu.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    coach.clock.advance(timedelta(hours=3))
    assert await coach.dispatch() == 0
    assert (await stored_user(coach.settings.database_url, sari.id)).blocked
    statuses = {f.kind: (f.status, f.last_error) for f in await follow_ups(coach)}
    assert statuses["balas_rekruter"][0] == "failed"
    assert "blocked" in statuses["balas_rekruter"][1]
    assert statuses["ada_kabar"][0] == "cancelled"


async def test_server_errors_retry_with_backoff_keeping_the_error(coach: Coach) -> None:
    sari = coach.user()
    await recruiter_stage(coach, sari)
    coach.emu.fail_next("sendMessage", 502, "Bad Gateway", times=1)
    coach.clock.advance(timedelta(hours=3))
    assert await coach.dispatch() == 0
    [row] = [f for f in await follow_ups(coach) if f.kind == "balas_rekruter"]
    assert (row.status, row.attempts) == ("pending", 1)
    assert "Bad Gateway" in row.last_error
    coach.clock.advance(timedelta(seconds=29))
    assert await coach.dispatch() == 0
    coach.clock.advance(timedelta(seconds=1))
    assert await coach.dispatch() == 1


async def test_flood_control_honours_retry_after(coach: Coach) -> None:
    sari = coach.user()
    await recruiter_stage(coach, sari)
    coach.emu.fail_next(
        "sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, times=1
    )
    coach.clock.advance(timedelta(hours=3))
    # PTB's AIORateLimiter waits the retry_after and tries again.
    assert await coach.dispatch() == 1
    failures = [r for r in coach.emu.calls("sendMessage") if not r.ok]
    assert failures and failures[0].response["parameters"]["retry_after"] == 1


async def test_nudges_too_late_are_not_sent(coach: Coach) -> None:
    sari = coach.user()
    await screening_stage(coach, sari)
    # The bot was down until Saturday: every interview nudge is past its moment.
    coach.clock.set(START + timedelta(days=3))
    cursor = coach.emu.cursor
    assert await coach.dispatch() == 0
    assert coach.emu.messages_since(sari.id, cursor) == []
    statuses = [f.status for f in await follow_ups(coach) if f.kind != "ada_kabar"]
    assert statuses and set(statuses) == {"expired"}


async def test_offer_decision_and_rejection_nudges(coach: Coach) -> None:
    sari = coach.user()
    await open_stage(sari, "Penawaran pekerjaan")
    await sari.wait_reply(predicate=lambda m: "nama perusahaannya" in (m.text or ""))
    await sari.ask("PT Tawar")
    await sari.press("Lewati")
    await sari.wait_reply(predicate=lambda m: "tawaran dari" in (m.text or ""))
    await sari.press("Hari ini")
    await sari.wait_reply(predicate=lambda m: "Sampai kapan" in (m.text or ""))
    await sari.send("Jumat jam 17")
    await sari.wait_reply(predicate=lambda m: "gaji pokok per bulan" in (m.text or ""))
    await sari.press("Lewati")
    await sari.wait_reply(predicate=lambda m: "tanda tangan" in (m.text or ""))
    await sari.press("Lewati")
    final = await card(coach, sari)
    cursor = coach.emu.cursor
    coach.clock.set(START + timedelta(days=1, hours=8))  # Thursday 17.00: a day before
    assert await coach.dispatch() == 1
    decision = await nudge_after(coach, cursor, sari, "menunggu jawaban Anda")
    assert "Jumat, 27 November 2026 pukul 17.00 WIB" in (decision.text or "")
    # Declining closes the application and cancels what was left.
    await sari.press("🙅 Tidak saya ambil", message=final)
    await sari.wait_reply()
    assert {f.status for f in await follow_ups(coach)} <= {"sent", "cancelled"}
