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
    "withdrawal": lambda d: drafts.withdrawal(
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
    chat = name in ("recruiter_reply-pesan", "recruiter_reply-linkedin")
    assert ("Hello," if chat else "Dear Sir or Madam,") in english or name.endswith("telepon")


@pytest.mark.parametrize("name", DRAFTS)
def test_english_drafts_come_from_the_catalog(name: str) -> None:
    indonesian = DRAFTS[name](REALISTIC)
    with use_locale("en"):
        english = DRAFTS[name](REALISTIC)
    assert english != indonesian
    for word in ("Terima kasih", "Saya ", "Draf ", "Subjek", "Hormat"):
        assert word not in english, word


def test_replies_stay_in_the_thread_and_new_emails_have_a_subject() -> None:
    """The guidance says to answer the recruiter in their thread: no new subject line there."""
    email, chat = DRAFTS["recruiter_reply-email"], DRAFTS["recruiter_reply-pesan"]
    assert "Subjek" not in body(email(REALISTIC))
    assert "utas email yang sama" in email(REALISTIC)
    assert "Subjek" not in body(chat(REALISTIC))
    assert body(DRAFTS["screening_thank_you"](REALISTIC)).startswith("Subjek: ")
    new = drafts.recruiter_reply(
        company="PT A", role="Analyst", channel="email", time_options=[], user_name="Budi",
        new_thread=True,
    )  # fmt: skip
    assert body(new).startswith("Subjek: ") and "utas" not in new
    with use_locale("en"):
        assert body(DRAFTS["screening_thank_you"](REALISTIC)).startswith("Subject: ")


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
    assert "gaji pokok 9 juta" in drafts.offer_negotiate(ask="gaji pokok 9 juta", **base)
    kinds = {
        kind: drafts.interviewer_thank_you(interviewer="Andi", kind=kind, **base) for kind in KINDS
    }
    assert len(set(kinds.values())) == 3
    assert all("Andi" in draft for draft in kinds.values())


def test_negotiation_names_a_concrete_range_from_the_offer() -> None:
    base = {"company": "PT A", "role": "Analyst", "user_name": "Budi"}
    without = body(drafts.offer_negotiate(**base))
    assert "[" not in without.replace("[Nama Anda]", "") and "ditinjau kembali" in without
    offered = body(drafts.offer_negotiate(offer_amount=8_500_000, **base))
    assert "Rp8.500.000 per bulan" in offered
    assert "pada kisaran Rp9.000.000–Rp9.400.000 per bulan" in offered
    chosen = body(drafts.offer_negotiate(counter_range=(10_000_000, 9_500_000), **base))
    assert "Rp9.500.000–Rp10.000.000" in chosen and "ditawarkan adalah" not in chosen
    with use_locale("en"):
        english = body(drafts.offer_negotiate(offer_amount=8_500_000, **base))
    assert "Rp9.000.000–Rp9.400.000 a month" in english


def test_asking_for_time_fits_the_deadline() -> None:
    base = {"company": "PT A", "role": "Analyst", "user_name": "Budi"}
    deadline = "Jumat, 4 Desember 2026 pukul 17.00 WIB"
    none = body(drafts.offer_ask_time(**base))
    assert "satu atau dua hari" in none and "tambahan" not in none
    until = body(drafts.offer_ask_time(decide_by="Senin, 7 Desember 2026", **base))
    assert "paling lambat Senin, 7 Desember 2026?" in until
    extend = body(drafts.offer_ask_time(deadline=deadline, **base))
    assert "tambahan waktu satu atau dua hari" in extend
    # The company's own deadline is stated as understood, never asked for.
    assert f"diharapkan paling lambat {deadline}." in extend
    assert f"jawaban paling lambat {deadline}?" not in extend
    later = body(drafts.offer_ask_time(deadline=deadline, decide_by="Senin, 7 Desember", **base))
    assert "tambahan waktu sehingga dapat memberikan jawaban paling lambat Senin, 7 Desember?" in (
        later
    )
    same = body(drafts.offer_ask_time(deadline=deadline, decide_by=deadline, **base))
    assert same == extend


@pytest.mark.parametrize(
    ("typed", "greeting", "you"),
    [
        ("bu rina", "Yth. Ibu Rina,", "Ibu"),
        ("Pak Budi Santoso", "Yth. Bapak Budi Santoso,", "Bapak"),
        ("budi", "Yth. Bapak/Ibu Budi,", "Bapak/Ibu"),
        ("mbak sari", "Yth. Ibu Sari,", "Ibu"),
        ("", "Yth. Bapak/Ibu,", "Bapak/Ibu"),
    ],
)
def test_recipients_get_their_honorific(typed: str, greeting: str, you: str) -> None:
    draft = body(drafts.rejection_reply(company="PT A", role="Analyst", contact_name=typed,
                                        user_name="Budi"))  # fmt: skip
    assert greeting in draft.splitlines()
    assert f"dari {you} mengenai" in draft
    with use_locale("en"):
        english = body(drafts.rejection_reply(company="PT A", role="Analyst",
                                              contact_name=typed, user_name="Budi"))  # fmt: skip
    assert "Bapak" not in english and "Ibu" not in english


def test_signature_uses_the_full_name_and_phone_when_known() -> None:
    base = {"company": "PT A", "role": "Analyst", "user_name": "Rin"}
    known = body(drafts.offer_accept(full_name="Rina Wijaya", phone="0812-1111-2222", **base))
    assert known.endswith("Hormat saya,\nRina Wijaya\n0812-1111-2222")
    assert body(drafts.offer_accept(**base)).endswith("Hormat saya,\nRin")
    # The recruiter reply asks for the phone, as the guidance does, when it is not known.
    reply = drafts.recruiter_reply(company="PT A", role="Analyst", channel="email",
                                   time_options=[], user_name="Rin")  # fmt: skip
    assert body(reply).endswith("Rin\n[Nomor telepon Anda]")


def test_names_typed_in_lower_case_are_written_formally() -> None:
    draft = body(drafts.screening_thank_you(company="pt aman siber", role="analis soc",
                                            recruiter_name="bu rina", user_name="Budi"))  # fmt: skip
    assert "Analis SOC di PT Aman Siber" in draft and "Yth. Ibu Rina," in draft


# --- the register: every variant, both languages -------------------------------------------

FULL: dict[str, object] = {
    "company": "pt aman siber",
    "role": "analis soc",
    "user_name": "Rina",
    "full_name": "Rina Wijaya",
    "phone": "0812-3456-7890",
}
PEOPLE = ("bu rina", "pak budi", "Sari", "")


def variants() -> list[tuple[str, Callable[[], str], bool]]:
    """(name, draft, every detail known) for every shape of every draft."""
    found: list[tuple[str, Callable[[], str], bool]] = []

    def add(name: str, known: bool, make: Callable[..., str], **kwargs: object) -> None:
        found.append((name, lambda: make(**FULL, **kwargs), known))

    for person in PEOPLE:
        named = bool(person)
        for channel in CHANNELS:
            for times in ((), TIMES):
                for thread in (False, True):
                    add(f"recruiter-{channel}-{person}-{len(times)}-{thread}", named,
                        drafts.recruiter_reply, recruiter_name=person, channel=channel,
                        time_options=times, new_thread=thread)  # fmt: skip
        for reason in ("", "pengalaman saya di home lab"):
            add(f"screening-{person}-{bool(reason)}", named and bool(reason),
                drafts.screening_thank_you, recruiter_name=person, fit_reason=reason)  # fmt: skip
        for kind in KINDS:
            for topic in ("", "playbook phishing"):
                add(f"interviewer-{kind}-{person}-{bool(topic)}", named and bool(topic),
                    drafts.interviewer_thank_you, interviewer=person, kind=kind,
                    topic=topic)  # fmt: skip
        for thread in (False, True):
            for start in ("", "Senin, 4 Januari 2027"):
                add(f"accept-{person}-{bool(start)}-{thread}", named, drafts.offer_accept,
                    contact_name=person, start_date=start, new_thread=thread)  # fmt: skip
            for amount, span, ask in ((None, None, ""), (8_500_000, None, ""),
                                      (8_500_000, (9_000_000, 9_500_000), ""),
                                      (None, None, "tunjangan transportasi")):  # fmt: skip
                add(f"negotiate-{person}-{amount}-{span}-{bool(ask)}-{thread}", named,
                    drafts.offer_negotiate, contact_name=person, offer_amount=amount,
                    counter_range=span, ask=ask, new_thread=thread)  # fmt: skip
            for deadline in ("", "Jumat, 4 Desember 2026 pukul 17.00 WIB"):
                for decide_by in ("", "Senin, 7 Desember 2026"):
                    add(f"ask_time-{person}-{bool(deadline)}-{bool(decide_by)}-{thread}", named,
                        drafts.offer_ask_time, contact_name=person, deadline=deadline,
                        decide_by=decide_by, new_thread=thread)  # fmt: skip
            add(f"rejection-{person}-{thread}", named, drafts.rejection_reply,
                contact_name=person, new_thread=thread)  # fmt: skip
    return found


VARIANTS = variants()
CHAT_PARTICLES = re.compile(
    r"\b(dong|sih|nih|deh|kok|lho|loh|yuk|kak|aja|gak|nggak|enggak|udah|banget|gimana|"
    r"kayak|makasih|thx|btw)\b|\b(ya|kan)\s*[?!]",
    re.IGNORECASE,
)
COLLOQUIAL = ("lewat", "tidak sabar", "kontribusikan", "kecewa", "Apakah ada ruang",
              "Semoga sukses untuk tim", "ikut menyesal")  # fmt: skip


def placeholders_removed(text: str) -> str:
    """The draft without its [placeholders]: those speak to the user, not to the reader."""
    return re.sub(r"\[[^\]]*\]", "", text)


@pytest.mark.parametrize(("name", "make", "known"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_indonesian_drafts_keep_the_business_register(
    name: str, make: Callable[[], str], known: bool
) -> None:
    with use_locale("id"):
        draft = make()
    assert not html_problems(draft)
    text = body(draft)
    prose = placeholders_removed(text)
    assert not re.search(r"\bAnda\b", prose), "the reader is Bapak/Ibu, never Anda"
    assert not re.search(r"\bkita\b", prose, re.IGNORECASE), "no 'kita' for the company"
    assert not CHAT_PARTICLES.search(prose), CHAT_PARTICLES.search(prose)
    for phrase in COLLOQUIAL:
        assert phrase.lower() not in prose.lower(), phrase
    assert ("Analis SOC" in text and "PT Aman Siber" in text) or "telepon" in name
    if known:
        assert "[" not in text, "no placeholder is left when the data is known"
    lines = text.splitlines()
    greeting = next((line for line in lines if line.startswith("Yth.")), None)
    if name.startswith("recruiter-") and "-email-" not in name:
        assert greeting is None  # chat and phone: no letter greeting
        assert (
            "Bapak/Ibu" in text
            or "Ibu Rina" in text
            or "Bapak Budi" in text
            or ("Bapak/Ibu Sari" in text)
        )
    else:
        assert greeting in {
            "Yth. Ibu Rina,", "Yth. Bapak Budi,", "Yth. Bapak/Ibu Sari,", "Yth. Bapak/Ibu,"
        }  # fmt: skip
        assert "Hormat saya," in lines and "Rina Wijaya" in lines
    if "-bu rina-" in name:
        assert "Bapak/Ibu" not in prose, "a known honorific is used throughout"


@pytest.mark.parametrize(("name", "make", "known"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_english_drafts_have_no_indonesian_address(
    name: str, make: Callable[[], str], known: bool
) -> None:
    with use_locale("en"):
        draft = make()
    assert not html_problems(draft)
    text = body(draft)
    for word in ("Bapak", "Ibu", "Yth.", "Hormat saya", "Subjek", "Terima kasih"):
        assert word not in text, word
    if known:
        assert "[" not in text


# --- the nudge after an interview ------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("count", [1, 2, 3, 8])
def test_debrief_nudge_fits_one_message_whatever_the_number_of_interviewers(
    locale: str, count: int
) -> None:
    from bot.coach.length import TELEGRAM_LIMIT, visible_len
    from bot.followups.render import NUDGE_BUDGET, debrief

    people = [f"bu rina wijaya {n}" for n in range(count)]
    with use_locale(locale):
        message = debrief("Analis SOC di PT Aman Siber", "PT Aman Siber", "Analis SOC",
                          interviewers=people, kind="panel", user_name="Budi")  # fmt: skip
        # The longest the app stores: company and role 200 characters, names 100 (emoji count
        # two units each), a Telegram first name 128.
        long = debrief("x" * 401, "y" * 200, "z" * 200, interviewers=["😀" * 100] * 8,
                       kind="teknis", user_name="🙂" * 128)  # fmt: skip
    for text in (message, long):
        assert not html_problems(text)
        assert visible_len(text) <= NUDGE_BUDGET < TELEGRAM_LIMIT
    # Every interviewer is greeted by name, in a note of their own or in the list.
    for number in range(count):
        assert f"Rina Wijaya {number}," in message
    if count <= 2:
        assert message.count("<pre>") == count
    if count == 8:
        assert message.count("<pre>") == 1


def test_debrief_after_a_screening_is_the_recruiter_email() -> None:
    from bot.followups.render import debrief

    message = debrief("PT A", "PT A", "Analyst", interviewers=None, kind="manajer",
                      user_name="Budi")  # fmt: skip
    assert message.count("<pre>") == 1 and "wawancara pendahuluan" in message
