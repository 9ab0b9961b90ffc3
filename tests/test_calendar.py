"""The interview's .ics file, parsed back with icalendar: zone, times, alarms, UID, cancellation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from bot.coach.calendar import (
    InterviewEvent,
    cancellation_ics,
    ics_filename,
    interview_ics,
    interview_uid,
)
from bot.i18n import use_locale

ZONES = {"Asia/Jakarta": 7, "Asia/Makassar": 8, "Asia/Jayapura": 9}
# Sunday 29 November 2026, 09:00 UTC: days before the interviews below.
NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


def interview(zone: str = "Asia/Jakarta", **changes: object) -> InterviewEvent:
    values: dict[str, object] = {
        "interview_id": 42,
        "role": "Analis SOC",
        "company": "PT Aman Siber",
        "start": datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo(zone)),
        "zone": zone,
        "location": "Gedung Cyber 2, Lt. 5, Jakarta Selatan",
        "interviewers": ("Budi Santoso, S.Kom.", "Sari Dewi"),
    }
    values.update(changes)
    return InterviewEvent(**values)  # type: ignore[arg-type]


def parse(data: bytes) -> tuple[Calendar, Event]:
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert isinstance(events[0], Event)
    return calendar, events[0]


@pytest.mark.parametrize("zone", ZONES)
def test_times_are_in_the_users_zone_with_its_vtimezone(zone: str) -> None:
    calendar, event = parse(interview_ics(interview(zone), now=NOW))
    start = event.decoded("dtstart")
    assert event["dtstart"].params["TZID"] == zone
    assert start == datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo(zone))
    assert start.utcoffset() == timedelta(hours=ZONES[zone])
    assert event.decoded("dtend") - start == timedelta(hours=1)
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert vtimezone["TZID"] == zone
    (standard,) = vtimezone.walk("STANDARD")
    assert standard.decoded("tzoffsetto") == timedelta(hours=ZONES[zone])


def test_a_moment_given_in_another_zone_is_written_in_the_users_zone() -> None:
    start = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)  # 11:00 WITA
    _, event = parse(interview_ics(interview("Asia/Makassar", start=start), now=NOW))
    assert event["dtstart"].params["TZID"] == "Asia/Makassar"
    assert event["dtstart"].to_ical() == b"20261203T110000"


def test_title_location_and_interviewers() -> None:
    calendar, event = parse(interview_ics(interview(), now=NOW))
    assert calendar["METHOD"] == "PUBLISH"
    assert str(event["SUMMARY"]) == "Wawancara: Analis SOC di PT Aman Siber"
    assert str(event["LOCATION"]) == "Gedung Cyber 2, Lt. 5, Jakarta Selatan"
    description = str(event["DESCRIPTION"])
    assert "- Budi Santoso, S.Kom.\n- Sari Dewi" in description
    assert "URL" not in event


def test_a_video_link_is_the_location_and_the_url_when_there_is_no_place() -> None:
    link = "https://meet.google.com/abc-defg-hij"
    _, event = parse(interview_ics(interview(location="", video_link=link), now=NOW))
    assert str(event["LOCATION"]) == link
    assert str(event["URL"]) == link
    assert link in str(event["DESCRIPTION"])


def test_english_texts() -> None:
    with use_locale("en"):
        _, event = parse(interview_ics(interview(), now=NOW))
    assert str(event["SUMMARY"]) == "Interview: Analis SOC at PT Aman Siber"
    assert "Interviewers:" in str(event["DESCRIPTION"])


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("hour", [8, 10, 19, 21])
def test_alarms_the_evening_before_at_seven_and_an_hour_before(zone: str, hour: int) -> None:
    start = datetime(2026, 12, 3, hour, 0, tzinfo=ZoneInfo(zone))
    _, event = parse(interview_ics(interview(zone, start=start), now=NOW))
    moments = sorted(start + alarm.decoded("trigger") for alarm in event.walk("VALARM"))
    assert moments == [
        datetime(2026, 12, 2, 19, 0, tzinfo=ZoneInfo(zone)),
        start - timedelta(hours=1),
    ]
    for alarm in event.walk("VALARM"):
        assert alarm["ACTION"] == "DISPLAY"
        assert "Analis SOC" in str(alarm["DESCRIPTION"])


def test_alarms_already_past_are_left_out() -> None:
    start = datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    evening_after = datetime(2026, 12, 2, 21, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    _, event = parse(interview_ics(interview(start=start), now=evening_after))
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("trigger") == -timedelta(hours=1)
    _, event = parse(interview_ics(interview(start=start), now=start - timedelta(minutes=30)))
    assert event.walk("VALARM") == []


def test_the_uid_is_stable_and_the_sequence_grows_with_each_change() -> None:
    _, first = parse(interview_ics(interview(), now=NOW))
    moved = interview(start=datetime(2026, 12, 4, 14, 0, tzinfo=ZoneInfo("Asia/Jakarta")))
    _, second = parse(
        interview_ics(
            InterviewEvent(**{**moved.__dict__, "sequence": 1}), now=NOW + timedelta(hours=2)
        )
    )
    assert str(first["UID"]) == str(second["UID"]) == interview_uid(42)
    assert (first.decoded("sequence"), second.decoded("sequence")) == (0, 1)
    assert second.decoded("dtstamp") > first.decoded("dtstamp")
    other = parse(interview_ics(interview(interview_id=43), now=NOW))[1]
    assert str(other["UID"]) != str(first["UID"])
    assert interview_uid(42, "coach.example.com") == "wawancara-42@coach.example.com"


def test_the_cancellation_cancels_the_same_event() -> None:
    calendar, event = parse(cancellation_ics(interview(sequence=2), now=NOW))
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert str(event["UID"]) == interview_uid(42)
    assert event.decoded("sequence") == 2
    assert event.walk("VALARM") == []
    assert event["dtstart"].params["TZID"] == "Asia/Jakarta"


def test_typed_text_is_kept_to_one_clean_line() -> None:
    data = interview_ics(
        interview(role="Analis\nSOC\x07 " + "x" * 300, company="PT; Aman, Siber"), now=NOW
    )
    _, event = parse(data)
    summary = str(event["SUMMARY"])
    assert "\n" not in summary and "\x07" not in summary
    assert "PT; Aman, Siber" in summary
    assert len(summary) < 260


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError):
        interview_ics(interview(start=datetime(2026, 12, 3, 10, 0)), now=NOW)  # noqa: DTZ001


@pytest.mark.parametrize(
    ("company", "name"),
    [
        ("PT Aman Siber", "wawancara-pt-aman-siber-2026-12-03.ics"),
        ("Kopi Kenangan — Café", "wawancara-kopi-kenangan-cafe-2026-12-03.ics"),
        ("株式会社", "wawancara-2026-12-03.ics"),
    ],
)
def test_file_names_are_plain_ascii(company: str, name: str) -> None:
    assert ics_filename(interview(company=company)) == name
