"""Names as typed made fit for formal emails, and rupiah amounts read as people type them."""

from __future__ import annotations

import pytest

from bot.coach import money, names
from bot.i18n import use_locale


@pytest.mark.parametrize(
    ("typed", "formal"),
    [
        ("pt aman siber", "PT Aman Siber"),
        ("PT. Bank Jago tbk", "PT Bank Jago Tbk"),
        ("p.t. telkomsigma", "PT Telkomsigma"),
        ("pt.   solusi   it  nusantara", "PT Solusi IT Nusantara"),
        ("cv maju jaya", "CV Maju Jaya"),
        ("pt bank rakyat indonesia (persero) tbk", "PT Bank Rakyat Indonesia (Persero) Tbk"),
        ("GoTo", "GoTo"),
        ("eFishery", "eFishery"),
        ("PT XYZ Security", "PT XYZ Security"),
        ("bank bca", "Bank BCA"),
        ("tiket.com", "tiket.com"),
        ("PT ABC MANDIRI", "PT ABC Mandiri"),
        ("e-commerce indonesia", "E-Commerce Indonesia"),
        ("badan siber dan sandi negara", "Badan Siber dan Sandi Negara"),
        ("", ""),
    ],
)
def test_company_names(typed: str, formal: str) -> None:
    assert names.company_name(typed) == formal
    assert names.company_name(formal) == formal, "normalising twice changes nothing"


@pytest.mark.parametrize(
    ("typed", "formal"),
    [
        ("analis soc", "Analis SOC"),
        ("junior it support", "Junior IT Support"),
        ("staf hrd", "Staf HRD"),
        ("analis keamanan siber", "Analis Keamanan Siber"),
        ("ANALIS KEAMANAN SIBER", "Analis Keamanan Siber"),
        ("security engineer ii", "Security Engineer II"),
        ("head of it", "Head of IT"),
        ("analis siem/soar", "Analis SIEM/SOAR"),
        ("iOS developer", "iOS Developer"),
    ],
)
def test_role_names(typed: str, formal: str) -> None:
    assert names.role_name(typed) == formal


@pytest.mark.parametrize(
    ("typed", "role", "company"),
    [
        ("analis soc di pt aman siber", "Analis SOC", "PT Aman Siber"),
        ("Junior SOC Analyst at GoTo", "Junior SOC Analyst", "GoTo"),
        ("staf it pada cv maju jaya", "Staf IT", "CV Maju Jaya"),
        ("analis soc", "Analis SOC", ""),
    ],
)
def test_role_and_company_from_one_line(typed: str, role: str, company: str) -> None:
    assert names.role_and_company(typed) == (role, company)


@pytest.mark.parametrize(
    ("typed", "formal", "honorific"),
    [
        ("bu rina", "Ibu Rina", "Ibu"),
        ("Bu. Rina Wijaya", "Ibu Rina Wijaya", "Ibu"),
        ("ibu rina", "Ibu Rina", "Ibu"),
        ("pak budi", "Bapak Budi", "Bapak"),
        ("bpk. budi santoso", "Bapak Budi Santoso", "Bapak"),
        ("bapak budi", "Bapak Budi", "Bapak"),
        ("mbak sari", "Ibu Sari", "Ibu"),
        ("mas andi", "Bapak Andi", "Bapak"),
        ("Mr. John Tan", "Bapak John Tan", "Bapak"),
        ("budi", "Budi", None),
        ("RINA WIJAYA", "Rina Wijaya", None),
        ("kak dinda", "Dinda", None),
        ("bu dr. rina", "Ibu Dr. Rina", "Ibu"),
        ("pak a. hakim", "Bapak A. Hakim", "Bapak"),
        ("ma'ruf", "Ma'ruf", None),
        ("pak", "Bapak", "Bapak"),
    ],
)
def test_person_names(typed: str, formal: str, honorific: str | None) -> None:
    assert names.person_name(typed) == formal
    assert names.person(typed).honorific == honorific
    assert names.person_name(formal) == formal


def test_a_bare_name_needs_an_honorific_and_none_is_guessed() -> None:
    assert names.needs_honorific("Budi") and names.needs_honorific("sari")
    assert not names.needs_honorific("bu rina") and not names.needs_honorific("")
    assert names.person_names("bu rina, pak budi dan sari") == ["Ibu Rina", "Bapak Budi", "Sari"]
    assert names.person_names(" , ") == []


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("gaji pokok 8,5 juta, bpjs, thr 1x gaji", 8_500_000),
        ("Rp 8.500.000 gross + tunjangan transport 500rb", 8_500_000),
        ("8.5jt", 8_500_000),
        ("Rp8.500.000,00", 8_500_000),
        ("IDR 8,500,000.00", 8_500_000),
        ("8500k", 8_500_000),
        ("tunjangan 500rb, gaji 9 juta", 9_000_000),
        ("12,75 juta per bulan", 12_750_000),
        ("base salary 10 million", 10_000_000),
        ("thr 1x gaji", None),
        ("belum tahu", None),
        ("", None),
    ],
)
def test_find_rupiah(typed: str, amount: int | None) -> None:
    assert money.find_rupiah(typed) == amount


def test_counter_offer_range_is_a_little_above_and_rounded() -> None:
    assert money.counter_offer_range(8_500_000) == (9_000_000, 9_400_000)
    assert money.counter_offer_range(5_000_000) == (5_300_000, 5_500_000)
    assert money.counter_offer_range(22_300_000) == (23_500_000, 25_000_000)
    assert money.counter_offer_range(60_000_000) == (63_000_000, 66_000_000)
    for offer in (1_000_000, 4_321_000, 15_000_000):
        low, high = money.counter_offer_range(offer)
        assert offer < low < high


def test_rupiah_are_written_the_indonesian_way_in_both_languages() -> None:
    assert money.format_rupiah(9_000_000) == "Rp9.000.000"
    assert money.format_rupiah(-330_202) == "-Rp330.202"
    with use_locale("en"):
        assert money.format_rupiah_range(9_000_000, 9_400_000) == "Rp9.000.000–Rp9.400.000"
