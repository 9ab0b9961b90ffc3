"""What the stage questions read from a typed answer: the signature, "no deadline", the offer."""

from __future__ import annotations

import pytest

from bot.handlers.stages.questions.offer_details import no_deadline, offer_amount
from bot.handlers.stages.questions.signature import read_signature
from bot.storage.models import ApplicationEvent


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("sari wulandari, 0812 3456 7890", ("Sari Wulandari", "0812 3456 7890")),
        ("nama saya Sari Wulandari no hp 0812-3456-7890", ("Sari Wulandari", "0812-3456-7890")),
        ("My name is John Doe, phone +62 812 3456 7890", ("John Doe", "+62 812 3456 7890")),
        ("Sari", ("Sari", "")),
        ("081234567890", ("", "081234567890")),
        ("bu sari 021 555 1234", ("Sari", "021 555 1234")),  # no honorific for oneself
        ("Sari 12", ("Sari 12", "")),  # too short for a phone number
    ],
)
def test_the_signature_is_read_from_one_answer(typed: str, expected: tuple[str, str]) -> None:
    assert read_signature(typed) == expected


@pytest.mark.parametrize(
    ("typed", "none"),
    [
        ("tidak ada", True),
        ("ga ada", True),
        ("belum tau", True),
        ("no deadline", True),
        ("Jumat", False),
        ("ada, jumat", False),
    ],
)
def test_no_deadline_in_words(typed: str, none: bool) -> None:
    assert no_deadline(typed) is none


def test_the_offer_amount_is_the_number_recorded_or_read_from_an_older_note() -> None:
    recorded = ApplicationEvent(kind="offer", detail={"amount": 9_000_000}, note="9 juta")
    older = ApplicationEvent(kind="offer", detail={"deadline": None}, note="gaji 8,5 juta + BPJS")
    skipped = ApplicationEvent(kind="offer", detail={"amount": None}, note="")
    assert offer_amount(recorded) == 9_000_000
    assert offer_amount(older) == 8_500_000
    assert offer_amount(skipped) is None
    assert offer_amount(None) is None
