"""The drafts: the user's details escaped, within Telegram's limits, valid HTML, both locales."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from bot.coach import drafts
from bot.i18n import use_locale
from tests.test_catalogs import html_problems

Details = dict[str, str]
Draft = Callable[[Details], str]

TIMES = ("Kamis, 26 November 2026 pukul 10.00 WIB", "Jumat, 27 November 2026 pukul 14.00 WIB")


def recruiter_reply(channel: drafts.Channel) -> Draft:
    return lambda d: drafts.recruiter_reply(
        company=d["company"],
        role=d["role"],
        recruiter_name=d["name"],
        channel=channel,
        time_options=[d["time"], TIMES[1], d["time"]],
        user_name=d["user"],
    )


def interviewer_thank_you(kind: drafts.InterviewKind) -> Draft:
    return lambda d: drafts.interviewer_thank_you(
        company=d["company"],
        role=d["role"],
        interviewer=d["name"],
        kind=kind,
        topic=d["text"],
        user_name=d["user"],
    )


CHANNELS: tuple[drafts.Channel, ...] = ("telepon", "email", "pesan", "linkedin")
KINDS: tuple[drafts.InterviewKind, ...] = ("manajer", "teknis", "panel")
DRAFTS: dict[str, Draft] = {
    **{f"recruiter_reply-{channel}": recruiter_reply(channel) for channel in CHANNELS},
    "screening_thank_you": lambda d: drafts.screening_thank_you(
        company=d["company"],
        role=d["role"],
        recruiter_name=d["name"],
        fit_reason=d["text"],
        user_name=d["user"],
    ),
    **{f"interviewer_thank_you-{kind}": interviewer_thank_you(kind) for kind in KINDS},
    "offer_accept": lambda d: drafts.offer_accept(
        company=d["company"],
        role=d["role"],
        user_name=d["user"],
        contact_name=d["name"],
        start_date=d["time"],
    ),
    "offer_negotiate": lambda d: drafts.offer_negotiate(
        company=d["company"],
        role=d["role"],
        user_name=d["user"],
        ask=d["text"],
        contact_name=d["name"],
    ),
    "offer_ask_time": lambda d: drafts.offer_ask_time(
        company=d["company"],
        role=d["role"],
        user_name=d["user"],
        decide_by=d["time"],
        contact_name=d["name"],
    ),
    "rejection_reply": lambda d: drafts.rejection_reply(
        company=d["company"], role=d["role"], contact_name=d["name"], user_name=d["user"]
    ),
}

REALISTIC: Details = {
    "company": "PT Aman Siber Nusantara",
    "role": "Junior SOC Analyst",
    "name": "Rina Wijaya",
    "user": "Budi Santoso",
    "time": TIMES[0],
    "text": "pengalaman saya menganalisis log SSH di home lab dengan Wazuh",
}
HOSTILE: Details = {
    "company": "<PT & Co>",
    "role": "<b>Analyst</b>",
    "name": "Ma'ruf <script>",
    "user": "Budi & Sons",
    "time": "Senin < 10.00",
    "text": "x < y & z > w",
}
EMPTY: Details = dict.fromkeys(REALISTIC, "")
LOCALES = ["id", "en"]


def body(draft: str) -> str:
    match = re.fullmatch(r"<b>[^\n<]+</b>\n<pre>(.*)</pre>", draft, flags=re.DOTALL)
    assert match, "a bold heading line, then one <pre> block"
    return match.group(1)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("name", DRAFTS)
def test_realistic_draft_carries_the_details_and_fits(name: str, locale: str) -> None:
    with use_locale(locale):
        draft = DRAFTS[name](REALISTIC)
    assert not html_problems(draft), html_problems(draft)
    assert len(draft) < 1500
    text = body(draft)
    assert REALISTIC["company"] in text
    assert REALISTIC["role"] in text
    assert REALISTIC["user"] in text


@pytest.mark.parametrize("name", DRAFTS)
def test_user_values_are_escaped(name: str) -> None:
    draft = DRAFTS[name](HOSTILE)
    assert not html_problems(draft), html_problems(draft)
    assert "&lt;PT &amp; Co&gt;" in draft
    assert "<PT" not in draft and "& Co" not in draft
    assert "<b>Analyst" not in draft and "<script>" not in draft
    assert "Budi &amp; Sons" in draft


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("name", DRAFTS)
def test_long_inputs_stay_one_message(name: str, locale: str) -> None:
    long = dict.fromkeys(REALISTIC, "a" * 200)
    with use_locale(locale):
        draft = DRAFTS[name](long)
    assert not html_problems(draft)
    assert len(draft) < 4096
    very_long = dict.fromkeys(REALISTIC, "& " * 2000)
    with use_locale(locale):
        draft = DRAFTS[name](very_long)
    assert not html_problems(draft)
    # Telegram counts the text after entity parsing: "&amp;" is one character.
    assert len(re.sub(r"<[^>]+>|&\w+;", "x", draft)) < 4096


@pytest.mark.parametrize("name", DRAFTS)
def test_empty_names_get_placeholders_and_neutral_greetings(name: str) -> None:
    draft = DRAFTS[name](EMPTY)
    assert not html_problems(draft)
    text = body(draft)
    assert "{" not in text and "  " not in text
    assert "[Nama Anda]" in text
    assert "[nama perusahaan]" in text and "[nama posisi]" in text
    assert "Bapak/Ibu" in text or name == "recruiter_reply-telepon"
    with use_locale("en"):
        english = body(DRAFTS[name](EMPTY))
    assert "[Your name]" in english
    assert "Bapak/Ibu" not in english
    assert "Hello," in english or name == "recruiter_reply-telepon"


@pytest.mark.parametrize("name", DRAFTS)
def test_english_drafts_come_from_the_catalog(name: str) -> None:
    indonesian = DRAFTS[name](REALISTIC)
    with use_locale("en"):
        english = DRAFTS[name](REALISTIC)
    assert english != indonesian
    for word in ("Terima kasih", "Saya ", "Draf ", "Subjek", "Hormat"):
        assert word not in english, word


def test_email_reply_has_a_subject_and_chat_reply_does_not() -> None:
    email, chat = DRAFTS["recruiter_reply-email"], DRAFTS["recruiter_reply-pesan"]
    assert body(email(REALISTIC)).startswith("Subjek: ")
    assert "Subjek" not in body(chat(REALISTIC))
    with use_locale("en"):
        assert body(email(REALISTIC)).startswith("Subject: ")


def test_recruiter_reply_lists_at_most_three_times_and_asks_when_none() -> None:
    many = ["Slot 1", "Slot 1", *(f"Slot {n}" for n in range(2, 6))]
    draft = drafts.recruiter_reply(
        company="PT A", role="Analyst", recruiter_name="", channel="email",
        time_options=many, user_name="Budi",
    )  # fmt: skip
    assert draft.count("Slot 1") == 1 and "Slot 3" in draft and "Slot 4" not in draft
    draft = drafts.recruiter_reply(
        company="PT A", role="Analyst", recruiter_name="", channel="pesan",
        time_options=["", "  "], user_name="Budi",
    )  # fmt: skip
    assert "\n- " not in draft and "Kapan waktu" in draft


def test_optional_details_shape_the_draft() -> None:
    base = {"company": "PT A", "role": "Analyst", "user_name": "Budi"}
    generic = drafts.screening_thank_you(recruiter_name="", **base)
    specific = drafts.screening_thank_you(
        recruiter_name="Rina", fit_reason="pengalaman SIEM saya.", **base
    )
    assert "keamanan siber" in generic
    assert "pengalaman SIEM saya." in specific and "saya.." not in specific
    assert "[kisaran gaji]" in drafts.offer_negotiate(**base)
    assert "gaji pokok 9 juta" in drafts.offer_negotiate(ask="gaji pokok 9 juta", **base)
    assert "satu atau dua hari" in drafts.offer_ask_time(decide_by="", **base)
    assert "Jumat" in drafts.offer_ask_time(decide_by="Jumat", **base)
    kinds = {
        kind: drafts.interviewer_thank_you(interviewer="Andi", kind=kind, **base) for kind in KINDS
    }
    assert len(set(kinds.values())) == 3
    assert all("Andi" in draft for draft in kinds.values())
