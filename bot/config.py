"""Settings read from the environment and an optional `.env` file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Telegram tokens look like "123456789:AA...": a numeric bot id, a colon, then 30+ url-safe chars.
# The emulator accepts shorter secrets, so the tail only needs to be non-empty and url-safe.
WEBHOOK_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{32,256}")
TOKEN_PATTERN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{1,100}$")

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/pelatih.db"
TELEGRAM_BASE_URL = "https://api.telegram.org/bot"

TimeZoneName = Literal["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]


class Settings(BaseSettings):
    """Everything the coach reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr
    database_url: str = DEFAULT_DATABASE_URL
    telegram_base_url: str = TELEGRAM_BASE_URL
    telegram_base_file_url: str | None = None
    default_timezone: TimeZoneName = "Asia/Jakarta"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    quiet_hours_start: Annotated[int, Field(ge=0, le=23)] = 21
    quiet_hours_end: Annotated[int, Field(ge=0, le=23)] = 7
    admin_chat_id: int | None = None
    # How often the dispatcher looks for due nudges, and how long a claim is trusted before a
    # claim of a dead process is sent again.
    dispatch_interval_seconds: Annotated[float, Field(gt=0)] = 5.0
    follow_up_lease_seconds: Annotated[float, Field(gt=0)] = 60.0
    # Nudges and other messages the bot starts, a second overall (bot/ratelimit.py, the bulk
    # lane): Telegram asks for about 30. Replies to users are paced per chat only. Below one
    # the limiter's window would hold no send at all and the first would wait forever.
    send_rate_per_second: Annotated[float, Field(ge=1, allow_inf_nan=False)] = 30.0
    # Telegram asks for about one message a second in one chat, tolerating short bursts: the
    # pace of each chat, replies and nudges alike (replies may go a few at once beyond it).
    chat_send_interval_seconds: Annotated[float, Field(ge=0, le=60, allow_inf_nan=False)] = 1.0
    # Webhook mode (`python -m bot webhook`): where to listen, the public URL Telegram calls,
    # and the secret Telegram sends back in a header so that others cannot post updates.
    # A replica listens on every interface of its container, behind the load balancer.
    webhook_host: str = "0.0.0.0"  # nosec B104
    webhook_port: Annotated[int, Field(ge=1, le=65535)] = 8080
    webhook_path: str = "/telegram"
    webhook_public_url: str | None = None
    webhook_secret: SecretStr | None = None
    # One chat may send this many updates within FLOOD_WINDOW_SECONDS; more are skipped (the
    # chat is told once), so that one chat's flood holds up nobody else (bot/intake.py).
    flood_limit: Annotated[int, Field(ge=1)] = 30
    flood_window_seconds: Annotated[float, Field(gt=0)] = 10.0
    # For tests and demos only: read "now" from this file instead of the system clock.
    clock_file: Path | None = None

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        if not TOKEN_PATTERN.match(value.get_secret_value().strip()):
            raise ValueError("BOT_TOKEN does not look like a Telegram token (123456:ABC...)")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("webhook_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram accepts 1-256 of A-Z a-z 0-9 _ -; an empty one would let anybody post
        # updates (the check compares two empty strings), and a short one can be guessed.
        if value is not None and not WEBHOOK_SECRET_PATTERN.fullmatch(value.get_secret_value()):
            raise ValueError(
                "WEBHOOK_SECRET must be 32 to 256 characters of A-Z, a-z, 0-9, _ and - "
                "(for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @property
    def file_base_url(self) -> str:
        """Where PTB downloads files from: next to the API unless set explicitly."""
        if self.telegram_base_file_url:
            return self.telegram_base_file_url
        return self.telegram_base_url.replace("/bot", "/file/bot", 1)

    def sqlite_path(self) -> Path | None:
        """The SQLite file behind `database_url`, if it is one on disk."""
        prefix = "sqlite+aiosqlite:///"
        if not self.database_url.startswith(prefix):
            return None
        path = self.database_url[len(prefix) :].split("?", 1)[0]
        return None if path in ("", ":memory:") else Path(path)


class ConfigError(Exception):
    """The environment cannot make a working configuration; the message is one line."""


def load_settings(**overrides: object) -> Settings:
    """Reads the settings, turning pydantic's report into one line without secrets."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = ".".join(str(part) for part in error["loc"]).upper() or "settings"
            if error["type"] == "missing":
                problems.append(f"{field} is not set")
            else:
                # error["msg"] never echoes the input; error["input"] could hold the token.
                problems.append(f"{field}: {error['msg'].removeprefix('Value error, ')}")
        raise ConfigError("; ".join(problems)) from None
