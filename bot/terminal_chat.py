"""`python -m bot chat`: the real coach against an in-process emulator, in this terminal."""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import os
import sys
import tempfile
from pathlib import Path

from bot.app import build_application
from bot.config import load_settings

# Only ever sent to the in-process emulator (bandit takes it for a password).
DEMO_TOKEN = "123456:TERMINAL-demo"  # nosec B105


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
    default_dir = Path(tempfile.gettempdir()) / "pelatih-chat"
    data_dir = Path(os.environ.get("PELATIH_CHAT_DIR", default_dir))
    data_dir.mkdir(parents=True, exist_ok=True)
    asyncio.run(chat(data_dir / "chat.db"))


async def chat(database: Path) -> None:
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
            await run_terminal_chat(emu, user_name=os.environ.get("USER") or "Anda")
