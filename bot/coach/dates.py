"""Read when an interview is from Indonesian or simple English text such as "besok jam 10"."""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Final, NoReturn
from zoneinfo import ZoneInfo

__all__ = [
    "MAX_INPUT_CHARS",
    "Tense",
    "WhenMatch",
    "WhenResult",
    "WhenStatus",
    "combine_day_and_time",
    "example_phrases",
    "find_when",
    "mentions_when",
    "parse_time_of_day",
    "parse_when",
]

# A date-time phrase is short; reading only the start keeps huge or hostile messages cheap.
MAX_INPUT_CHARS: Final = 200


class WhenStatus(StrEnum):
    """What the bot should do next with the user's answer."""

    OK = "ok"  # `value` is a moment after `now`
    NEEDS_TIME = "needs_time"  # `day` is known: ask "jam berapa?"
    NEEDS_DAY = "needs_day"  # e.g. "minggu depan": ask which day
    PAST = "past"  # `value` is not after `now`
    # Only when the caller passes allow_past: `value` is at most that long before `now`
    # (the interview was this morning; the thank-you note is still on time).
    RECENT_PAST = "recent_past"
    # Only when the caller passes ask_which_week: "Senin depan" said on a Sunday. `candidates`
    # holds the two readings (the next day, and a week later), each OK or NEEDS_TIME.
    WHICH_WEEK = "which_week"
    INVALID_DATE = "invalid_date"  # e.g. "31/2", "30 Februari", "29/2/2027"
    INVALID_TIME = "invalid_time"  # e.g. "jam 25", "jam 10.75", "jam 8 siang"
    UNRECOGNIZED = "unrecognized"  # no date or time found, or contradictory pieces


@dataclass(frozen=True)
class WhenResult:
    """Outcome of reading a date-time phrase."""

    status: WhenStatus
    value: datetime | None = None  # aware, in now's zone; set for OK, PAST and RECENT_PAST
    day: date | None = None  # set for NEEDS_TIME
    candidates: tuple[WhenResult, ...] = ()  # set for WHICH_WEEK: earlier reading first


class _Fail(Exception):
    """Stops reading as soon as the answer is known to be an error status."""

    def __init__(self, status: WhenStatus) -> None:
        super().__init__(status)
        self.status = status


# --- vocabulary ------------------------------------------------------------------------------

_ZONES: Final = {"wib": "Asia/Jakarta", "wita": "Asia/Makassar", "wit": "Asia/Jayapura"}
_DAY_OFFSETS: Final = {
    "besok": 1,
    "esok": 1,
    "tomorrow": 1,
    "lusa": 2,
    "kemarin": -1,
    "yesterday": -1,
    "today": 0,
}
# "nanti"/"tadi" pin the day to today only when nothing else names a day ("nanti Senin").
_TODAY_HINTS: Final = frozenset({"nanti", "tadi"})
_WEEKDAYS: Final = {
    **dict.fromkeys(("senin", "monday", "mon"), 0),
    **dict.fromkeys(("selasa", "tuesday", "tue", "tues"), 1),
    **dict.fromkeys(("rabu", "wednesday", "wed"), 2),
    **dict.fromkeys(("kamis", "thursday", "thu", "thur", "thurs"), 3),
    **dict.fromkeys(("jumat", "friday", "fri"), 4),
    **dict.fromkeys(("sabtu", "saturday", "sat"), 5),
    **dict.fromkeys(("minggu", "ahad", "sunday", "sun"), 6),
}
_MONTHS: Final = {
    **dict.fromkeys(("januari", "jan", "january"), 1),
    **dict.fromkeys(("februari", "pebruari", "feb", "peb", "february"), 2),
    **dict.fromkeys(("maret", "mar", "march"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "jun", "june"), 6),
    **dict.fromkeys(("juli", "jul", "july"), 7),
    **dict.fromkeys(("agustus", "agu", "agt", "ags", "agus", "aug", "august"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "okt", "oct", "october"), 10),
    **dict.fromkeys(("november", "nopember", "nov", "nop"), 11),
    **dict.fromkeys(("desember", "des", "dec", "december"), 12),
}
# Hours (24-hour clock; 24 = midnight at the end of the day) each part of the day may name.
_PARTS: Final = {
    "pagi": range(1, 12),
    "subuh": range(3, 7),
    "siang": range(10, 17),
    "sore": range(14, 20),
    "petang": range(17, 20),
    "malam": range(18, 25),
    "morning": range(1, 12),
    "afternoon": range(12, 19),
    "evening": range(17, 24),
    "night": range(18, 25),
}
_MERIDIEMS: Final = frozenset({"am", "pm"})
_TIME_INTROS: Final = frozenset({"jam", "pukul", "pkl", "at"})
_DATE_INTROS: Final = frozenset({"tanggal", "tgl"})
_WEEK_WORDS: Final = frozenset({"minggu", "pekan", "week"})
_NEXT: Final = frozenset({"depan", "next"})
_THIS: Final = frozenset({"ini", "this"})
_LAST: Final = frozenset({"lalu", "kemarin", "last"})
# Minutes per unit of "N <unit> lagi" / "in N <unit>".
_UNITS: Final = {
    **dict.fromkeys(("hari", "day", "days"), 24 * 60),
    **dict.fromkeys(("minggu", "pekan", "week", "weeks"), 7 * 24 * 60),
    **dict.fromkeys(("jam", "hour", "hours", "hr", "hrs"), 60),
    **dict.fromkeys(("menit", "minute", "minutes", "min", "mins"), 1),
}
# Relative amounts beyond a year are surely typos, and capping them keeps arithmetic in range.
_MAX_AHEAD_MINUTES: Final = 366 * 24 * 60
# A reply that says "not ..." or "cancel" must not be read as a confirmation of a time.
_NEGATIONS: Final = frozenset(
    {"bukan", "tidak", "tak", "gak", "nggak", "enggak", "batal", "not", "cancel"}
    | {"ga", "gk", "ngga", "engga", "ndak", "tdk", "kagak"}
)
# Chat spellings, read as the word they stand for. Without them an unknown word is a filler,
# and "kemaren jam 10" would silently become tomorrow's 10:00.
_SPELLINGS: Final = {
    "jm": "jam",
    "bsk": "besok",
    "besuk": "besok",
    "kemaren": "kemarin",
    "kmrn": "kemarin",
    "kmarin": "kemarin",
    "kmaren": "kemarin",
    "senen": "senin",
    "slasa": "selasa",
    "jumaat": "jumat",
    "jmt": "jumat",
    "mlm": "malam",
    "ntar": "nanti",
    "entar": "nanti",
    "td": "tadi",
    "tdi": "tadi",
    "tggl": "tanggal",
    "tgl": "tanggal",
}
# Spelled-out numbers, counting from one: "jam tiga", "dua jam lagi", "in two hours".
_NUMBER_NAMES: Final = (
    ("satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh"),
    ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"),
)
_WORD_NUMBERS: Final = {word: n for names in _NUMBER_NAMES for n, word in enumerate(names, 1)} | {
    "sebelas": 11,
    "twelve": 12,
}
# "sejam" = "satu jam": split so the relative-amount rule sees a number and a unit.
_SE_UNITS: Final = {
    "sejam": "jam",
    "sehari": "hari",
    "seminggu": "minggu",
    "sepekan": "pekan",
    "semenit": "menit",
}
_ORDINAL_SUFFIXES: Final = frozenset({"st", "nd", "rd", "th"})

# Numbers keep their inner separators ("27/11/2026", "13.00"); letters form words; the rest
# (spaces, commas, emoji, other scripts) only separates tokens.
_TOKEN_RE: Final = re.compile(r"[0-9]+(?:[./:-][0-9]+)*|[a-z]+")
_APOSTROPHES_RE: Final = re.compile(r"['`\u2018\u2019]")  # "jum'at" -> "jumat"


def _tokenize(text: str) -> list[str]:
    clean = unicodedata.normalize("NFKC", text[:MAX_INPUT_CHARS]).lower()
    tokens: list[str] = []
    # "word", not "token": bandit reads `token == "..."` as a hard-coded password.
    for found in _TOKEN_RE.findall(_APOSTROPHES_RE.sub("", clean)):
        word = _SPELLINGS.get(found, found)
        previous = tokens[-1] if tokens else ""
        if word in _SE_UNITS:
            tokens += ["1", _SE_UNITS[word]]
        elif word in _WORD_NUMBERS:
            tokens.append(str(_WORD_NUMBERS[word]))
        elif word == "belas" and previous in {"2", "3", "4", "5", "6", "7", "8", "9"}:
            tokens[-1] = str(int(previous) + 10)  # "dua belas" = 12
        elif word in _ORDINAL_SUFFIXES and previous.isdigit():
            continue  # "1st" -> "1"
        elif word == "m" and previous in {"a", "p"}:
            tokens[-1] = previous + "m"  # "a.m." -> "am"
        else:
            tokens.append(word)
    return tokens


def _split_number(token: str) -> tuple[str, list[str]] | None:
    """Split "27/11/2026" into ("/", ["27", "11", "2026"]); None unless digits with one separator."""
    if not token[:1].isdigit():
        return None
    separators = {char for char in token if not char.isdigit()}
    if len(separators) > 1:
        return None
    separator = separators.pop() if separators else ""
    parts = token.split(separator) if separator else [token]
    if any(len(part) > 4 for part in parts):
        return None
    return separator, parts


def _small_int(token: str) -> int | None:
    return int(token) if token.isdigit() and len(token) <= 4 else None


def _is_padded(digits: str) -> bool:
    # "08.30" is written on a 24-hour clock, so it is never moved to the afternoon.
    return len(digits) == 2 and digits.startswith("0")


# --- what the text says ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Clock:
    hour: int  # 0..24 as written; "setengah 1" gives 12 (a 12-hour reading)
    minute: int
    padded: bool = False


def _make_clock(hour: int, minute: int, padded: bool = False) -> _Clock:
    if not (0 <= hour <= 24 and 0 <= minute <= 59) or (hour == 24 and minute):
        raise _Fail(WhenStatus.INVALID_TIME)
    return _Clock(hour, minute, padded)


def _hour_before(hour: int) -> int:
    """The hour before `hour` on a 12-hour dial: "setengah 1" is half past twelve."""
    if not 1 <= hour <= 24:
        raise _Fail(WhenStatus.INVALID_TIME)
    return 12 if hour == 1 else hour - 1


@dataclass
class _Found:
    """Pieces found in the text; each may be said once (or repeated with the same value)."""

    offset: int | None = None  # days from today: besok, lusa, "3 hari lagi"
    today_hint: bool = False
    year: int | None = None
    month: int | None = None
    day: int | None = None
    month_offset: int | None = None  # "bulan depan" = 1
    weekday: int | None = None  # Monday = 0
    weekday_mode: str | None = None  # "this" (Senin ini) or "last" (Senin lalu)
    week: int | None = None  # calendar week (Mon-Sun) relative to this one
    moment: timedelta | None = None  # "2 jam lagi"
    clock: _Clock | None = None
    part: str | None = None  # pagi, siang, sore, malam, ...
    meridiem: str | None = None  # am / pm
    zone: str | None = None  # wib / wita / wit
    dot_pairs: list[tuple[str, str]] = field(default_factory=list)  # "10.12": time or date?

    def put(self, name: str, value: object) -> None:
        current = getattr(self, name)
        if current is not None and current != value:
            raise _Fail(WhenStatus.UNRECOGNIZED)  # two answers to one question: ask again
        setattr(self, name, value)

    def names_day(self, *, count_hint: bool = True) -> bool:
        pieces: tuple[object, ...] = (self.offset, self.year, self.month, self.day)
        pieces += (self.month_offset, self.weekday, self.weekday_mode, self.week)
        return (count_hint and self.today_hint) or any(piece is not None for piece in pieces)

    def names_time(self) -> bool:
        return any(piece is not None for piece in (self.clock, self.part, self.meridiem))

    def is_empty(self) -> bool:
        extras = self.dot_pairs or self.moment is not None or self.zone is not None
        return not (self.names_day() or self.names_time() or extras)


class _Scanner:
    """Walks the tokens once; at each position the first rule that matches consumes tokens."""

    def __init__(self, tokens: list[str], *, bare_hour: bool) -> None:
        self.tokens = tokens
        self.bare_hour = bare_hour  # a lone "10" is an hour (answer to "jam berapa?")
        self.pos = 0
        self.found = _Found()

    def peek(self, ahead: int = 0) -> str:
        index = self.pos + ahead
        return self.tokens[index] if index < len(self.tokens) else ""

    def scan(self) -> _Found:
        rules: tuple[Callable[[], int], ...] = (
            self._negation,
            self._relative,
            self._day_word,
            self._week_word,
            self._weekday,
            self._month,
            self._part,
            self._marker,
            self._time_intro,
            self._date_intro,
            self._number,
        )
        while self.pos < len(self.tokens):
            for rule in rules:
                used = rule()
                if used:
                    self.pos += used
                    break
            else:
                self.pos += 1  # a filler word: "wawancara", "hari", "pada", "on", ...
        return self.found

    def _looks_like_time(self, ahead: int) -> bool:
        word = self.peek(ahead)
        return word in _MERIDIEMS or word in _PARTS or word in _ZONES

    def _after_part_of_day(self) -> bool:
        return self.pos > 0 and self.tokens[self.pos - 1] in _PARTS  # "besok sore 3"

    def _negation(self) -> int:
        if self.peek() in _NEGATIONS:
            raise _Fail(WhenStatus.UNRECOGNIZED)
        return 0

    def _relative(self) -> int:
        """Read "3 hari lagi", "2 jam lagi", "setengah jam lagi", "dalam 2 hari", "in 3 days"."""
        start = 1 if self.peek() in {"in", "dalam"} else 0
        amount, unit_word = self.peek(start), self.peek(start + 1)
        unit = _UNITS.get(unit_word)
        if unit is None:
            return 0
        if amount == "setengah" and unit == 60:
            minutes = 30
        elif amount in {"a", "an"} and start:
            minutes = unit
        else:
            count = _small_int(amount)
            if count is None:
                return 0
            minutes = count * unit
        used = start + 2
        if self.peek(used) == "lagi":
            used += 1
        elif not start:
            return 0  # "3 hari" alone is a duration, not a date
        if minutes > _MAX_AHEAD_MINUTES:
            raise _Fail(WhenStatus.INVALID_DATE if unit >= 24 * 60 else WhenStatus.INVALID_TIME)
        if unit >= 24 * 60:
            self.found.put("offset", minutes // (24 * 60))
        else:
            self.found.put("moment", timedelta(minutes=minutes))
        return used

    def _day_word(self) -> int:
        word = self.peek()
        if word in _DAY_OFFSETS:
            self.found.put("offset", _DAY_OFFSETS[word])
            return 1
        if word == "hari" and self.peek(1) == "ini":
            self.found.put("offset", 0)
            return 2
        if word == "tonight":
            self.found.put("offset", 0)
            self.found.put("part", "malam")
            return 1
        if word in _TODAY_HINTS:
            self.found.today_hint = True
            return 1
        return 0

    def _week_word(self) -> int:
        word, after = self.peek(), self.peek(1)
        if word == "hari" and after == "minggu":  # "hari Minggu" is always Sunday
            self.found.put("weekday", 6)
            return 2 + self._weekday_modifier(2)
        if word in _WEEK_WORDS and (after in _NEXT or after in _THIS or after in _LAST):
            self.found.put("week", 1 if after in _NEXT else 0 if after in _THIS else -1)
            return 2
        if word in {"next", "this", "last"} and after in _WEEK_WORDS:
            self.found.put("week", {"next": 1, "this": 0, "last": -1}[word])
            return 2
        return 0

    def _weekday(self) -> int:
        word = self.peek()
        if word in {"next", "this", "last"} and self.peek(1) in _WEEKDAYS:
            self.found.put("weekday", _WEEKDAYS[self.peek(1)])
            return 1 + self._weekday_modifier(0)
        if word not in _WEEKDAYS:
            return 0
        self.found.put("weekday", _WEEKDAYS[word])
        return 1 + self._weekday_modifier(1)

    def _weekday_modifier(self, ahead: int) -> int:
        word = self.peek(ahead)
        if word in _NEXT:
            self.found.put("week", 1)
        elif word in _THIS:
            self.found.put("weekday_mode", "this")
        elif word in _LAST:
            self.found.put("weekday_mode", "last")
        else:
            return 0
        return 1

    def _month(self) -> int:
        word, after = self.peek(), self.peek(1)
        if word == "bulan" and (after in _NEXT or after in _THIS):
            self.found.put("month_offset", 1 if after in _NEXT else 0)
            return 2
        if word == "next" and after == "month":
            self.found.put("month_offset", 1)
            return 2
        if word not in _MONTHS:
            return 0
        self.found.put("month", _MONTHS[word])
        used = 1
        day = _small_int(after)
        if day is not None and len(after) <= 2 and not self._looks_like_time(2):
            self.found.put("day", day)  # English order: "Dec 1"
            used = 2
        year_word = self.peek(used)
        if len(year_word) == 4 and year_word.isdigit():
            self.found.put("year", int(year_word))
            used += 1
        return used

    def _part(self) -> int:
        word = self.peek()
        if word == "noon":
            self.found.put("clock", _Clock(12, 0))
            return 1
        if word == "midnight":
            self.found.put("clock", _Clock(24, 0))
            return 1
        if word not in _PARTS:
            return 0
        self.found.put("part", word)
        if self.peek(1) == "ini":  # "malam ini" = tonight
            self.found.put("offset", 0)
            return 2
        return 1

    def _marker(self) -> int:
        word = self.peek()
        if word in _MERIDIEMS:
            self.found.put("meridiem", word)
        elif word in _ZONES:
            self.found.put("zone", word)
        else:
            return 0
        return 1

    def _time_intro(self) -> int:
        word = self.peek()
        if word == "setengah":  # "besok setengah 3" without "jam"
            parsed = self._clock(0)
            if parsed is None:
                return 0
            self.found.put("clock", parsed[0])
            return parsed[1]
        if word not in _TIME_INTROS:
            return 0
        if _small_int(self.peek(1)) is not None and self.peek(2) in _MONTHS:
            return 1  # "at 1 December": the number is a day, not an hour
        parsed = self._clock(1)
        if parsed is None:
            return 1  # "jam berapa?", "at the office": just a word
        self.found.put("clock", parsed[0])
        return 1 + parsed[1]

    def _clock(self, ahead: int) -> tuple[_Clock, int] | None:
        """Read a clock time at `ahead`: "10", "10.15", "08:30", "setengah 3", "3 kurang 15"."""
        word = self.peek(ahead)
        if word == "setengah":
            hour = _small_int(self.peek(ahead + 1))
            if hour is None:
                return None
            return _make_clock(_hour_before(hour), 30), 2  # "setengah 3" = 2:30
        shape = _split_number(word)
        if shape is None:
            if word[:1].isdigit():
                raise _Fail(WhenStatus.UNRECOGNIZED)
            return None
        separator, parts = shape
        if separator in {".", ":"} and len(parts) == 2:
            return _make_clock(int(parts[0]), int(parts[1]), _is_padded(parts[0])), 1
        if separator:
            raise _Fail(WhenStatus.UNRECOGNIZED)  # "jam 10-11", "jam 27/11"
        hour = int(parts[0])
        operator, amount_word = self.peek(ahead + 1), self.peek(ahead + 2)
        amount = 15 if amount_word == "seperempat" else _small_int(amount_word)
        if operator not in {"lewat", "lebih", "kurang"} or amount is None:
            return _make_clock(hour, 0, _is_padded(parts[0])), 1
        if not 1 <= amount <= 59:
            raise _Fail(WhenStatus.INVALID_TIME)
        used = 4 if self.peek(ahead + 3) in {"menit", "min"} else 3
        if operator == "kurang":  # "jam 3 kurang 15" = 2:45
            return _make_clock(_hour_before(hour), 60 - amount), used
        return _make_clock(hour, amount), used  # "jam 3 lewat 15" = 3:15

    def _date_intro(self) -> int:
        if self.peek() not in _DATE_INTROS:
            return 0
        after = self.peek(1)
        day = _small_int(after)
        if day is not None and len(after) <= 2:
            self.found.put("day", day)  # "tgl 5"; a month word after it is read by _month
            return 2
        return 1  # "tgl 27/11": _number reads the date

    def _number(self) -> int:
        word = self.peek()
        if not word[:1].isdigit():
            return 0
        shape = _split_number(word)
        if shape is None:
            raise _Fail(WhenStatus.UNRECOGNIZED)
        separator, parts = shape
        timeish = self._looks_like_time(1) or self._after_part_of_day() or self.bare_hour
        if not separator:
            if self.peek(1) in _MONTHS and len(word) <= 2:
                self.found.put("day", int(word))  # "1 Desember"; _month reads the month
            elif timeish:
                self.found.put("clock", _make_clock(int(word), 0, _is_padded(word)))
            else:
                raise _Fail(WhenStatus.UNRECOGNIZED)  # a lone number: hour? day? ask again
            return 1
        if len(parts) == 2 and (separator == ":" or (separator == "." and timeish)):
            clock = _make_clock(int(parts[0]), int(parts[1]), _is_padded(parts[0]))
            self.found.put("clock", clock)
            return 1
        if len(parts) == 2 and separator == ".":
            self.found.dot_pairs.append((parts[0], parts[1]))  # decided in _settle_dot_pairs
            return 1
        numeric = _numeric_date(separator, parts)
        if numeric is None:
            raise _Fail(WhenStatus.UNRECOGNIZED)
        year, month, day = numeric
        if year is not None:
            self.found.put("year", year)
        self.found.put("month", month)
        self.found.put("day", day)
        return 1


def _numeric_date(separator: str, parts: list[str]) -> tuple[int | None, int, int] | None:
    """Day-first "27/11", "27-11-2026", "27.11.26", or ISO "2026-12-05"."""
    if separator in {"/", "-"} and len(parts) == 2:
        return None, int(parts[1]), int(parts[0])
    if separator not in {"/", "-", "."} or len(parts) != 3:
        return None
    if len(parts[0]) == 4:
        return int(parts[0]), int(parts[1]), int(parts[2])
    if len(parts[2]) == 4:
        return int(parts[2]), int(parts[1]), int(parts[0])
    if len(parts[2]) == 2:
        return 2000 + int(parts[2]), int(parts[1]), int(parts[0])
    return None


def _settle_dot_pairs(found: _Found) -> None:
    """Decide whether each "A.B" is a time (13.00) or a day-first date (27.11).

    Chat users write times with a dot, so a pair that can be either ("10.12") is a time unless
    the text already has a time, in which case it is the date.
    """

    def as_time(pair: tuple[str, str]) -> bool:
        hour, minute = int(pair[0]), int(pair[1])
        return (hour <= 23 and minute <= 59) or (hour, minute) == (24, 0)

    def as_date(pair: tuple[str, str]) -> bool:
        return 1 <= int(pair[0]) <= 31 and 1 <= int(pair[1]) <= 12

    # Pairs that can only be one thing claim their slot before the ambiguous ones.
    for pair in sorted(found.dot_pairs, key=lambda pair: as_time(pair) and as_date(pair)):
        if as_time(pair) and found.clock is None:
            found.clock = _make_clock(int(pair[0]), int(pair[1]), _is_padded(pair[0]))
        elif as_date(pair) and found.day is None and found.month is None:
            found.day, found.month = int(pair[0]), int(pair[1])
        elif as_time(pair) or as_date(pair):
            raise _Fail(WhenStatus.UNRECOGNIZED)
        else:
            raise _Fail(WhenStatus.INVALID_TIME if int(pair[0]) <= 24 else WhenStatus.INVALID_DATE)
    found.dot_pairs.clear()


def _scan(text: str, *, bare_hour: bool) -> _Found:
    found = _Scanner(_tokenize(text), bare_hour=bare_hour).scan()
    if found.is_empty():
        raise _Fail(WhenStatus.UNRECOGNIZED)
    if bare_hour:  # in an answer to "jam berapa?" a dot pair is always a time
        for hour, minute in found.dot_pairs:
            found.put("clock", _make_clock(int(hour), int(minute), _is_padded(hour)))
        found.dot_pairs.clear()
    _settle_dot_pairs(found)
    return found


# --- from pieces to a moment -----------------------------------------------------------------


def _clock_hour(found: _Found) -> tuple[int, int] | None:
    """24-hour (hour, minute) of the clock; hour 24+ means past midnight into the next day."""
    clock = found.clock
    if clock is None:
        return None
    hour = clock.hour
    if found.meridiem is not None:
        if not 1 <= hour <= 12:
            raise _Fail(WhenStatus.INVALID_TIME)  # "13pm", "0am"
        hour = hour % 12 + (12 if found.meridiem == "pm" else 0)
    if found.part is not None:
        allowed = _PARTS[found.part]
        if found.meridiem is None and hour <= 12:
            # "jam 2 siang" -> 14, "jam 12 malam" -> 24 (midnight), "jam 10 pagi" -> 10
            hour = next((h for h in (hour, hour + 12) if h in allowed), -1)
        if hour not in allowed:
            raise _Fail(WhenStatus.INVALID_TIME)  # "jam 2 pagi" is fine, "jam 8 siang" is not
    elif found.meridiem is None and not clock.padded and 1 <= hour <= 6:
        hour += 12  # interviews are not held at 03:00; "jam 3" means 15:00
    return hour, clock.minute


def _valid_date(year: int, month: int, day: int) -> date | None:
    if not (1900 <= year <= 2100 and 1 <= month <= 12):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def _nearest(past: date | None, future: date | None, today: date) -> date:
    """Of the latest earlier and the earliest later occurrence, the closer (a tie goes ahead)."""
    if future is not None and (past is None or future - today <= today - past):
        return future
    if past is not None:
        return past
    raise _Fail(WhenStatus.INVALID_DATE)


def _shift_month(today: date, months: int) -> tuple[int, int]:
    years, month_index = divmod(today.month - 1 + months, 12)
    return today.year + years, month_index + 1


def _explicit_day(found: _Found, day: int, today: date) -> date:
    """The date for a day of the month, with or without month and year."""
    if found.month_offset is not None:  # "tgl 5 bulan depan"
        if found.month is not None or found.year is not None:
            raise _Fail(WhenStatus.UNRECOGNIZED)
        return _valid_date(*_shift_month(today, found.month_offset), day) or _invalid_date()
    if found.month is None:  # "tgl 5": this month's or next month's 5th, whichever is nearer
        if found.year is not None:
            raise _Fail(WhenStatus.UNRECOGNIZED)
        this_month = _valid_date(today.year, today.month, day)
        ahead = (_valid_date(*_shift_month(today, k), day) for k in range(3))
        future = next((d for d in ahead if d is not None and d >= today), None)
        past = this_month if this_month is not None and this_month < today else None
        return _nearest(past, future, today)
    if found.year is not None:
        return _valid_date(found.year, found.month, day) or _invalid_date()
    # "5 Januari": last year's, this year's or next year's, whichever is nearest
    candidates = [_valid_date(today.year + k, found.month, day) for k in (-1, 0, 1)]
    dates = [d for d in candidates if d is not None]
    past = max((d for d in dates if d < today), default=None)
    future = min((d for d in dates if d >= today), default=None)
    return _nearest(past, future, today)


def _invalid_date() -> NoReturn:
    raise _Fail(WhenStatus.INVALID_DATE)


def _weekday_day(found: _Found, weekday: int, today: date) -> date:
    if found.week is not None:
        if found.weekday_mode is not None:
            raise _Fail(WhenStatus.UNRECOGNIZED)
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=found.week)
        return monday + timedelta(days=weekday)
    if found.weekday_mode == "this":  # "Jumat ini": the coming one, today included
        return today + timedelta(days=(weekday - today.weekday()) % 7)
    if found.weekday_mode == "last":  # "Senin lalu": the latest one before today
        return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)  # strictly after


def _resolve_day(found: _Found, today: date) -> date | None:
    """The single day all day pieces agree on; None when the text names no day."""
    candidates: list[date] = []
    if found.offset is not None:
        candidates.append(today + timedelta(days=found.offset))
    if found.day is not None:
        candidates.append(_explicit_day(found, found.day, today))
    anchored = found.week is not None or found.weekday_mode is not None
    if found.weekday is not None and (anchored or not candidates):
        candidates.append(_weekday_day(found, found.weekday, today))
    if not candidates:
        partial = (found.week, found.month, found.month_offset, found.year)
        if any(piece is not None for piece in partial):
            raise _Fail(WhenStatus.NEEDS_DAY)  # "minggu depan", "Desember", "bulan depan"
        return today if found.today_hint else None
    chosen = candidates[0]
    # Pieces that only narrow the day down must agree with it ("Kamis, 26 November").
    checks = [candidate == chosen for candidate in candidates]
    if found.weekday is not None:
        checks.append(chosen.weekday() == found.weekday)
    if found.week is not None and found.weekday is None:
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=found.week)
        checks.append(monday <= chosen < monday + timedelta(weeks=1))
    if found.day is None:
        checks.append(found.month in {None, chosen.month} and found.year in {None, chosen.year})
        if found.month_offset is not None:
            shifted = _shift_month(today, found.month_offset)
            checks.append((chosen.year, chosen.month) == shifted)
    if not all(checks):
        raise _Fail(WhenStatus.UNRECOGNIZED)  # "besok 30/11" when tomorrow is the 26th
    return chosen


def _at(day: date, hour_minute: tuple[int, int], zone: tzinfo, target: tzinfo) -> datetime:
    hour, minute = hour_minute
    wall = datetime.combine(day + timedelta(days=hour // 24), time(hour % 24, minute), zone)
    return wall.astimezone(target)


@dataclass(frozen=True)
class _Policy:
    """What the caller accepts beyond a moment in the future."""

    allow_past: timedelta | None = None
    which_week: bool = False

    def recent(self, value: datetime, now: datetime) -> bool:
        return self.allow_past is not None and now - self.allow_past <= value <= now

    def recent_day(self, day: date, now: datetime) -> bool:
        return self.allow_past is not None and (now - self.allow_past).date() <= day


_STRICT: Final = _Policy()
# "Senin depan" is next calendar week's Monday; said on a Sunday that is tomorrow, which people
# would rather call "besok", so within this many days the user is asked which Monday they mean.
_WHICH_WEEK_DAYS: Final = 2


def _judge(value: datetime, now: datetime, policy: _Policy = _STRICT) -> WhenResult:
    if value > now:
        return WhenResult(WhenStatus.OK, value)
    if policy.recent(value, now):
        return WhenResult(WhenStatus.RECENT_PAST, value)
    return WhenResult(WhenStatus.PAST, value)


def _on_day(found: _Found, now: datetime, day: date, policy: _Policy) -> WhenResult:
    """The result for a known day: the moment if the text has a time, else ask for the time."""
    target = now.tzinfo
    assert target is not None  # checked by _require_aware
    hour_minute = _clock_hour(found)
    if hour_minute is None:
        if day < now.date() and not policy.recent_day(day, now):
            return WhenResult(WhenStatus.PAST, _at(day, (0, 0), target, target))
        return WhenResult(WhenStatus.NEEDS_TIME, day=day)
    zone: tzinfo = ZoneInfo(_ZONES[found.zone]) if found.zone is not None else target
    return _judge(_at(day, hour_minute, zone, target), now, policy)


def _near_next_week(found: _Found, day: date, today: date) -> bool:
    """Whether `day` comes from "<weekday> depan" and lands within a day or two."""
    named = found.week == 1 and found.weekday is not None
    pinned = found.offset is not None or found.day is not None
    return named and not pinned and 0 < (day - today).days <= _WHICH_WEEK_DAYS


def _resolve(
    found: _Found, now: datetime, fixed_day: date | None, policy: _Policy = _STRICT
) -> WhenResult:
    target = now.tzinfo
    assert target is not None  # checked by _require_aware
    if found.moment is not None:  # "2 jam lagi": nothing else may name a day or a time
        if found.names_day(count_hint=False) or found.names_time():
            raise _Fail(WhenStatus.UNRECOGNIZED)
        return _judge((now + found.moment).replace(second=0, microsecond=0), now, policy)
    today = now.date()
    day = _resolve_day(found, today) or fixed_day
    if day is not None and policy.which_week and _near_next_week(found, day, today):
        readings = (day, day + timedelta(weeks=1))
        candidates = tuple(_on_day(found, now, reading, policy) for reading in readings)
        return WhenResult(WhenStatus.WHICH_WEEK, candidates=candidates)
    if day is not None:
        return _on_day(found, now, day, policy)
    hour_minute = _clock_hour(found)
    if hour_minute is None:
        raise _Fail(WhenStatus.UNRECOGNIZED)  # e.g. only "pagi" or "WIB"
    zone: tzinfo = ZoneInfo(_ZONES[found.zone]) if found.zone is not None else target
    # A bare time is the next time the clock shows it: "jam 10" said at 16:00 is tomorrow.
    value = _at(today, hour_minute, zone, target)
    for extra_days in (1, 2):  # a second step only when another zone's day lags behind
        if value > now:
            break
        value = _at(today + timedelta(days=extra_days), hour_minute, zone, target)
    return _judge(value, now, policy)


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime in the user's zone")


def parse_when(
    text: str,
    now: datetime,
    *,
    allow_past: timedelta | None = None,
    ask_which_week: bool = False,
) -> WhenResult:
    """Read when an interview is from `text`, relative to the aware datetime `now`.

    Only the first MAX_INPUT_CHARS characters are read. Case, punctuation and filler words
    ("wawancara", "tgl", "hari", "pada", "at", "on") do not matter. Decisions on ambiguous input:

    - A time without a day is the next time the clock shows it: today if still ahead, else
      tomorrow ("jam 10" at 16:00 -> tomorrow 10:00). "hari ini", "nanti", "tadi" and
      "malam ini" pin it to today, so a time already gone is PAST.
    - A day without a time -> NEEDS_TIME with `day`; a day already gone -> PAST at 00:00.
    - Hours 1-6 without pagi/am/a leading zero mean the afternoon ("jam 3" = 15:00, "03.00" =
      03:00); 7-12 are read as written. Parts of the day choose between h and h+12: pagi 1-11,
      siang 10-16, sore 14-19, malam 18-24 ("jam 12 malam" = 00:00 of the next day);
      an hour outside its part ("jam 8 siang") is INVALID_TIME. "setengah 3" = 2:30.
    - A bare weekday ("Senin") is the first one strictly after today. "Senin depan",
      "Senin minggu depan" and "next Monday" are that day in next calendar week (Mon-Sun),
      so on a Wednesday "Kamis depan" is eight days ahead, not tomorrow. "Jumat ini" is the
      coming Friday, today included. "minggu depan" alone -> NEEDS_DAY; "Minggu" alone and
      "hari Minggu" are Sunday.
    - A date without a year ("5 Januari") is the nearest occurrence - last year's, this
      year's or next year's; a tie goes ahead. "5 Januari" in November is next January,
      while "20/11" on 25 November is PAST. A day without a month ("tgl 5") works the same
      with this and the following months.
    - Numeric dates are day-first. "A.B" is a time when it can be one and no other time
      was given ("10.12" = 10:12; "10.12 jam 9" = 10 December 09:00).
    - WIB/WITA/WIT: the wall time is read in that zone, the day in the user's calendar, and
      the result is converted to now's zone.
    - "N jam/menit lagi" is exact to the minute and cannot be combined with a day or time.
    - Contradictions ("besok lusa", "Senin 1 Desember" when that is a Tuesday, "jam 9 jam 10"),
      negations ("bukan", "tidak", "batal") and stray numbers -> UNRECOGNIZED: asking again
      is better than a wrong guess.
    - "besok", "lusa", "N hari lagi" count calendar days, also shortly after midnight.
    - Chat spellings are read as the words they stand for: "jm", "bsk", "kemaren", "kmrn",
      "senen", "mlm", "ntar", "td" (tadi); "ga"/"gak"/"nggak" are negations.

    What the caller accepts beyond a future moment:

    - `allow_past`: a moment at most that long ago is RECENT_PAST instead of PAST, and a day in
      that window without a time is NEEDS_TIME instead of PAST ("kemarin" -> which hour?).
      For people who open the coach after the interview to write the thank-you note. A bare
      time ("jam 10") is still the next time the clock shows it; "tadi jam 10" is today's.
    - `ask_which_week`: "<weekday> depan" / "next <weekday>" that lands within two days (said on
      a weekend) is WHICH_WEEK, with `candidates` that day and a week later, instead of OK.

    Never raises for any text; raises ValueError if `now` is naive.
    """
    _require_aware(now)
    policy = _Policy(allow_past, ask_which_week)
    try:
        return _resolve(_scan(text, bare_hour=False), now, fixed_day=None, policy=policy)
    except _Fail as fail:
        return WhenResult(fail.status)
    except OverflowError:  # only near date.min/date.max
        return WhenResult(WhenStatus.INVALID_DATE)


def combine_day_and_time(
    day: date,
    text: str,
    now: datetime,
    *,
    allow_past: timedelta | None = None,
    ask_which_week: bool = False,
) -> WhenResult:
    """Put the answer to "jam berapa?" ("10 pagi", "14.00", "10") on `day`.

    A lone number is an hour here. If the answer names its own day or moment
    ("Selasa jam 10", "2 jam lagi"), the user changed their mind and that wins, read as by
    parse_when. An answer with only a part of the day ("pagi") -> NEEDS_TIME again.
    `allow_past` and `ask_which_week` as in parse_when.
    """
    _require_aware(now)
    policy = _Policy(allow_past, ask_which_week)
    try:
        found = _scan(text, bare_hour=True)
        if found.names_day() or found.moment is not None:
            return _resolve(found, now, fixed_day=None, policy=policy)
        return _resolve(found, now, fixed_day=day, policy=policy)
    except _Fail as fail:
        return WhenResult(fail.status)
    except OverflowError:
        return WhenResult(WhenStatus.INVALID_DATE)


def parse_time_of_day(text: str) -> time | None:
    """The clock time in `text` ("10 pagi", "14.00", "setengah 3 sore"), or None.

    None also when the text names a day, a zone or an impossible time; "jam 12 malam" gives
    00:00 (use combine_day_and_time to move it to the next day).
    """
    try:
        found = _scan(text, bare_hour=True)
        hour_minute = _clock_hour(found)
    except _Fail:
        return None
    if hour_minute is None or found.names_day() or found.moment is not None or found.zone:
        return None
    hour, minute = hour_minute
    return time(hour % 24, minute)


# --- a date-time phrase inside a longer message ----------------------------------------------

# Words a date-time phrase may hold besides the vocabulary above; any other word ends it.
_PHRASE_WORDS: Final = frozenset(
    {"hari", "ini", "lagi", "in", "dalam", "setengah", "kurang", "lewat", "lebih", "seperempat"}
    | {"menit", "min", "noon", "midnight", "tonight", "bulan", "month", "pada", "on", "of"}
    | {"the", "a", "an", "this", "next", "last", "pagi", "siang", "sore", "malam"}
)
_PHRASE_VOCABULARY: Final = (
    frozenset(_DAY_OFFSETS)
    | _TODAY_HINTS
    | frozenset(_WEEKDAYS)
    | frozenset(_MONTHS)
    | frozenset(_PARTS)
    | _MERIDIEMS
    | _TIME_INTROS
    | _DATE_INTROS
    | _WEEK_WORDS
    | _NEXT
    | _THIS
    | _LAST
    | frozenset(_UNITS)
    | frozenset(_ZONES)
    | _PHRASE_WORDS
)


def _is_anchor(tokens: list[str], index: int) -> bool:
    """Whether the token at `index` names a day or a time by itself, with its neighbours.

    A run of date words counts only around an anchor, so that "pagi kak" or "2 minggu belum
    ada kabar" are not read as dates while "besok", "jam 10" and "3 hari lagi" are.
    """
    word = tokens[index]
    after = tokens[index + 1] if index + 1 < len(tokens) else ""
    later = tokens[index + 2] if index + 2 < len(tokens) else ""
    if word == "minggu" and index and tokens[index - 1][:1].isdigit():
        return False  # "2 minggu belum ada kabar" counts weeks, it is no Sunday
    if word in _DAY_OFFSETS or word in _WEEKDAYS or word in _MONTHS:
        return True
    if word in {"tonight", "noon", "midnight"}:
        return True
    if word[:1].isdigit():
        shape = _split_number(word)
        if shape is not None and len(shape[1]) == 2:
            return True  # "10.00", "27/11"
        if shape is not None and len(shape[1]) == 3:
            return _numeric_date(*shape) is not None  # "2026-12-05", not "8.500.000"
        if after in _MONTHS or after in _MERIDIEMS:
            return True  # "5 Desember", "10 am"
        return after in _UNITS and later == "lagi"  # "3 hari lagi"
    if word in _TIME_INTROS or word in _DATE_INTROS:
        return after[:1].isdigit() or after == "setengah"  # "jam 10", "tgl 5"
    if word in {"dalam", "in"}:
        return after[:1].isdigit() and later in _UNITS  # "dalam 2 hari"
    return (word == "hari" and after == "ini") or (word in _PARTS and after == "ini")


def _when_phrases(text: str) -> list[str]:
    """The runs of date-time words in `text` that name a day or a time, in order."""
    tokens = _tokenize(text)
    phrases: list[str] = []
    run: list[int] = []
    for index in [*range(len(tokens)), len(tokens)]:
        word = tokens[index] if index < len(tokens) else ""
        if word and (word in _PHRASE_VOCABULARY or word[:1].isdigit()):
            run.append(index)
            continue
        if any(_is_anchor(tokens, k) for k in run):
            phrases.append(" ".join(_trimmed([tokens[k] for k in run])))
        run = []
    return phrases


# Link words that belong to a phrase only inside it: "sabtu jam 10 lewat teams", "on monday".
_LEADING: Final = frozenset({"on", "pada", "the", "of"})
_TRAILING: Final = frozenset({"lewat", "kurang", "lebih", "pada", "on", "of", "the", "a", "an"})
_TRAILING_ALSO: Final = frozenset({"in", "dalam", "setengah", "at", "jam", "pukul", "tanggal"})


def _trimmed(run: list[str]) -> list[str]:
    start, end = 0, len(run)
    while start < end and run[start] in _LEADING:
        start += 1
    while end > start and (run[end - 1] in _TRAILING or run[end - 1] in _TRAILING_ALSO):
        end -= 1
    return run[start:end]


def mentions_when(text: str) -> bool:
    """Whether a message names a day or a time somewhere ("dijadwalin besok jam 10")."""
    return bool(_when_phrases(text))


@dataclass(frozen=True)
class WhenMatch:
    """A date-time phrase found in a longer message, and how it reads."""

    result: WhenResult  # never UNRECOGNIZED
    phrase: str  # the words read, normalised: "besok jam 10"


def find_when(
    text: str,
    now: datetime,
    *,
    allow_past: timedelta | None = None,
    ask_which_week: bool = False,
) -> WhenMatch | None:
    """The date and time a chat message mentions, read as parse_when reads a whole answer.

    "udah aku bales, trus dijadwalin screening telpon besok jam 10" -> besok jam 10. Pieces
    apart in the message are read together ("lusa interview teknis jam 3 sore"); when they
    contradict each other, the first piece that reads on its own wins. None when nothing in
    the message reads as a date or a time.
    """
    _require_aware(now)
    phrases = _when_phrases(text)
    attempts = [" ".join(phrases), *phrases] if len(phrases) > 1 else phrases
    for phrase in attempts:
        result = parse_when(phrase, now, allow_past=allow_past, ask_which_week=ask_which_week)
        if result.status is not WhenStatus.UNRECOGNIZED:
            return WhenMatch(result, phrase)
    return None


# --- examples for a prompt -------------------------------------------------------------------


class Tense(StrEnum):
    """Whether a question asks about a moment to come or one gone."""

    FUTURE = "future"  # "Kapan wawancaranya?"
    PAST = "past"  # "Kapan penawarannya datang?"


_WEEKDAY_NAMES: Final = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
# Written out: calendar.month_abbr follows the process locale.
_MONTH_ABBREVIATIONS_EN: Final = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip


def _candidate_phrases(now: datetime, tense: Tense, locale: str) -> list[str]:
    today = now.date()
    ahead3, ahead8 = today + timedelta(days=3), today + timedelta(days=8)
    back2, back3 = today - timedelta(days=2), today - timedelta(days=3)
    english = locale == "en"
    names = _WEEKDAY_NAMES["en" if english else "id"]
    if english:
        month8 = _MONTH_ABBREVIATIONS_EN[ahead8.month - 1]
        if tense is Tense.FUTURE:
            return [
                "tomorrow at 10am",
                f"{names[ahead3.weekday()]} at 2pm",
                f"{ahead8.day} {month8} 1pm",
            ]
        return [
            "today at 9am",
            "yesterday at 10am",
            f"last {names[back2.weekday()]} at 9am",
            f"{back3.day} {_MONTH_ABBREVIATIONS_EN[back3.month - 1]}",
        ]
    if tense is Tense.FUTURE:
        return [
            "besok jam 10",
            f"{names[ahead3.weekday()]} jam 14.00",
            f"{ahead8.day}/{ahead8.month} 13.00",
        ]
    # "Minggu lalu" alone is "last week": "hari Minggu lalu" is the Sunday.
    weekday_back2 = ("hari " if back2.weekday() == 6 else "") + names[back2.weekday()]
    return [
        "tadi pagi jam 9",
        "kemarin jam 10",
        f"{weekday_back2} lalu jam 9",
        f"{back3.day}/{back3.month}",
    ]


def example_phrases(
    now: datetime, tense: Tense, *, locale: str = "id", count: int = 3
) -> tuple[str, ...]:
    """Example answers for a "when?" prompt, relative to `now` and in the question's tense.

    FUTURE examples all read as moments after `now` ("besok jam 10", "Rabu jam 14.00",
    "7/12 13.00"); PAST ones as moments gone ("kemarin jam 10", "Jumat lalu jam 9", "26/11"),
    so a prompt never offers "27/11" as a future date in December. Each is checked with
    parse_when before it is offered. The phrases are in `locale`'s language ("id" or "en") and
    are not translated through the catalogs: they are input the parser must read, not prose.
    """
    _require_aware(now)
    wanted = {WhenStatus.OK, WhenStatus.NEEDS_TIME} if tense is Tense.FUTURE else {WhenStatus.PAST}
    fitting: list[str] = []
    for phrase in _candidate_phrases(now, tense, locale):
        result = parse_when(phrase, now)
        gone = result.day is not None and result.day < now.date()
        if result.status in wanted and not gone:
            fitting.append(phrase)
    return tuple(fitting[:count])
