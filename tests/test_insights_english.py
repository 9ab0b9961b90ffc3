"""Insights on answers in English, and in the mix of English and Indonesian many people speak.

A user who chose English answers in English: the talking points, terms, STAR parts and fillers
must be found as they are in Indonesian, whatever the language the user chose.
"""

from __future__ import annotations

import pytest

from bot.coach.insights import (
    Length,
    StarPart,
    analyse,
    answer_language,
    describe,
    english_stem,
    read,
    roots,
    tokens,
)
from bot.coach.practice import QUESTIONS, QUESTIONS_BY_ID
from bot.i18n import use_locale
from tests.test_catalogs import html_problems

# Answers a good candidate might type in English, each covering every talking point.
COMPLETE_ANSWERS: dict[str, str] = {
    "u-diri": (
        "I graduated in Informatics and worked for two years as an IT support technician. I became "
        "interested in cybersecurity when I helped my office recover from a ransomware attack. "
        "Since then I completed the Google Cybersecurity Certificate and built a home lab with "
        "Wazuh and a few Linux machines, where I practise analysing logs. I'd like to join your "
        "team as a SOC analyst."
    ),
    "u-mengapa": (
        "It started when my mother's bank account was phished. I wanted to understand how it "
        "happened, so I began learning on TryHackMe and joined a local security community. I like "
        "that this work protects ordinary people and their data. My goal is to grow into an "
        "incident responder."
    ),
    "u-kelemahan": (
        "My weakness is public speaking; I get nervous. I've been working on it by presenting at "
        "my study group every week. I'm already much more comfortable than a year ago."
    ),
    "p-tantangan": (
        "During my internship at a bank, we had a sudden wave of phishing emails. My task was to "
        "help triage the reports. First, I analysed the headers of each email, then I built a "
        "list of domains to block and escalated the suspicious cases to the security team. As a "
        "result, within two weeks the phishing emails that got through dropped by 40%. I learned "
        "how much a simple, documented process helps."
    ),
    "p-kesalahan": (
        "Once I deleted the wrong firewall rule during my internship. I admitted the mistake to "
        "my supervisor right away, and we restored the rule from the backup within ten minutes. "
        "Since then I always double-check changes and keep a checklist for every change."
    ),
    "p-tim": (
        "In my final year project I was responsible for the backend. We coordinated in weekly "
        "meetings and shared tasks on Trello. In the end we delivered on time and won second "
        "place."
    ),
    "t-cia": (
        "The CIA triad stands for confidentiality, integrity and availability. For example, "
        "encryption keeps data confidential, hashing verifies its integrity, and backups keep "
        "systems available."
    ),
    "t-siem": (
        "A SIEM collects logs from many sources in one place and normalises them. Correlation "
        "rules generate alerts, which SOC analysts triage and investigate with queries. Examples "
        "are Splunk, QRadar and Wazuh."
    ),
    "t-ir": (
        "The phases are preparation, with playbooks and training; detection and analysis; "
        "containment, eradication and recovery; and post-incident activity, where we review "
        "lessons learned."
    ),
    "t-phishing": (
        "I check the sender address, the domain, links and attachments, and whether the tone is "
        "urgent. I analyse the headers and check URLs on VirusTotal in a sandbox, without "
        "clicking. Then I block the sender, remove the email from inboxes, reset passwords if "
        "needed and escalate. Finally, users need awareness training."
    ),
    "t-fpfn": (
        "A false positive is an alert on benign activity; a false negative is a real attack that "
        "goes undetected. False negatives are more dangerous, but too many false positives cause "
        "alert fatigue, so we tune the detection rules and thresholds."
    ),
    "t-least": (
        "Least privilege means users only get the access they need for their job. It limits the "
        "damage when an account is compromised or an insider misbehaves. We apply it with "
        "role-based access control, periodic access reviews and revoking access at offboarding."
    ),
    "t-mfa": (
        "MFA combines factors: something you know, something you have and something you are, "
        "like a fingerprint. Passwords get leaked, guessed or stolen through phishing, so a second "
        "factor stops most account takeovers. Push fatigue and SIM swapping exist, and hardware "
        "security keys are stronger."
    ),
    "t-enkripsi": (
        "Symmetric encryption uses one shared key and is fast, for example AES. Asymmetric "
        "encryption uses a key pair, a public and a private key, for example RSA. TLS combines "
        "both: a key exchange with asymmetric keys, then symmetric encryption. Hashing is "
        "different because it is one-way."
    ),
    "t-risiko": (
        "A threat is something that can cause harm, such as an attacker. A vulnerability is a "
        "weakness they can exploit. Risk is the likelihood times the impact. For example, an "
        "unpatched server is a vulnerability and ransomware gangs are the threat."
    ),
    "t-bruteforce": (
        "First I check the pattern: the source IP, the account and the timing. Then I check "
        "whether any login succeeded afterwards. If so, I lock the account, reset the password "
        "and enforce MFA, and block the IP. I document everything in the ticket and escalate "
        "according to the playbook."
    ),
}


@pytest.mark.parametrize("locale", ["en", "id"])
@pytest.mark.parametrize("question_id", sorted(COMPLETE_ANSWERS))
def test_an_english_answer_covers_the_talking_points(question_id: str, locale: str) -> None:
    """Whichever language the user chose: an English answer is not "missing" its points."""
    question = QUESTIONS_BY_ID[question_id]
    found = analyse(COMPLETE_ANSWERS[question_id], question, locale)
    assert found.missing_points == (), [question.points[i].text for i in found.missing_points]
    assert found.language == "en"
    assert found.fillers == ()
    for shown in ("id", "en"):
        with use_locale(shown):
            assert not html_problems(describe(question, found))


def test_every_talking_point_has_cues_in_both_languages() -> None:
    for question in QUESTIONS:
        for point in question.points:
            assert point.cues_id and point.cues_en, (question.id, point.text)
            assert all(cue == cue.strip().lower() and cue for cue in point.cues), point.text


def test_english_terms_and_star() -> None:
    question = QUESTIONS_BY_ID["p-tantangan"]
    found = analyse(COMPLETE_ANSWERS["p-tantangan"], question, "en")
    assert found.star_found == tuple(StarPart)
    assert {"phishing", "analisis", "triase", "eskalasi", "dokumentasi", "kerja_tim"} <= set(
        found.terms
    )
    assert found.length is Length.SHORT


def test_star_in_english_with_irregular_verbs() -> None:
    found = analyse(
        "Back then I was an intern and my job was to clean up the firewall rules. I took the "
        "list, wrote a script and built a report. In the end we resolved 30 stale rules.",
        QUESTIONS_BY_ID["p-inisiatif"],
        "en",
    )
    assert found.star_found == tuple(StarPart)


def test_a_user_with_english_locale_answering_in_indonesian() -> None:
    question = QUESTIONS_BY_ID["t-cia"]
    found = analyse(
        "CIA triad terdiri dari kerahasiaan, integritas, dan ketersediaan. Contohnya, enkripsi "
        "menjaga kerahasiaan dan hash memeriksa integritas.",
        question,
        "en",
    )
    assert found.missing_points == ()
    assert found.language == "id"
    with use_locale("en"):
        message = describe(question, found)
    assert "You touched on every point" in message


def test_a_mixed_answer_counts_cues_of_both_languages() -> None:
    found = analyse(
        "Jadi SIEM itu collect logs dari banyak source, terus correlation rules bikin alert, "
        "analis SOC triage alertnya. Contohnya Splunk sama Wazuh.",
        QUESTIONS_BY_ID["t-siem"],
        "id",
    )
    assert found.missing_points == ()
    assert {"siem", "log", "alert", "soc", "triase"} <= set(found.terms)


@pytest.mark.parametrize(
    ("words", "locale", "language"),
    [
        ("I checked the logs and the alerts were false positives", "id", "en"),
        ("Saya memeriksa log dan alert yang masuk", "en", "id"),
        ("SIEM Splunk Wazuh", "en", "en"),  # no function words: the user's locale decides
        ("SIEM Splunk Wazuh", "id", "id"),
        ("", "en", "en"),
    ],
)
def test_answer_language(words: str, locale: str, language: str) -> None:
    assert answer_language(tokens(words), locale) == language


# --- English word forms -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("took", "take"),
        ("built", "build"),
        ("wrote", "write"),
        ("found", "find"),
        ("analysed", "analyze"),  # British spelling read as American
        ("prioritised", "prioritize"),
        ("normalises", "normalize"),
        ("documentation", "document"),
        ("preparation", "prepare"),
        ("improvements", "improve"),
        ("attackers", "attack"),
        ("studied", "study"),
        ("policies", "policy"),
        ("patches", "patch"),
        ("used", "use"),
        ("spotted", "spot"),
    ],
)
def test_english_roots(word: str, base: str) -> None:
    assert read(word).has(base)


@pytest.mark.parametrize(
    ("word", "not_root"),
    [
        ("times", "tim"),  # Indonesian for "team"
        ("timing", "tim"),
        ("coded", "cod"),
    ],
)
def test_english_roots_that_would_be_wrong(word: str, not_root: str) -> None:
    assert not_root not in roots(word)
    assert not read(word).has(not_root)


def test_contractions_and_possessives_are_one_word() -> None:
    assert tokens("I'm sure the company's SIEM didn't alert") == [
        "i'm",
        "sure",
        "the",
        "company",
        "siem",
        "didn't",
        "alert",
    ]
    assert read("Don't click the link").has("don't click")


def test_short_glossary_forms_are_words_not_roots() -> None:
    """An acronym matches as a word ("SOP", "SOPnya", "logs"), not inside another word."""
    assert "playbook" not in analyse("Tetap sopan.", QUESTIONS_BY_ID["p-etika"]).terms
    assert "playbook" in analyse("Ikuti SOPnya.", QUESTIONS_BY_ID["p-etika"]).terms
    assert "kerja_tim" not in analyse("Timing matters, times change.", QUESTIONS[0], "en").terms
    assert "kerja_tim" in analyse("Saya cerita ke timnya.", QUESTIONS[0]).terms
    assert "log" in analyse("I read the logs.", QUESTIONS[0], "en").terms


@pytest.mark.parametrize(
    ("words", "key"),
    [
        ("alerts alerted alert alerting", "alert"),
        ("escalate escalated escalating", "escal"),
        ("logging logged logs", "log"),
        ("policies policy", "polici"),
        ("analysed analyzed", "analyz"),
        ("took taken take", "take"),
        ("class", "class"),
        ("analysis", "analysi"),
    ],
)
def test_english_stem_groups_forms(words: str, key: str) -> None:
    assert {english_stem(word) for word in words.split()} == {key}


def test_top_words_of_an_english_answer_are_grouped_by_english_forms() -> None:
    found = analyse(
        "The alert fired, I triaged alerts all day, and the alerts kept coming; something "
        "something.",
        QUESTIONS_BY_ID["t-siem"],
        "en",
    )
    assert found.top_words == (("alerts/alert", 3),)


# --- fillers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "fillers"),
    [
        ("Um, I think, uh, the SIEM, er, collects logs.", {"um": 1, "uh": 1, "er": 1}),
        ("Hmm, basically it was, like, really hard, you know.", {
            "hmm": 1, "basically": 1, "like": 1, "you know": 1}),
        ("I was like really nervous, I mean, like, it was like 50 alerts.", {
            "like": 3, "I mean": 1}),
        ("You know, I literally checked every log.", {"you know": 1, "literally": 1}),
        # The same words as ordinary words are no fillers.
        ("I like Python. Tools like Splunk help.", {}),
        ("MFA is something you know, something you have.", {}),
        ("Do you know nmap? As you know, it scans ports.", {}),
        ("I mean it: I would like to join.", {}),
        ("That is the part I like. I like really hard problems; we'd like 2 more.", {}),
        # Fillers of both languages in one answer.
        ("Emm, basically alertnya kayak false positive semua, gitu.", {
            "emm": 1, "kayak": 1, "gitu": 1, "basically": 1}),
    ],
)  # fmt: skip
def test_english_fillers(answer: str, fillers: dict[str, int]) -> None:
    found = analyse(answer, QUESTIONS_BY_ID["u-kekuatan"], "en")
    assert dict(found.fillers) == fillers


def test_fillers_are_shown_as_typed() -> None:
    question = QUESTIONS_BY_ID["u-kekuatan"]
    with use_locale("en"):
        message = describe(question, analyse("Um, like, I'm, um, careful, you know.", question))
    assert "um (2×), like (1×), you know (1×)" in message


# --- the length, with its plural --------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "answer", "expected"),
    [
        ("en", "Careful.", "📏 <b>Length:</b> 1 word."),
        ("en", "Careful, calm.", "📏 <b>Length:</b> 2 words."),
        ("id", "Teliti.", "📏 <b>Panjang:</b> 1 kata."),
        ("id", "Teliti, tenang.", "📏 <b>Panjang:</b> 2 kata."),
    ],
)
def test_the_length_line_has_the_plural_of_the_language(
    locale: str, answer: str, expected: str
) -> None:
    question = QUESTIONS_BY_ID["u-kekuatan"]
    with use_locale(locale):
        assert expected in describe(question, analyse(answer, question))
