"""A mistyped command's likely meaning: "/latian" -> "/latihan", "/help" -> "/bantuan"."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Final

from bot.coach.chattext import edit_distance

__all__ = ["ALIASES", "command_word", "suggest_command"]

# Words people try for a command the coach has under another name (English, a shorter form).
# Only used when the target is among the commands offered.
ALIASES: Final[Mapping[str, str]] = {
    "help": "bantuan",
    "bantu": "bantuan",
    "menu": "bantuan",
    "perintah": "bantuan",
    "interview": "wawancara",
    "tahap": "wawancara",
    "practice": "latihan",
    "practise": "latihan",
    "latih": "latihan",
    "applications": "lamaran",
    "application": "lamaran",
    "lamar": "lamaran",
    "reminder": "pengingat",
    "reminders": "pengingat",
    "ingat": "pengingat",
    "pause": "jeda",
    "cancel": "batal",
    "language": "bahasa",
    "timezone": "zonawaktu",
    "zona": "zonawaktu",
    "privacy": "privasi",
    "export": "ekspor",
    "delete": "hapusdata",
    "hapus": "hapusdata",
    "resilience": "tangguh",
    "mulai": "start",
}
# Shortest typed word a prefix match is trusted for: "/lam" is /lamaran, "/la" could be anything.
_MIN_PREFIX: Final = 3
_COMMAND: Final = re.compile(r"/?([^\s@]+)")


def command_word(text: str) -> str | None:
    """The command name in a message, lower case: "/Latian@pelatih_bot besok" -> "latian"."""
    match = _COMMAND.match(text.strip())
    return match.group(1).lower() if match else None


def _allowed_distance(name: str) -> int:
    # One slip in a short name, two in a long one: "/jeda" vs "/jedi" is one letter of four,
    # "/zonawaktu" vs "/zonawaktuu" is noise in ten.
    return 1 if len(name) <= 5 else 2


def suggest_command(
    text: str, commands: Iterable[str], *, aliases: Mapping[str, str] = ALIASES
) -> str | None:
    """The command `text` (an unknown command such as "/latian") most likely meant, or None.

    `commands` are the coach's command names, with or without "/". Tried in order: an alias
    ("/help" -> "/bantuan"), the only command it is a beginning of ("/wawan" -> "/wawancara"),
    the only nearest command within a small edit distance (a swap of two letters counts once:
    "/latian", "/wawancra", "/lamran"). None for a known command, when two commands are as
    near, or when none is near enough: "Maksud Anda ...?" must not guess wildly.
    """
    names = {name.lstrip("/").lower() for name in commands}
    typed = command_word(text)
    if not typed or typed in names:
        return None
    target = aliases.get(typed)
    if target in names:
        return "/" + target
    if len(typed) >= _MIN_PREFIX:
        starting = [name for name in names if name.startswith(typed)]
        if len(starting) == 1:
            return "/" + starting[0]
    distances = {name: edit_distance(typed, name, 3) for name in names}
    near = {name: d for name, d in distances.items() if d <= _allowed_distance(name)}
    if not near:
        return None
    best = min(near.values())
    closest = sorted(name for name, d in near.items() if d == best)
    return "/" + closest[0] if len(closest) == 1 else None
