"""Names as typed, made fit for a formal email: companies, roles and people.

Pure functions over plain text (no escaping: the drafts escape what they insert). The rules:

- Legal forms in their registered spelling: "pt", "pt.", "p.t." become "PT"; "cv" "CV";
  "tbk" "Tbk"; "persero" "(Persero)" keeps its own form; "ud" "UD".
- Known acronyms stay upper case (SOC, IT, HR, BPJS, SIEM, BCA…); any other word the user typed
  all in capitals in a company or role is kept as typed (a brand we do not know, such as "XYZ").
- A word typed in mixed case is kept as typed ("iPhone", "GoTo", "eFishery", "McKinsey").
- Everything else is Title Case, except short joining words inside a name ("di", "dan",
  "untuk", "of", "and", "the"…), which stay lower case unless they open it.
- People: a leading honorific as typed in chat ("bu", "ibu", "bu.", "mbak", "pak", "bapak",
  "bpk", "mas", "mr", "mrs", "ms") becomes the formal "Ibu" or "Bapak". Indonesian business
  letters use only these two; "Mbak" and "Mas" are chat forms. Academic titles ("Dr.", "Ir.",
  "Prof.") are kept. A name typed without an honorific gets none: we never guess a gender from
  a name. The drafts then write the neutral "Bapak/Ibu Budi", and the handler may ask the user
  once for the honorific (see `needs_honorific`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Honorific = Literal["Bapak", "Ibu"]

LEGAL_FORMS: dict[str, str] = {
    "pt": "PT",
    "cv": "CV",
    "ud": "UD",
    "tbk": "Tbk",
    "persero": "Persero",
    "(persero)": "(Persero)",
    "firma": "Firma",
    "koperasi": "Koperasi",
    "yayasan": "Yayasan",
    "perum": "Perum",
    "ltd": "Ltd",
    "inc": "Inc",
    "llc": "LLC",
    "co": "Co",
    "corp": "Corp",
    "bhd": "Bhd",
    "sdn": "Sdn",
}

# Upper case however typed. Only words that are never ordinary Indonesian or English words:
# "it" is English, but "IT" as a field in a role or a company ("Staf IT", "PT Solusi IT") is
# far more likely than the pronoun inside a name.


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ACRONYMS: frozenset[str] = _words(
    """
    ai api apt aws b2b b2c bca bi bni bpjs bpr bri bsi bssn btn bumn cctv ceo cfo ciso cism
    cissp cio coo cpns crm csirt cso cto cv dki edr erp gcp grc hr hrd ia iam ict ids iot ips
    it kai ksei mlops ml noc ojk ot pdp pln pmo pns qa qc rnd sdm sdlc siem soar soc sql sre
    ssh ti tik tkj ui ux vapt voip vpn waf xdr xl xss
    """
)
ROMAN: frozenset[str] = frozenset({"ii", "iii", "iv", "vi", "vii", "viii"})
# Joining words that stay lower case inside a name (not at its start).
SMALL_WORDS: frozenset[str] = _words(
    "di dan atau untuk dari ke pada yang dengan bagi & of and or the for at in on to a an"
)
HONORIFICS: dict[str, Honorific] = {
    "ibu": "Ibu",
    "bu": "Ibu",
    "ibunda": "Ibu",
    "mbak": "Ibu",
    "mba": "Ibu",
    "mrs": "Ibu",
    "ms": "Ibu",
    "miss": "Ibu",
    "nyonya": "Ibu",
    "ny": "Ibu",
    "bapak": "Bapak",
    "pak": "Bapak",
    "bpk": "Bapak",
    "bp": "Bapak",
    "mas": "Bapak",
    "mr": "Bapak",
    "tuan": "Bapak",
}
# Chat forms that say nothing about the person's gender: dropped, the name stays neutral.
NEUTRAL_TITLES: frozenset[str] = frozenset({"kak", "ka", "kakak", "sdr", "sdri", "saudara"})
ACADEMIC_TITLES: dict[str, str] = {"dr": "Dr.", "ir": "Ir.", "prof": "Prof.", "drs": "Drs."}

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SPACES = re.compile(r"\s+")
_DOMAIN = re.compile(r"[^\W\d_]{2,}\.[^\W\d_]{2,}")
# "p.t." or "p.t" as typed: the letters of a legal form written with dots.
_DOTTED = re.compile(r"^(?:[a-z]\.){1,3}[a-z]?\.?$", re.IGNORECASE)


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _is_mixed(word: str) -> bool:
    """Typed with a capital after its first letter and a lower-case letter: "iPhone", "GoTo"."""
    letters = [ch for ch in word if ch.isalpha()]
    return any(ch.isupper() for ch in letters[1:]) and any(ch.islower() for ch in letters)


def _capitalise(word: str) -> str:
    """First letter upper, the rest lower; each part of "e-commerce" or "ma'ruf" on its own."""
    return _WORD.sub(lambda match: match.group(0)[:1].upper() + match.group(0)[1:].lower(), word)


def _token(token: str, index: int, *, keep_caps: bool) -> str:
    """One space-separated token of a company or role name, in its formal spelling."""
    bare = token.strip(",;:")
    if not bare:
        return token
    trail = token[len(token.rstrip(",;:")) :]
    lead = token[: len(token) - len(token.lstrip(",;:"))]
    key = bare.lower()
    if _DOTTED.match(bare) and key.replace(".", "") in LEGAL_FORMS:
        key = key.replace(".", "")
    elif key.rstrip(".") in LEGAL_FORMS and key.endswith(".") and key.count(".") == 1:
        key = key.rstrip(".")
    if key in LEGAL_FORMS:
        return lead + LEGAL_FORMS[key] + trail
    if _DOMAIN.search(bare) or "@" in bare:
        return token  # "tiket.com", "blibli.com": a brand written as its address
    if key in ACRONYMS or key in ROMAN:
        return lead + bare.upper() + trail
    if _is_mixed(bare):
        return token
    letters = [ch for ch in bare if ch.isalpha()]
    if keep_caps and len(letters) > 1 and all(ch.isupper() for ch in letters):
        return token
    if not keep_caps and 1 < len(letters) <= 3 and all(ch.isupper() for ch in letters):
        return token  # in a line typed all in capitals, short words are likely acronyms
    if index > 0 and key in SMALL_WORDS:
        return lead + key + trail
    return lead + _capitalise(bare) + trail


def formal_name(text: str) -> str:
    """A company or role name as a formal email writes it: "pt aman siber" -> "PT Aman Siber".

    Capitals typed in a name are kept ("PT XYZ"), unless the whole line was typed in capitals
    with long words ("ANALIS KEAMANAN"): then only words of up to three letters keep them.
    """
    tokens = _collapse(text).split(" ")
    letters = [ch for ch in text if ch.isalpha()]
    shouted = not any(ch.islower() for ch in letters) and any(len(token) > 4 for token in tokens)
    keep_caps = not shouted
    # "analis siem/soar": each side of a slash is a word of its own.
    return " ".join(
        "/".join(_token(part, index, keep_caps=keep_caps) for part in token.split("/"))
        for index, token in enumerate(tokens)
        if token
    )


def company_name(text: str) -> str:
    """ "pt. bank jago tbk" -> "PT Bank Jago Tbk"; "GoTo" and "BCA" stay as they are."""
    return formal_name(text)


def role_name(text: str) -> str:
    """ "analis soc" -> "Analis SOC"; "junior it support" -> "Junior IT Support"."""
    return formal_name(text)


# Where a role ends and its company begins, in "analis soc di pt aman siber".
_ROLE_COMPANY = re.compile(r"\s+(?:di|pada|at|@)\s+", re.IGNORECASE)


def role_and_company(text: str) -> tuple[str, str]:
    """Splits "analis soc di pt aman siber" into ("Analis SOC", "PT Aman Siber").

    At the first " di ", " pada ", " at " or " @ "; without one, all of it is the role and the
    company is "".
    """
    parts = _ROLE_COMPANY.split(_collapse(text), maxsplit=1)
    if len(parts) == 2 and parts[0] and parts[1]:
        return role_name(parts[0]), company_name(parts[1])
    return role_name(text), ""


@dataclass(frozen=True)
class Person:
    """A person's name split from the honorific typed with it."""

    honorific: Honorific | None
    name: str  # Title Case, academic titles kept ("Dr. Rina Wijaya")

    def __str__(self) -> str:
        return " ".join(part for part in (self.honorific, self.name) if part)


def _person_word(word: str) -> str:
    key = word.lower().rstrip(".")
    if key in ACADEMIC_TITLES:
        return ACADEMIC_TITLES[key]
    if _is_mixed(word):
        return word  # "McDonald", "DeVries"
    if len(word) <= 2 and word.endswith("."):
        return word.upper()  # an initial: "a." -> "A."
    return _capitalise(word)


def person(text: str) -> Person:
    """ "bu rina" -> Person("Ibu", "Rina"); "Budi" -> Person(None, "Budi").

    Only a leading honorific counts. "kak"/"sdr." are dropped as neutral; a name that is
    nothing but an honorific ("pak") gives Person("Bapak", "").
    """
    words = _collapse(text).split(" ") if text.strip() else []
    honorific: Honorific | None = None
    while words:
        key = words[0].lower().rstrip(".,")
        if key in NEUTRAL_TITLES:
            words.pop(0)
        elif key in HONORIFICS and honorific is None:
            honorific = HONORIFICS[key]
            words.pop(0)
        else:
            break
    return Person(honorific, " ".join(_person_word(word) for word in words))


def person_name(text: str) -> str:
    """The person as a formal email names them: "bu rina" -> "Ibu Rina", "budi" -> "Budi"."""
    return str(person(text))


def needs_honorific(text: str) -> bool:
    """Whether a typed name has no Bapak/Ibu: the handler may ask the user which one to use."""
    found = person(text)
    return bool(found.name) and found.honorific is None


def person_names(text: str) -> list[str]:
    """Several people typed on one line, "bu rina, pak budi dan sari", each normalised."""
    parts = re.split(r"\s*(?:,|;|\bdan\b|\band\b|&)\s*", text)
    return [name for name in (person_name(part) for part in parts) if name]
