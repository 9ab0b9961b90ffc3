"""Message lengths as Telegram counts them: UTF-16 code units of the text after HTML parsing.

An emoji outside the Basic Multilingual Plane is two units, a tag counts nothing and "&amp;"
counts one. Telegram refuses a message over 4,096 units.
"""

from __future__ import annotations

import re
from html import unescape

TELEGRAM_LIMIT = 4096
_TAG = re.compile(r"<[^>]*>")


def utf16_len(text: str) -> int:
    """Length of plain text in UTF-16 code units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def visible_len(html: str) -> int:
    """Length of an HTML message as Telegram counts it: tags dropped, entities decoded."""
    return utf16_len(unescape(_TAG.sub("", html)))
