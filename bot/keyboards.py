"""Inline keyboards and the callback data they carry (at most 64 bytes, checked by tests)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import LANGUAGE, MENU_BACK, MENU_STAGE, TIMEZONE
from bot.coach.stages import STAGES, Stage
from bot.i18n import _

# The largest row id callback data can name: the primary keys are 32-bit on PostgreSQL.
MAX_ROW_ID = 2**31 - 1


def parse_id(raw: str) -> int | None:
    """The row id in a piece of callback data, or None when it cannot be one. Callback data
    can be tampered with: "²".isdigit() holds but int("²") fails, and a 20-digit id overflows
    the database's integer."""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(MAX_ROW_ID)):
        return None
    value = int(raw)
    return value if value <= MAX_ROW_ID else None


def rows(buttons: Iterable[InlineKeyboardButton], per_row: int = 1) -> InlineKeyboardMarkup:
    row: list[InlineKeyboardButton] = []
    table: list[list[InlineKeyboardButton]] = []
    for button in buttons:
        row.append(button)
        if len(row) == per_row:
            table.append(row)
            row = []
    if row:
        table.append(row)
    return InlineKeyboardMarkup(table)


def stage_menu(current: Sequence[Stage]) -> InlineKeyboardMarkup:
    """The six stages, the ones where an active application stands marked with a pin."""
    return rows(
        InlineKeyboardButton(
            f"{'📍' if info.stage in current else info.emoji} {info.number}. {_(info.title)}",
            callback_data=f"{MENU_STAGE}{info.stage.value}",
        )
        for info in STAGES
    )


def back_to_menu() -> InlineKeyboardMarkup:
    return rows([InlineKeyboardButton(_("⬅️ Kembali ke daftar tahap"), callback_data=MENU_BACK)])


def language_choice() -> InlineKeyboardMarkup:
    return rows(
        [
            InlineKeyboardButton("🇮🇩 Bahasa Indonesia", callback_data=f"{LANGUAGE}id"),
            InlineKeyboardButton("🇬🇧 English", callback_data=f"{LANGUAGE}en"),
        ],
        per_row=2,
    )


def timezone_choice() -> InlineKeyboardMarkup:
    return rows(
        [
            InlineKeyboardButton(_("WIB (Jakarta)"), callback_data=f"{TIMEZONE}Asia/Jakarta"),
            InlineKeyboardButton(_("WITA (Makassar)"), callback_data=f"{TIMEZONE}Asia/Makassar"),
            InlineKeyboardButton(_("WIT (Jayapura)"), callback_data=f"{TIMEZONE}Asia/Jayapura"),
        ],
        per_row=3,
    )
