"""Issue 17, part 3, end to end: an interview sent as an .ics file and parsed back here with
icalendar (its zone, start, alarms, UID), sent again after ✏️ Ubah with the same UID and a
higher SEQUENCE, and cancelled; in Indonesian and English, with another chat busy and presses
sent without waiting."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.storage.models import ApplicationEvent, FollowUp, Interview, JobApplication
from tests.conftest import Coach
from tests.helpers import card, is_card, open_stage, rows, says
from tgemu import BotMessage, UserHandle

WITA = ZoneInfo("Asia/Makassar")
WIB = ZoneInfo("Asia/Jakarta")


def is_ics(message: BotMessage) -> bool:
    document = message.document
    return document is not None and str(document.get("file_name", "")).endswith(".ics")


async def ics_reply(user: UserHandle) -> tuple[BotMessage, Any, Any]:
    """The next calendar file: the message, its VCALENDAR and its one VEVENT."""
    message = await user.wait_reply(predicate=is_ics)
    assert message.document_content is not None
    calendar = Calendar.from_ical(message.document_content)
    [event] = calendar.walk("VEVENT")
    return message, calendar, event


def triggers(event: Any) -> list[timedelta]:
    return sorted(alarm.decoded("TRIGGER") for alarm in event.walk("VALARM"))


async def further_interview(coach: Coach, user: UserHandle, company: str, when: str) -> None:
    """Stage 3 for a new application: `when`, technical, two interviewers."""
    await open_stage(user, "Wawancara tambahan")
    await user.wait_reply(predicate=says("nama perusahaannya"))
    await user.ask(company)
    await user.ask("Pentester")
    await user.wait_reply(predicate=says("Kapan wawancaranya"))
    await user.ask(when)
    await user.wait_reply(predicate=says("jenis apa"))
    await user.press("🛠️ Teknis")
    await user.wait_reply(predicate=says("pewawancaranya"))
    await user.ask("Ibu Rina, Bapak Budi")
    await user.press("✅ Selesai")


async def busy_elsewhere(coach: Coach) -> None:
    budi = coach.user(id=2002, first_name="Budi")
    await further_interview(coach, budi, "PT Lain", "besok jam 9")
    offer = await budi.wait_reply(predicate=says("kalender ponsel"))
    await budi.press("📅 Tambahkan ke kalender", message=offer)
    _message, _calendar, event = await ics_reply(budi)
    assert "PT Lain" in str(event["SUMMARY"])


async def stored_interviews(coach: Coach) -> list[Interview]:
    return list(await rows(coach.settings.database_url, Interview))


async def interview_of(coach: Coach, company: str) -> Interview:
    applications = await rows(coach.settings.database_url, JobApplication)
    [application] = [a for a in applications if a.company == company]
    [interview] = [i for i in await stored_interviews(coach) if i.application_id == application.id]
    return interview


async def test_an_interview_in_the_calendar_follows_its_changes(coach: Coach) -> None:
    sari = coach.user()
    await sari.ask("/zonawaktu")
    await sari.press("WITA (Makassar)")
    await sari.wait_reply(predicate=says("Zona waktu disimpan"))
    other = asyncio.create_task(busy_elsewhere(coach))
    # Friday 27 November 2026, 10.00 WITA.
    await further_interview(coach, sari, "PT Kunci", "jumat jam 10")
    offer = await sari.wait_reply(predicate=says("kalender ponsel"))
    first_card = await card(coach, sari)
    assert "📅 Tambahkan ke kalender" in [t for t, _ in first_card.buttons]
    # The file, and /lamaran typed right after the press without waiting: both answered.
    await sari.press("📅 Tambahkan ke kalender", message=offer)
    await sari.send("/lamaran")
    added, calendar, event = await ics_reply(sari)
    await sari.wait_reply(predicate=says("Lamaran Anda"))
    assert str(calendar["METHOD"]) == "PUBLISH"
    start = datetime(2026, 11, 27, 10, 0, tzinfo=WITA)
    assert event.decoded("DTSTART") == start
    assert event["DTSTART"].params["TZID"] == "Asia/Makassar"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Makassar"]
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=1)
    assert str(event["SUMMARY"]) == "Wawancara: Pentester di PT Kunci"
    assert "- Ibu Rina\n- Bapak Budi" in str(event["DESCRIPTION"])
    evening = datetime(2026, 11, 26, 19, 0, tzinfo=WITA)
    assert triggers(event) == [evening - start, timedelta(hours=-1)]
    uid, sequence = str(event["UID"]), int(event["SEQUENCE"])
    assert uid.startswith("wawancara-") and uid.endswith("@pelatih-wawancara.invalid")
    assert "Pengingatnya pukul 19.00 malam sebelumnya" in (added.text or "")
    assert "Jumat, 27 November 2026 pukul 10.00 WITA" in (added.text or "")
    interview = await interview_of(coach, "PT Kunci")
    assert interview.calendar_revision == interview.revision == sequence

    # ✏️ Ubah of the time: the file comes again before the card, same UID, higher SEQUENCE.
    await sari.press("✏️ Ubah", message=first_card)
    menu = await sari.wait_reply(predicate=says("Apa yang ingin diubah"))
    await sari.press("📅 Waktu: Jum 27 Nov 10.00", message=menu)
    await sari.wait_reply(predicate=says("Kapan wawancaranya"))
    await sari.ask("jumat jam 14")
    moved, _calendar, event = await ics_reply(sari)
    assert "Jadwalnya berubah" in (moved.text or "")
    assert str(event["UID"]) == uid and int(event["SEQUENCE"]) > sequence
    assert event.decoded("DTSTART") == datetime(2026, 11, 27, 14, 0, tzinfo=WITA)
    sequence = int(event["SEQUENCE"])
    moved_card = await card(coach, sari)

    # ✏️ Ubah of the interviewers: again.
    await sari.press("✏️ Ubah", message=moved_card)
    menu = await sari.wait_reply(predicate=says("Apa yang ingin diubah"))
    await sari.press("👥 Pewawancara (Jum 27 Nov)", message=menu)
    await sari.wait_reply(predicate=says("pewawancaranya"))
    await sari.ask("Bapak Tono")
    await sari.press("✅ Selesai")
    _moved, _calendar, event = await ics_reply(sari)
    assert str(event["UID"]) == uid and int(event["SEQUENCE"]) > sequence
    assert "Bapak Tono" in str(event["DESCRIPTION"])
    assert "Ibu Rina" not in str(event["DESCRIPTION"])
    sequence = int(event["SEQUENCE"])
    last_card = await card(coach, sari)
    cursor = coach.emu.cursor
    # Opening the card again sends nothing: the calendar is up to date.
    listing = await sari.ask("/lamaran")
    await sari.press(next(t for t, _ in listing.buttons if "PT Kunci" in t), message=listing)
    await sari.wait_reply(predicate=lambda m: is_card(m) and "PT Kunci" in (m.text or ""))
    assert not [m for m in coach.emu.messages_since(sari.id, cursor) if is_ics(m)]

    # ❌ Batal: asked first, then the cancellation of the same event, and the record goes.
    await sari.press("✏️ Ubah", message=last_card)
    menu = await sari.wait_reply(predicate=says("Apa yang ingin diubah"))
    await sari.press("❌ Batal (Jum 27 Nov)", message=menu)
    confirm = await sari.wait_reply(predicate=says("dibatalkan?"))
    assert "Jumat, 27 November 2026 pukul 14.00 WITA" in (confirm.text or "")
    await sari.press("✅ Ya, hapus", message=confirm)
    cancelled, calendar, event = await ics_reply(sari)
    assert str(calendar["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == uid and int(event["SEQUENCE"]) > sequence
    assert "Dibatalkan" in (cancelled.text or "")
    after = await sari.wait_reply(predicate=lambda m: is_card(m) and "PT Kunci" in (m.text or ""))
    assert "❌ wawancara Jum 27 Nov 14.00 dibatalkan" in (after.text or "")
    await other
    interviews = await stored_interviews(coach)
    assert [i.interviewers for i in interviews] == [["Ibu Rina", "Bapak Budi"]]  # Budi's only
    kept = {i.id for i in interviews}
    follow_ups = await rows(coach.settings.database_url, FollowUp)
    assert all(f.interview_id is None or f.interview_id in kept for f in follow_ups)
    assert [
        e.detail["stage"]
        for e in await rows(coach.settings.database_url, ApplicationEvent)
        if e.kind == "interview_cancelled"
    ] == ["lanjutan"]


async def test_a_withdrawal_cancels_only_what_the_calendar_holds(coach: Coach) -> None:
    sari = coach.user()
    await open_stage(sari, "Wawancara pendahuluan")
    await sari.wait_reply(predicate=says("nama perusahaannya"))
    await sari.ask("PT Saring")
    await sari.press("Lewati")
    await sari.wait_reply(predicate=says("Kapan wawancaranya"))
    await sari.ask("besok jam 10")
    await sari.wait_reply(predicate=says("lewat apa"))
    await sari.press("🎥 Panggilan video")
    await sari.wait_reply(predicate=says("nama rekruternya"))
    await sari.press("Lewati")
    first_card = await card(coach, sari)
    # Not added: a change sends no file.
    await sari.press("✏️ Ubah", message=first_card)
    menu = await sari.wait_reply(predicate=says("Apa yang ingin diubah"))
    await sari.press("📅 Waktu: Kam 26 Nov 10.00", message=menu)
    await sari.wait_reply(predicate=says("Kapan wawancaranya"))
    await sari.ask("besok jam 11")
    changed_card = await card(coach, sari)
    assert not [m for m in coach.emu.chat_messages(sari.id) if is_ics(m)]
    # Added from the card, one hour before the evening alarm: both alarms.
    await sari.press("📅 Tambahkan ke kalender", message=changed_card)
    _added, _calendar, event = await ics_reply(sari)
    assert event.decoded("DTSTART") == datetime(2026, 11, 26, 11, 0, tzinfo=WIB)
    assert str(event["SUMMARY"]) == "Wawancara: PT Saring"
    uid, sequence = str(event["UID"]), int(event["SEQUENCE"])
    # The next morning, the last alarm still ahead: a file sent now has that one only.
    coach.clock.advance(timedelta(hours=24, minutes=30))  # 26 Nov 09.30 WIB
    await sari.press("📅 Tambahkan ke kalender", message=changed_card)
    again, _calendar, event = await ics_reply(sari)
    assert triggers(event) == [timedelta(hours=-1)]
    assert "satu jam sebelum mulai" in (again.text or "") and "19.00" not in (again.text or "")
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (uid, sequence)
    # Withdrawing: the interview ahead is cancelled in the calendar.
    await sari.press("↩️ Saya mundur", message=changed_card)
    _cancelled, calendar, event = await ics_reply(sari)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["UID"]) == uid and int(event["SEQUENCE"]) > sequence
    [interview] = await stored_interviews(coach)
    assert interview.calendar_revision is None  # nothing more is sent for it
    # /ekspor holds the interview's revision and what the calendar had.
    await sari.send("/ekspor")
    exported = await sari.wait_reply(predicate=lambda m: m.document is not None and not is_ics(m))
    assert b'"calendar_revision": null' in (exported.document_content or b"")
    assert b'"revision": ' in (exported.document_content or b"")


async def test_a_rejection_cancels_the_interview_ahead(coach: Coach) -> None:
    sari = coach.user()
    await further_interview(coach, sari, "PT Tolak", "senin jam 9")
    offer = await sari.wait_reply(predicate=says("kalender ponsel"))
    stage_card = await card(coach, sari)
    await sari.press("📅 Tambahkan ke kalender", message=offer)
    _added, _calendar, event = await ics_reply(sari)
    uid = str(event["UID"])
    await sari.press("💪 Ditolak", message=stage_card)
    await sari.wait_reply(predicate=says("Mari kita hadapi bersama"))
    await sari.press("💪 Mari bangkit bersama")
    await sari.wait_reply(predicate=says("turut sedih"))
    await sari.press("💪 Saya siap lanjut")
    _cancelled, calendar, event = await ics_reply(sari)
    assert str(calendar["METHOD"]) == "CANCEL" and str(event["UID"]) == uid
    closed = await sari.wait_reply(
        predicate=lambda m: "PT Tolak" in (m.text or "") and bool(m.buttons)
    )
    assert "📅 Tambahkan ke kalender" not in [t for t, _ in closed.buttons]


async def test_in_english(coach: Coach) -> None:
    john = coach.emu.user(id=3001, first_name="John", language_code="en")
    menu = await john.ask("/wawancara")
    await john.press(next(t for t, _ in menu.buttons if "phone screen" in t), message=menu)
    await john.wait_reply(predicate=says("company called"))
    await john.ask("Acme Security")
    await john.ask("SOC Analyst")
    await john.wait_reply(predicate=says("When is the interview"))
    await john.ask("tomorrow at 3pm")
    await john.wait_reply(predicate=says("How will the interview"))
    await john.press("📞 Phone")
    await john.wait_reply(predicate=says("recruiter's name"))
    await john.press("Skip")
    offer = await john.wait_reply(predicate=says("phone's calendar"))
    await john.press("📅 Add to calendar", message=offer)
    added, _calendar, event = await ics_reply(john)
    assert str(event["SUMMARY"]) == "Interview: SOC Analyst at Acme Security"
    assert event.decoded("DTSTART") == datetime(2026, 11, 26, 15, 0, tzinfo=WIB)
    assert "Open this file to add" in (added.text or "")
    assert "Thursday, 26 November 2026 at 15:00 WIB" in (added.text or "")
    assert "at 19:00 the evening before" in (added.text or "")
    assert triggers(event) == [
        datetime(2026, 11, 25, 19, 0, tzinfo=WIB) - datetime(2026, 11, 26, 15, 0, tzinfo=WIB),
        timedelta(hours=-1),
    ]
