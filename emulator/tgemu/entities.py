"""Message entity helpers shared by the emulator: UTF-16 lengths, auto-detected entities,
ordering and whitespace trimming the way Telegram applies them to a message text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

JsonDict = dict[str, Any]

# Telegram orders entities starting at the same offset by these priorities (tdlib
# MessageEntity::get_type_priority), so that our output order matches the real one.
_PRIORITY = {
    "mention": 50,
    "hashtag": 50,
    "bot_command": 50,
    "url": 50,
    "bold": 90,
    "italic": 91,
    "code": 20,
    "pre": 11,
    "text_link": 49,
    "text_mention": 49,
    "underline": 92,
    "strikethrough": 93,
    "blockquote": 0,
    "expandable_blockquote": 0,
    "spoiler": 94,
    "custom_emoji": 99,
}

# Auto-detected entities are not added inside these: a URL inside <code> stays code.
_OPAQUE_TYPES = frozenset({"code", "pre", "text_link", "text_mention", "custom_emoji"})

_TRIMMED = " \t\r\n\x0b\x0c"
_URL_SCHEMES = frozenset({"http", "https", "tg", "ton", "tonsite", "ftp"})


def utf16_len(text: str) -> int:
    """Length of `text` in UTF-16 code units, the unit of Telegram's limits and offsets."""
    return len(text.encode("utf-16-le")) // 2


def _utf16_offsets(text: str) -> list[int]:
    """UTF-16 offset of every code point of `text`, plus the total length at the end."""
    offsets = [0]
    for char in text:
        offsets.append(offsets[-1] + (2 if ord(char) > 0xFFFF else 1))
    return offsets


def sort_entities(entities: Iterable[JsonDict]) -> list[JsonDict]:
    return sorted(
        entities,
        key=lambda e: (e["offset"], -e["length"], _PRIORITY.get(e["type"], 50)),
    )


def check_link(url: str) -> str | None:
    """Normalise a link target like Telegram does, or None when Telegram would drop it."""
    if not url or any(ch.isspace() for ch in url):
        return None
    lowered = url.lower()
    if "://" not in url and not lowered.startswith(("tg:", "ton:", "tonsite:")):
        url = "http://" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _URL_SCHEMES:
        return None
    if scheme in {"http", "https", "ftp"}:
        host = parts.hostname or ""
        if not host or ("." not in host and host != "localhost"):
            return None
        return urlunsplit((scheme, parts.netloc, parts.path or "/", parts.query, parts.fragment))
    return urlunsplit((scheme, parts.netloc, parts.path, parts.query, parts.fragment))


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


_COMMAND_RE = re.compile(r"/([A-Za-z0-9_]{1,64})(@[A-Za-z0-9_]{3,32})?")
_MENTION_RE = re.compile(r"@([A-Za-z0-9_]{5,32})")
_URL_RE = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)


def _find_bot_commands(text: str) -> Iterable[tuple[int, int]]:
    for match in _COMMAND_RE.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if before and (_is_word_char(before) or before in "/<>"):
            continue
        if after and (_is_word_char(after) or after in "/<>@"):
            continue
        yield start, end


def _find_mentions(text: str) -> Iterable[tuple[int, int]]:
    for match in _MENTION_RE.finditer(text):
        start, end = match.span()
        if start and _is_word_char(text[start - 1]):
            continue
        if end < len(text) and _is_word_char(text[end]):
            continue
        yield start, end


def _find_urls(text: str) -> Iterable[tuple[int, int]]:
    for match in _URL_RE.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] in ".,:;!?'":
            end -= 1
        if text[start:end].count("(") < text[start:end].count(")") and text[end - 1] == ")":
            end -= 1
        yield start, end


def find_auto_entities(text: str, existing: Iterable[JsonDict] = ()) -> list[JsonDict]:
    """Entities Telegram detects by itself in any message text (commands, mentions, URLs),
    except where they would overlap an entity that owns its text (code, links...)."""
    offsets = _utf16_offsets(text)
    owned = [
        (e["offset"], e["offset"] + e["length"]) for e in existing if e["type"] in _OPAQUE_TYPES
    ]
    found: list[JsonDict] = []
    for kind, finder in (
        ("bot_command", _find_bot_commands),
        ("mention", _find_mentions),
        ("url", _find_urls),
    ):
        for start, end in finder(text):
            begin16, end16 = offsets[start], offsets[end]
            if any(begin16 < o_end and o_begin < end16 for o_begin, o_end in owned):
                continue
            found.append({"type": kind, "offset": begin16, "length": end16 - begin16})
    return found


def trim(text: str, entities: list[JsonDict]) -> tuple[str, list[JsonDict]]:
    """Strip leading/trailing whitespace like Telegram, moving and clipping entities."""
    stripped_left = text.lstrip(_TRIMMED)
    shift = utf16_len(text) - utf16_len(stripped_left)
    result = stripped_left.rstrip(_TRIMMED)
    limit = utf16_len(result)
    kept: list[JsonDict] = []
    for entity in entities:
        begin = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, limit)
        if end > begin:
            kept.append({**entity, "offset": begin, "length": end - begin})
    return result, kept
