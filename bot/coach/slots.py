"""What a progress message says besides its intent: when, which company, which role, what kind of
interview, how much.

"udah aku bales, trus dijadwalin screening telpon besok jam 10 sama PT Aman Siber" gives the
moment (through bot/coach/dates.py), the company, screening and the phone. Every extractor
prefers nothing to a guess: what it returns is shown to the user to confirm before anything is
stored, and a wrong company costs more to undo than a question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from bot.coach.chattext import MAX_CHARS, words
from bot.coach.choices import FORMAT_SYNONYMS, KIND_SYNONYMS, Synonyms, mentions
from bot.coach.dates import WhenMatch, find_when
from bot.coach.money import find_amounts as parse_amounts

__all__ = [
    "Slots",
    "display_name",
    "extract_slots",
    "find_company",
    "find_format",
    "find_kind",
    "find_role",
    "match_known",
    "mentions_screening",
    "parse_amounts",
]


@dataclass(frozen=True)
class Slots:
    """Everything a message says that could be recorded; each None (or empty) when not said."""

    when: WhenMatch | None = None  # the date-time phrase and how it reads
    company: str | None = None  # for display: "PT Aman Siber", "Tokopedia"
    role: str | None = None  # for display: "Analis SOC", "Data Analyst"
    format: str | None = None  # choices.FORMAT_VALUES: telepon, video, langsung
    kind: str | None = None  # choices.KIND_VALUES: manajer, teknis, panel
    screening: bool = False  # a screening / HR interview: stage 2 rather than stage 3
    amounts: tuple[int, ...] = ()  # rupiah, in the order written


def extract_slots(
    text: str,
    now: datetime,
    *,
    allow_past: timedelta | None = None,
    ask_which_week: bool = False,
) -> Slots:
    """All the slots of one message; `allow_past` and `ask_which_week` as in dates.parse_when."""
    return Slots(
        when=find_when(text, now, allow_past=allow_past, ask_which_week=ask_which_week),
        company=find_company(text),
        role=find_role(text),
        format=find_format(text),
        kind=find_kind(text),
        screening=mentions_screening(text),
        amounts=parse_amounts(text),
    )


# --- interview format, kind, stage ---------------------------------------------------------


def _one_option(text: str, synonyms: Synonyms) -> str | None:
    """The option a longer message names; when it names several, the one after "via"/"lewat"."""
    found = [mention for mention in mentions(text, synonyms) if not mention.negated]
    values = {mention.value for mention in found}
    if len(values) == 1:
        return values.pop()
    linked = {mention.value for mention in found if mention.linked}
    return linked.pop() if len(linked) == 1 else None


def find_format(text: str) -> str | None:
    """How the interview is held: "via zoom" -> video, "screening telpon" -> telepon."""
    return _one_option(text, FORMAT_SYNONYMS)


def find_kind(text: str) -> str | None:
    """Who interviews: "interview user" -> manajer, "tes teknis" -> teknis, "panel" -> panel."""
    return _one_option(text, KIND_SYNONYMS)


_SCREENING: Final = (
    ("screening",),
    ("skrining",),
    ("interview", "hr"),
    ("hr", "interview"),
    ("interview", "hrd"),
    ("wawancara", "hr"),
    ("phone", "screen"),
    ("phone", "screening"),
)


def mentions_screening(text: str) -> bool:
    """Whether the interview is the screening: "screening telpon", "interview HR"."""
    tokens = words(text)
    for start in range(len(tokens)):
        for phrase in _SCREENING:
            if tuple(tokens[start : start + len(phrase)]) == phrase:
                return True
    return False


# --- names: company and role ---------------------------------------------------------------


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that end a name: what usually follows a company or a role in a chat message.
_STOP: Final = _set(
    """
    di ke dari sama dengan dgn untuk utk buat sebagai jadi posisi yang yg dan atau and or at
    in on for with from as to via lewat pake pakai jam jm pukul besok bsk lusa kemarin kemaren
    tadi nanti hari tgl tanggal minggu senin selasa rabu kamis jumat sabtu ahad interview
    interviewnya wawancara tahap tes test nih dong ya sih deh kok lho loh tapi trus terus udah
    udh sudah aku saya gw gue bisa mau akan bakal ini itu kak min the a an is was be nya
    offer offering kerja gaji jadwal online offline
    """
)
_LEGAL_FORMS: Final = {"pt": "PT", "cv": "CV", "ud": "UD", "tbk": "Tbk", "persero": "Persero"}
_COMPANY_INTROS: Final = frozenset({"di", "dari", "ke", "at", "with", "from", "sama"})
# Capitalised words after "di"/"dari" that are not employers.
_NOT_COMPANIES: Final = _set(
    """
    jakarta bandung surabaya medan bali yogyakarta jogja jogjakarta semarang tangerang bekasi
    depok bogor makassar malang solo batam indonesia singapore singapura kantor rumah sini sana
    zoom gmeet google teams meet linkedin whatsapp wa telegram email hr hrd user senin selasa
    rabu kamis jumat sabtu minggu januari februari maret april mei juni juli agustus september
    oktober november desember jalan jl gedung lantai tower mall
    """
)
_ACRONYMS: Final = _set(
    """
    soc it hr hrd qa ui ux ai ml bi sql ceo cto cfo coo pt cv ud tbk bca bri bni btn ojk bumn
    ict noc siem iot erp sap crm seo sem pr gis ehs hse k3 cs ga
    """
)
_TOKEN: Final = re.compile(r"[A-Za-z0-9&][\w&'.-]*")


def display_name(text: str) -> str:
    """A name as it should appear in a draft: "pt aman siber" -> "PT Aman Siber".

    Acronyms are upper case ("analis soc" -> "Analis SOC"); a word the user wrote with inner
    capitals keeps them ("GoTo", "eFishery"); other words are capitalised.
    """
    out: list[str] = []
    for word in text.split():
        bare = word.strip(".,")
        lower = bare.lower()
        if lower in _LEGAL_FORMS:
            out.append(_LEGAL_FORMS[lower])
        elif lower in _ACRONYMS or (bare.isupper() and len(bare) >= 2):
            out.append(bare.upper())
        elif any(char.isupper() for char in bare[1:]):
            out.append(bare)
        else:
            out.append(bare[:1].upper() + bare[1:])
    return " ".join(out)


def _raw_words(text: str) -> list[str]:
    """Words as typed, with their case; a comma or a full stop ends a name (kept as ",")."""
    pieces: list[str] = []
    for chunk in re.split(r"([,;:!?()\n]|\s-\s)", text[:MAX_CHARS]):
        if re.fullmatch(r"[,;:!?()\n]|\s-\s", chunk):
            pieces.append(",")
            continue
        for word in _TOKEN.findall(chunk):
            if (
                word.endswith(".")
                and len(word) > 1
                and word.lower().rstrip(".") not in _LEGAL_FORMS
            ):
                pieces += [word.rstrip("."), ","]  # "di Tokopedia. Besok ..." ends the name
            else:
                pieces.append(word)
    return pieces


def _name_after(pieces: Sequence[str], start: int, limit: int, *, capitalised: bool) -> list[str]:
    """Up to `limit` name words from `start`, ending at a stop word, a comma or a number."""
    name: list[str] = []
    for word in pieces[start : start + limit]:
        lower = word.lower().rstrip(".")
        if word == "," or lower in _STOP or word[:1].isdigit():
            break
        if capitalised and not word[:1].isupper():
            break
        name.append(word.rstrip("."))
    return name


def find_company(text: str) -> str | None:
    """The employer a message names: "PT Aman Siber", "cv maju", "di Tokopedia", "with Gojek".

    A legal form (PT, CV, UD) starts a name in any case, up to four words; otherwise a
    capitalised name after "di", "dari", "ke", "sama", "at", "with", "from" that is not a place,
    a day or a video tool. "interview di kantor" names no company. For display (display_name).
    """
    pieces = _raw_words(text)
    for index, word in enumerate(pieces):
        if word.lower().rstrip(".") in ("pt", "cv", "ud"):
            name = _name_after(pieces, index + 1, 4, capitalised=False)
            if name:
                return display_name(" ".join([word.rstrip("."), *name]))
    for index, word in enumerate(pieces):
        if word.lower() in _COMPANY_INTROS:
            name = _name_after(pieces, index + 1, 4, capitalised=True)
            if name and name[0].lower() not in _NOT_COMPANIES:
                return display_name(" ".join(name))
    return None


_ROLE_MARKERS: Final = (
    ("posisi",),
    ("sebagai",),
    ("jadi",),
    ("role",),
    ("position",),
    ("as", "a"),
    ("as", "an"),
    ("lowongan",),
    ("bagian",),
)
# Words that head a job title: Indonesian puts them first ("analis SOC"), English last
# ("data analyst").
_HEADS_FIRST: Final = _set(
    "analis staf staff teknisi manajer konsultan spesialis desainer akuntan peneliti petugas "
    "insinyur admin asisten pengembang programmer auditor"
)
_HEADS_LAST: Final = _set(
    "analyst engineer developer manager designer consultant specialist officer intern "
    "scientist administrator tester architect programmer auditor accountant associate "
    "executive representative"
)
# Not part of a title although they sit next to one: "fresh grad", "jr"/"junior" are kept.
_NOT_TITLE: Final = frozenset({"fresh", "grad", "graduate", "baru", "lulusan"})


def find_role(text: str) -> str | None:
    """The job a message names: "posisi data analyst", "sebagai analis SOC", "analis soc".

    After a marker (posisi, sebagai, jadi, role, as a) up to four words; otherwise around a
    title word (analis, staf, ... first; analyst, engineer, ... last). For display.
    """
    pieces = _raw_words(text)
    lowered = [word.lower() for word in pieces]
    for index in range(len(pieces)):
        for marker in _ROLE_MARKERS:
            if tuple(lowered[index : index + len(marker)]) == marker:
                name = _name_after(pieces, index + len(marker), 4, capitalised=False)
                named = marker[0] in ("posisi", "role", "position", "lowongan")
                if name and (named or any(_is_title_word(word) for word in name)):
                    return display_name(" ".join(name))
    for index, word in enumerate(lowered):
        if word in _HEADS_FIRST:
            name = _name_after(pieces, index, 3, capitalised=False)
            if len(name) >= 1:
                return display_name(" ".join(name))
        if word in _HEADS_LAST:
            start = index
            while (
                start > 0
                and index - start < 2
                and lowered[start - 1] not in _STOP
                and lowered[start - 1] not in _NOT_TITLE
                and pieces[start - 1] != ","
                and not pieces[start - 1][:1].isdigit()
            ):
                start -= 1
            return display_name(" ".join(pieces[start : index + 1]))
    return None


def _is_title_word(word: str) -> bool:
    lower = word.lower()
    return lower in _HEADS_FIRST or lower in _HEADS_LAST or lower in _ACRONYMS


# --- the user's own applications ------------------------------------------------------------


def _name_key(name: str) -> list[str]:
    return [word for word in words(name) if word not in _LEGAL_FORMS]


def match_known(text: str, names: Iterable[str]) -> str | None:
    """Which of the user's companies (or roles) a message names, as stored; None if none or two.

    "lolos di aman siber" matches "PT Aman Siber"; the legal form is optional and case does
    not matter. The handler passes the names of the user's active applications.
    """
    tokens = words(text)
    hits = []
    for name in names:
        key = _name_key(name)
        if key and any(tokens[i : i + len(key)] == key for i in range(len(tokens))):
            hits.append(name)
    unique = set(hits)
    return unique.pop() if len(unique) == 1 else None
