"""Casual chat text made comparable: one spelling per slang word, and a bounded edit distance.

Indonesians write one word many ways in chat ("ga", "gak", "nggak", "enggak", "tdk"; "bgt",
"banget"; "jm", "jam"), stretch words for feeling ("makasiii") and mistype. The intent
classifier, the slot extractors, the typed-answer matcher and the command suggester all read text
through `words()`, so that each of them needs to know only one spelling of a word.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

__all__ = ["MAX_CHARS", "SLANG", "edit_distance", "fold", "words"]

# A chat message worth understanding is short; reading only its start keeps hostile input cheap.
MAX_CHARS: Final = 500

# canonical spelling -> the ways people write it. Only words whose variants mean the same thing
# everywhere: "kasih" (give) is not folded into "makasih" (thanks).
_VARIANTS: Final = {
    "ga": "ga gak gk nggak ngga ngak enggak engga ndak nda kagak tdk tidak tak",
    "aku": "aku gw gue gua gwe saya sy ak",
    "banget": "banget bgt bngt bgd bangettt bgtt",
    "udah": "udah udh sudah dah uda udha",
    "yang": "yang yg",
    "dapet": "dapet dapat dpt dpet dapt",
    "gimana": "gimana gmn gmna bagaimana gimna gmana",
    "belum": "belum blm blom belom",
    "interview": "interview interviu intervew interveiw interviw intrview intervieww",
    "wawancara": "wawancara wawancra wawancar",
    "terima": "terima trima",
    "makasih": "makasih makasi mksh mksih makasihh",
    "besok": "besok bsk besuk",
    "jam": "jam jm",
    "kemarin": "kemarin kemaren kmrn kmarin kemarn",
    "sama": "sama sm",
    "dari": "dari dr",
    "lagi": "lagi lg",
    "sampai": "sampai sampe smpe sampek",
    "sekarang": "sekarang skrg skrng",
    "kalau": "kalau kalo klo kalok",
    "tapi": "tapi tp",
    "offer": "offer ofer",
    "oke": "oke okee okeh okie oce",
    "untuk": "untuk utk",
    "dengan": "dengan dgn",
    "tanggal": "tanggal tgl",
    "telepon": "telepon telpon tlp telp tilpun telfon tlpn",
    "ditelepon": "ditelepon ditelpon ditlp ditelfon",
    "nelepon": "nelepon nelpon",
    "latihan": "latihan latian",
    "rezeki": "rezeki rejeki rezki rizki",
    "perusahaan": "perusahaan prusahaan perushaan",
    "karena": "karena karna krn",
    "juga": "juga jg",
    "bisa": "bisa bs",
    "mau": "mau mo",
    "cuma": "cuma cuman",
    "trus": "trus terus trs",
}
SLANG: Final[dict[str, str]] = {
    form: canonical for canonical, forms in _VARIANTS.items() for form in forms.split()
}

_REPEATS: Final = re.compile(r"([a-z])\1{2,}")
# Runs of letters and runs of digits are words: "8,5jt" is 8 5 jt, "deg2an" is deg 2 an (the
# 2 of a doubled word). Emoji are words of their own: "👍" is an answer.
_WORD: Final = re.compile(r"[^\W\d_]+|\d+|[\U0001F300-\U0001FAFF\u2600-\u27BF]")


def fold(text: str) -> str:
    """Lower case, compatibility forms unified, letters typed three times or more kept once."""
    clean = unicodedata.normalize("NFKC", text[:MAX_CHARS]).lower()
    return _REPEATS.sub(r"\1", clean.replace("’", "'").replace("'", ""))


def words(text: str) -> list[str]:
    """The words of a chat message, each in its canonical spelling: "gw ga lolos" -> aku ga lolos."""
    return [SLANG.get(word, word) for word in _WORD.findall(fold(text))]


@lru_cache(maxsize=4096)
def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal string alignment distance (a swap of neighbours counts once), capped at `limit`.

    Capped so that comparing a word with a long vocabulary stays cheap: once every path is over
    the limit, the answer is `limit`.
    """
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                best = min(best, previous2[j - 2] + 1)
            current[j] = best
        if min(current) >= limit:
            return limit
        previous2, previous = previous, current
    return min(previous[-1], limit)
