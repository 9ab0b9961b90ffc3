"""Guards the catalogs: complete, not fuzzy, placeholders kept, HTML balanced, code extracted."""

from __future__ import annotations

import re
import string
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.i18n import LOCALES_DIR

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
                "blockquote", "tg-spoiler", "span"}  # fmt: skip


def load(locale: str) -> Catalog:
    with (LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def entries(locale: str) -> list[tuple[str, str, bool]]:
    result = []
    for message in load(locale):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            for msgstr in strings:
                result.append((msgid, msgstr or "", message.fuzzy))
    return result


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


class TagBalance(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"unsupported tag <{tag}>")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"unexpected </{tag}>")


def html_problems(text: str) -> list[str]:
    parser = TagBalance()
    # A bare "<" or "&" that is not markup would be rejected by Telegram too.
    if re.search(r"<(?![/a-zA-Z])", text) or re.search(r"&(?!(lt|gt|amp|quot|#\d+);)", text):
        return ["bare < or & (escape it)"]
    parser.feed(text)
    parser.close()
    return parser.problems + [f"unclosed <{tag}>" for tag in parser.stack]


@pytest.mark.parametrize("locale", ["id", "en"])
def test_every_entry_is_translated_and_not_fuzzy(locale: str) -> None:
    bad = [msgid for msgid, msgstr, fuzzy in entries(locale) if fuzzy or not msgstr.strip()]
    assert not bad, f"{locale}: empty or fuzzy entries: {bad}"


@pytest.mark.parametrize("locale", ["id", "en"])
def test_placeholders_match(locale: str) -> None:
    bad = [
        (msgid, msgstr)
        for msgid, msgstr, _ in entries(locale)
        if msgstr and placeholders(msgid) != placeholders(msgstr)
    ]
    assert not bad, f"{locale}: placeholder mismatch: {bad}"


@pytest.mark.parametrize("locale", ["id", "en"])
def test_html_is_balanced(locale: str) -> None:
    bad = {msgstr: html_problems(msgstr) for _, msgstr, _ in entries(locale)}
    bad = {text: problems for text, problems in bad.items() if problems}
    assert not bad, f"{locale}: HTML Telegram would reject: {bad}"


def test_catalogs_hold_every_message_in_the_code() -> None:
    """Fails when a string was added to the code but `scripts/catalogs.py` was not run."""
    in_code = {
        (message if isinstance(message, str) else message[0])
        for _, _, message, _, _ in extract_from_dir(
            ROOT / "bot", method_map=[("**.py", "python")], keywords=KEYWORDS
        )
    }
    in_catalog = {msgid for msgid, _, _ in entries("id")}
    missing = sorted(in_code - in_catalog)
    assert not missing, f"run `python scripts/catalogs.py`; not in the catalogs: {missing}"


def test_no_format_inside_gettext() -> None:
    """Translate first, then format: `_("... {x}").format(x=...)`, never `_(f"...")`."""
    offenders = []
    for path in (ROOT / "bot").rglob("*.py"):
        text = path.read_text("utf-8")
        if re.search(r"\b(_|N_|gettext)\(\s*f[\"']", text):
            offenders.append(str(path))
    assert not offenders
