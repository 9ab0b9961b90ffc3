"""Insights on a typed practice answer: terms, STAR, length, fillers and missed talking points.

Not a grade: findings the user can act on. Words are matched by their roots, so "menganalisis"
counts for "analisis": a small rule-based stemmer for the Indonesian affixes (me-, mem-, men-,
meng-, meny-, ber-, di-, ter-, pe-, per-, ke-, -kan, -an, -i, -nya and the particles, plus the
informal nge-/ng-/ny- and -in) gives each word every root it may come from. It needs no
dictionary because it never has to decide: a term or a cue matches when its form is among the
roots, and a wrong extra root is harmless as long as no curated form happens to equal it.

English words are keyed by the Porter2 stemmer (snowballstemmer), after British spellings are
read as American ones and a short list maps irregular past forms ("took", "built") to their base:
"escalated", "escalating" and "escalate" share a key, and a cue written as a base form finds
them all. Every word gets the roots of both languages, and the cues and glossary forms are
written in both, so an answer in English, in Indonesian or in the mix of the two that many
Indonesians speak at work is read the same whatever language the user chose. The language only
decides how the repeated words are grouped; it is detected from the answer's function words,
the user's locale settling a tie.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from html import escape
from itertools import pairwise

import snowballstemmer

from bot.coach.practice import GLOSSARY, Question
from bot.i18n import N_, _, current_locale, ngettext


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


VOWELS = frozenset("aeiou")
MIN_ROOT = 3
MAX_ACRONYM = 3
# Two consonants may start an Indonesian root only as one of these (loanwords included); a
# candidate such as "mbali" (from "kembali") is no root.
ONSETS = _words(
    "bl br by dr dw fl fr gl gr kh kl kr kw ny ng pl pr ps sk sl sm sn sp st sw sy tr ts"
)
PARTICLES = ("lah", "kah", "tah", "pun")
POSSESSIVES = ("nya", "ku", "mu")
DERIVATIONAL = ("kan", "an", "in", "i")  # -in: the informal -kan/-i ("jelasin", "ngamanin")
# Irregular English forms people use in a story, mapped to the base form that cues are written in.
ENGLISH_IRREGULAR: dict[str, str] = {
    form: base
    for base, forms in (
        ("be", "was were been"), ("begin", "began begun"), ("break", "broke broken"),
        ("bring", "brought"), ("build", "built"), ("catch", "caught"), ("choose", "chose chosen"),
        ("deal", "dealt"), ("do", "did done"), ("fall", "fell fallen"), ("feel", "felt"),
        ("fight", "fought"), ("find", "found"), ("get", "got gotten"), ("give", "gave given"),
        ("go", "went gone"), ("grow", "grew grown"), ("have", "had has"), ("hear", "heard"),
        ("hold", "held"), ("keep", "kept"), ("know", "knew known"), ("lead", "led"),
        ("learn", "learnt"), ("leave", "left"), ("lose", "lost"), ("make", "made"),
        ("mean", "meant"), ("meet", "met"), ("pay", "paid"), ("run", "ran"), ("say", "said"),
        ("see", "saw seen"), ("seek", "sought"), ("send", "sent"), ("speak", "spoke spoken"),
        ("spend", "spent"), ("stand", "stood"), ("steal", "stole stolen"), ("take", "took taken"),
        ("teach", "taught"), ("tell", "told"), ("think", "thought"), ("try", "tried tries"),
        ("understand", "understood"), ("win", "won"), ("write", "wrote written"),
    )
    for form in forms.split()
}  # fmt: skip
# British spellings are read as American ones, in which the cues are written.
_BRITISH = re.compile(r"(?<=[a-z]{2})([iy])s(e|ed|es|ing|ation|ations|er|ers)$")

_REDUPLICATION = re.compile(r"\b(\w+)-\1\b")
# A word may hold apostrophes ("don't", "I'm"): one word, as a reader counts it.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_REPEATS = re.compile(r"([a-z])\1{2,}")


def tokens(text: str) -> list[str]:
    """Lower-case words and numbers; "langkah-langkah" is one word, "%" is "persen".

    An English possessive is the word itself ("company's" is "company").
    """
    text = text.lower().replace("%", " persen ").replace("’", "'")
    text = _REDUPLICATION.sub(r"\1", text)
    return [word.removesuffix("'s") for word in _WORD.findall(text)]


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


# The English stemmer: Porter2, as the Snowball project maintains it. Its keys are no words
# ("escalate" -> "escal") and live apart from the Indonesian roots, behind a mark no typed word
# can carry, so that an English key never passes for an Indonesian root.
_PORTER2 = snowballstemmer.stemmer("english")
ENGLISH_KEY = "\x00"


@lru_cache(maxsize=8192)
def english_stem(word: str) -> str:
    """One key for the forms of an English word: "alerts", "alerted" -> "alert".

    British spellings are read as American ones ("analysed" meets "analyzed") and irregular
    forms as their base ("took" meets "take"). Not a dictionary form; never shown.
    """
    word = _BRITISH.sub(r"\1z\2", word.lower())
    return str(_PORTER2.stemWord(ENGLISH_IRREGULAR.get(word, word)))


def _english_key(word: str) -> str:
    return ENGLISH_KEY + english_stem(word)


def normalise(word: str) -> str:
    """Lower case, with a letter typed three times or more kept once ("ditolakkk")."""
    return _REPEATS.sub(r"\1", word.lower())


@lru_cache(maxsize=8192)
def roots(word: str) -> frozenset[str]:
    """Every root `word` may come from, the word itself included, and its English key."""
    word = word.lower()
    if not word.isalpha() or not word.isascii():
        return frozenset({word})
    found = {word}
    for spelling in {word, normalise(word)}:
        for base in _suffix_variants(spelling):
            found.add(base)
            found |= _prefix_variants(base)
        found.add(_english_key(spelling))
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
    vocabulary: frozenset[str] = frozenset()

    def at(self, word: str) -> frozenset[int]:
        """Where a cue's word occurs: among the roots of the answer's words, or by its English
        key ("escalate" is found in "escalated")."""
        found = self.positions.get(word, frozenset())
        if word.isascii() and word.isalpha():
            found |= self.positions.get(_english_key(word), frozenset())
        return found

    def has(self, form: str) -> bool:
        """Whether a word form or phrase occurs, each of its words by any root.

        Spacing does not matter: "cyber security" finds "cybersecurity" and the other way
        round (see `read`).
        """
        parts = tokens(form)
        if not parts:
            return False
        if len(parts) > 1 and self.at("".join(parts)):
            return True
        return any(
            all(start + k in self.at(part) for k, part in enumerate(parts))
            for start in self.at(parts[0])
        )

    def has_acronym(self, form: str) -> bool:
        """Whether a short form occurs as a word of its own, or with -s or -nya ("SOPnya")."""
        return any(word in self.vocabulary for word in (form, form + "s", form + "nya"))

    def matches(self, cue: str) -> bool:
        """A cue is a form or phrase, or a glossary id standing for all of the term's forms.

        A glossary form of three letters or less is mostly an acronym, and is matched as a word
        rather than by roots: "sopan" (polite) is no SOP, and "login" no log.
        """
        term = GLOSSARY.get(cue)
        if term is None:
            return self.has(cue)
        return any(
            self.has_acronym(form)
            if len(form) <= MAX_ACRONYM and " " not in form
            else self.has(form)
            for form in term.forms
        )


def read(text: str) -> Reading:
    """The answer's words with their roots; two words written apart are also read as one
    ("cyber security"), and a long word one typo away from a cue as that cue ("availbility")."""
    words = tuple(tokens(text))
    positions: dict[str, set[int]] = {}
    for index, word in enumerate(words):
        for root in roots(word):
            positions.setdefault(root, set()).add(index)
        corrected = _typo_of_cue(word)
        if corrected is not None:
            for root in (corrected, _english_key(corrected)):
                positions.setdefault(root, set()).add(index)
    for index, (first, second) in enumerate(pairwise(words)):
        if first.isalpha() and second.isalpha() and min(len(first), len(second)) >= 2:
            joined = first + second
            for root in (joined, _english_key(joined)):
                positions.setdefault(root, set()).add(index)
    return Reading(
        words, {root: frozenset(found) for root, found in positions.items()}, frozenset(words)
    )


# --- typos ----------------------------------------------------------------------------------

# A typo is corrected only in words this long: shorter ones are too often another real word one
# letter away ("attach"/"attack", "thread"/"threat", "policy"/"police").
MIN_TYPO_WORD = 7


@lru_cache(maxsize=1)
def _cue_words() -> dict[tuple[str, int], frozenset[str]]:
    """Every single word of the cues and glossary forms long enough for typo correction, by
    first letter and length; under ("", 0), every cue word."""
    from bot.coach.practice import QUESTIONS

    forms: set[str] = set()
    for term in GLOSSARY.values():
        forms.update(term.forms)
    for question in QUESTIONS:
        for point in question.points:
            forms.update(cue for cue in point.cues if cue not in GLOSSARY)
    for cues in STAR_CUES.values():
        forms.update(cues)
    index: dict[tuple[str, int], set[str]] = {}
    every: set[str] = set()
    for form in forms:
        for word in tokens(form):
            every.add(word)
            if len(word) >= MIN_TYPO_WORD and word.isalpha() and word.isascii():
                index.setdefault((word[0], len(word)), set()).add(word)
    index[("", 0)] = every  # every cue word, whatever its length
    return {key: frozenset(words) for key, words in index.items()}


def _one_edit(typed: str, cue: str) -> bool:
    """Whether one letter added, dropped, changed, or two neighbours swapped, make `cue`."""
    if len(typed) == len(cue):
        diffs = [i for i, (a, b) in enumerate(zip(typed, cue, strict=True)) if a != b]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and typed[diffs[0]] == cue[diffs[1]]
            and typed[diffs[1]] == cue[diffs[0]]
        )
    longer, shorter = (typed, cue) if len(typed) > len(cue) else (cue, typed)
    if len(longer) - len(shorter) != 1:
        return False
    cut = next(
        (i for i, (a, b) in enumerate(zip(longer, shorter, strict=False)) if a != b), len(shorter)
    )
    return longer[:cut] + longer[cut + 1 :] == shorter


@lru_cache(maxsize=8192)
def _typo_of_cue(word: str) -> str | None:
    """The cue word `word` is a typo of, when it is one edit from exactly one and is no cue
    (nor a form of one) itself; the first letter is taken as typed."""
    if len(word) < MIN_TYPO_WORD or not word.isalpha() or not word.isascii():
        return None
    index = _cue_words()
    same_start = [
        cue for size in (len(word) - 1, len(word), len(word) + 1)
        for cue in index.get((word[0], size), frozenset())
    ]  # fmt: skip
    if index[("", 0)] & roots(word):
        return None  # a cue already, or a form of one ("laporkan" is "lapor")
    found = {cue for cue in same_start if _one_edit(word, cue)}
    return found.pop() if len(found) == 1 else None


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
    StarPart.ACTION: N_("Aksi: ceritakan langkah yang Anda ambil sendiri, satu per satu."),
    StarPart.RESULT: N_(
        "Hasil: tutup dengan hasilnya, sebaiknya dengan angka, dan apa yang Anda pelajari."
    ),
}

# Words that announce each part of a STAR story, in Indonesian and English. Roots match their
# derived forms ("hasil" also finds "berhasil" and "hasilnya"), English cues are base forms
# ("decide" also finds "decided", "take" finds "took").
STAR_CUES: dict[StarPart, tuple[str, ...]] = {
    StarPart.SITUATION: (
        "saat itu", "pada saat", "ketika", "waktu itu", "situasi", "kondisi", "pernah", "dulu",
        "semester", "magang", "proyek", "latar belakang", "tahun lalu", "bulan lalu", "when",
        "situation", "during", "at the time", "once", "last year", "project", "internship",
        "intern", "back then", "while", "ago", "previous", "last month", "tugas akhir",
        "skripsi", "capstone", "kuliah", "organisasi", "during my", "at my",
    ),
    StarPart.TASK: (
        "tugas", "tanggung jawab", "target", "tujuan", "sasaran", "diminta", "harus", "peran",
        "task", "goal", "responsible", "responsibility", "had to", "needed to", "my role",
        "objective", "assigned", "my job", "in charge", "supposed to", "ask to", "deadline",
    ),
    StarPart.ACTION: (
        "langkah", "laku", "putus", "mulai", "pertama", "kemudian", "setelah itu", "buat",
        "analisis", "hubung", "usul", "terap", "susun", "periksa", "coba", "ambil", "decide",
        "implement", "create", "analyze", "start", "contact", "take", "then", "first", "step",
        "build", "write", "check", "investigate", "review", "set up", "organize", "propose",
        "reach out", "after that", "escalate", "block", "configure", "plan", "lalu", "terus",
        "habis itu", "bikin", "dengar", "banding", "diskusi", "jelas", "kabari", "explain",
        "ask", "tell", "stop", "fix", "restore", "roll back", "compare", "listen", "discuss",
    ),
    StarPart.RESULT: (
        "hasil", "akhirnya", "alhasil", "dampak", "sehingga", "turun", "naik", "tingkat",
        "berkurang", "kurangi", "hemat", "selesai", "sukses", "persen", "pelajaran", "result",
        "as a result", "finally", "reduce", "improve", "increase", "save", "achieve", "outcome",
        "learn", "success", "succeed", "resolve", "drop", "decrease", "percent", "lesson",
        "in the end", "on time", "finish", "complete", "prevent", "adopt", "since then",
        "no longer", "went from", "fewer", "sejak itu", "jadi standar", "diterapkan", "lulus",
        "pass",
    ),
}  # fmt: skip

# Filler words: the typed trace of "eh", "emm", "um" and the like, in Indonesian and in English
# (and in the Jakarta mix: "basically" and "literally" are fillers there too). The name is shown.
FILLERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("eh", re.compile(r"e+h+")),
    ("emm", re.compile(r"e+m+|e+h+m+")),
    ("hmm", re.compile(r"h+m+")),
    ("um", re.compile(r"u+m+")),
    ("uh", re.compile(r"u+h+")),
    ("er", re.compile(r"e+r+m*")),
    ("anu", re.compile(r"anu")),
    ("kayak", re.compile(r"kayak|kyk")),
    ("gitu", re.compile(r"gitu+h?")),
    ("basically", re.compile(r"basically")),
    ("literally", re.compile(r"literally")),
)
# Fillers that are ordinary words elsewhere ("I like Python", "do you know nmap?"): they count
# only where the punctuation or the next word shows them as fillers, as in "it was, like,
# really hard" or "we blocked it, you know."
CONTEXT_FILLERS: tuple[str, ...] = ("like", "you know", "I mean")
_CLAUSE_END = frozenset(",.;:!?…")
_AFTER_LIKE = _words("really very so totally literally basically just super kinda um uh er erm")
# ... but not after a subject or an auxiliary, where "like" is the verb: "the part I like.",
# "I like really hard problems", "we'd like 2 more".
_LIKE_AS_VERB = _words(
    "i we you they he she who people don't didn't doesn't do does did would i'd we'd you'd "
    "they'd really also still always"
)
_PIECE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[,.;:!?…]")

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
    enggak kok deh dong nah kan lah tuh banget persen
    a about after again all also am an and any are as at be because been being both but by can
    could did do does doing don't down each few for from get got had has have having he her here
    him his how i i'm i've i'd if in into is it its just like me more most much my no not now of
    off on one only or other our out over own percent really same she should so some such than
    that the their them then there these they this those through to too under until up us very
    was we were what when where which while who why will with would you your
    something anything thing things way need needs needed use uses used using make makes made
    """
)

# Words that mark a language: the commonest function words of each, rarely used in the other.
MARKERS: dict[str, frozenset[str]] = {
    "id": _words(
        "yang dan di ke dari untuk dengan saya ini itu tidak ada akan pada juga karena adalah "
        "sudah bisa kami kita aku jadi lalu kalau atau tapi dalam agar supaya sehingga"
    ),
    "en": _words(
        "the and to of a an in is was were i my it that for with we on this as be by at have "
        "had when are our they you not but so then which"
    ),
}


def answer_language(words: Iterable[str], locale: str) -> str:
    """The answer's language, "en" or "id": the one most of its function words belong to.

    A tie (a list of keywords, a one-word answer) is settled by the user's locale.
    """
    counts = Counter(
        language for word in words for language, markers in MARKERS.items() if word in markers
    )
    if counts["en"] != counts["id"]:
        return "en" if counts["en"] > counts["id"] else "id"
    return "en" if locale == "en" else "id"


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
    language: str = "id"  # the answer's language, "id" or "en"

    @property
    def star_missing(self) -> tuple[StarPart, ...]:
        return tuple(part for part in StarPart if part not in self.star_found)

    @property
    def complete(self) -> bool:
        """Every talking point found, or, for a STAR question, all four STAR parts."""
        return not self.missing_points or (self.star_expected and not self.star_missing)

    @property
    def too_short(self) -> bool:
        """Whether the advice is to write more: short, and something is missing. A short
        answer that has it all is told what detail to add instead (see `describe`)."""
        return self.length is Length.SHORT and not self.complete

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


def _context_filler(pieces: list[str], index: int) -> str | None:
    """The filler of `CONTEXT_FILLERS` that starts at `pieces[index]`, if it is one there."""
    word = pieces[index]
    before = pieces[index - 1] if index > 0 else ""
    after = pieces[index + 1] if index + 1 < len(pieces) else ""
    if word == "like" and before in _LIKE_AS_VERB:
        return None
    if word == "like" and (after in _CLAUSE_END or after in _AFTER_LIKE or after.isdigit()):
        return "like"
    # "you know" and "I mean" are fillers when set off as a clause of their own: "It was hard,
    # you know." but not "something you know, something you have" nor "I mean it".
    starts_clause = not before or before in _CLAUSE_END
    following = pieces[index + 2] if index + 2 < len(pieces) else "."
    if word in ("you", "ya") and after == "know" and starts_clause and following in _CLAUSE_END:
        return "you know"
    if word == "y'know":
        return "you know"
    if word == "i" and after == "mean" and starts_clause and following == ",":
        return "I mean"
    return None


def _fillers(text: str) -> tuple[tuple[str, int], ...]:
    """The fillers in an answer and how often each occurs, in the order of `FILLERS`."""
    pieces = _PIECE.findall(text.lower().replace("’", "'"))
    counts: Counter[str] = Counter()
    for index, piece in enumerate(pieces):
        found = _context_filler(pieces, index)
        if found is None:
            found = next((name for name, pattern in FILLERS if pattern.fullmatch(piece)), None)
        if found is not None:
            counts[found] += 1
    names = [name for name, _ in FILLERS] + list(CONTEXT_FILLERS)
    return tuple((name, counts[name]) for name in names if counts[name])


def _is_filler(word: str) -> bool:
    return any(pattern.fullmatch(word) for _, pattern in FILLERS)


# A content word used twice stands out in a short answer; in a longer one it is ordinary, and
# only a third use is worth pointing out.
REPEAT_SHORT_ANSWER = 30  # words
MAX_FORMS_SHOWN = 3


def _top_words(
    words: Iterable[str], language: str = "id", limit: int = 5
) -> tuple[tuple[str, int], ...]:
    """The content words repeated, grouped by root: ("insiden/insidennya", 3).

    Each group shows the forms as typed, the commonest first, so that the count is never put on
    one form that occurs less often ("tugasnya (2×)" for "tugas" and "tugasnya").
    """
    words = list(words)
    key = english_stem if language == "en" else stem
    groups: dict[str, Counter[str]] = {}
    for word in words:
        if len(word) < 3 or not word.isalpha() or word in STOP_WORDS or _is_filler(word):
            continue
        groups.setdefault(key(word), Counter())[word] += 1
    least = 2 if len(words) < REPEAT_SHORT_ANSWER else 3
    ranked = sorted(
        (
            ("/".join(form for form, _count in group.most_common(MAX_FORMS_SHOWN)), group.total())
            for group in groups.values()
        ),
        key=lambda item: -item[1],
    )  # sorted() is stable: equal counts keep the order of first use
    return tuple(item for item in ranked if item[1] >= least)[:limit]


def analyse(answer: str, question: Question, locale: str | None = None) -> Insights:
    """The findings on one answer to one question.

    Cues and terms of both languages count whatever the answer's language; `locale` (by default
    the current one) only settles which language a mixed or very short answer is in.
    """
    reading = read(answer)
    count = len(reading.words)
    language = answer_language(reading.words, locale or current_locale())
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
        top_words=_top_words(reading.words, language),
        fillers=_fillers(answer),
        missing_points=tuple(
            index
            for index, point in enumerate(question.points)
            if not any(reading.matches(cue) for cue in point.cues)
        ),
        language=language,
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
        case Length.SHORT if insights.complete:
            # The structure is all there: "too short" would contradict the lines below.
            verdict = _(
                "Ringkas, dan bagian utamanya sudah lengkap. Saat menjawab secara lisan, tambahkan "
                "satu atau dua detail: angka hasilnya, alat yang dipakai, atau apa yang Anda "
                "pelajari."
            )
        case Length.SHORT if insights.missing_points:
            verdict = _(
                "Masih terlalu singkat: jawaban yang baik untuk pertanyaan seperti ini biasanya "
                "{low}–{high} kata. Lengkapi dengan poin yang belum ada di bawah."
            ).format(low=low, high=high)
        case Length.SHORT:
            verdict = _(
                "Masih terlalu singkat: jawaban yang baik untuk pertanyaan seperti ini "
                "biasanya {low}–{high} kata. Tambahkan contoh atau detail."
            ).format(low=low, high=high)
        case Length.LONG:
            verdict = _(
                "Agak terlalu panjang: biasanya {low}–{high} kata sudah memadai. "
                "Ringkas ke poin terpenting agar pewawancara mudah mengikutinya."
            ).format(low=low, high=high)
        case _:
            verdict = _("Pas untuk pertanyaan seperti ini (biasanya {low}–{high} kata).").format(
                low=low, high=high
            )
    return ngettext(
        "📏 <b>Panjang:</b> {count} kata. {verdict}",
        "📏 <b>Panjang:</b> {count} kata. {verdict}",
        insights.word_count,
    ).format(count=insights.word_count, verdict=verdict)


def describe(question: Question, insights: Insights) -> str:
    """The insights as one HTML message; words from the answer are escaped."""
    lines = [_("🔎 <b>Catatan untuk jawaban Anda</b> (bukan nilai)"), "", _length_line(insights)]
    if insights.terms:
        lines.append(
            _("🧩 <b>Istilah teknis yang Anda pakai:</b> {terms}.").format(
                terms=", ".join(term_label(t) for t in insights.terms)
            )
        )
    else:
        lines.append(_("🧩 Belum ada istilah teknis dari glosarium saya dalam jawaban ini."))
    if insights.missing_terms:
        lines.append(
            _("➕ <b>Istilah yang sering muncul dalam jawaban yang baik:</b> {terms}.").format(
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
            _("🔁 <b>Kata yang paling sering Anda ulang:</b> {words}.").format(
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
            _(
                "📝 <b>Hal yang biasanya dibahas dalam jawaban yang baik, tetapi belum ada dalam "
                "jawaban Anda:</b>"
            )
        )
        lines.extend(f"• {_(question.points[index].text)}" for index in insights.missing_points)
    else:
        lines.append(
            _("✅ Semua poin yang biasanya dibahas dalam jawaban yang baik sudah Anda sebutkan.")
        )
    return "\n".join(lines)
