"""Keeps the Babel catalogs in `locales/` in step with the code.

    python scripts/catalogs.py                 # extract messages.pot, update id and en
    python scripts/catalogs.py --en FILE.json  # also merge English translations {msgid: msgstr}

Message ids are Indonesian, so the Indonesian catalog's msgstr starts as a copy of the msgid
(Babel has no "source language" mode); a translator may then polish it. English entries without a
translation are listed, and the catalog test fails on them.

Plural messages (`ngettext`) have as many forms as the language's Plural-Forms header says, which
this script sets: Indonesian has one form for every number (it copies the plural msgid), English
two. In the JSON of English translations a plural message is keyed by its singular msgid and
given as a list, `["{count} word", "{count} words"]`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
POT = LOCALES / "messages.pot"
KEYWORDS = ["-k", "_", "-k", "N_", "-k", "gettext", "-k", "ngettext:1,2"]
# Babel's own table gives Indonesian two forms; Indonesian nouns do not inflect for number.
PLURAL_FORMS = {"id": "nplurals=1; plural=0;", "en": "nplurals=2; plural=(n != 1);"}


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def po_path(locale: str) -> Path:
    return LOCALES / locale / "LC_MESSAGES" / "messages.po"


def fill_plural(
    message: Message, locale: str, forms: int, translation: str | list[str] | None
) -> None:
    """Gives a plural message exactly `forms` strings: the Indonesian msgid, or the English."""
    strings = list(message.string) if isinstance(message.string, (tuple, list)) else []
    strings = (strings + [""] * forms)[:forms]
    if locale == "id":
        strings = [string or message.id[-1] for string in strings]
    elif isinstance(translation, list) and len(translation) == forms:
        strings = list(translation)
    message.string = tuple(strings)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--en", type=Path, help="JSON object of English translations to merge")
    args = parser.parse_args()

    pybabel(
        "extract", "-F", str(ROOT / "babel.cfg"), "--no-location", "--sort-output",
        "--project", "pelatih-wawancara", "--copyright-holder", "Pelatih Wawancara",
        "--msgid-bugs-address", "-", "--no-wrap", *KEYWORDS, "-o", str(POT), str(ROOT),
    )  # fmt: skip
    for locale in ("id", "en"):
        command = "update" if po_path(locale).exists() else "init"
        extra = (
            ["--no-wrap", "--ignore-obsolete", "--no-fuzzy-matching"]
            if command == "update"
            else ["--no-wrap"]
        )
        pybabel(command, "-i", str(POT), "-d", str(LOCALES), "-l", locale, *extra)

    english: dict[str, str | list[str]] = json.loads(args.en.read_text("utf-8")) if args.en else {}
    for locale in ("id", "en"):
        path = po_path(locale)
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        catalog.mime_headers = [("Plural-Forms", PLURAL_FORMS[locale])]
        missing = []
        for message in catalog:
            if not message.id:
                continue
            if isinstance(message.id, tuple):
                fill_plural(message, locale, catalog.num_plurals, english.get(message.id[0]))
            elif isinstance(message.id, str):
                if locale == "id" and not message.string:
                    message.string = message.id
                translation = english.get(message.id)
                if locale == "en" and isinstance(translation, str):
                    message.string = translation
            if message.fuzzy:
                message.flags.discard("fuzzy")
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings):
                missing.append(message.id)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=0, omit_header=False, ignore_obsolete=True)
        if missing:
            print(f"{locale}: {len(missing)} message(s) without a translation", file=sys.stderr)
            for msgid in missing:
                print(f"  {msgid!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
