"""Tests for reading interview dates and times from Indonesian and English text."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.coach.dates import (
    WhenResult,
    WhenStatus,
    combine_day_and_time,
    parse_time_of_day,
    parse_when,
)

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")
# Wednesday 25 November 2026, 16:00 in Jakarta.
NOW = datetime(2026, 11, 25, 16, 0, tzinfo=WIB)


def at(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


def ok(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> WhenResult:
    return WhenResult(WhenStatus.OK, at(month, day, hour, minute, year))


def past(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> WhenResult:
    return WhenResult(WhenStatus.PAST, at(month, day, hour, minute, year))


def needs_time(month: int, day: int, year: int = 2026) -> WhenResult:
    return WhenResult(WhenStatus.NEEDS_TIME, day=date(year, month, day))


NEEDS_DAY = WhenResult(WhenStatus.NEEDS_DAY)
INVALID_DATE = WhenResult(WhenStatus.INVALID_DATE)
INVALID_TIME = WhenResult(WhenStatus.INVALID_TIME)
UNRECOGNIZED = WhenResult(WhenStatus.UNRECOGNIZED)

# Every expected result is relative to NOW (Wednesday 25 November 2026, 16:00 WIB).
CASES: list[tuple[str, WhenResult]] = [
    # relative days
    ("besok jam 10", ok(11, 26, 10)),
    ("lusa pukul 14.00", ok(11, 27, 14)),
    ("3 hari lagi jam 11", ok(11, 28, 11)),
    ("tiga hari lagi jam 11", ok(11, 28, 11)),
    ("dalam 3 hari jam 11", ok(11, 28, 11)),
    ("hari ini jam 4 sore", past(11, 25, 16)),  # exactly now is not in the future
    ("hari ini jam 7 malam", ok(11, 25, 19)),
    ("besok pagi jam 8", ok(11, 26, 8)),
    ("nanti malam jam 8", ok(11, 25, 20)),
    ("kemarin jam 10", past(11, 24, 10)),
    ("tadi jam 10", past(11, 25, 10)),
    ("besok", needs_time(11, 26)),
    ("Besok  PAGI!!", needs_time(11, 26)),
    ("hari ini", needs_time(11, 25)),
    ("kemarin", past(11, 24, 0)),
    ("seminggu lagi", needs_time(12, 2)),
    ("2 minggu lagi jam 9", ok(12, 9, 9)),
    # relative moments
    ("2 jam lagi", ok(11, 25, 18)),
    ("dua jam lagi", ok(11, 25, 18)),
    ("30 menit lagi", ok(11, 25, 16, 30)),
    ("setengah jam lagi", ok(11, 25, 16, 30)),
    ("sejam lagi", ok(11, 25, 17)),
    ("0 menit lagi", past(11, 25, 16)),
    ("besok 2 jam lagi", UNRECOGNIZED),
    # weekdays (today is Wednesday)
    ("Senin depan jam 9", ok(11, 30, 9)),
    ("Kamis jam 2 siang", ok(11, 26, 14)),
    ("Kamis depan jam 10", ok(12, 3, 10)),  # next calendar week, not tomorrow
    ("Rabu jam 19", ok(12, 2, 19)),  # a bare weekday is strictly after today
    ("Jumat ini jam 10", ok(11, 27, 10)),
    ("Jum'at jam 9", ok(11, 27, 9)),
    ("Senin lalu jam 9", past(11, 23, 9)),
    ("minggu depan hari Selasa jam 10", ok(12, 1, 10)),
    ("Selasa minggu depan jam 10", ok(12, 1, 10)),
    ("Minggu jam 10", ok(11, 29, 10)),  # Minggu = Sunday
    ("Ahad jam 10", ok(11, 29, 10)),
    ("hari Minggu depan", needs_time(12, 6)),
    ("minggu depan", NEEDS_DAY),
    ("minggu depan jam 10", NEEDS_DAY),
    ("pekan depan", NEEDS_DAY),
    ("Kamis, 26 November 2026 pukul 10.00", ok(11, 26, 10)),
    ("Senin 1 Desember jam 9", UNRECOGNIZED),  # 1 December 2026 is a Tuesday
    ("besok Jumat", UNRECOGNIZED),  # tomorrow is Thursday
    # calendar dates
    ("27/11 13.00", ok(11, 27, 13)),
    ("27-11-2026 13.00", ok(11, 27, 13)),
    ("27.11.2026 13.00", ok(11, 27, 13)),
    ("27/11/26 jam 9", ok(11, 27, 9)),
    ("1 Desember jam 10 pagi", ok(12, 1, 10)),
    ("tgl 5 jam 9", ok(12, 5, 9)),  # the 5th of this month is 20 days gone, next month's is near
    ("tgl. 20 jam 9", past(11, 20, 9)),  # 5 days ago is nearer than 20 December
    ("tgl 31", needs_time(12, 31)),  # November has no 31st
    ("tanggal 5 Desember 2026 pukul 08.30", ok(12, 5, 8, 30)),
    ("5 Des 2026 08:30", ok(12, 5, 8, 30)),
    ("2026-12-05 08:30", ok(12, 5, 8, 30)),
    ("5 Januari", needs_time(1, 5, 2027)),  # long gone this year -> next January
    ("5 Januari 2026 jam 10", past(1, 5, 10)),
    ("20 November jam 10", past(11, 20, 10)),  # a few days ago: PAST, not next year
    ("10.12 jam 9", ok(12, 10, 9)),  # a time was given, so 10.12 is the date
    ("tgl 5 bulan depan jam 10", ok(12, 5, 10)),
    ("bulan depan", NEEDS_DAY),
    ("Desember", NEEDS_DAY),
    ("31/2", INVALID_DATE),
    ("30 Februari", INVALID_DATE),
    ("31/11 jam 10", INVALID_DATE),
    ("13/13", INVALID_DATE),
    ("29/2/2027", INVALID_DATE),
    ("29/2/2028 jam 10", ok(2, 29, 10, year=2028)),
    ("29/2", INVALID_DATE),  # neither 2026 nor 2027 is a leap year
    ("tgl 32", INVALID_DATE),
    ("1000 hari lagi", INVALID_DATE),
    # times without a day: today if still ahead, else tomorrow
    ("jam 19.30", ok(11, 25, 19, 30)),
    ("jam 10.15", ok(11, 26, 10, 15)),
    ("10:15", ok(11, 26, 10, 15)),
    ("10.12", ok(11, 26, 10, 12)),
    ("pukul 10 WIB", ok(11, 26, 10)),
    ("pukul 10 WITA", ok(11, 26, 9)),
    ("pukul 10 WIT", ok(11, 26, 8)),
    ("jam 17 WITA", ok(11, 26, 16)),  # 17:00 WITA is exactly now, so tomorrow
    ("jam 12 malam", ok(11, 26, 0)),
    ("besok jam 12 malam", ok(11, 27, 0)),
    ("jam 12 siang", ok(11, 26, 12)),
    ("jam 2 siang", ok(11, 26, 14)),
    ("jam 7 malam", ok(11, 25, 19)),
    ("jam 10 pagi", ok(11, 26, 10)),
    ("jam setengah 3 sore", ok(11, 26, 14, 30)),
    ("besok setengah 1", ok(11, 26, 12, 30)),
    ("besok jam 3 kurang seperempat", ok(11, 26, 14, 45)),
    ("besok jam 9 lewat 15 menit", ok(11, 26, 9, 15)),
    ("jam 3", ok(11, 26, 15)),  # hours 1-6 without pagi mean the afternoon
    ("jam 6", ok(11, 25, 18)),
    ("jam 7", ok(11, 26, 7)),
    ("besok jam 03.00", ok(11, 26, 3)),  # a leading zero is a 24-hour clock
    ("besok jam 5 pagi", ok(11, 26, 5)),
    ("besok jam tiga sore", ok(11, 26, 15)),
    ("besok sore 3", ok(11, 26, 15)),
    ("besok jam dua belas siang", ok(11, 26, 12)),
    ("jam 25", INVALID_TIME),
    ("jam 10.75", INVALID_TIME),
    ("jam 24.30", INVALID_TIME),
    ("besok jam 8 siang", INVALID_TIME),
    ("besok 13pm", INVALID_TIME),
    # English
    ("tomorrow 10am", ok(11, 26, 10)),
    ("tomorrow at 14:00", ok(11, 26, 14)),
    ("Tomorrow at 2 p.m.", ok(11, 26, 14)),
    ("next monday 9:00", ok(11, 30, 9)),
    ("in 3 days at 11", ok(11, 28, 11)),
    ("in 2 hours", ok(11, 25, 18)),
    ("in an hour", ok(11, 25, 17)),
    ("Dec 1 10am", ok(12, 1, 10)),
    ("December 1st, 2026 at 10:00", ok(12, 1, 10)),
    ("1 December 2026 10:00", ok(12, 1, 10)),
    ("today 9pm", ok(11, 25, 21)),
    ("tonight 8pm", ok(11, 25, 20)),
    ("tomorrow noon", ok(11, 26, 12)),
    ("next week", NEEDS_DAY),
    # filler words and noise
    ("wawancara saya besok jam 10 di kantor ya", ok(11, 26, 10)),
    ("pada hari Senin tgl 30/11 pukul 09.00 WIB", ok(11, 30, 9)),
    # not understood: asking again beats a wrong guess
    ("kapan-kapan", UNRECOGNIZED),
    ("🙂", UNRECOGNIZED),
    ("", UNRECOGNIZED),
    ("   ", UNRECOGNIZED),
    ("pagi", UNRECOGNIZED),
    ("besok 10", UNRECOGNIZED),  # a stray number: hour or date?
    ("besok lusa", UNRECOGNIZED),
    ("jam 9 atau jam 10", UNRECOGNIZED),
    ("bukan besok", UNRECOGNIZED),
    ("jam 10-11", UNRECOGNIZED),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text for text, _ in CASES])
def test_parse_when_table(text: str, expected: WhenResult) -> None:
    result = parse_when(text, NOW)
    assert result == expected
    if result.value is not None:
        assert result.value.tzinfo is WIB


def test_every_answer_the_plain_parser_can_give_has_a_case() -> None:
    """Each status parse_when returns without options is exercised by the table above (the
    two that need options, RECENT_PAST and WHICH_WEEK, by tests/test_dates_chat.py)."""
    by_options = {WhenStatus.RECENT_PAST, WhenStatus.WHICH_WEEK}
    assert {expected.status for _text, expected in CASES} == set(WhenStatus) - by_options


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        # a date a few days gone
        ("27/11 13.00", datetime(2026, 11, 28, 9, 0, tzinfo=WIB), past(11, 27, 13)),
        # "besok" late in the evening is the next calendar day
        ("besok", datetime(2026, 11, 25, 23, 30, tzinfo=WIB), needs_time(11, 26)),
        ("besok jam 9", datetime(2026, 11, 25, 23, 30, tzinfo=WIB), ok(11, 26, 9)),
        ("jam 12 malam", datetime(2026, 11, 25, 23, 30, tzinfo=WIB), ok(11, 26, 0)),
        ("jam 1", datetime(2026, 11, 25, 23, 30, tzinfo=WIB), ok(11, 26, 13)),
        # year rollover
        ("besok jam 9", datetime(2026, 12, 31, 20, 0, tzinfo=WIB), ok(1, 1, 9, year=2027)),
        ("tgl 2", datetime(2026, 12, 31, 20, 0, tzinfo=WIB), needs_time(1, 2, 2027)),
        ("2 Januari jam 10", datetime(2026, 12, 31, 20, 0, tzinfo=WIB), ok(1, 2, 10, 0, 2027)),
        ("Senin depan", datetime(2026, 12, 31, 20, 0, tzinfo=WIB), needs_time(1, 4, 2027)),
        ("30 Desember jam 10", datetime(2027, 1, 2, 9, 0, tzinfo=WIB), past(12, 30, 10)),
        # leap day
        ("29/2", datetime(2027, 11, 25, 16, 0, tzinfo=WIB), needs_time(2, 29, 2028)),
        ("lusa", datetime(2028, 2, 27, 16, 0, tzinfo=WIB), needs_time(2, 29, 2028)),
        ("29 Feb jam 10", datetime(2028, 3, 2, 9, 0, tzinfo=WIB), past(2, 29, 10, 0, 2028)),
        # end of month
        ("besok jam 10", datetime(2026, 11, 30, 16, 0, tzinfo=WIB), ok(12, 1, 10)),
        ("tgl 31 bulan depan", datetime(2026, 10, 5, 9, 0, tzinfo=WIB), INVALID_DATE),
        ("tgl 1 jam 9", datetime(2026, 11, 30, 16, 0, tzinfo=WIB), ok(12, 1, 9)),
        # "Senin depan" said on a Sunday is the next day
        ("Senin depan jam 9", datetime(2026, 11, 29, 10, 0, tzinfo=WIB), ok(11, 30, 9)),
        # another zone's day can lag behind: 00:00 WIT is 22:00 WIB of the previous day
        ("jam 0 WIT", datetime(2026, 11, 25, 23, 0, tzinfo=WIB), ok(11, 26, 22)),
    ],
)
def test_parse_when_other_nows(text: str, now: datetime, expected: WhenResult) -> None:
    assert parse_when(text, now) == expected


def test_result_stays_in_the_users_zone() -> None:
    now = datetime(2026, 11, 25, 16, 0, tzinfo=WITA)
    result = parse_when("besok jam 10 WIB", now)
    assert result == WhenResult(WhenStatus.OK, datetime(2026, 11, 26, 11, 0, tzinfo=WITA))
    assert result.value is not None and result.value.tzinfo is WITA
    local = parse_when("besok jam 10", now)
    assert local == WhenResult(WhenStatus.OK, datetime(2026, 11, 26, 10, 0, tzinfo=WITA))


def test_wib_time_for_a_user_in_papua() -> None:
    now = datetime(2026, 11, 25, 16, 0, tzinfo=WIT)  # 14:00 WIB: 10:00 WIB is gone
    expected = datetime(2026, 11, 26, 12, 0, tzinfo=WIT)
    assert parse_when("pukul 10 WIB", now) == WhenResult(WhenStatus.OK, expected)


def test_relative_moment_drops_seconds() -> None:
    now = datetime(2026, 11, 25, 16, 3, 27, 500, tzinfo=WIB)
    assert parse_when("2 jam lagi", now) == ok(11, 25, 18, 3)


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_when("besok jam 10", NOW.replace(tzinfo=None))


@pytest.mark.parametrize(
    "text",
    [
        "x" * 10_000,
        "kapan " * 2_000,
        "1/" * 5_000,
        "9" * 10_000,
        "🙂" * 10_000,
        "a " * 150 + "besok jam 10",  # only the first 200 characters are read
    ],
    ids=["letters", "words", "slashes", "digits", "emoji", "late-phrase"],
)
def test_long_input_is_unrecognized(text: str) -> None:
    assert parse_when(text, NOW) == UNRECOGNIZED


# --- second step: the answer to "jam berapa?" ------------------------------------------------

MONDAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 pagi", ok(11, 30, 10)),
        ("14.00", ok(11, 30, 14)),
        ("jam 9", ok(11, 30, 9)),
        ("10", ok(11, 30, 10)),
        ("4", ok(11, 30, 16)),
        ("08.30", ok(11, 30, 8, 30)),
        ("setengah 3 sore", ok(11, 30, 14, 30)),
        ("jam 12 malam", ok(12, 1, 0)),
        ("10 WITA", ok(11, 30, 9)),
        ("9am", ok(11, 30, 9)),
        ("pagi", needs_time(11, 30)),
        ("Selasa jam 10", ok(12, 1, 10)),  # a new day in the answer wins
        ("2 jam lagi", ok(11, 25, 18)),
        ("jam 25", INVALID_TIME),
        ("10.75", INVALID_TIME),
        ("kapan-kapan", UNRECOGNIZED),
        ("", UNRECOGNIZED),
    ],
)
def test_combine_day_and_time(text: str, expected: WhenResult) -> None:
    assert combine_day_and_time(MONDAY, text, NOW) == expected


def test_combine_on_a_past_day() -> None:
    expected = past(11, 24, 10)
    assert combine_day_and_time(date(2026, 11, 24), "10 pagi", NOW) == expected


def test_combine_today_keeps_the_day() -> None:
    # the user already chose today, so a time gone is PAST rather than moved to tomorrow
    assert combine_day_and_time(NOW.date(), "jam 10", NOW) == past(11, 25, 10)
    assert combine_day_and_time(NOW.date(), "jam 7 malam", NOW) == ok(11, 25, 19)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 pagi", time(10, 0)),
        ("jam 10", time(10, 0)),
        ("14.00", time(14, 0)),
        ("10:15", time(10, 15)),
        ("3", time(15, 0)),
        ("03.00", time(3, 0)),
        ("jam 2 siang", time(14, 0)),
        ("setengah 3 sore", time(14, 30)),
        ("jam 12 siang", time(12, 0)),
        ("jam 12 malam", time(0, 0)),
        ("7 pm", time(19, 0)),
        ("25", None),
        ("10.75", None),
        ("besok jam 10", None),
        ("jam 10 WITA", None),
        ("pagi", None),
        ("halo", None),
        ("", None),
    ],
)
def test_parse_time_of_day(text: str, expected: time | None) -> None:
    assert parse_time_of_day(text) == expected


# --- properties -------------------------------------------------------------------------------

# Tokens the parser knows, mixed at random so the property test reaches the rules.
VOCABULARY_TEXT = """
besok lusa kemarin hari ini nanti tadi jam pukul tgl tanggal lagi menit minggu depan senin
selasa rabu kamis jumat sabtu ahad pagi siang sore malam setengah kurang lewat desember januari
feb des bulan wib wita wit am pm at in next tomorrow today week 0 1 2 3 5 7 10 12 13 24 25 29
31 59 60 2026 2028 9999 00.30 10.12 13.00 27.11 27/11 31/2 29/2 2026-12-05 10:15 24:00 99:99
1.2.3 seperempat bukan ya , . !
"""
VOCABULARY = VOCABULARY_TEXT.split()
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(VOCABULARY), max_size=12).map(" ".join),
)
nows = st.datetimes(
    min_value=datetime(1990, 1, 1),  # noqa: DTZ001 - hypothesis takes naive bounds
    max_value=datetime(2090, 12, 31),  # noqa: DTZ001
    timezones=st.sampled_from([WIB, WITA, WIT]),
)


def check_invariants(result: WhenResult, now: datetime) -> None:
    if result.status is WhenStatus.OK:
        assert result.value is not None and result.value > now
    elif result.status is WhenStatus.PAST:
        assert result.value is not None and result.value <= now
    else:
        assert result.value is None
    if result.value is not None:
        assert result.value.tzinfo is now.tzinfo
    assert (result.day is not None) == (result.status is WhenStatus.NEEDS_TIME)


@settings(max_examples=400, deadline=None, database=None)
@given(text=texts, now=nows)
def test_parse_when_never_raises_and_ok_is_future(text: str, now: datetime) -> None:
    check_invariants(parse_when(text, now), now)


@settings(max_examples=200, deadline=None, database=None)
@given(text=texts, now=nows, day=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1)))
def test_combine_never_raises(text: str, now: datetime, day: date) -> None:
    check_invariants(combine_day_and_time(day, text, now), now)
    parse_time_of_day(text)
