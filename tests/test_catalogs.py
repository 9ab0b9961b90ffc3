"""Guards the catalogs: complete, not fuzzy, placeholders kept, HTML Telegram accepts, code
extracted.

Plural messages (`ngettext`) are checked too: every form present and translated, as many forms as
the language has, each keeping the msgid's placeholders.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.i18n import LOCALES_DIR, ngettext, use_locale
from tgemu import EntityParseError, parse_html

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
# Indonesian nouns do not inflect for number: one form. English: singular and plural.
PLURAL_FORMS = {"id": (1, "0"), "en": (2, "(n != 1)")}


def load(locale: str, *, strict: bool = False) -> Catalog:
    """The catalog; `strict` fails on a malformed entry, e.g. more plural forms than declared."""
    with (LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale, abort_invalid=strict)


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


def plural_entries(
    locale: str, *, strict: bool = False
) -> list[tuple[tuple[str, ...], list[str]]]:
    """The plural messages: ((singular, plural), [a string per form])."""
    return [
        (tuple(message.id), list(message.string or ()))
        for message in load(locale, strict=strict)
        if message.pluralizable
    ]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def html_problems(text: str) -> list[str]:
    """Telegram's reason for refusing `text` as parse_mode HTML, if it would (else nothing).

    The emulator's parser follows Telegram's rules, where a generic HTML parser both refuses
    what Telegram takes ("Q&A": a `&` that starts no entity is text) and takes what it refuses
    (`<span>` without the spoiler class). Its `strict_ampersand` mode is not used: it would
    refuse "Q&A" again. Whether user input is escaped is for the renderers' own tests.
    """
    try:
        parse_html(text)
    except EntityParseError as error:
        return [str(error)]
    return []


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("Q&A dengan <b>rekruter</b>", True),
        ("Tom &amp; Jerry &lt;3", True),
        ('<span class="tg-spoiler">rahasia</span>', True),
        ("<span>x</span>", False),
        ("gaji < 5 juta", False),
        ("<b>tebal</i>", False),
        ("<b>tebal", False),
        ("<p>paragraf</p>", False),
    ],
)
def test_html_check_agrees_with_telegram(text: str, accepted: bool) -> None:
    assert (not html_problems(text)) == accepted


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
def test_html_is_accepted_by_telegram(locale: str) -> None:
    bad = {msgstr: html_problems(msgstr) for _, msgstr, _ in entries(locale)}
    bad = {text: problems for text, problems in bad.items() if problems}
    assert not bad, f"{locale}: HTML Telegram would reject: {bad}"


def in_code() -> list[str | tuple[str, str]]:
    """Every message the code marks: a msgid, or (singular, plural) for `ngettext`."""
    found: list[str | tuple[str, str]] = []
    for _, _, message, _, _ in extract_from_dir(
        ROOT / "bot", method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.append(message if isinstance(message, str) else (message[0], message[1]))
    return found


def test_catalogs_hold_every_message_in_the_code() -> None:
    """Fails when a string was added to the code but `scripts/catalogs.py` was not run."""
    wanted = {message if isinstance(message, str) else message[0] for message in in_code()}
    in_catalog = {msgid for msgid, _, _ in entries("id")}
    missing = sorted(wanted - in_catalog)
    assert not missing, f"run `python scripts/catalogs.py`; not in the catalogs: {missing}"


@pytest.mark.parametrize("locale", ["id", "en"])
def test_plural_calls_are_plural_entries(locale: str) -> None:
    """An `ngettext` call has a plural entry with the same plural msgid; a `_()` call has none."""
    catalog = load(locale)
    bad = []
    for message in in_code():
        entry = catalog.get(message if isinstance(message, str) else message[0])
        if entry is None:
            continue  # reported by test_catalogs_hold_every_message_in_the_code
        if isinstance(message, tuple) != entry.pluralizable or (
            isinstance(message, tuple) and tuple(entry.id) != message
        ):
            bad.append(message)
    assert not bad, f"{locale}: run `python scripts/catalogs.py`; plural mismatch: {bad}"


@pytest.mark.parametrize("locale", ["id", "en"])
def test_plural_forms_header(locale: str) -> None:
    catalog = load(locale)
    assert (catalog.num_plurals, catalog.plural_expr) == PLURAL_FORMS[locale]


@pytest.mark.parametrize("locale", ["id", "en"])
def test_plural_entries_have_every_form(locale: str) -> None:
    """As many forms as the language has (no more: `strict` refuses extras), none empty."""
    forms, _ = PLURAL_FORMS[locale]
    bad = [
        ids
        for ids, strings in plural_entries(locale, strict=True)
        if len(strings) != forms or not all(string.strip() for string in strings)
    ]
    assert not bad, f"{locale}: plural entries without all {forms} form(s): {bad}"


def test_there_are_plural_entries_to_check() -> None:
    assert plural_entries("en")


@pytest.mark.parametrize("locale", ["id", "en"])
def test_ngettext_picks_the_form_for_the_number(locale: str) -> None:
    """The catalogs as the bot loads them: English "1 word", "2 words"; Indonesian one form."""
    for (singular, plural), strings in plural_entries(locale):
        with use_locale(locale):
            chosen = {n: ngettext(singular, plural, n) for n in (0, 1, 2, 5)}
        if locale == "en":
            assert chosen[1] == strings[0]
            assert chosen[0] == chosen[2] == chosen[5] == strings[1]
        else:
            assert set(chosen.values()) == {strings[0]}


def test_no_format_inside_gettext() -> None:
    """Translate first, then format: `_("... {x}").format(x=...)`, never `_(f"...")`."""
    offenders = []
    for path in (ROOT / "bot").rglob("*.py"):
        text = path.read_text("utf-8")
        if re.search(r"\b(_|N_|gettext)\(\s*f[\"']", text) or re.search(
            r"\bngettext\(\s*f[\"']|\bngettext\([^()]*?,\s*f[\"']", text
        ):
            offenders.append(str(path))
    assert not offenders


# --- the glossary ------------------------------------------------------------------------------

GLOSSARY = ROOT / "locales" / "GLOSSARY.md"
# (banned variant, the msgid's beginning): where a banned variant is legitimately used.
ALLOWED = {
    ("cybersecurity", "Jelaskan NIST Cybersecurity Framework"): "a proper name",
    ("penawaran pekerjaan", "Penawaran pekerjaan"): "stage 4's title, as the seed names it",
    ("aplikasi", "Tautan pendek atau berkas aplikasi (APK)"): "a phone app, not a job application",
}


def banned_variants() -> list[str]:
    """The first column of the glossary's "Banned variants" table."""
    text = GLOSSARY.read_text("utf-8")
    table = text.split("## Banned variants", 1)[1]
    rows = [line for line in table.splitlines() if line.startswith("| ")]
    return [row.split("|")[1].strip() for row in rows[1:]]  # rows[0] is the header


def banned_pattern(variant: str) -> re.Pattern[str]:
    """The variant as a whole word, also with a suffix that does not change it ("linimasanya")."""
    end = "" if variant.endswith("-") else r"(?:nya|lah|kah)?(?!\w)"
    return re.compile(r"(?<!\w)" + re.escape(variant) + end, re.IGNORECASE)


def glossary_offences() -> list[tuple[str, str]]:
    """(variant, msgid) for every banned variant outside parentheses in the Indonesian catalog."""
    patterns = {variant: banned_pattern(variant) for variant in banned_variants()}
    found = []
    for msgid, msgstr, _ in entries("id"):
        text = re.sub(r"\([^()]*\)", "", msgstr)  # English may stay in parentheses
        found.extend(
            (variant, msgid) for variant, pattern in patterns.items() if pattern.search(text)
        )
    return found


def excused(variant: str, msgid: str) -> bool:
    return any(variant == allowed and msgid.startswith(start) for allowed, start in ALLOWED)


def test_glossary_has_banned_variants() -> None:
    variants = banned_variants()
    assert len(variants) >= 20 and "cybersecurity" in variants and "ikut menyesal" in variants


def test_indonesian_catalog_uses_the_glossary_terms() -> None:
    offences = [(v, m) for v, m in glossary_offences() if not excused(v, m)]
    assert not offences, f"banned by locales/GLOSSARY.md: {offences}"


def test_glossary_exceptions_are_still_needed() -> None:
    """An allowed or pending entry that matches nothing any more is stale: remove it."""
    found = glossary_offences()
    stale = [
        (variant, start)
        for variant, start in ALLOWED
        if not any(v == variant and m.startswith(start) for v, m in found)
    ]
    assert not stale, f"remove from ALLOWED: {stale}"
