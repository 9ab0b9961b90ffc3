"""Locale resolution, translation lookup and Indonesian date formatting."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.i18n import _, format_moment, resolve_locale, use_locale


@pytest.mark.parametrize(
    ("chosen", "telegram", "expected"),
    [
        (None, None, "id"),
        (None, "id", "id"),
        (None, "en", "en"),
        (None, "en-US", "en"),
        (None, "en_GB", "en"),
        (None, "ms", "id"),
        (None, "xx-bogus", "id"),
        ("id", "en", "id"),
        ("en", "id", "en"),
        (None, "", "id"),
    ],
)
def test_resolve_locale(chosen: str | None, telegram: str | None, expected: str) -> None:
    assert resolve_locale(chosen, telegram) == expected


def test_format_moment_the_indonesian_way() -> None:
    moment = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
    assert format_moment(moment, "Asia/Jakarta") == "Kamis, 26 November 2026 pukul 10.00 WIB"
    assert format_moment(moment, "Asia/Makassar") == "Kamis, 26 November 2026 pukul 11.00 WITA"
    assert format_moment(moment, "Asia/Jayapura") == "Kamis, 26 November 2026 pukul 12.00 WIT"
    with use_locale("en"):
        assert format_moment(moment, "Asia/Jakarta") == "Thursday, 26 November 2026 at 10:00 WIB"


def test_translation_follows_the_locale() -> None:
    msgid = "Penawaran pekerjaan"
    assert _(msgid) == "Penawaran pekerjaan"
    with use_locale("en"):
        assert _(msgid) == "The job offer"
    assert _(msgid) == "Penawaran pekerjaan"


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError):
        format_moment(datetime(2026, 1, 1), "Asia/Jakarta")  # noqa: DTZ001
