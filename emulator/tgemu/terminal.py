"""Chatting with the bot in a terminal: the real Application polls an in-process emulator and
this loop plays the user. It knows nothing about the bot's handlers, only what a Telegram
client would show: new messages and edits, inline buttons (typed as their number) and the
short notifications of answered callback queries.

As in Telegram, every button still on screen can be pressed, not only the newest message's:
each gets a number of its own for the session (an edited message keeps its numbers), and a
number typed as an answer is sent as text when it starts with a backslash (`\\1`). Documents
the bot sends are written to a folder and their path is printed. Text is wrapped to the
terminal's width between words.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from tgemu.entities import JsonDict
from tgemu.models import BotMessage, EmulatorTimeout
from tgemu.server import BotApiEmulator
from tgemu.users import UserHandle

_EXIT_COMMAND = "/keluar"
_INTRO = (
    "Anda mengobrol dengan bot lewat emulator Telegram lokal (tanpa token), sebagai {name}.\n"
    "Ketik pesan atau /perintah. Ketik nomor tombol, mis. 1, untuk menekan [1]; tombol di pesan "
    "lama pun bisa ditekan. Untuk mengirim angka sebagai teks, awali dengan \\, mis. \\1.\n"
    f"Ketik {_EXIT_COMMAND} atau tekan Ctrl-D untuk berhenti.\n"
)
_INDENT = "   "
_MIN_WIDTH = 20
_ANSI = {
    "bold": "1",
    "italic": "3",
    "underline": "4",
    "strikethrough": "9",
    "code": "36",
    "pre": "36",
    "text_link": "34;4",
}
# How often messages the bot sends on its own (reminders) are shown while waiting for input.
_FOLLOW_INTERVAL = 0.2


def _styled(text: str, entities: list[JsonDict]) -> str:
    """`text` with ANSI styles for its formatting entities (offsets are UTF-16 units)."""
    styled: list[str] = []
    position = 0
    active: tuple[str, ...] = ()
    for char in text:
        now = tuple(
            _ANSI[e["type"]]
            for e in entities
            if e["type"] in _ANSI and e["offset"] <= position < e["offset"] + e["length"]
        )
        if now != active:
            styled.append("\x1b[0m" + "".join(f"\x1b[{code}m" for code in now))
            active = now
        styled.append(char)
        position += 2 if ord(char) > 0xFFFF else 1
    if active:
        styled.append("\x1b[0m")
    return "".join(styled)


def _char_width(char: str) -> int:
    """Columns a character takes in a terminal: wide and emoji 2, combining marks 0."""
    if unicodedata.combining(char) or char in "\u200d\ufe0f":
        return 0
    if unicodedata.east_asian_width(char) in ("W", "F") or ord(char) > 0xFFFF:
        return 2
    return 1


def _width(text: str) -> int:
    return sum(_char_width(char) for char in text)


def wrap(text: str, width: int, first: int = 0) -> str:
    """`text` with spaces turned into line breaks so that no line is wider than `width`
    columns (the first one also holds `first` columns of label, the others the indent).

    Words are never cut: a word wider than a line gets a line of its own. Only spaces are
    replaced, one character for one, so the UTF-16 offsets of formatting entities still hold.
    """
    out: list[str] = []
    for number, line in enumerate(text.split("\n")):
        room = width - (first if number == 0 else len(_INDENT))
        used = 0
        chars = list(line)
        last_space = -1
        for index, char in enumerate(chars):
            if char == " ":
                last_space = index
            used += _char_width(char)
            if used > room and last_space > 0 and char != " ":
                chars[last_space] = "\n"
                used = _width("".join(chars[last_space + 1 : index + 1]))
                room = width - len(_INDENT)
                last_space = -1
        out.append("".join(chars))
    return "\n".join(out)


def _terminal_width() -> int:
    return max(_MIN_WIDTH, shutil.get_terminal_size((100, 24)).columns - 1)


class _Screen:
    """Prints the bot's activity in the user's chat since the last time it printed, and keeps
    the number of every button shown."""

    def __init__(
        self,
        emu: BotApiEmulator,
        user: UserHandle,
        output: TextIO,
        *,
        width: int | None,
        downloads: Path | None,
    ) -> None:
        self.emu = emu
        self.user = user
        self.output = output
        self.color = output.isatty()
        self.width = width
        self.downloads = downloads
        self.cursor = emu.cursor
        self.answers_seen = len(emu.callback_answers)
        self.shown: set[int] = set()
        # number -> (message id, position of the button in the message)
        self.buttons: dict[int, tuple[int, int]] = {}
        self.numbers: dict[int, list[int]] = {}  # message id -> its buttons' numbers
        self.next_number = 1

    def write(self, text: str) -> None:
        self.output.write(text)
        self.output.flush()

    def flush(self) -> None:
        for message in self.emu.messages_since(self.user.id, self.cursor):
            self.cursor = max(self.cursor, message.seq)
            self.write(self.render(message))
        for answer in self.emu.callback_answers[self.answers_seen :]:
            if answer.text:
                self.write(f"{'⚠️' if answer.show_alert else '💬'} {answer.text}\n")
        self.answers_seen = len(self.emu.callback_answers)

    def _number(self, message: BotMessage) -> list[int]:
        """Numbers for the message's buttons: an edit keeps the ones it had, in order."""
        old = self.numbers.pop(message.message_id, [])
        count = len(message.buttons)
        for number in old[count:]:
            self.buttons.pop(number, None)
        numbers = old[:count]
        while len(numbers) < count:
            numbers.append(self.next_number)
            self.next_number += 1
        for position, number in enumerate(numbers):
            self.buttons[number] = (message.message_id, position)
        if numbers:
            self.numbers[message.message_id] = numbers
        return numbers

    def _save(self, message: BotMessage) -> str:
        """Writes a document to the downloads folder; the line that says where."""
        document = message.document or {}
        name = Path(str(document.get("file_name") or "dokumen")).name or "dokumen"
        content = message.document_content or b""
        if self.downloads is None:
            return f"📄 {name} ({len(content)} byte)"
        self.downloads.mkdir(parents=True, exist_ok=True)
        target = self.downloads / name
        counter = 2
        while target.exists():
            target = self.downloads / f"{Path(name).stem}-{counter}{Path(name).suffix}"
            counter += 1
        target.write_bytes(content)
        return f"📄 {name} ({len(content)} byte) disimpan di {target}"

    def render(self, message: BotMessage) -> str:
        if message.deleted:
            self.shown.discard(message.message_id)
            for number in self.numbers.pop(message.message_id, []):
                self.buttons.pop(number, None)
            return f"🤖 (pesan #{message.message_id} dihapus)\n"
        label = "🤖 Bot" if message.message_id not in self.shown else "🤖 Bot (diedit)"
        self.shown.add(message.message_id)
        width = self.width or _terminal_width()
        lines = []
        if message.document is not None:
            lines = wrap(self._save(message), width, first=_width(label) + 2).split("\n")
        if message.text or not lines:
            body = wrap(
                message.text or "", width, first=len(_INDENT) if lines else _width(label) + 2
            )
            if self.color:
                body = _styled(body, message.entities)
            lines.extend(body.split("\n"))
        rendered = [f"{label}: {lines[0]}", *(f"{_INDENT}{line}" for line in lines[1:])]
        numbers = self._number(message)
        if message.buttons:
            choices = [
                f"[{number}] {text}" + ("" if data is not None else " ↗")
                for number, (text, data) in zip(numbers, message.buttons, strict=True)
            ]
            rendered.extend(_INDENT + row for row in _rows(choices, width - len(_INDENT)))
        keyboard = message.reply_keyboard
        if keyboard is not None and "keyboard" in keyboard:
            options = [
                button if isinstance(button, str) else str(button.get("text"))
                for row in keyboard["keyboard"]
                for button in row
            ]
            rendered.append(_INDENT + "Pilihan: " + " | ".join(options))
        return "\n".join(rendered) + "\n"

    def button(self, number: int) -> tuple[BotMessage, str, str | None] | None:
        """The message, text and data of button `number`, if it is still on screen."""
        where = self.buttons.get(number)
        if where is None:
            return None
        message_id, position = where
        message = next(
            (m for m in self.emu.chat_messages(self.user.id) if m.message_id == message_id), None
        )
        if message is None or position >= len(message.buttons):
            return None
        text, data = message.buttons[position]
        return message, text, data


def _rows(choices: list[str], width: int) -> list[str]:
    """The button labels, two spaces apart, on as few lines as fit; a label is never cut."""
    rows: list[str] = []
    for choice in choices:
        if rows and _width(rows[-1]) + 2 + _width(choice) <= width:
            rows[-1] += "  " + choice
        else:
            rows.append(choice)
    return rows


async def _press_number(emu: BotApiEmulator, user: UserHandle, line: str, screen: _Screen) -> bool:
    """Press button `line` of any message on screen; False if `line` is no button's number
    (it is then sent as text)."""
    if not (line.isascii() and line.isdigit()):
        return False
    found = screen.button(int(line))
    if found is None:
        return False
    message, text, data = found
    if data is None:
        buttons = (b for row in message.keyboard for b in row if b["text"] == text)
        url = next(buttons, {}).get("url")
        screen.write(f"(tombol tautan, buka di peramban: {url})\n")
        return True
    await user.press(callback_data=data, message=message)
    return True


async def run_terminal_chat(
    emu: BotApiEmulator,
    *,
    user_name: str = "Sari",
    language_code: str = "id",
    input_func: Callable[[], str] | None = None,
    output: TextIO | None = None,
    user_id: int = 1,
    settle: float = 0.3,
    reply_timeout: float = 30.0,
    width: int | None = None,
    downloads: Path | None = None,
) -> None:
    """Let a person chat with the bot served by `emu` until `/keluar` or end of input.

    `input_func` reads one line (default: `input`, run in a thread so the bot keeps running)
    and raises EOFError at the end. After each line the loop waits until the bot has been
    quiet for `settle` seconds (at most `reply_timeout`), so replies print before the prompt.
    Text is wrapped to `width` columns (default: the terminal's); documents are written to
    `downloads` (default: not written, only named).
    """
    out = output or sys.stdout
    read = input_func or input
    user = emu.user(id=user_id, first_name=user_name, language_code=language_code)
    screen = _Screen(emu, user, out, width=width, downloads=downloads)
    intro = _INTRO.format(name=user_name).split("\n")
    screen.write("\n".join(wrap(line, width or _terminal_width()) for line in intro))

    async def follow() -> None:
        while True:
            await asyncio.sleep(_FOLLOW_INTERVAL)
            screen.flush()

    follower = asyncio.create_task(follow())
    try:
        while True:
            screen.write(f"{user_name}> ")
            try:
                line = (await asyncio.to_thread(read)).strip()
            except EOFError:
                screen.write("\n")
                break
            if line == _EXIT_COMMAND:
                break
            if not line:
                continue
            if line.startswith("\\") and len(line) > 1:
                await user.send(line[1:])
            elif not await _press_number(emu, user, line, screen):
                await user.send(line)
            with contextlib.suppress(EmulatorTimeout):
                await emu.wait_idle(timeout=reply_timeout, quiet=settle)
            screen.flush()
    finally:
        follower.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await follower
    screen.write("Sampai jumpa!\n")
