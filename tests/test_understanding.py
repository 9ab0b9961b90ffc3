"""What the coach does with free text (handlers/understanding.py `route`), without Telegram."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.coach import intents
from bot.coach.intents import CONDOLENCE, Intent, IntentResult, Source
from bot.handlers import understanding
from bot.handlers.understanding import READINGS, Action, Route, route

# The train split only: the held-out split is for bench/intents.py, never for tests to tune on.
TRAIN = [e.text for e in intents.load_corpus() if e.split in intents.LEARN_SPLITS]

# Rejection words without the writer's own rejection: fear, a hypothetical, someone else's, a
# question, not about a job, a negation.
NOT_REPORTED = [
    "takut ga lolos besok",
    "takut ditolak lagi pas interview user",
    "kalo ga lolos gimana ya",
    "kayaknya bakal ditolak deh",
    "temen gw ditolak, kasian",
    "pacarku ga lolos psikotes",
    "ditolak ga sih kalo 2 minggu belum ada kabar?",
    "pengajuan kartu kredit aku ditolak",
    "saya tidak menolak tawaran",
    "aku ga mau gagal lagi besok",
    "what if they reject me tomorrow",
    "I'm afraid I won't pass the interview",
    "my friend didn't get the job",
]


def test_no_condolence_without_a_reported_rejection() -> None:
    checked = 0
    for text in TRAIN + NOT_REPORTED:
        if not intents.reports_own_rejection(text):
            assert route(text).action is not Action.CONSOLE, text
            checked += 1
    assert checked > 300
    for text in NOT_REPORTED:
        assert not intents.reports_own_rejection(text), text


# No deadline: the first example may train the classifier; no database: nothing kept between runs.
@settings(max_examples=200, deadline=None, database=None)
@given(st.text(max_size=300))
def test_condolence_only_with_the_evidence(text: str) -> None:
    if route(text).action is Action.CONSOLE:
        assert intents.reports_own_rejection(text)


@pytest.mark.parametrize(
    "text",
    [
        "aku ga lolos lagi 😞",
        "gw dapet email penolakan",
        "sedih banget ditolak terus",
        "I got rejected",
    ],
)
def test_a_reported_rejection_gets_the_tangguh_offer(text: str) -> None:
    assert route(text).action is Action.CONSOLE


def test_a_forwarded_message_is_always_checked() -> None:
    for text in ("halo", "aku ga lolos", "Undangan interview besok jam 10", ""):
        assert route(text, forwarded=True) == Route(Action.CHECK, Intent.SCAM_CHECK)


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("ini penipuan ga?", Action.ASK_FOR_MESSAGE),
        ("is this recruiter legit?", Action.ASK_FOR_MESSAGE),
        ("lowongan ini beneran ga ya?", Action.ASK_FOR_MESSAGE),
        # A warning sign in what the user describes is checked at once.
        ("HR minta transfer 200rb buat seragam, aman ga?", Action.CHECK),
        ("kerja part time like video youtube dibayar 50rb, beneran ga sih", Action.CHECK),
        # A long paste with the question at its end is the message itself.
        ("Halo kak, " + "kami mengundang Anda wawancara. " * 12 + "\nini asli ga?", Action.CHECK),
        # "wajar ga" about a salary is a salary question, not a scam check.
        ("rp 8.500.000 gross itu wajar ga?", Action.ANSWER),
        ("siapa presiden indonesia", Action.MENU),
        ("Saya lulusan informatika", Action.MENU),
        ("I got the job!", Action.ANSWER),
        ("", Action.MENU),
    ],
)
def test_routes(text: str, action: Action) -> None:
    assert route(text).action is action


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("apa kabar?", Intent.GREETING),
        ("nanti aku kabarin ya", Intent.ACKNOWLEDGEMENT),
        ("takut ga lolos besok", Intent.NERVOUS_BEFORE_INTERVIEW),
        ("gimana cara nego gaji?", Intent.ASK_NEGOTIATE_SALARY),
        ("dapet offer nih", Intent.OFFER_RECEIVED),
        ("aku lolos!", Intent.PASSED_STAGE),
        ("interview user kamis jam 2", Intent.INTERVIEW_SCHEDULED),
        ("mau latihan dong", Intent.PRACTICE_REQUEST),
        ("how long should I wait after the interview?", Intent.ASK_HOW_LONG_TO_WAIT),
    ],
)
def test_answers(text: str, intent: Intent) -> None:
    assert route(text) == Route(Action.ANSWER, intent)


def _unsure(monkeypatch: pytest.MonkeyPatch, top: Intent, second: Intent | None) -> None:
    result = IntentResult(top, 0.45, False, Source.MODEL, second)
    monkeypatch.setattr(understanding.intents, "classify", lambda text: result)


def test_unsure_asks_between_the_two_readings(monkeypatch: pytest.MonkeyPatch) -> None:
    _unsure(monkeypatch, Intent.ASK_PREPARE_INTERVIEW, Intent.ASK_HOW_LONG_TO_WAIT)
    assert route("x y z") == Route(
        Action.ASK_WHICH, Intent.ASK_PREPARE_INTERVIEW, Intent.ASK_HOW_LONG_TO_WAIT
    )


@pytest.mark.parametrize(
    ("top", "second", "offered"),
    [
        (Intent.ASK_PREPARE_INTERVIEW, Intent.OTHER, None),
        (Intent.ASK_PREPARE_INTERVIEW, None, None),
        (Intent.ASK_PREPARE_INTERVIEW, Intent.ASK_PREPARE_INTERVIEW, None),
        # Never a condolence reading: the stages instead.
        (Intent.NERVOUS_BEFORE_INTERVIEW, Intent.SAD_AFTER_REJECTION, None),
    ],
)
def test_unsure_with_one_reading_offers_it_and_the_stages(
    monkeypatch: pytest.MonkeyPatch, top: Intent, second: Intent | None, offered: Intent | None
) -> None:
    _unsure(monkeypatch, top, second)
    assert route("x y z") == Route(Action.ASK_WHICH, top, offered)


def test_unsure_of_nothing_the_coach_does_shows_the_menu(monkeypatch: pytest.MonkeyPatch) -> None:
    _unsure(monkeypatch, Intent.OTHER, Intent.ASK_PREPARE_INTERVIEW)
    assert route("x y z").action is Action.MENU


def test_a_condolence_reading_is_never_offered() -> None:
    assert not set(READINGS) & CONDOLENCE
    assert Intent.OTHER not in READINGS


def test_load_classifier_trains_the_shipped_classifier_once() -> None:
    understanding.load_classifier()
    assert intents.default_classifier() is intents.default_classifier()
    assert intents.default_classifier.cache_info().currsize == 1
