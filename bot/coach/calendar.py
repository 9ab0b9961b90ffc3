"""An interview as an RFC 5545 calendar file (.ics): the event, its alarms, its cancellation.

The file is for the user's own calendar, so it is published (METHOD:PUBLISH), not sent as an
invitation: an ORGANIZER that is not the user would make Outlook and Google show it as an invite
from a stranger. A change is the same UID with a higher SEQUENCE; a cancellation is the same UID
with METHOD:CANCEL and STATUS:CANCELLED, which calendars apply to the event they already hold.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from bot.i18n import N_, _

# The button under an interview that sends the file (the handlers show it).
ADD_TO_CALENDAR = N_("📅 Tambahkan ke kalender")

PRODID = "-//Pelatih Wawancara//Kalender Wawancara//ID"
# UIDs must be unique across every calendar the file may reach; the operator may pass its own
# domain. `.invalid` (RFC 2606) can never belong to someone else.
UID_DOMAIN = "pelatih-wawancara.invalid"
DEFAULT_DURATION = timedelta(hours=1)
# The coach's nudges use the same moments: preparing the evening before, a last look an hour
# before (bot/coach/nudges.py PREP_EVENING_AT and GOOD_LUCK_BEFORE).
EVENING_BEFORE_AT = time(19, 0)
LAST_LOOK_BEFORE = timedelta(hours=1)
# Calendar apps show a line or two; a value the user typed is cut so the file stays small.
MAX_FIELD = 200
MAX_INTERVIEWERS = 10


@dataclass(frozen=True)
class InterviewEvent:
    """What the calendar needs to know about one recorded interview.

    `sequence` is the interview's revision: 0 when first sent, one more at every change sent
    again (time, place, link, interviewers) and at the cancellation. The storage keeps it.
    """

    interview_id: int | str
    role: str
    company: str
    start: datetime  # aware
    zone: str  # IANA name: Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT)
    duration: timedelta = DEFAULT_DURATION
    location: str = ""
    video_link: str = ""
    interviewers: Sequence[str] = ()
    sequence: int = 0


def interview_uid(interview_id: int | str, domain: str = UID_DOMAIN) -> str:
    """The event's UID: the same for every version of one interview, so updates replace it."""
    return f"wawancara-{interview_id}@{domain}"


def interview_ics(event: InterviewEvent, *, now: datetime, domain: str = UID_DOMAIN) -> bytes:
    """The interview as an .ics file: title, local times with their VTIMEZONE, place or link,
    interviewers, and alarms the evening before and an hour before (those still ahead of `now`).
    """
    calendar = _calendar("PUBLISH")
    vevent = _event(event, now=now, domain=domain)
    vevent.add("status", "CONFIRMED")
    for alarm in _alarms(event, now=now):
        vevent.add_component(alarm)
    calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def cancellation_ics(event: InterviewEvent, *, now: datetime, domain: str = UID_DOMAIN) -> bytes:
    """The cancellation of an interview sent before: same UID, METHOD:CANCEL, STATUS:CANCELLED.

    Pass a `sequence` higher than the last one sent, as for any change.
    """
    calendar = _calendar("CANCEL")
    vevent = _event(event, now=now, domain=domain)
    vevent.add("status", "CANCELLED")
    calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def ics_filename(event: InterviewEvent) -> str:
    """A file name any phone accepts: "wawancara-pt-aman-siber-2026-12-01.ics"."""
    local = event.start.astimezone(ZoneInfo(event.zone))
    ascii_company = (
        unicodedata.normalize("NFKD", event.company).encode("ascii", "ignore").decode("ascii")
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_company.lower()).strip("-")[:40].rstrip("-")
    return (
        "-".join(part for part in ("wawancara", slug, local.date().isoformat()) if part) + ".ics"
    )


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def _clean(value: str, limit: int = MAX_FIELD) -> str:
    """One line, no control characters, cut to the limit (icalendar escapes the rest)."""
    value = " ".join("".join(ch for ch in value if ch.isprintable() or ch.isspace()).split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _event(event: InterviewEvent, *, now: datetime, domain: str) -> Event:
    if event.start.tzinfo is None or now.tzinfo is None:
        raise ValueError("interview times must be aware datetimes")
    if event.sequence < 0:
        raise ValueError("SEQUENCE is a non-negative integer")
    zone = ZoneInfo(event.zone)
    start = event.start.astimezone(zone)
    vevent = Event()
    vevent.add("uid", interview_uid(event.interview_id, domain))
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", now.astimezone(UTC))
    vevent.add("last-modified", now.astimezone(UTC))
    vevent.add("dtstart", start)
    vevent.add("dtend", start + event.duration)
    vevent.add("summary", _summary(event))
    vevent.add("description", _description(event))
    location = _clean(event.location)
    link = _clean(event.video_link, limit=1000)
    if location or link:
        vevent.add("location", location or link)
    if link:
        vevent.add("url", link)
    vevent.add("transp", "OPAQUE")
    return vevent


def _summary(event: InterviewEvent) -> str:
    role, company = _clean(event.role), _clean(event.company)
    if role and company:
        return _("Wawancara: {role} di {company}").format(role=role, company=company)
    if role or company:
        return _("Wawancara: {what}").format(what=role or company)
    return _("Wawancara kerja")


def _description(event: InterviewEvent) -> str:
    names = [_clean(name) for name in event.interviewers if name.strip()][:MAX_INTERVIEWERS]
    lines = []
    if names:
        # One per line: Indonesian names often carry a comma before the degree ("Budi, S.Kom.").
        lines.append(_("Pewawancara:"))
        lines.extend(f"- {name}" for name in names)
    link = _clean(event.video_link, limit=1000)
    if link:
        lines.append(_("Tautan video: {link}").format(link=link))
    lines.append(
        _(
            "Siapkan cerita pengalaman Anda, pertanyaan untuk mereka, dan kirim ucapan terima "
            "kasih dalam 24 jam setelahnya."
        )
    )
    lines.append(_("Dibuat oleh Pelatih Wawancara."))
    return "\n".join(lines)


def _alarms(event: InterviewEvent, *, now: datetime) -> list[Alarm]:
    """The evening before at 19:00 local time and an hour before, as triggers relative to the
    start (every calendar app supports those); an alarm whose moment has passed is left out,
    or it would ring the moment the file is opened."""
    zone = ZoneInfo(event.zone)
    start = event.start.astimezone(zone)
    evening = datetime.combine(start.date() - timedelta(days=1), EVENING_BEFORE_AT, zone)
    wanted = (
        (evening, _("Besok: {summary}. Siapkan diri Anda malam ini.")),
        (start - LAST_LOOK_BEFORE, _("Satu jam lagi: {summary}.")),
    )
    alarms = []
    for moment, text in wanted:
        if moment <= now:
            continue
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", text.format(summary=_summary(event)))
        alarm.add("trigger", moment - start)
        alarms.append(alarm)
    return alarms
