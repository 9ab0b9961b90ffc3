"""The offer in words: rupiah read and written, the estimate and the comparison as Telegram HTML
in both languages, and the counter-offer range."""

from __future__ import annotations

from datetime import date

import pytest

from bot.coach import money, offers
from bot.coach.money import format_rupiah, parse_rupiah
from bot.coach.offers import OfferSummary
from bot.coach.payroll import PtkpStatus, estimate
from bot.i18n import use_locale
from tests.test_catalogs import html_problems

TODAY = date(2026, 11, 29)
SINGLE = PtkpStatus(married=False)


@pytest.mark.parametrize(
    ("amount", "text"),
    [(0, "Rp0"), (950, "Rp950"), (8_500_000, "Rp8.500.000"), (-330_202, "-Rp330.202")],
)
def test_rupiah_are_written_the_indonesian_way(amount: int, text: str) -> None:
    assert format_rupiah(amount) == text


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Rp 8.500.000", 8_500_000),
        ("Rp8.500.000,00", 8_500_000),
        ("Rp 7.250.000,-", 7_250_000),
        ("8,5 juta", 8_500_000),
        ("8.5jt", 8_500_000),
        ("7,25 jt", 7_250_000),
        ("8.500 rb", 8_500_000),
        ("IDR 12,000,000", 12_000_000),
        ("12.5 million", 12_500_000),
        ("12500000", 12_500_000),
        ("Rp8.500.000/bulan", 8_500_000),
        ("10 jt per bulan", 10_000_000),
        ("8,5", 8_500_000),  # asked for a monthly salary: juta
        ("1,2 miliar", 1_200_000_000),
    ],
)
def test_amounts_as_people_type_them(text: str, amount: int) -> None:
    assert parse_rupiah(text) == amount


@pytest.mark.parametrize(
    "text", ["", "delapan juta", "8-9 juta", "8500", "0", "Rp 8.50.000", "12 apel", "1.2.3"]
)
def test_what_is_not_one_amount_is_refused(text: str) -> None:
    assert parse_rupiah(text) is None


@pytest.mark.parametrize("locale", ["id", "en"])
def test_the_estimate_message(locale: str) -> None:
    with use_locale(locale):
        text = offers.render_estimate(
            estimate(15_000_000, SINGLE, on=TODAY), company="PT <Aman> & Siber", role="SOC"
        )
    assert not html_problems(text)
    assert "PT &lt;Aman&gt; &amp; Siber" in text
    for figure in ("Rp15.000.000", "≈ Rp530.863", "≈ Rp1.089.270", "≈ Rp13.379.867"):
        assert figure in text
    assert "≈ Rp16.337.726" in text  # the employer's cost
    assert "≈ Rp345.480" in text  # December gives back what the THR month took too much
    assert "7%" in text
    assert ("perkiraan" if locale == "id" else "estimate") in text.lower()
    assert ("lembur" if locale == "id" else "overtime") in text


def test_december_when_the_other_months_withheld_too_little() -> None:
    result = estimate(20_000_000, PtkpStatus(married=True), on=TODAY, thr_months_worked=0)
    assert result.pph21_december > 0
    text = offers.render_estimate(result)
    assert "memotong sisanya, ≈ " + format_rupiah(result.pph21_december) in text
    assert "THR:" not in text


def test_percent_in_each_language() -> None:
    result = estimate(8_500_000, SINGLE, on=TODAY)
    with use_locale("id"):
        assert "1,75%" in offers.render_estimate(result)
    with use_locale("en"):
        assert "1.75%" in offers.render_estimate(result)


@pytest.mark.parametrize("locale", ["id", "en"])
def test_two_offers_side_by_side(locale: str) -> None:
    first = OfferSummary("PT Satu", estimate(8_500_000, SINGLE, on=TODAY), "BPJS, laptop <baru>")
    second = OfferSummary("PT Dua", estimate(9_500_000, SINGLE, on=TODAY))
    with use_locale(locale):
        text = offers.render_comparison(first, second)
    assert not html_problems(text)
    assert "A Rp8.500.000 · B Rp9.500.000" in text
    assert "laptop &lt;baru&gt;" in text
    gap = second.estimate.take_home_year - first.estimate.take_home_year
    assert format_rupiah(gap) in text
    assert max(len(line) for line in text.splitlines() if "·" in line) < 100


def test_notes_come_before_what_the_figures_leave_out() -> None:
    result = estimate(9_000_000, SINGLE, on=TODAY)
    pair = (OfferSummary("A", result), OfferSummary("B", result))
    for text in (
        offers.render_estimate(result, notes=["NOTE ONE", "NOTE TWO"]),
        offers.render_comparison(*pair, notes=["NOTE ONE", "NOTE TWO"]),
    ):
        assert "\n\nNOTE ONE\nNOTE TWO\n\n<i>Semua angka" in text
    assert "NOTE" not in offers.render_estimate(result) + offers.render_comparison(*pair)


def test_two_offers_that_come_to_the_same() -> None:
    same = estimate(8_500_000, SINGLE, on=TODAY)
    text = offers.render_comparison(OfferSummary("A", same), OfferSummary("B", same))
    assert "hampir sama" in text


def test_counter_offer_texts() -> None:
    assert money.counter_offer_ask(8_500_000) == (
        "gaji pokok di kisaran Rp9.000.000–Rp9.400.000 per bulan"
    )
    note = money.render_counter_offer(8_500_000)
    assert "<b>Rp9.000.000–Rp9.400.000</b>" in note and "5–10%" in note
    assert not html_problems(note)
    with use_locale("en"):
        assert "Rp9.000.000–Rp9.400.000" in money.counter_offer_ask(8_500_000)


def test_counter_offer_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        money.counter_offer_range(0)
