"""The /latihan notes agree with themselves and read casual answers fairly (issue 14)."""

from __future__ import annotations

import pytest

from bot.coach.insights import Length, StarPart, analyse, describe, read
from bot.coach.practice import QUESTIONS_BY_ID
from bot.handlers.latihan import outline_text
from bot.i18n import use_locale
from tests.test_catalogs import html_problems

# The usability test's answer: 82 words, casual Indonesian, all four STAR parts.
CAPSTONE = (
    "jadi pas capstone semester 7 server kampus kena brute force ssh, ribuan login gagal tiap "
    "jam. tugas aku waktu itu jaga server itu bareng 2 temen. aku bikin rule fail2ban, terus "
    "kirim log ke ELK biar bisa dipantau, dan aku tulis panduan singkat buat tim. hasilnya "
    "login gagal turun 90% dalam seminggu dan dosen minta panduannya dipake buat lab lain. "
    "dari situ aku belajar pentingnya monitoring dari awal, karena tanpa log kami tidak akan "
    "tahu ada serangan itu sama sekali, jujur saja"
)


def test_an_answer_with_all_of_star_is_not_called_too_short() -> None:
    question = QUESTIONS_BY_ID["p-tantangan"]
    found = analyse(CAPSTONE, question, "id")
    assert found.word_count == 83
    assert found.star_found == tuple(StarPart)
    assert "terlalu singkat" not in describe(question, found)
    # Shorter still, but complete: told which detail to add, not that it is too short.
    shorter = analyse(CAPSTONE.split(", karena")[0], question, "id")
    assert shorter.length is Length.SHORT and shorter.star_found == tuple(StarPart)
    assert not shorter.too_short
    message = describe(question, shorter)
    assert "terlalu singkat" not in message
    assert "bagian utamanya sudah lengkap" in message


def test_a_short_answer_missing_points_is_sent_to_them() -> None:
    question = QUESTIONS_BY_ID["p-tantangan"]
    found = analyse("Saya pernah menghadapi masalah server.", question, "id")
    assert found.length is Length.SHORT and found.too_short
    assert "Lengkapi dengan poin yang belum ada di bawah" in describe(question, found)


def test_background_and_a_spaced_term_in_a_casual_introduction() -> None:
    question = QUESTIONS_BY_ID["u-diri"]
    found = analyse("saya fresh grad teknik informatika, suka cyber security", question, "id")
    assert 0 not in found.missing_points  # education is there
    assert 1 not in found.missing_points  # "suka": the interest
    assert "keamanan_siber" in found.terms


@pytest.mark.parametrize(
    ("typed", "form"),
    [
        ("cyber security", "cybersecurity"),
        ("cybersecurity", "cyber security"),
        ("home lab", "homelab"),
        ("availbility", "availability"),  # a letter dropped
        ("confidentiallity", "confidentiality"),  # one added
        ("integrty", "integrity"),
    ],
)
def test_spacing_and_typos(typed: str, form: str) -> None:
    assert read(f"saya paham {typed} itu").has(form)


@pytest.mark.parametrize(
    ("typed", "form"),
    [
        ("attach", "attack"),  # short words are no typos: a real word one letter away
        ("thread", "threat"),
        ("police", "policy"),
        ("laporkan", "laporan"),  # a form of a cue's root is not corrected to another cue
    ],
)
def test_no_correction_where_a_word_is_real(typed: str, form: str) -> None:
    assert not read(typed).has(form)


def test_the_result_in_the_team_adopted_it() -> None:
    question = QUESTIONS_BY_ID["p-kesalahan"]
    found = analyse(
        "During my internship I ran a vulnerability scan against production instead of staging "
        "by mistake. I immediately told my supervisor, stopped the scan and checked that no "
        "service went down. Then I created a checklist for every scan with the target confirmed "
        "by a second person, and the team adopted it.",
        question,
        "en",
    )
    assert StarPart.RESULT in found.star_found
    assert found.missing_points == ()


def test_a_repeated_word_is_shown_with_every_form() -> None:
    found = analyse("Tugas saya jelas. Tugasnya saya kerjakan.", QUESTIONS_BY_ID["p-tim"], "id")
    assert found.top_words == (("tugas/tugasnya", 2),)
    # In a longer answer twice is ordinary: "login", "gagal", "server" (2× each) are not shown.
    assert analyse(CAPSTONE, QUESTIONS_BY_ID["p-tantangan"], "id").top_words == ()


@pytest.mark.parametrize("question_id", ["p-tantangan", "t-cia", "u-diri"])
def test_the_outline_is_html_telegram_takes_in_both_languages(question_id: str) -> None:
    question = QUESTIONS_BY_ID[question_id]
    for locale in ("id", "en"):
        with use_locale(locale):
            text = outline_text(question)
        assert not html_problems(text), text
        assert ("STAR" in text) is question.star
