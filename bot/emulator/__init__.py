"""A Telegram Bot API emulator for tests and for chatting with the bot without a token.

See `bot.emulator.server` for what it covers and how tests use it.
"""

from bot.emulator.harness import running
from bot.emulator.html import EntityParseError, ParsedText, parse_html
from bot.emulator.models import (
    ApiRequest,
    BotMessage,
    CallbackAnswer,
    ChatInfo,
    EmulatorTimeout,
    RateLimits,
    StoredFile,
    UploadedFile,
)
from bot.emulator.server import DEFAULT_TOKEN, BotApiEmulator
from bot.emulator.terminal import run_terminal_chat
from bot.emulator.users import UserHandle

__all__ = [
    "DEFAULT_TOKEN",
    "ApiRequest",
    "BotApiEmulator",
    "BotMessage",
    "CallbackAnswer",
    "ChatInfo",
    "EmulatorTimeout",
    "EntityParseError",
    "ParsedText",
    "RateLimits",
    "StoredFile",
    "UploadedFile",
    "UserHandle",
    "parse_html",
    "run_terminal_chat",
    "running",
]
