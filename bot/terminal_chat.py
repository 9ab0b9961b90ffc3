"""`python -m bot chat`: the real coach against an in-process emulator, in this terminal."""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from bot.app import build_application
from bot.config import load_settings

# Only ever sent to the in-process emulator (bandit takes it for a password).
DEMO_TOKEN = "123456:TERMINAL-demo"  # nosec B105
# The demo user's first name, which the coach greets and signs drafts with: a neutral name,
# not the login name (and never "Anda", which made "Saya Anda" and "Hormat saya, Anda").
DEMO_NAME = "Sari"


def data_dir() -> Path:
    """Where the demo keeps its database and the files it receives: PELATIH_CHAT_DIR, or
    pelatih-chat in the system's temporary folder."""
    default = Path(tempfile.gettempdir()) / "pelatih-chat"
    return Path(os.environ.get("PELATIH_CHAT_DIR") or default)


def main() -> None:
    # The emulator is a separate distribution in this repository (emulator/): the product's
    # wheel does not ship it, so the demo names the missing piece instead of a traceback.
    if importlib.util.find_spec("tgemu") is None:
        print(
            "python -m bot chat needs the Bot API emulator (tgemu), which is not installed: "
            "run `pip install -e ./emulator` in the repository",
            file=sys.stderr,
        )
        raise SystemExit(1)
    logging.basicConfig(level=logging.WARNING)
    # The demo keeps its own database, so it never touches a real one from .env.
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    print(
        f"Data demo disimpan di {folder} (basis data chat.db, berkas dari bot di unduhan/); "
        "hapus folder itu untuk mulai dari awal."
    )
    asyncio.run(chat(folder / "chat.db", downloads=folder / "unduhan"))


async def chat(database: Path, *, downloads: Path | None = None, **options: Any) -> None:
    """The demo: the coach on `database`, the terminal as the user's Telegram client.
    `options` go to tgemu's run_terminal_chat (tests pass their input and output)."""
    from tgemu import BotApiEmulator, run_terminal_chat, running

    async with BotApiEmulator(token=DEMO_TOKEN, bot_username="pelatih_wawancara_bot") as emu:
        settings = load_settings(
            bot_token=DEMO_TOKEN,
            telegram_base_url=emu.base_url,
            telegram_base_file_url=emu.base_file_url,
            database_url=f"sqlite+aiosqlite:///{database}",
        )
        application = build_application(settings)
        async with running(application):
            await run_terminal_chat(emu, user_name=DEMO_NAME, downloads=downloads, **options)
