"""Settings: defaults, a clear one-line error and exit code 2 for a bad token, no token in logs."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from bot.logs import RedactToken
from tgemu import BotApiEmulator

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:TEST-token_secret"


def test_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    for name in ("DATABASE_URL", "TELEGRAM_BASE_URL", "DEFAULT_TIMEZONE", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    settings = load_settings()
    assert settings.database_url == "sqlite+aiosqlite:///data/pelatih.db"
    assert settings.telegram_base_url == "https://api.telegram.org/bot"
    assert settings.file_base_url == "https://api.telegram.org/file/bot"
    assert settings.default_timezone == "Asia/Jakarta"
    assert settings.sqlite_path() == Path("data/pelatih.db")


@pytest.mark.parametrize("token", ["", "not-a-token", "abc:def", "987654:", "987 654:abc"])
def test_malformed_token_is_one_clear_line(monkeypatch: pytest.MonkeyPatch, token: str) -> None:
    monkeypatch.setenv("BOT_TOKEN", token)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert "BOT_TOKEN" in str(raised.value)
    assert "\n" not in str(raised.value)
    if token:
        assert token not in str(raised.value)


@pytest.mark.parametrize("rate", ["0.5", "0", "-3", "nan", "inf"])
def test_a_send_rate_below_one_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, rate: str
) -> None:
    # Below one a second the limiter's window would hold no send, and the first would wait
    # forever: refused when the settings are read, not discovered at the first nudge.
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SEND_RATE_PER_SECOND", rate)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert str(raised.value).startswith("SEND_RATE_PER_SECOND: ")
    assert "\n" not in str(raised.value)


def test_a_send_rate_of_one_or_more_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SEND_RATE_PER_SECOND", "1")
    assert load_settings().send_rate_per_second == 1


@pytest.mark.parametrize("token", [None, "oops:secret value"])
def test_cli_exits_2_without_traceback(tmp_path: Path, token: str | None) -> None:
    env = {k: v for k, v in os.environ.items() if k != "BOT_TOKEN"}
    if token is not None:
        env["BOT_TOKEN"] = token
    done = subprocess.run(
        [sys.executable, "-m", "bot"], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "BOT_TOKEN" in done.stderr
    if token is not None:
        assert "secret value" not in done.stderr


def test_token_is_redacted_from_log_lines(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.redaction")
    logger.addFilter(RedactToken(TOKEN))
    with caplog.at_level(logging.INFO, logger="test.redaction"):
        logger.info("POST https://api.telegram.org/bot%s/getUpdates", TOKEN)
    assert TOKEN not in caplog.text
    assert "<SECRET>" in caplog.text


@pytest.mark.parametrize(
    "secret", ["", "short", "x" * 31, "has spaces in it and is long enough!!", "é" * 40]
)
def test_a_webhook_secret_telegram_would_refuse_or_anyone_could_guess_stops_the_coach(
    monkeypatch: pytest.MonkeyPatch, secret: str
) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("WEBHOOK_SECRET", secret)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert "WEBHOOK_SECRET" in str(raised.value) and "\n" not in str(raised.value)


def test_a_good_webhook_secret_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("WEBHOOK_SECRET", "A" * 16 + "b-c_d" * 4)
    assert load_settings().webhook_secret is not None


@pytest.mark.parametrize(
    ("database_url", "says"),
    [
        ("nonsense", "DATABASE_URL is not usable"),
        ("postgresql+asyncpg://postgres@127.0.0.1:1/none", "Cannot reach the database"),
    ],
)
def test_a_database_it_cannot_use_is_one_line_and_exit_2(
    tmp_path: Path, database_url: str, says: str
) -> None:
    env = {**os.environ, "BOT_TOKEN": TOKEN, "DATABASE_URL": database_url}
    done = subprocess.run(
        [sys.executable, "-m", "bot"], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert says in done.stderr


async def test_a_token_telegram_refuses_is_one_line_without_the_token(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    refused = "999999:refused-secret-part"
    env = {
        **os.environ,
        "BOT_TOKEN": refused,
        "TELEGRAM_BASE_URL": emulator.base_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 2
    stderr = err.decode()
    # PTB logs its own error (redacted) before giving up; the last line says what to fix.
    assert stderr.strip().splitlines()[-1] == "Configuration error: Telegram refused BOT_TOKEN."
    assert "refused-secret-part" not in stderr
