"""Chatting with the bot in a terminal: the real Application polls an in-process emulator and
this loop plays the user. It knows nothing about the bot's handlers, only what a Telegram
client would show: new messages and edits, inline buttons (typed as their number) and the
short notifications of answered callback queries.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Callable
from typing import TextIO

from tgemu.entities import JsonDict
from tgemu.models import BotMessage, EmulatorTimeout
from tgemu.server import BotApiEmulator
from tgemu.users import UserHandle

_EXIT_COMMAND = "/keluar"
_INTRO = (
    "Anda mengobrol dengan bot lewat emulator Telegram lokal (tanpa token).\n"
    "Ketik pesan atau /perintah. Ketik nomor tombol, mis. 1, untuk menekan [1].\n"
    f"Ketik {_EXIT_COMMAND} atau tekan Ctrl-D untuk berhenti.\n"
)
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


def _latest_with_buttons(emu: BotApiEmulator, chat_id: int) -> BotMessage | None:
    return next((m for m in reversed(emu.chat_messages(chat_id)) if m.buttons), None)


class _Screen:
    """Prints the bot's activity in the user's chat since the last time it printed."""

    def __init__(self, emu: BotApiEmulator, user: UserHandle, output: TextIO) -> None:
        self.emu = emu
        self.user = user
        self.output = output
        self.color = output.isatty()
        self.cursor = emu.cursor
        self.answers_seen = len(emu.callback_answers)
        self.shown: set[int] = set()

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

    def render(self, message: BotMessage) -> str:
        if message.deleted:
            self.shown.discard(message.message_id)
            return f"🤖 (pesan #{message.message_id} dihapus)\n"
        label = "🤖 Bot" if message.message_id not in self.shown else "🤖 Bot (diedit)"
        self.shown.add(message.message_id)
        body = message.text or ""
        if self.color:
            body = _styled(body, message.entities)
        document = message.document
        if document is not None:
            size = len(message.document_content or b"")
            body = f"📄 {document.get('file_name', 'dokumen')} ({size} byte)\n{body}".rstrip()
        lines = body.split("\n")
        rendered = [f"{label}: {lines[0]}", *(f"   {line}" for line in lines[1:])]
        if message.buttons:
            choices = [
                f"[{number}] {text}" + ("" if data is not None else " ↗")
                for number, (text, data) in enumerate(message.buttons, start=1)
            ]
            rendered.append("   " + "  ".join(choices))
        keyboard = message.reply_keyboard
        if keyboard is not None and "keyboard" in keyboard:
            options = [
                button if isinstance(button, str) else str(button.get("text"))
                for row in keyboard["keyboard"]
                for button in row
            ]
            rendered.append("   Pilihan: " + " | ".join(options))
        return "\n".join(rendered) + "\n"


async def _press_number(emu: BotApiEmulator, user: UserHandle, line: str, screen: _Screen) -> bool:
    """Press button `line` of the newest message with buttons; False if `line` is no such
    number (it is then sent as text)."""
    if not line.isdigit():
        return False
    message = _latest_with_buttons(emu, user.id)
    number = int(line)
    if message is None or not 1 <= number <= len(message.buttons):
        return False
    text, data = message.buttons[number - 1]
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
    user_name: str = "Anda",
    language_code: str = "id",
    input_func: Callable[[], str] | None = None,
    output: TextIO | None = None,
    user_id: int = 1,
    settle: float = 0.3,
    reply_timeout: float = 30.0,
) -> None:
    """Let a person chat with the bot served by `emu` until `/keluar` or end of input.

    `input_func` reads one line (default: `input`, run in a thread so the bot keeps running)
    and raises EOFError at the end. After each line the loop waits until the bot has been
    quiet for `settle` seconds (at most `reply_timeout`), so replies print before the prompt.
    """
    out = output or sys.stdout
    read = input_func or input
    user = emu.user(id=user_id, first_name=user_name, language_code=language_code)
    screen = _Screen(emu, user, out)
    screen.write(_INTRO)

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
            if not await _press_number(emu, user, line, screen):
                await user.send(line)
            with contextlib.suppress(EmulatorTimeout):
                await emu.wait_idle(timeout=reply_timeout, quiet=settle)
            screen.flush()
    finally:
        follower.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await follower
    screen.write("Sampai jumpa!\n")
