"""Follow-up nudges end to end: scheduled by the conversations, sent by the dispatcher under the
injected clock, with their buttons, quiet hours, pauses and Telegram's errors."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.app import build_application
from bot.clock import FrozenClock
from bot.coach import nudges
from bot.storage.db import Database
from bot.storage.models import FollowUp, Interview, User
from tests.conftest import START, Coach, coach_settings
from tests.helpers import card, is_card, open_stage, skip_names, stored_user
from tgemu import BotApiEmulator, BotMessage, UserHandle, running


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


def her_moment(user: UserHandle) -> timedelta:
    """Where a user's nudges fall in the hour after a moment many users share (the evening
    before, the end of the quiet hours): the same for them every time."""
    return nudges.SHARED_MOMENT_SPREAD * nudges.user_fraction(user.id)


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
    # The evening before, from 19.00 WIB: every user's own moment in its hour (Sari's 19.20).
    coach.clock.set(START + timedelta(hours=10))
    assert await coach.dispatch() == 0
    coach.clock.set(START + timedelta(hours=10) + her_moment(sari))
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
    # The last call falls at 06.00 on Friday, inside quiet hours: it waits for their end,
    # Sari's moment in the hour after 07.00.
    coach.clock.set(START + timedelta(hours=45))  # Friday 06.00
    assert await coach.dispatch() == 0
    coach.clock.set(START + timedelta(hours=46))  # Friday 07.00
    assert await coach.dispatch() == 0
    coach.clock.set(START + timedelta(hours=46) + her_moment(sari))
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
    coach.clock.set(START + timedelta(hours=47))
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
    # The limiter (bot/ratelimit.py) waits the retry_after and tries again.
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


# --- quiet hours at sending time ---------------------------------------------------------------

JAKARTA = ZoneInfo("Asia/Jakarta")
THURSDAY_7 = START + timedelta(hours=22)  # Thursday 26 November, 07.00 WIB: quiet hours end


def wib(moment: datetime) -> str:
    """How the coach writes a moment in Sari's messages, down to the minute."""
    return f"{moment.astimezone(JAKARTA):%d November 2026 pukul %H.%M} WIB"


async def recruiter_nudge(coach: Coach) -> FollowUp:
    [row] = [f for f in await follow_ups(coach) if f.kind == "balas_rekruter"]
    return row


@contextlib.asynccontextmanager
async def coach_started(
    emulator: BotApiEmulator, database_url: str, clock: FrozenClock
) -> AsyncIterator[Coach]:
    """The coach as the `coach` fixture runs it, started and stopped by the test."""
    settings = coach_settings(emulator, database_url)
    app = build_application(settings, clock=clock)
    async with running(app, poll_timeout=0.2):
        yield Coach(emu=emulator, app=app, clock=clock, settings=settings)


async def test_a_nudge_due_while_the_bot_was_down_waits_for_the_end_of_quiet_hours(
    emulator: BotApiEmulator, database_url: str
) -> None:
    clock = FrozenClock(START + timedelta(hours=8, minutes=45))  # Wednesday 17.45 WIB
    async with coach_started(emulator, database_url, clock) as coach:
        sari = coach.user()
        await recruiter_stage(coach, sari)  # "Sudah membalas rekruter?" due at 20.45
    # The bot is down from before 20.45 until 23.00, inside Sari's quiet hours (21-07).
    clock.set(START + timedelta(hours=14))
    async with coach_started(emulator, database_url, clock) as coach:
        cursor = coach.emu.cursor
        assert await coach.dispatch() == 0  # (and the run at start-up sent nothing either)
        assert coach.emu.messages_since(sari.id, cursor) == []
        row = await recruiter_nudge(coach)
        assert (row.status, row.attempts) == ("pending", 0)
        # Due again when the quiet hours end: at Sari's moment in the hour after 07.00.
        assert row.due_at == THURSDAY_7 + her_moment(sari)
        clock.set(THURSDAY_7)
        assert await coach.dispatch() == 0
        clock.set(row.due_at)
        assert await coach.dispatch() == 1
        await nudge_after(coach, cursor, sari, "Sudah membalas rekruter")


async def test_a_nudge_found_in_quiet_hours_too_late_for_their_end_expires(coach: Coach) -> None:
    sari = coach.user()
    await screening_stage(coach, sari, when="besok jam 8")  # Thursday 08.00
    # Nothing ran all evening (the bot was down): at 23.00 the "prepare tonight" nudge is
    # found inside the quiet hours, and their end (07.00) is when it stops making sense.
    coach.clock.set(START + timedelta(hours=14))
    cursor = coach.emu.cursor
    assert await coach.dispatch() == 0
    kinds = {f.kind: f for f in await follow_ups(coach)}
    assert (kinds["persiapan"].status, kinds["persiapan"].attempts) == ("expired", 0)
    assert kinds["semangat"].status == "pending"
    coach.clock.set(THURSDAY_7)
    assert await coach.dispatch() == 1
    await nudge_after(coach, cursor, sari, "Semangat")
    assert "Persiapan" not in " ".join(
        m.text or "" for m in coach.emu.messages_since(sari.id, cursor)
    )


async def test_a_retried_nudge_waits_out_the_quiet_hours(coach: Coach) -> None:
    sari = coach.user()
    coach.clock.set(START + timedelta(hours=8, minutes=59, seconds=45))  # 17.59.45 WIB
    await recruiter_stage(coach, sari)  # due at 20.59.45
    coach.emu.fail_next("sendMessage", 502, "Bad Gateway", times=1)
    coach.clock.advance(timedelta(hours=3))
    cursor = coach.emu.cursor
    assert await coach.dispatch() == 0
    # Retried 30 s later would be 21.00.15, inside the quiet hours: it waits for their end.
    row = await recruiter_nudge(coach)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.planned_at == coach.clock.now() + timedelta(seconds=30)
    assert row.due_at == THURSDAY_7 + her_moment(sari)
    coach.clock.advance(timedelta(seconds=30))
    assert await coach.dispatch() == 0
    coach.clock.set(row.due_at)
    assert await coach.dispatch() == 1
    await nudge_after(coach, cursor, sari, "Sudah membalas rekruter")


async def test_a_snoozed_nudge_waits_out_the_quiet_hours(coach: Coach) -> None:
    sari = coach.user()
    coach.clock.set(START + timedelta(hours=7, minutes=30))  # Wednesday 16.30 WIB
    await recruiter_stage(coach, sari)
    coach.clock.advance(timedelta(hours=3))  # 19.30: the nudge
    cursor = coach.emu.cursor
    assert await coach.dispatch() == 1
    nudge = await nudge_after(coach, cursor, sari, "Sudah membalas rekruter")
    # Two hours later is 21.30, inside the quiet hours: Thursday, at Sari's moment after 07.00.
    await sari.press("Ingatkan 2 jam lagi", message=nudge)
    snoozed = await sari.wait_reply()
    assert f"Kamis, {wib(THURSDAY_7 + her_moment(sari))}" in (snoozed.text or "")
    coach.clock.advance(timedelta(hours=2))
    cursor = coach.emu.cursor
    assert await coach.dispatch() == 0
    coach.clock.set(THURSDAY_7 + her_moment(sari))
    assert await coach.dispatch() == 1
    await nudge_after(coach, cursor, sari, "Sudah membalas rekruter")


async def test_changing_the_quiet_hours_retimes_pending_nudges(coach: Coach) -> None:
    sari = coach.user()
    coach.clock.set(START + timedelta(hours=8))  # Wednesday 17.00 WIB
    await recruiter_stage(coach, sari)  # due at 20.00, outside the quiet hours 21-07
    listing = await sari.ask("/pengingat")
    assert "Balas rekruter — PT Cepat: Rabu, 25 November 2026 pukul 20.00 WIB" in (
        listing.text or ""
    )
    # Quiet from 20.00 to 08.00 now: the nudge waits for Sari's moment after 08.00.
    await sari.press("20–08", message=listing)
    redrawn = await sari.wait_reply()
    eight = THURSDAY_7 + timedelta(hours=1)
    assert f"Balas rekruter — PT Cepat: Kamis, {wib(eight + her_moment(sari))}" in (
        redrawn.text or ""
    )
    coach.clock.advance(timedelta(hours=3))  # 20.00
    cursor = coach.emu.cursor
    assert await coach.dispatch() == 0
    # At 21.00 Sari turns the quiet hours off: the nudge meant for 20.00 is due now.
    coach.clock.advance(timedelta(hours=1))
    await sari.press("Tanpa jam tenang", message=redrawn)
    again = await sari.wait_reply()
    assert "Balas rekruter — PT Cepat: Rabu, 25 November 2026 pukul 21.00 WIB" in (
        again.text or ""
    )
    assert await coach.dispatch() == 1
    await nudge_after(coach, cursor, sari, "Sudah membalas rekruter")


async def test_quiet_hours_changed_without_a_retiming_still_hold_when_sending(
    coach: Coach,
) -> None:
    sari = coach.user()
    coach.clock.set(START + timedelta(hours=8))  # Wednesday 17.00 WIB
    await recruiter_stage(coach, sari)  # due at 20.00
    # Another replica (or an older version of the coach) stored quiet hours from 19.00
    # without moving the nudge: the dispatcher still finds it inside them.
    database = Database(coach.settings.database_url)
    try:
        async with database.session() as session, session.begin():
            user = await session.get(User, sari.id)
            assert user is not None
            user.quiet_start = 19
    finally:
        await database.dispose()
    coach.clock.advance(timedelta(hours=3))  # 20.00
    cursor = coach.emu.cursor
    assert await coach.dispatch() == 0
    row = await recruiter_nudge(coach)
    assert (row.status, row.attempts) == ("pending", 0)
    assert row.due_at == THURSDAY_7 + her_moment(sari)
    assert coach.emu.messages_since(sari.id, cursor) == []
