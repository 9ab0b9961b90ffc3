"""The take-home arithmetic against the regulations' own worked examples, to the rupiah.

The official examples come from the attachments of PMK 168/2023 (Lampiran huruf B, Bagian
Kedua), PP 58/2023 (Penjelasan Pasal 2 ayat (1)) and PMK 10/2025 (Lampiran huruf B). The PDFs
were not reachable from the machine these tests were written on: the figures were read from
the transcriptions in obikastanya/pph_payroll_with_knowledge_base, dataset/07_kasus_uji_resmi
(one JSON per example, with the page numbers and every printed line), where each line had been
checked against the page images. None of the official examples has BPJS Kesehatan, JHT or JP
contributions, THR prorating or the JP wage cap: those tests below are hand-computed from the
data file and say so.
"""

from __future__ import annotations

import tomllib
from datetime import date
from importlib import resources
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.coach import payroll
from bot.coach.payroll import PtkpStatus, annual_tax, december_withholding, ter_withholding

TK0 = PtkpStatus(married=False)
K0 = PtkpStatus(married=True)
K1 = PtkpStatus(married=True, dependants=1)
K2 = PtkpStatus(married=True, dependants=2)
K3 = PtkpStatus(married=True, dependants=3)
TODAY = date(2026, 11, 29)


def test_pp58_explanation_example_tuan_r() -> None:
    """PP 58/2023, Penjelasan Pasal 2 ayat (1), Tuan R (K/0): Rp10.000.000 a month, pension
    contribution Rp100.000 a month; 2 % in January-November, Rp515.000 in December."""
    assert ter_withholding(10_000_000, K0) == 200_000
    year = annual_tax(120_000_000, K0, pension_contributions=1_200_000)
    assert (year.biaya_jabatan, year.net, year.ptkp, year.pkp, year.tax) == (
        6_000_000,
        112_800_000,
        58_500_000,
        54_300_000,
        2_715_000,
    )
    assert december_withholding(year, 11 * 200_000) == 515_000


def test_pmk168_example_i1_tuan_a() -> None:
    """PMK 168/2023 Lampiran B, Bagian Kedua, I.1, Tuan A (K/0), pages 33-35: salary 10 juta and
    allowance 20 juta, JKK+JKM Rp80.000 (taxable), overtime in February and May, a bonus in July,
    THR in December, pension Rp100.000 and zakat Rp200.000 a month through the employer."""
    months = [30_080_000] * 12
    months[1] += 5_000_000  # February overtime
    months[4] += 5_000_000  # May overtime
    months[6] += 20_000_000  # July bonus
    months[11] += 60_000_000  # December THR
    withheld = [ter_withholding(gross, K0) for gross in months[:11]]
    assert withheld[0] == 3_910_400  # 13 %
    assert withheld[1] == 4_911_200  # 14 %
    assert withheld[6] == 9_014_400  # 18 %
    assert sum(withheld) == 50_120_000
    year = annual_tax(sum(months), K0, pension_contributions=1_200_000, zakat=2_400_000)
    assert year.gross == 450_960_000
    assert year.biaya_jabatan == 6_000_000  # the yearly cap
    assert (year.net, year.pkp, year.tax) == (441_360_000, 382_860_000, 64_715_000)
    assert december_withholding(year, sum(withheld)) == 14_595_000


def test_pmk168_example_i3_category_c() -> None:
    """PMK 168/2023 Lampiran B, I.3, Tuan F (K/3), page 44: Rp30.000.000 at 11 % (category C)."""
    assert payroll.ter_category(K3) == "C"
    assert ter_withholding(30_000_000, K3) == 3_300_000


def test_pmk168_example_i5_category_b() -> None:
    """PMK 168/2023 Lampiran B, I.5, Tuan H (K/2), page 45: Rp6.800.000 at 0,5 % (category B)."""
    assert payroll.ter_category(K2) == "B"
    assert ter_withholding(6_800_000, K2) == 34_000


def test_pmk10_2025_example_2_tuan_b_category_b_full_year() -> None:
    """PMK 10/2025 Lampiran B no. 2, Tuan B (K/1), pages 18-20 (the normal computation under
    its DTP incentive): 10 juta a month, 12 juta from October, 5 juta bonuses in January and
    March; 480.000 withheld in December."""
    months = [10_000_000] * 9 + [12_000_000] * 3
    months[0] += 5_000_000
    months[2] += 5_000_000
    withheld = [ter_withholding(gross, K1) for gross in months[:11]]
    assert withheld[:3] == [900_000, 150_000, 900_000]
    assert withheld[9] == 360_000
    assert sum(withheld) == 3_570_000
    year = annual_tax(sum(months), K1)
    assert (year.net, year.ptkp, year.pkp, year.tax) == (
        130_000_000,
        63_000_000,
        67_000_000,
        4_050_000,
    )
    assert december_withholding(year, sum(withheld)) == 480_000


@pytest.mark.parametrize(
    ("status", "category", "allowance"),
    [
        (PtkpStatus(False, 0), "A", 54_000_000),
        (PtkpStatus(False, 1), "A", 58_500_000),
        (PtkpStatus(True, 0), "A", 58_500_000),
        (PtkpStatus(False, 2), "B", 63_000_000),
        (PtkpStatus(False, 3), "B", 67_500_000),
        (PtkpStatus(True, 1), "B", 63_000_000),
        (PtkpStatus(True, 2), "B", 67_500_000),
        (PtkpStatus(True, 3), "C", 72_000_000),
        (PtkpStatus(True, 5), "C", 72_000_000),  # at most three dependants count
    ],
)
def test_ptkp_and_category_for_every_status(
    status: PtkpStatus, category: str, allowance: int
) -> None:
    assert payroll.ter_category(status) == category
    assert payroll.ptkp(status) == allowance


@pytest.mark.parametrize(
    ("text", "code"), [("TK/0", "TK/0"), ("k1", "K/1"), (" K 3 ", "K/3"), ("tk-2", "TK/2")]
)
def test_ptkp_status_is_read_as_djp_writes_it(text: str, code: str) -> None:
    assert PtkpStatus.parse(text).code == code


@pytest.mark.parametrize("text", ["", "K", "married", "K/12", "X/1"])
def test_ptkp_status_refuses_other_text(text: str) -> None:
    with pytest.raises(ValueError):
        PtkpStatus.parse(text)


@pytest.mark.parametrize(
    ("category", "gross", "rate_bp"),
    [
        ("A", 5_400_000, 0),  # an upper bound belongs to its bracket
        ("A", 5_400_001, 25),
        ("A", 1_400_000_000, 3_300),
        ("A", 1_400_000_001, 3_400),
        ("B", 6_200_000, 0),
        ("B", 6_200_001, 25),
        ("B", 1_405_000_001, 3_400),
        ("C", 6_600_000, 0),
        ("C", 11_200_001, 200),
        ("C", 1_419_000_001, 3_400),
    ],
)
def test_ter_bracket_edges(category: str, gross: int, rate_bp: int) -> None:
    assert payroll.ter_rate_bp(category, gross) == rate_bp


@pytest.mark.parametrize(
    ("pkp", "tax"),
    [
        (0, 0),
        (60_000_000, 3_000_000),
        (250_000_000, 31_500_000),
        (500_000_000, 94_000_000),
        (5_000_000_000, 1_444_000_000),
        (6_000_000_000, 1_794_000_000),
    ],
)
def test_pasal17_brackets(pkp: int, tax: int) -> None:
    """Hand-computed from UU HPP's brackets: 5 % to 60 juta, 15 % to 250 juta, 25 % to 500 juta,
    30 % to 5 miliar, 35 % above."""
    assert payroll.pasal17_tax(pkp) == tax


def test_pkp_is_rounded_down_to_thousands_and_never_negative() -> None:
    # 100.000.123 - biaya jabatan 5.000.006 - PTKP 54.000.000 = 41.000.117 -> 41.000.000
    assert annual_tax(100_000_123, TK0).pkp == 41_000_000
    assert annual_tax(30_000_000, TK0).pkp == 0


def test_bpjs_shares_and_caps_on_a_date() -> None:
    """Hand-computed from the data file (no official example covers BPJS): Kesehatan capped at
    Rp12.000.000, JP at the cap in force on the date, JHT, JKK and JKM uncapped."""
    shares = {item.program: item for item in payroll.contributions(15_000_000, TODAY)}
    assert (shares["kesehatan"].employee, shares["kesehatan"].employer) == (120_000, 480_000)
    assert (shares["jht"].employee, shares["jht"].employer) == (300_000, 555_000)
    assert (shares["jp"].employee, shares["jp"].employer) == (110_863, 221_726)
    assert (shares["jkk"].employee, shares["jkk"].employer) == (0, 36_000)
    assert (shares["jkm"].employee, shares["jkm"].employer) == (0, 45_000)
    by_date = {
        day: {item.program: item for item in payroll.contributions(15_000_000, day)}["jp"]
        for day in (date(2024, 2, 29), date(2024, 3, 1), date(2025, 3, 1), date(2026, 2, 28))
    }
    assert [share.employee for share in by_date.values()] == [95_596, 100_423, 105_474, 105_474]


def test_contributions_round_half_up_to_the_rupiah() -> None:
    shares = {item.program: item for item in payroll.contributions(8_888_850, TODAY)}
    assert shares["kesehatan"].employee == 88_889  # 88.888,5
    assert shares["jkk"].employer == 21_333  # 21.333,24


@pytest.mark.parametrize(
    ("months", "amount"), [(0, 0), (1, 750_000), (6, 4_500_000), (12, 9_000_000), (30, 9_000_000)]
)
def test_thr_prorated_from_one_month(months: int, amount: int) -> None:
    """Permenaker 6/2016 Pasal 3, hand-computed: months worked / 12 of a month's wage."""
    assert payroll.thr_amount(9_000_000, months) == amount


def test_the_estimate_for_fifteen_juta_single() -> None:
    """Hand-computed from the data file, step by step (no official example has BPJS):
    taxable = 15.000.000 + Kesehatan 480.000 + JKK 36.000 + JKM 45.000 = 15.561.000 -> TER A 7 %;
    the THR month 30.561.000 -> 13 %; the year 12 x 15.561.000 + 15.000.000 = 201.732.000,
    less biaya jabatan 6.000.000 and 12 x (300.000 + 110.863) JHT and JP, less PTKP 54 juta:
    PKP 136.801.000, tax 14.520.150."""
    estimate = payroll.estimate(15_000_000, TK0, on=TODAY)
    assert estimate.taxable_gross == 15_561_000
    assert (estimate.ter_category, estimate.ter_rate_bp, estimate.pph21) == ("A", 700, 1_089_270)
    assert estimate.employee_contributions == 530_863
    assert estimate.take_home == 13_379_867
    assert (estimate.thr, estimate.pph21_thr) == (15_000_000, 2_883_660)
    assert estimate.annual.pkp == 136_801_000
    assert estimate.annual.tax == 14_520_150
    assert estimate.pph21_december == 14_520_150 - (11 * 1_089_270 + 2_883_660) == -345_480
    assert estimate.employer_cost == 16_337_726


def test_the_estimate_without_thr() -> None:
    estimate = payroll.estimate(15_000_000, TK0, on=TODAY, thr_months_worked=0)
    assert (estimate.thr, estimate.pph21_thr) == (0, 0)
    assert estimate.pph21_december == estimate.annual.tax - 11 * estimate.pph21


@pytest.mark.parametrize("gross", [0, -1, payroll.MAX_MONTHLY_GROSS + 1])
def test_the_estimate_refuses_impossible_amounts(gross: int) -> None:
    with pytest.raises(ValueError):
        payroll.estimate(gross, TK0, on=TODAY)


@given(
    gross=st.integers(1_000_000, 500_000_000),
    married=st.booleans(),
    dependants=st.integers(0, 3),
)
def test_the_estimate_adds_up(gross: int, married: bool, dependants: int) -> None:
    """Whatever the salary: the year's withholdings add up to the year's tax, nothing is
    negative that cannot be, and take-home stays below gross."""
    estimate = payroll.estimate(gross, PtkpStatus(married, dependants), on=TODAY)
    withheld = 11 * estimate.pph21 + estimate.pph21_thr + estimate.pph21_december
    assert withheld == estimate.annual.tax
    assert 0 < estimate.take_home < gross < estimate.employer_cost
    assert estimate.pph21 >= 0 and estimate.pph21_thr >= 0


def test_ter_rates_never_fall_as_income_rises() -> None:
    for table in payroll.load_rules().ter_tables.values():
        rates = [bracket.rate_bp for bracket in table]
        assert rates == sorted(rates)


def test_every_section_of_the_data_file_names_its_source() -> None:
    """A new year is a data change: each number must say where it comes from."""
    text = resources.files("bot.coach").joinpath("rates/payroll_id.toml").read_text("utf-8")
    data = tomllib.loads(text)
    sections = [data[name] for name in ("ptkp", "biaya_jabatan", "pasal17", "ter", "thr")]
    sections += list(data["bpjs"].values())
    for section in sections:
        assert any(char.isdigit() for char in section["source"]), section
    caps = data["bpjs"]["jp"]["wage_caps"]
    assert all(cap["source"] for cap in caps)
    assert all(earlier["from"] < later["from"] for earlier, later in pairwise(caps))


def test_malformed_brackets_are_refused() -> None:
    text = resources.files("bot.coach").joinpath("rates/payroll_id.toml").read_text("utf-8")
    data = tomllib.loads(text)
    data["ter"]["A"] = [{"upto": 10, "rate_bp": 0}, {"upto": 5, "rate_bp": 1}, {"rate_bp": 2}]
    with pytest.raises(ValueError):
        payroll.parse_rules(data)
