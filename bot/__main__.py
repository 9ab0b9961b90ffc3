"""Command line: `python -m bot [run|migrate|chat]`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Iterator

from bot.config import ConfigError, Settings, load_settings

EXIT_CONFIG = 2


def _settings_or_exit(**overrides: object) -> Settings:
    try:
        return load_settings(**overrides)
    except ConfigError as exc:
        print(f"Configuration error: {exc}. See .env.example.", file=sys.stderr)
        raise SystemExit(EXIT_CONFIG) from None


def run_polling() -> None:
    from bot import logs
    from bot.app import ALLOWED_UPDATES, build_application

    settings = _settings_or_exit()
    logs.configure(settings.log_level, settings.bot_token.get_secret_value())
    from bot.clock import FileClock, SystemClock

    clock = FileClock(settings.clock_file) if settings.clock_file else SystemClock()
    with _start_errors_as_one_line():
        application = build_application(settings, clock=clock)
        application.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)


@contextlib.contextmanager
def _start_errors_as_one_line() -> Iterator[None]:
    """What stops the coach from starting (Telegram refusing the token, a database that cannot
    be reached or a DATABASE_URL that is no URL) as one line and exit code 2, as for a bad
    setting; PTB's own message would print the token, and a traceback helps nobody here."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
    from telegram.error import InvalidToken

    try:
        yield
    except InvalidToken:
        print("Configuration error: Telegram refused BOT_TOKEN.", file=sys.stderr)
        raise SystemExit(EXIT_CONFIG) from None
    except (ArgumentError, NoSuchModuleError) as exc:
        print(f"Configuration error: DATABASE_URL is not usable ({exc}).", file=sys.stderr)
        raise SystemExit(EXIT_CONFIG) from None
    except (DBAPIError, OSError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        print(f"Cannot reach the database (DATABASE_URL): {reason}", file=sys.stderr)
        raise SystemExit(EXIT_CONFIG) from None


def run_webhook() -> None:
    from bot import logs
    from bot.app import build_application
    from bot.clock import FileClock, SystemClock
    from bot.webhook import serve

    settings = _settings_or_exit()
    if settings.webhook_public_url is None or settings.webhook_secret is None:
        print(
            "Configuration error: webhook mode needs WEBHOOK_PUBLIC_URL and WEBHOOK_SECRET. "
            "See .env.example.",
            file=sys.stderr,
        )
        raise SystemExit(EXIT_CONFIG)
    logs.configure(
        settings.log_level,
        settings.bot_token.get_secret_value(),
        settings.webhook_secret.get_secret_value(),
    )
    clock = FileClock(settings.clock_file) if settings.clock_file else SystemClock()
    with _start_errors_as_one_line():
        asyncio.run(serve(build_application(settings, clock=clock)))


def run_migrate() -> None:
    import os

    from bot.config import DEFAULT_DATABASE_URL
    from bot.storage.db import make_engine
    from bot.storage.migrate import upgrade

    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)

    async def migrate() -> None:
        if url.startswith("sqlite+aiosqlite:///") and not url.endswith(":memory:"):
            from pathlib import Path

            Path(url.removeprefix("sqlite+aiosqlite:///")).parent.mkdir(
                parents=True, exist_ok=True
            )
        engine = make_engine(url)
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()

    asyncio.run(migrate())
    print("Database is up to date.")


def run_chat() -> None:
    from bot.terminal_chat import main as chat_main

    chat_main()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Pelatih Wawancara")
    parser.add_argument(
        "command",
        nargs="?",
        default="run",
        choices=["run", "webhook", "migrate", "chat"],
        help="run: long polling (default); webhook: serve Telegram's webhook (one replica of "
        "several); migrate: apply database migrations; chat: talk to the coach in this "
        "terminal, no token needed",
    )
    args = parser.parse_args(argv)
    commands = {
        "run": run_polling,
        "webhook": run_webhook,
        "migrate": run_migrate,
        "chat": run_chat,
    }
    commands[args.command]()


if __name__ == "__main__":
    main()
