"""Insights on a typed practice answer: terms, STAR, length, fillers and missed talking points.

Not a grade: findings the user can act on. Words are matched by their roots, so "menganalisis"
counts for "analisis": a small rule-based stemmer for the Indonesian affixes (me-, mem-, men-,
meng-, meny-, ber-, di-, ter-, pe-, per-, ke-, -kan, -an, -i, -nya and the particles, plus the
informal nge-/ng-/ny- and -in) gives each word every root it may come from. It needs no
dictionary because it never has to decide: a term or a cue matches when its form is among the
roots, and a wrong extra root is harmless as long as no curated form happens to equal it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from html import escape

from bot.coach.practice import GLOSSARY, Question
from bot.i18n import N_, _


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


VOWELS = frozenset("aeiou")
MIN_ROOT = 3
# Two consonants may start an Indonesian root only as one of these (loanwords included); a
# candidate such as "mbali" (from "kembali") is no root.
ONSETS = _words(
    "bl br by dr dw fl fr gl gr kh kl kr kw ny ng pl pr ps sk sl sm sn sp st sw sy tr ts"
)
PARTICLES = ("lah", "kah", "tah", "pun")
POSSESSIVES = ("nya", "ku", "mu")
DERIVATIONAL = ("kan", "an", "in", "i")  # -in: the informal -kan/-i ("jelasin", "ngamanin")
ENGLISH_SUFFIXES = (
    ("ies", "y"),
    ("es", ""),
    ("s", ""),
    ("ing", ""),
    ("ing", "e"),
    ("ed", ""),
    ("ed", "e"),
    ("ion", ""),
    ("ion", "e"),
    ("ly", ""),
)

_REDUPLICATION = re.compile(r"\b(\w+)-\1\b")
_WORD = re.compile(r"[^\W_]+")
_REPEATS = re.compile(r"([a-z])\1{2,}")


def tokens(text: str) -> list[str]:
    """Lower-case words and numbers; "langkah-langkah" is one word, "%" is "persen"."""
    text = text.lower().replace("%", " persen ")
    text = _REDUPLICATION.sub(r"\1", text)
    return _WORD.findall(text)


# --- the stemmer --------------------------------------------------------------------------


def _is_root(word: str, minimum: int = MIN_ROOT) -> bool:
    if len(word) < minimum or not any(ch in VOWELS for ch in word):
        return False
    first, second = word[0], word[1]
    return first in VOWELS or second in VOWELS or word[:2] in ONSETS


def _prefix_options(word: str) -> list[tuple[str, int]]:
    """What `word` may be without its first prefix: (root, shortest plausible root length).

    The first option is the likeliest; e.g. "meng" + vowel is usually a vowel root
    ("menganalisis"), sometimes a k- root ("mengirim"), and both are offered.
    """
    options: list[tuple[str, int]] = []

    def vowel(rest: str) -> bool:
        return rest[:1] in VOWELS

    def nasal(prefix: str, minimum: int) -> None:
        # meN-/peN-: the nasal takes the root's first sound (p, t, s, k drop out).
        rest = word[len(prefix) :]
        if prefix.endswith("ny"):
            if vowel(rest):
                options.append(("s" + rest, minimum))
        elif prefix.endswith("ng"):
            if vowel(rest):
                options.extend([(rest, minimum), ("k" + rest, minimum)])
                if rest.startswith("e"):  # menge- before a one-syllable root: "mengecek"
                    options.append((rest[1:], minimum))
            elif rest[:1] in ("g", "h", "k"):
                options.append((rest, minimum))
        elif prefix.endswith("m"):
            if rest[:1] in ("b", "f", "v", "p"):
                options.append((rest, minimum))
            elif vowel(rest):
                options.extend([("p" + rest, minimum), ("m" + rest, minimum)])
        elif prefix.endswith("n"):
            if rest[:1] in ("c", "d", "j", "t", "s", "z"):
                options.append((rest, minimum))
            elif vowel(rest):
                options.extend([("t" + rest, minimum), ("n" + rest, minimum)])

    def with_r(prefix: str, minimum: int) -> None:
        # ber-/ter-/per- before a vowel: the r may belong to the root ("berencana").
        rest = word[len(prefix) :]
        options.append((rest, minimum))
        if vowel(rest):
            options.append(("r" + rest, minimum))

    if word.startswith("di"):
        options.append((word[2:], 3))
    elif word.startswith("ke"):
        options.append((word[2:], 4))
    elif word.startswith(("meny", "meng", "mem", "men")):
        nasal(next(p for p in ("meny", "meng", "mem", "men") if word.startswith(p)), 3)
    elif word.startswith("me"):
        if word[2:3] in ("l", "m", "n", "r", "w", "y"):
            options.append((word[2:], 3))
    elif word.startswith("pel") and word[3:].startswith("ajar"):
        options.append((word[3:], 3))
    elif word.startswith(("peny", "peng", "pem", "pen")):
        nasal(next(p for p in ("peny", "peng", "pem", "pen") if word.startswith(p)), 3)
    elif word.startswith("per"):
        with_r("per", 4)
    elif word.startswith("pe"):
        if word[2:3] in ("l", "m", "n", "r", "w", "y") or word[3:5] == "er":
            options.append((word[2:], 4))
    elif word.startswith("bel") and word[3:].startswith("ajar"):
        options.append((word[3:], 3))
    elif word.startswith("ber"):
        with_r("ber", 4)
    elif word.startswith("be") and word[3:5] == "er":  # bekerja, beserta
        options.append((word[2:], 4))
    elif word.startswith("ter"):
        with_r("ter", 4)
    elif word.startswith("nge"):
        options.append((word[3:], 3))
    elif word.startswith("ng") and vowel(word[2:]):
        options.extend([(word[2:], 3), ("k" + word[2:], 3)])
    elif word.startswith("ny") and vowel(word[2:]):
        options.append(("s" + word[2:], 3))
    return options


def _suffix_variants(word: str) -> set[str]:
    """`word` with any combination of particle, possessive and derivational suffix removed."""
    found = {word}
    for group in (PARTICLES, POSSESSIVES, DERIVATIONAL):
        for base in list(found):
            for suffix in group:
                if base.endswith(suffix) and _is_root(base[: -len(suffix)]):
                    found.add(base[: -len(suffix)])
    return found


def _prefix_variants(word: str, depth: int = 3) -> set[str]:
    found: set[str] = set()
    if depth == 0:
        return found
    for root, _minimum in _prefix_options(word):
        if _is_root(root):
            found.add(root)
            found |= _prefix_variants(root, depth - 1)
    return found


def _english_variants(word: str) -> set[str]:
    found = set()
    for suffix, added in ENGLISH_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_ROOT:
            base = word[: -len(suffix)] + added
            found.add(base)
            # "logging" -> "logg" -> "log"
            if not added and len(base) >= 4 and base[-1] == base[-2] and base[-1] not in VOWELS:
                found.add(base[:-1])
    return found


def normalise(word: str) -> str:
    """Lower case, with a letter typed three times or more kept once ("ditolakkk")."""
    return _REPEATS.sub(r"\1", word.lower())


@lru_cache(maxsize=8192)
def roots(word: str) -> frozenset[str]:
    """Every root `word` may come from, the word itself included."""
    word = word.lower()
    if not word.isalpha() or not word.isascii():
        return frozenset({word})
    found = {word}
    for spelling in {word, normalise(word)}:
        for base in _suffix_variants(spelling):
            found.add(base)
            found |= _prefix_variants(base)
        found |= _english_variants(spelling)
    return frozenset(found)


def stem(word: str) -> str:
    """The likeliest root of an Indonesian word: "menganalisis" -> "analisis".

    Without a dictionary some words are cut too far ("kembali" stays, "berita" stays, but
    "diskusi" loses its "di"); the result is only used to group words, never shown.
    """
    word = word.lower()
    if not word.isalpha() or not word.isascii():
        return word
    if word.endswith("pun") and _is_root(word[:-3], 4):
        word = word[:-3]
    if word.endswith("nya") and _is_root(word[:-3]):
        word = word[:-3]
    elif word.endswith(("ku", "mu")) and _is_root(word[:-2], 4):
        word = word[:-2]
    for suffix in ("kan", "an"):
        if word.endswith(suffix) and _is_root(word[: -len(suffix)], 4):
            word = word[: -len(suffix)]
            break
    else:
        # -i after a vowel is usually the root's own ("nilai", "mulai"), and -si is a loanword's.
        if word.endswith("i") and len(word) >= 5 and word[-2] not in VOWELS and word[-2] != "s":
            word = word[:-1]
    for _round in range(3):
        options = _prefix_options(word)
        if not options:
            break
        root, minimum = options[0]
        if not _is_root(root, minimum):
            break
        word = root
    return word


# --- matching ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """An answer read for matching: its words and, for each possible root, where it occurs."""

    words: tuple[str, ...]
    positions: Mapping[str, frozenset[int]]

    def has(self, form: str) -> bool:
        """Whether a word form or phrase occurs, each of its words by any root."""
        parts = tokens(form)
        if not parts:
            return False
        starts = self.positions.get(parts[0], frozenset())
        return any(
            all(start + k in self.positions.get(part, frozenset()) for k, part in enumerate(parts))
            for start in starts
        )

    def matches(self, cue: str) -> bool:
        """A cue is a form or phrase, or a glossary id standing for all of the term's forms."""
        term = GLOSSARY.get(cue)
        forms = term.forms if term is not None else (cue,)
        return any(self.has(form) for form in forms)


def read(text: str) -> Reading:
    words = tuple(tokens(text))
    positions: dict[str, set[int]] = {}
    for index, word in enumerate(words):
        for root in roots(word):
            positions.setdefault(root, set()).add(index)
    return Reading(words, {root: frozenset(found) for root, found in positions.items()})


# --- the findings --------------------------------------------------------------------------


class Length(StrEnum):
    EMPTY = "kosong"
    SHORT = "pendek"
    GOOD = "pas"
    LONG = "panjang"


class StarPart(StrEnum):
    SITUATION = "situasi"
    TASK = "tugas"
    ACTION = "aksi"
    RESULT = "hasil"


STAR_LABELS: dict[StarPart, str] = {
    StarPart.SITUATION: N_("Situasi"),
    StarPart.TASK: N_("Tugas"),
    StarPart.ACTION: N_("Aksi"),
    StarPart.RESULT: N_("Hasil"),
}
STAR_HINTS: dict[StarPart, str] = {
    StarPart.SITUATION: N_(
        "Situasi: mulai dengan konteksnya, yaitu kapan, di mana, dan apa yang terjadi."
    ),
    StarPart.TASK: N_("Tugas: jelaskan tanggung jawab atau target Anda saat itu."),
    StarPart.ACTION: N_("Aksi: ceritakan langkah yang Anda sendiri ambil, satu per satu."),
    StarPart.RESULT: N_(
        "Hasil: tutup dengan hasilnya, sebaiknya dengan angka, dan apa yang Anda pelajari."
    ),
}

# Words that announce each part of a STAR story, in Indonesian and English. Roots match their
# derived forms ("hasil" also finds "berhasil" and "hasilnya").
STAR_CUES: dict[StarPart, tuple[str, ...]] = {
    StarPart.SITUATION: (
        "saat itu", "pada saat", "ketika", "waktu itu", "situasi", "kondisi", "pernah", "dulu",
        "semester", "magang", "proyek", "latar belakang", "tahun lalu", "bulan lalu", "when",
        "situation", "during", "at the time", "once", "last year", "project", "internship",
    ),
    StarPart.TASK: (
        "tugas", "tanggung jawab", "target", "tujuan", "sasaran", "diminta", "harus", "peran",
        "task", "goal", "responsible", "responsibility", "had to", "needed to", "my role",
        "objective", "assigned",
    ),
    StarPart.ACTION: (
        "langkah", "laku", "putus", "mulai", "pertama", "kemudian", "setelah itu", "buat",
        "analisis", "hubung", "usul", "terap", "susun", "periksa", "coba", "ambil", "decide",
        "implement", "create", "analyze", "start", "contact", "took", "then", "first", "step",
    ),
    StarPart.RESULT: (
        "hasil", "akhirnya", "alhasil", "dampak", "sehingga", "turun", "naik", "tingkat",
        "berkurang", "kurangi", "hemat", "selesai", "sukses", "persen", "pelajaran", "result",
        "as a result", "finally", "reduce", "improve", "increase", "save", "achieve", "outcome",
        "learn", "success",
    ),
}  # fmt: skip

# Filler words: the typed trace of "eh", "emm" and the like. The name is what is shown.
FILLERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("eh", re.compile(r"e+h+")),
    ("emm", re.compile(r"e+m+|e+h+m+|h+m+|u+m+|u+h+|e+r+m+")),
    ("anu", re.compile(r"anu")),
    ("kayak", re.compile(r"kayak|kyk")),
    ("gitu", re.compile(r"gitu+h?")),
)

STOP_WORDS = _words(
    """
    ada adalah adanya agar akan aku anda apa apakah atau bagaimana bagi bahwa baik banyak
    bawah begitu beberapa belum berapa bersama besar bila bisa boleh buat bukan cara cukup
    dalam dan dapat dari daripada dengan di dia dilakukan ini itu jadi jika juga kalau kami
    kamu karena ke kemudian kenapa kepada ketika kita lagi lain lalu lebih maka mana masih
    mau melakukan memang mengapa menjadi mereka misalnya mungkin namun nya oleh pada para
    pernah pun saat saja sama sampai sangat satu saya se sebagai sebelum sedang sehingga
    sekali selalu seperti serta setelah setiap sih sudah supaya tak tanpa tapi telah tentang
    tersebut tetapi tidak untuk waktu ya yaitu yakni yang gue gua aja udah ga gak nggak
    enggak kok deh dong nah kan lah tuh banget
    a about after also an and any are as at be because been but by can could did do does for
    from had has have he her his how i if in into is it its just me more my not of on or our
    she so some than that the their them then there these they this to up us was we were what
    when which who will with would you your
    """
)


@dataclass(frozen=True)
class Insights:
    word_count: int
    length: Length
    expected_words: tuple[int, int]
    terms: tuple[str, ...]  # glossary ids found, in glossary order
    missing_terms: tuple[str, ...]  # the question's expected terms not found
    star_expected: bool
    star_found: tuple[StarPart, ...]
    top_words: tuple[tuple[str, int], ...]  # (the word as typed most often, count), count >= 2
    fillers: tuple[tuple[str, int], ...]
    missing_points: tuple[int, ...]  # indexes into the question's talking points

    @property
    def star_missing(self) -> tuple[StarPart, ...]:
        return tuple(part for part in StarPart if part not in self.star_found)

    def summary(self) -> dict[str, object]:
        """What is stored with the answer, for the history (JSON-friendly)."""
        return {
            "words": self.word_count,
            "length": self.length.value,
            "terms": list(self.terms),
            "star": [part.value for part in self.star_found] if self.star_expected else None,
            "fillers": sum(count for _, count in self.fillers),
            "missing_points": list(self.missing_points),
        }


def _length(count: int, expected: tuple[int, int]) -> Length:
    low, high = expected
    if count == 0:
        return Length.EMPTY
    if count < low:
        return Length.SHORT
    if count > high:
        return Length.LONG
    return Length.GOOD


def _fillers(words: Iterable[str]) -> tuple[tuple[str, int], ...]:
    counts: Counter[str] = Counter()
    for word in words:
        for name, pattern in FILLERS:
            if pattern.fullmatch(word):
                counts[name] += 1
                break
    return tuple((name, counts[name]) for name, _ in FILLERS if counts[name])


def _is_filler(word: str) -> bool:
    return any(pattern.fullmatch(word) for _, pattern in FILLERS)


def _top_words(words: Iterable[str], limit: int = 5) -> tuple[tuple[str, int], ...]:
    """The content words used more than once, grouped by root, shown as most often typed."""
    groups: dict[str, Counter[str]] = {}
    for word in words:
        if len(word) < 3 or not word.isalpha() or word in STOP_WORDS or _is_filler(word):
            continue
        groups.setdefault(stem(word), Counter())[word] += 1
    ranked = sorted(
        ((group.most_common(1)[0][0], group.total()) for group in groups.values()),
        key=lambda item: -item[1],
    )  # sorted() is stable: equal counts keep the order of first use
    return tuple(item for item in ranked if item[1] >= 2)[:limit]


def analyse(answer: str, question: Question) -> Insights:
    """The findings on one answer to one question."""
    reading = read(answer)
    count = len(reading.words)
    terms = tuple(term_id for term_id in GLOSSARY if reading.matches(term_id))
    return Insights(
        word_count=count,
        length=_length(count, question.words),
        expected_words=question.words,
        terms=terms,
        missing_terms=tuple(t for t in question.terms if t not in terms),
        star_expected=question.star,
        star_found=tuple(
            part for part in StarPart if any(reading.has(cue) for cue in STAR_CUES[part])
        ),
        top_words=_top_words(reading.words),
        fillers=_fillers(reading.words),
        missing_points=tuple(
            index
            for index, point in enumerate(question.points)
            if not any(reading.matches(cue) for cue in point.cues)
        ),
    )


# --- the message ---------------------------------------------------------------------------


def term_label(term_id: str) -> str:
    term = GLOSSARY.get(term_id)
    return _(term.label) if term is not None else term_id


def _length_line(insights: Insights) -> str:
    low, high = insights.expected_words
    match insights.length:
        case Length.EMPTY:
            verdict = _("Belum ada kata yang bisa saya baca.")
        case Length.SHORT:
            verdict = _(
                "Cukup singkat; jawaban yang kuat untuk pertanyaan seperti ini biasanya {low}–{high} kata. Tambahkan contoh atau detail."
            ).format(low=low, high=high)
        case Length.LONG:
            verdict = _(
                "Cukup panjang; biasanya {low}–{high} kata sudah cukup. Ringkas ke poin terpenting agar pewawancara mudah mengikuti."
            ).format(low=low, high=high)
        case _:
            verdict = _("Pas untuk pertanyaan seperti ini (biasanya {low}–{high} kata).").format(
                low=low, high=high
            )
    return _("📏 <b>Panjang:</b> {count} kata. {verdict}").format(
        count=insights.word_count, verdict=verdict
    )


def describe(question: Question, insights: Insights) -> str:
    """The insights as one HTML message; words from the answer are escaped."""
    lines = [_("🔎 <b>Catatan untuk jawaban Anda</b> (bukan nilai)"), "", _length_line(insights)]
    if insights.terms:
        lines.append(
            _("🧩 <b>Istilah kerja yang Anda pakai:</b> {terms}.").format(
                terms=", ".join(term_label(t) for t in insights.terms)
            )
        )
    else:
        lines.append(_("🧩 Belum ada istilah kerja dari glosarium saya di jawaban ini."))
    if insights.missing_terms:
        lines.append(
            _("➕ <b>Istilah yang sering dipakai jawaban kuat:</b> {terms}.").format(
                terms=", ".join(term_label(t) for t in insights.missing_terms)
            )
        )
    if insights.star_expected:
        marks = " · ".join(
            f"{'✅' if part in insights.star_found else '⬜'} {_(STAR_LABELS[part])}"
            for part in StarPart
        )
        lines.append(_("⭐ <b>STAR:</b> {marks}").format(marks=marks))
        lines.extend(f"   • {_(STAR_HINTS[part])}" for part in insights.star_missing)
    if insights.top_words:
        lines.append(
            _("🔁 <b>Kata yang paling sering:</b> {words}.").format(
                words=", ".join(f"{escape(word)} ({count}×)" for word, count in insights.top_words)
            )
        )
    if insights.fillers:
        lines.append(
            _(
                "💬 <b>Kata pengisi:</b> {fillers}. Dalam wawancara, jeda sejenak terdengar lebih yakin daripada kata pengisi."
            ).format(fillers=", ".join(f"{name} ({count}×)" for name, count in insights.fillers))
        )
    lines.append("")
    if insights.missing_points:
        lines.append(
            _("📝 <b>Yang biasanya dibahas jawaban kuat dan belum terlihat di jawaban Anda:</b>")
        )
        lines.extend(f"• {_(question.points[index].text)}" for index in insights.missing_points)
    else:
        lines.append(_("✅ Semua poin yang biasanya dibahas jawaban kuat sudah tersentuh."))
    return "\n".join(lines)
