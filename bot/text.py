"""What typed text needs before the coach reads or stores it: tidied, checked for words, split."""

from __future__ import annotations

import re
import unicodedata


def clean_text(text: str) -> str:
    """Collapses whitespace and drops invisible format characters (zero-width, RTL marks)."""
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc", "Cs"))
    return re.sub(r"\s+", " ", text).strip()


def has_words(text: str) -> bool:
    """Whether the text holds a letter or digit, so emoji-only answers are not taken as names."""
    return any(unicodedata.category(ch)[0] in ("L", "N") for ch in text)


def split_names(text: str) -> list[str]:
    """Interviewers' names from one message: "Budi, Sari dan Tono" gives three names."""
    parts = re.split(r",|;|\n|\bdan\b|\band\b|&", text)
    return [clean_text(part) for part in parts if has_words(part)]
