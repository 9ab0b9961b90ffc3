"""A Telegram Bot API emulator for tests and for chatting with the bot without a token.

See `tgemu.server` for what it covers and how tests use it.
"""

from tgemu.harness import running
from tgemu.html import EntityParseError, ParsedText, parse_html
from tgemu.models import (
    ApiRequest,
    BotMessage,
    CallbackAnswer,
    ChatInfo,
    EmulatorTimeout,
    RateLimits,
    StoredFile,
    UploadedFile,
)
from tgemu.server import DEFAULT_TOKEN, BotApiEmulator
from tgemu.terminal import run_terminal_chat
from tgemu.users import UserHandle

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
