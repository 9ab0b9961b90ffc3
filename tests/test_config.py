"""Settings: defaults, a clear one-line error and exit code 2 for a bad token, no token in logs."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from bot.logs import RedactToken

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
