"""Typed answers to button questions: "wa" is the WhatsApp button, "gmeet" the video call one.

On a phone people type the answer instead of pressing the button above. Each matcher returns
the value of the button the words name, or None when unsure: no button named, two buttons
named ("telpon atau zoom"), or the named one negated with nothing else left ("bukan zoom").
"bukan zoom, telpon" is telepon. The handler then keeps asking with the buttons.

The option values mirror bot/handlers/stages/steps.py (CHANNELS, FORMATS, KINDS; a test
checks they agree); every matcher takes the values on offer, so a question showing fewer
buttons gets only those.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from bot.coach.chattext import words

__all__ = [
    "CHANNEL_VALUES",
    "FORMAT_VALUES",
    "KIND_VALUES",
    "Mention",
    "YesNo",
    "is_skip",
    "match_channel",
    "match_format",
    "match_kind",
    "match_option",
    "match_yes_no",
    "mentions",
]

# The stored values of steps.py's buttons.
CHANNEL_VALUES: Final = ("telepon", "email", "pesan", "linkedin")
FORMAT_VALUES: Final = ("telepon", "video", "langsung")
KIND_VALUES: Final = ("manajer", "teknis", "panel")

# value -> the ways people name it: single words and space-separated phrases, in
# chattext.words() spellings ("telpon" is read as "telepon", "gw" as "aku").
Synonyms = Mapping[str, tuple[str, ...]]

_PHONE: Final = ("telepon", "ditelepon", "nelepon", "phone", "dicall")
CHANNEL_SYNONYMS: Final[Synonyms] = {
    "telepon": (*_PHONE, "call", "called", "voice call", "ditelepon hr", "lewat telepon"),
    "email": ("email", "e mail", "mail", "surel", "imel", "gmail", "inbox", "emailnya"),
    "pesan": (
        "wa", "whatsapp", "watsap", "whatsap", "wasap", "whats app", "chat", "dichat", "ngechat",
        "sms", "pesan", "message", "messaged", "telegram", "texted", "text", "japri", "dm",
    ),
    "linkedin": ("linkedin", "linked in", "inmail", "lnkd"),
}  # fmt: skip
FORMAT_SYNONYMS: Final[Synonyms] = {
    "telepon": (*_PHONE, "call", "phone call", "voice call", "telepon aja"),
    "video": (
        "video", "video call", "videocall", "vc", "vidcall", "zoom", "gmeet", "meet",
        "google meet", "g meet", "teams", "ms teams", "microsoft teams", "skype", "webex",
        "online", "daring", "virtual", "hangout", "hangouts",
    ),
    "langsung": (
        "langsung", "offline", "luring", "kantor", "ke kantor", "datang ke kantor",
        "dateng ke kantor", "di kantor", "onsite", "on site", "tatap muka", "ketemu langsung",
        "ketemuan", "face to face", "in person", "walk in", "datang",
    ),
}  # fmt: skip
KIND_SYNONYMS: Final[Synonyms] = {
    "manajer": (
        "user", "hiring manager", "manajer", "manager", "atasan", "calon atasan", "head",
        "lead", "team lead", "kepala", "supervisor", "spv", "interview user",
    ),
    "teknis": (
        "teknis", "teknikal", "technical", "tech", "coding", "live coding", "tes teknis",
        "studi kasus", "case study", "praktik", "praktek", "hands on",
    ),
    "panel": ("panel", "banyak orang", "rame rame", "beberapa orang", "beberapa interviewer"),
}  # fmt: skip

_NEGATIONS: Final = frozenset({"ga", "bukan", "not", "no", "jangan"})
# Said instead of an answer: "ga tau", "skip", "nanti aja".
_SKIP_PHRASES: Final = (
    "skip", "lewati", "lewat aja", "lewatin", "ga tau", "gatau", "belum tau", "blm tau",
    "ga tahu", "belum tahu", "gatahu", "entah", "ga yakin", "belum yakin", "belum pasti",
    "lupa", "ga inget", "nanti aja", "nanti", "ntar aja", "ntar", "pass", "next", "none",
    "n a", "dont know", "do not know", "idk", "not sure", "later", "rahasia", "-",
)  # fmt: skip


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_YES: Final = _set(
    "ya iya iyaa iyap iyup yup yap yep yes yess yeah y ok oke okay sip siap betul benar bener "
    "boleh mau udah pernah ada sure correct right bisa gas lanjut 👍 ✅ 👌"
)
_NO: Final = _set("ga belum no nope jangan bukan gausah nah never gamau ❌ 👎")
# An answer to a button question is short; a long message is something else.
_MAX_WORDS: Final = 12


def _phrases(text: str) -> list[str]:
    tokens = words(text)
    # "-" alone and "n/a" have no letters; keep what the skip list can recognise.
    stripped = text.strip()
    if not tokens and stripped in {"-", "–", "—"}:
        return ["-"]
    return tokens


def _find(tokens: Sequence[str], phrase: str) -> list[int]:
    """Where a phrase starts among the tokens."""
    parts = phrase.split()
    size = len(parts)
    return [i for i in range(len(tokens) - size + 1) if list(tokens[i : i + size]) == parts]


_LINKS: Final = frozenset({"lewat", "via", "pake", "pakai", "by", "through", "di", "ke", "dari"})


def _negated(tokens: Sequence[str], start: int) -> bool:
    """ "bukan zoom", "ga lewat wa", "not by phone"; but not "bukan wa, telpon" for telpon."""
    if start >= 1 and tokens[start - 1] in _NEGATIONS:
        return True
    return start >= 2 and tokens[start - 1] in _LINKS and tokens[start - 2] in _NEGATIONS


@dataclass(frozen=True)
class Mention:
    """An option named in a text."""

    value: str
    start: int  # word index
    linked: bool  # after "via", "lewat", "pake", ...: "interview lewat zoom"
    negated: bool  # "bukan zoom", "ga lewat wa"


def mentions(text: str, synonyms: Synonyms) -> list[Mention]:
    """Every option a text names, in order. Longer phrases win over the words inside them:
    "video call" is video, not a phone call."""
    tokens = _phrases(text)
    entries = sorted(
        ((phrase, value) for value, forms in synonyms.items() for phrase in forms),
        key=lambda entry: -len(entry[0].split()),
    )
    taken: set[int] = set()
    found: list[Mention] = []
    for phrase, value in entries:
        size = len(phrase.split())
        for start in _find(tokens, phrase):
            span = set(range(start, start + size))
            if span & taken:
                continue
            taken |= span
            linked = start >= 1 and tokens[start - 1] in _LINKS
            found.append(Mention(value, start, linked, _negated(tokens, start)))
    return sorted(found, key=lambda mention: mention.start)


def match_option(
    text: str, synonyms: Synonyms, options: Collection[str] | None = None
) -> str | None:
    """The one option `text` names, by the synonyms of each option value; None when unsure.

    An option named right after a negation is ruled out: "bukan zoom" is None, "bukan zoom,
    gmeet" is video. Two options named is None: the buttons decide.
    """
    if len(_phrases(text)) > _MAX_WORDS:
        return None
    allowed = set(synonyms) if options is None else set(options) & set(synonyms)
    named = {mention.value for mention in mentions(text, synonyms) if not mention.negated}
    chosen = named & allowed
    return chosen.pop() if len(chosen) == 1 else None


def match_channel(text: str, options: Collection[str] = CHANNEL_VALUES) -> str | None:
    """How the recruiter got in touch: "wa" -> pesan, "ditelpon" -> telepon."""
    return match_option(text, CHANNEL_SYNONYMS, options)


def match_format(text: str, options: Collection[str] = FORMAT_VALUES) -> str | None:
    """How the interview is held: "gmeet" -> video, "datang ke kantor" -> langsung."""
    return match_option(text, FORMAT_SYNONYMS, options)


def match_kind(text: str, options: Collection[str] = KIND_VALUES) -> str | None:
    """Who interviews: "user" -> manajer (the hiring manager), "technical" -> teknis."""
    return match_option(text, KIND_SYNONYMS, options)


def is_skip(text: str) -> bool:
    """Whether the answer declines to answer: "skip", "lewati", "ga tau", "belum tau"."""
    tokens = _phrases(text)
    if not tokens or len(tokens) > 4:
        return False
    joined = " ".join(tokens)
    if joined in _SKIP_PHRASES:
        return True
    filler = {"aja", "deh", "dulu", "ya", "kak", "sih", "dong", "lah", "min"}
    core = [token for token in tokens if token not in filler]
    return bool(core) and " ".join(core) in _SKIP_PHRASES


class YesNo(StrEnum):
    YES = "yes"
    NO = "no"


def match_yes_no(text: str) -> YesNo | None:
    """A typed yes or no: "iya", "yup", "ok" / "belum", "nggak", "ga ada". None when unsure.

    "ga tau" is a skip, not a no (is_skip); "iya belum" says both and is None. A yes word
    right after a negation is part of the no: "ga mau", "belum pernah", "ga ada".
    """
    tokens = _phrases(text)
    if not tokens or len(tokens) > 6 or is_skip(text):
        return None
    no = any(token in _NO for token in tokens) or " ".join(tokens[:2]) == "not yet"
    yes = any(
        token in _YES and (index == 0 or tokens[index - 1] not in _NO)
        for index, token in enumerate(tokens)
    )
    if yes == no:
        return None
    return YesNo.YES if yes else YesNo.NO
