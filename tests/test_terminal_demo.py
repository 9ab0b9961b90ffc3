"""`python -m bot chat` through the emulator's terminal driver (issue 14): the demo user is
called Sari, any button on screen can be pressed, /ekspor lands in a file whose path is printed,
and text is wrapped between words."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

from bot import terminal_chat
from tgemu.terminal import wrap

WIDTH = 60


def exported(path: Path, downloads: Path) -> object:
    """The export the demo wrote, read back; it must be in the downloads folder."""
    assert path.parent == downloads and path.exists()
    return json.loads(path.read_text("utf-8"))


def script(lines: list[str]) -> Iterator[str]:
    yield from lines


async def test_the_demo_names_sari_presses_old_buttons_and_saves_the_export(
    tmp_path: Path,
) -> None:
    lines = script(
        [
            "/start",
            "/bahasa",  # buttons [1] Bahasa Indonesia, [2] English
            "/zonawaktu",  # buttons [3]–[5]
            "2",  # an older message's button: English
            "/ekspor",
            "\\1",  # a number sent as text
            "/keluar",
        ]
    )

    def read() -> str:
        return next(lines)

    output = io.StringIO()
    downloads = tmp_path / "unduhan"
    await terminal_chat.chat(
        tmp_path / "chat.db",
        downloads=downloads,
        input_func=read,
        output=output,
        width=WIDTH,
        settle=0.05,
    )
    text = output.getvalue()
    assert "Halo, Sari!" in text
    assert "Anda!" not in text and "Saya Anda" not in text
    assert "[3] " in text and "[5] " in text  # numbers go on across messages
    assert "All right, I will speak English" in text  # [2] of the /bahasa message
    saved = re.search(r"disimpan di\s+(\S+\.json)", text)
    assert saved is not None, text
    assert "Sari" in json.dumps(exported(Path(saved.group(1)), downloads), ensure_ascii=False)
    assert "Sari> 1" not in text  # the prompt shows what was typed, not echoed
    # Every line fits the width, unless it is one word too long to break.
    # (The prompts stay on the line the reply starts on: scripted input is not echoed.)
    plain = re.sub(r"\x1b\[[0-9;]*m|Sari> ", "", text)
    for line in plain.splitlines():
        assert len(line) <= WIDTH + 2 or " " not in line.strip(), line
    # No word was cut: the greeting's long words are whole.
    assert "mendampingi" in plain and "pewawancaranya" in plain


def test_wrap_breaks_between_words_and_keeps_offsets() -> None:
    text = "Saya mendampingi Anda melewati enam tahap proses wawancara kerja."
    wrapped = wrap(text, 20, first=8)
    assert len(wrapped) == len(text)  # spaces became line breaks, one for one
    assert wrapped.replace("\n", " ") == text
    assert all(len(line) <= 20 for line in wrapped.split("\n"))
    assert wrap("x" * 50, 20) == "x" * 50  # a long word is never cut
