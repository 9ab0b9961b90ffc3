"""Dates as people write them in chat: spellings, a recent past, which Monday, phrases inside a
message, and examples for a prompt in the question's tense."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.coach.dates import (
    Tense,
    WhenResult,
    WhenStatus,
    combine_day_and_time,
    example_phrases,
    find_when,
    mentions_when,
    parse_when,
)

WIB = ZoneInfo("Asia/Jakarta")
# Wednesday 25 November 2026, 16:00 in Jakarta, as in test_dates.py.
NOW = datetime(2026, 11, 25, 16, 0, tzinfo=WIB)
SUNDAY = datetime(2026, 11, 29, 10, 0, tzinfo=WIB)
SATURDAY = datetime(2026, 11, 28, 10, 0, tzinfo=WIB)
TWO_DAYS = timedelta(days=2)


def at(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


def ok(month: int, day: int, hour: int, minute: int = 0) -> WhenResult:
    return WhenResult(WhenStatus.OK, at(month, day, hour, minute))


def past(month: int, day: int, hour: int, minute: int = 0) -> WhenResult:
    return WhenResult(WhenStatus.PAST, at(month, day, hour, minute))


def recent(month: int, day: int, hour: int, minute: int = 0) -> WhenResult:
    return WhenResult(WhenStatus.RECENT_PAST, at(month, day, hour, minute))


def needs_time(month: int, day: int) -> WhenResult:
    return WhenResult(WhenStatus.NEEDS_TIME, day=date(2026, month, day))


def which_week(first: WhenResult, second: WhenResult) -> WhenResult:
    return WhenResult(WhenStatus.WHICH_WEEK, candidates=(first, second))


UNRECOGNIZED = WhenResult(WhenStatus.UNRECOGNIZED)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jm 10", ok(11, 26, 10)),
        ("bsk jm 2 siang", ok(11, 26, 14)),
        ("besuk jam 9", ok(11, 26, 9)),
        ("kemaren jam 10", past(11, 24, 10)),  # was read as tomorrow's 10:00 before
        ("kmrn", past(11, 24, 0)),
        ("senen depan jm 9", ok(11, 30, 9)),
        ("tgl 30 jam 10", ok(11, 30, 10)),
        ("tgl 30 jm 10", ok(11, 30, 10)),
        ("lusa", needs_time(11, 27)),
        ("ntar mlm jam 8", ok(11, 25, 20)),
        ("mlm ini jam 8", ok(11, 25, 20)),
        ("td jam 10", past(11, 25, 10)),
        ("jumaat jam 9", ok(11, 27, 9)),
        ("besok jam 10 ga jadi", UNRECOGNIZED),  # a negation: ask again
        ("gak besok", UNRECOGNIZED),
    ],
)
def test_chat_spellings(text: str, expected: WhenResult) -> None:
    assert parse_when(text, NOW) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tadi jam 10", recent(11, 25, 10)),
        ("kemarin jam 10", recent(11, 24, 10)),
        ("kemaren jm 4 sore", recent(11, 24, 16)),
        ("kemarin", needs_time(11, 24)),  # in the window: ask the hour
        ("hari ini jam 4 sore", recent(11, 25, 16)),  # exactly now
        ("Senin lalu jam 9", past(11, 23, 9)),  # 2 days 7 hours ago: too long
        ("Senin lalu jam 17", recent(11, 23, 17)),  # 47 hours ago
        ("Senin lalu", needs_time(11, 23)),  # its evening is in the window: which hour?
        ("hari Minggu lalu", past(11, 22, 0)),  # wholly out of the window
        ("20 November jam 10", past(11, 20, 10)),
        ("besok jam 10", ok(11, 26, 10)),  # the future is unchanged
        ("jam 10", ok(11, 26, 10)),  # a bare time is still the next one
        ("2 jam lagi", ok(11, 25, 18)),
    ],
)
def test_recent_past_when_allowed(text: str, expected: WhenResult) -> None:
    assert parse_when(text, NOW, allow_past=TWO_DAYS) == expected


def test_recent_past_only_when_asked() -> None:
    assert parse_when("kemarin jam 10", NOW) == past(11, 24, 10)
    assert parse_when("kemarin", NOW) == past(11, 24, 0)


def test_recent_past_window_edges() -> None:
    window = timedelta(hours=6)
    assert parse_when("jam 10", NOW.replace(hour=16), allow_past=window) == ok(11, 26, 10)
    assert parse_when("tadi jam 10", NOW, allow_past=window) == recent(11, 25, 10)
    assert parse_when("tadi jam 9", NOW, allow_past=window) == past(11, 25, 9)


def test_combine_with_a_recent_day() -> None:
    yesterday = date(2026, 11, 24)
    assert combine_day_and_time(yesterday, "10", NOW, allow_past=TWO_DAYS) == recent(11, 24, 10)
    assert combine_day_and_time(yesterday, "10", NOW) == past(11, 24, 10)


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        ("Senin depan jam 9", SUNDAY, which_week(ok(11, 30, 9), ok(12, 7, 9))),
        ("senen depan jm 9", SUNDAY, which_week(ok(11, 30, 9), ok(12, 7, 9))),
        ("Senin depan", SUNDAY, which_week(needs_time(11, 30), needs_time(12, 7))),
        ("Senin minggu depan jam 9", SUNDAY, which_week(ok(11, 30, 9), ok(12, 7, 9))),
        ("next monday 9am", SUNDAY, which_week(ok(11, 30, 9), ok(12, 7, 9))),
        ("Selasa depan jam 10", SUNDAY, which_week(ok(12, 1, 10), ok(12, 8, 10))),
        ("Senin depan jam 9", SATURDAY, which_week(ok(11, 30, 9), ok(12, 7, 9))),
        ("Selasa depan jam 9", SATURDAY, ok(12, 1, 9)),  # three days ahead: clear enough
        ("Senin jam 9", SUNDAY, ok(11, 30, 9)),  # a bare weekday is the coming one
        ("besok jam 9", SUNDAY, ok(11, 30, 9)),
        ("Kamis depan jam 10", NOW, ok(12, 3, 10)),  # a week and a day: not asked
        ("Senin depan jam 25", SUNDAY, WhenResult(WhenStatus.INVALID_TIME)),
    ],
)
def test_which_monday(text: str, now: datetime, expected: WhenResult) -> None:
    assert parse_when(text, now, ask_which_week=True) == expected


def test_which_monday_only_when_asked() -> None:
    assert parse_when("Senin depan jam 9", SUNDAY) == ok(11, 30, 9)


@pytest.mark.parametrize(
    ("text", "expected", "phrase"),
    [
        (
            "udah aku bales, trus dijadwalin screening telpon besok jam 10",
            ok(11, 26, 10),
            "besok jam 10",
        ),
        ("interview besok jam 10 gimana persiapannya", ok(11, 26, 10), "besok jam 10"),
        ("lusa interview teknis jam 3 sore", ok(11, 27, 15), "lusa jam 3 sore"),
        ("besok ada interview di PT Aman Siber jam 10 pagi", ok(11, 26, 10), "besok jam 10 pagi"),
        ("interview user hari kamis jam 2 siang", ok(11, 26, 14), "hari kamis jam 2 siang"),
        ("i have an interview with Tokopedia on monday at 9", ok(11, 30, 9), "monday at 9"),
        ("wawancara sabtu jam 10 lewat teams", ok(11, 28, 10), "sabtu jam 10"),
        ("besok jam 9 lewat 15 via zoom", ok(11, 26, 9, 15), "besok jam 9 lewat 15"),
        ("dipanggil interview tgl 3 jam 13.00", ok(12, 3, 13), "tanggal 3 jam 13.00"),
        ("diundang interview online 2 hari lagi jam 3", ok(11, 27, 15), "2 hari lagi jam 3"),
        ("interview 1 jam lagi, tangan dingin", ok(11, 25, 17), "1 jam lagi"),
        ("aku diundang wawancara tanggal 5 desember jam 9 pagi", ok(12, 5, 9), None),
        ("kemaren jam 10 interview, mau kirim makasih", past(11, 24, 10), "kemarin jam 10"),
        ("takut ga lolos besok", needs_time(11, 26), "besok"),
        # pieces that contradict each other: the first that reads alone wins
        ("kemarin interview, hasilnya besok jam 10", past(11, 24, 0), "kemarin"),
    ],
)
def test_find_when_in_a_message(text: str, expected: WhenResult, phrase: str | None) -> None:
    match = find_when(text, NOW)
    assert match is not None
    assert match.result == expected
    if phrase is not None:
        assert match.phrase == phrase


@pytest.mark.parametrize(
    "text",
    [
        "udah 2 minggu belum ada kabar",
        "it's been 3 weeks since my interview",
        "selamat pagi",
        "sore min",
        "gw dpt offer dari 2 perusahaan",
        "rp 8.500.000 gross itu wajar ga?",
        "offer 9jt tapi aku mau 10, gimana ngomongnya",
        "jam berapa sekarang",
        "ini penipuan ga?",
        "udh 10 hari belum dihubungin lagi",
        "",
    ],
)
def test_no_date_in_a_message(text: str) -> None:
    assert find_when(text, NOW) is None
    assert not mentions_when(text)


def test_find_when_passes_the_policy_on() -> None:
    match = find_when("dijadwalin interview senin depan jam 9", SUNDAY, ask_which_week=True)
    assert match is not None and match.result.status is WhenStatus.WHICH_WEEK
    match = find_when("kemaren jm 10 abis interview", NOW, allow_past=TWO_DAYS)
    assert match is not None and match.result == recent(11, 24, 10)


def test_examples_today() -> None:
    assert example_phrases(NOW, Tense.FUTURE) == ("besok jam 10", "Sabtu jam 14.00", "3/12 13.00")
    assert example_phrases(NOW, Tense.PAST) == (
        "tadi pagi jam 9",
        "kemarin jam 10",
        "Senin lalu jam 9",
    )
    assert example_phrases(NOW, Tense.FUTURE, locale="en") == (
        "tomorrow at 10am",
        "Saturday at 2pm",
        "3 Dec 1pm",
    )
    assert example_phrases(NOW, Tense.PAST, locale="en") == (
        "today at 9am",
        "yesterday at 10am",
        "last Monday at 9am",
    )


def test_past_examples_early_in_the_morning() -> None:
    early = datetime(2026, 12, 1, 7, 0, tzinfo=WIB)  # 9 this morning has not come yet
    assert example_phrases(early, Tense.PAST) == (
        "kemarin jam 10",
        "hari Minggu lalu jam 9",
        "28/11",
    )


def test_examples_in_december_are_not_last_month() -> None:
    december = datetime(2026, 12, 2, 9, 0, tzinfo=WIB)
    future = example_phrases(december, Tense.FUTURE)
    assert "27/11" not in " ".join(future)
    assert future[-1] == "10/12 13.00"


# --- properties -------------------------------------------------------------------------------

nows = st.datetimes(
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis takes naive bounds
    max_value=datetime(2090, 12, 31),  # noqa: DTZ001
    timezones=st.sampled_from([WIB, ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")]),
)


@settings(max_examples=200, deadline=None, database=None)
@given(now=nows, locale=st.sampled_from(["id", "en"]))
def test_examples_are_in_the_asked_tense(now: datetime, locale: str) -> None:
    future = example_phrases(now, Tense.FUTURE, locale=locale)
    gone = example_phrases(now, Tense.PAST, locale=locale)
    assert len(future) == 3 and len(gone) >= 2
    for phrase in future:
        result = parse_when(phrase, now)
        assert result.status in (WhenStatus.OK, WhenStatus.NEEDS_TIME), phrase
    for phrase in gone:
        assert parse_when(phrase, now).status is WhenStatus.PAST, phrase


WORDS_TEXT = """
besok bsk lusa kemarin kemaren tadi td nanti jam jm tgl senin senen selasa minggu depan lalu
next monday pagi sore malam 1 2 3 9 10 17 23 27/11 10.00 lagi hari ini ga
"""
WORDS = WORDS_TEXT.split()


@settings(max_examples=300, deadline=None, database=None)
@given(
    words=st.lists(st.sampled_from(WORDS), max_size=8),
    now=nows,
    hours=st.integers(min_value=0, max_value=24 * 7),
    which=st.booleans(),
)
def test_policies_keep_their_promises(
    words: list[str], now: datetime, hours: int, which: bool
) -> None:
    allow = timedelta(hours=hours)
    result = parse_when(" ".join(words), now, allow_past=allow, ask_which_week=which)
    if result.status is WhenStatus.RECENT_PAST:
        assert result.value is not None and now - allow <= result.value <= now
    elif result.status is WhenStatus.WHICH_WEEK:
        assert which and result.value is None and len(result.candidates) == 2
        first, second = result.candidates
        assert first.status is second.status
        assert first.status in (WhenStatus.OK, WhenStatus.NEEDS_TIME)
    elif result.status is WhenStatus.OK:
        assert result.value is not None and result.value > now
    elif result.status is WhenStatus.PAST:
        assert result.value is not None and result.value < now - allow
    else:
        assert result.value is None
    if result.status is not WhenStatus.WHICH_WEEK:
        assert result.candidates == ()
