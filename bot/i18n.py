"""Translations (Babel catalogs in `locales/`), the current locale, and Indonesian dates.

Message ids are Indonesian sentences: Indonesian is the product's language and the catalogs'
source; `locales/en` translates them. The current locale lives in a ContextVar so that code deep
in the domain can call `_()` without a context object being passed around.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from functools import cache
from importlib.resources import files
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def _catalog_directory() -> Path:
    """`locales/`, shipped as `bot.locales`: the repository's in a checkout, the installed copy
    in a wheel."""
    directory = files("bot.locales")
    # pip installs wheels unzipped; the catalogs' mtimes are compared, so they must be files.
    if not isinstance(directory, Path):
        raise RuntimeError(f"the catalogs are not on disk: {directory}")
    return directory


LOCALES_DIR = _catalog_directory()
DOMAIN = "messages"
DEFAULT_LOCALE = "id"
SUPPORTED_LOCALES = ("id", "en")

ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}

_current_locale: ContextVar[str] = ContextVar("locale", default=DEFAULT_LOCALE)


def _compile(po_path: Path) -> _gettext.GNUTranslations:
    """Builds translations straight from a .po file, so a fresh clone needs no compile step."""
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=po_path.parts[-3])
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


@cache
def translations(locale: str) -> _gettext.NullTranslations:
    """The catalog of one locale: a compiled .mo when it is up to date, else the .po itself."""
    base = LOCALES_DIR / locale / "LC_MESSAGES"
    po_path, mo_path = base / f"{DOMAIN}.po", base / f"{DOMAIN}.mo"
    if mo_path.exists() and (
        not po_path.exists() or mo_path.stat().st_mtime >= po_path.stat().st_mtime
    ):
        with mo_path.open("rb") as mo_file:
            return _gettext.GNUTranslations(mo_file)
    if po_path.exists():
        return _compile(po_path)
    return _gettext.NullTranslations()


def load_all() -> None:
    """Loads every catalog once at start-up, so the first update pays nothing."""
    for locale in SUPPORTED_LOCALES:
        translations(locale)


def current_locale() -> str:
    return _current_locale.get()


def set_locale(locale: str) -> None:
    """Sets the locale for the rest of the current task (one update's handling)."""
    _current_locale.set(locale if locale in SUPPORTED_LOCALES else DEFAULT_LOCALE)


@contextmanager
def use_locale(locale: str) -> Iterator[None]:
    """Runs a block in a locale, restoring the previous one afterwards."""
    token = _current_locale.set(locale if locale in SUPPORTED_LOCALES else DEFAULT_LOCALE)
    try:
        yield
    finally:
        _current_locale.reset(token)


def gettext(message: str) -> str:
    """Translates a message id into the current locale."""
    return translations(_current_locale.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translates a message id with a plural form into the current locale."""
    return translations(_current_locale.get()).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated later, where it is shown."""
    return message


def resolve_locale(chosen: str | None, telegram_code: str | None) -> str:
    """The user's choice, else their Telegram language if we speak it, else Indonesian."""
    for candidate in (chosen, telegram_code):
        if not candidate:
            continue
        if candidate in SUPPORTED_LOCALES:
            return candidate
        try:
            parsed = Locale.parse(candidate.replace("-", "_"))
        except (ValueError, UnknownLocaleError):
            continue
        if str(parsed) in SUPPORTED_LOCALES:
            return str(parsed)
        if parsed.language in SUPPORTED_LOCALES:
            return str(parsed.language)
    return DEFAULT_LOCALE


def format_moment(moment: datetime, zone: str) -> str:
    """A date and time the way people in the locale write it, with the zone's short name.

    Indonesian: "Kamis, 26 November 2026 pukul 10.00 WIB".
    """
    if moment.tzinfo is None:
        raise ValueError("format_moment needs an aware datetime")
    local = moment.astimezone(ZoneInfo(zone))
    # CLDR has WIB/WITA/WIT only for Indonesian; English readers in Indonesia use them too.
    suffix = ZONE_ABBREVIATIONS.get(zone, local.strftime("%Z"))
    if _current_locale.get() == "en":
        text = format_datetime(
            local, "EEEE, d MMMM y 'at' HH:mm", locale="en_GB", tzinfo=local.tzinfo
        )
    else:
        text = format_datetime(
            local, "EEEE, d MMMM y 'pukul' HH.mm", locale="id", tzinfo=local.tzinfo
        )
    return f"{text} {suffix}"


def format_day(moment: datetime, zone: str) -> str:
    """A date without the time: "Kamis, 26 November 2026"."""
    local = moment.astimezone(ZoneInfo(zone))
    locale = "en_GB" if _current_locale.get() == "en" else "id"
    return format_datetime(local, "EEEE, d MMMM y", locale=locale, tzinfo=local.tzinfo)
