"""Tests for the slots of a progress message: when, company, role, format, kind, salary."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.coach.dates import WhenStatus
from bot.coach.slots import (
    display_name,
    extract_slots,
    find_company,
    find_format,
    find_kind,
    find_role,
    match_known,
    mentions_screening,
    parse_amounts,
)

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 25, 16, 0, tzinfo=WIB)  # Wednesday


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("8,5 jt", (8_500_000,)),
        ("8,5jt", (8_500_000,)),
        ("8.5 juta", (8_500_000,)),
        ("8.5jt", (8_500_000,)),
        ("Rp 8.500.000", (8_500_000,)),
        ("Rp8.500.000", (8_500_000,)),
        ("rp. 8.500.000,00", (8_500_000,)),
        ("IDR 9,000,000", (9_000_000,)),
        ("rp8,5jt", (8_500_000,)),
        ("8500k", (8_500_000,)),
        ("8.500k", (8_500_000,)),
        ("500rb", (500_000,)),
        ("500 ribu", (500_000,)),
        ("1,5jt", (1_500_000,)),
        ("12,75 jt", (12_750_000,)),
        ("9 juta", (9_000_000,)),
        ("8.500.000", (8_500_000,)),  # grouped and large: a salary
        ("delapan juta", (8_000_000,)),
        ("delapan setengah juta", (8_500_000,)),
        ("sepuluh juta", (10_000_000,)),
        ("dua belas juta", (12_000_000,)),
        ("dua puluh lima juta", (25_000_000,)),
        ("sejuta", (1_000_000,)),
        ("lima ratus ribu", ()),  # hundreds are not read: better nothing than 5,000
        ("8-10jt", (8_000_000, 10_000_000)),
        ("8 sampai 10 juta", (8_000_000, 10_000_000)),
        ("gaji pokok 8,5 juta, bpjs, thr 1x gaji", (8_500_000,)),
        ("Rp 8.500.000 gross + tunjangan transport 500rb", (8_500_000, 500_000)),
        ("offer 9jt tapi aku mau 10, gimana ngomongnya", (9_000_000,)),
        # no amount
        ("jam 10 tgl 30", ()),
        ("besok jam 10.30", ()),
        ("27/11 13.00", ()),
        ("gw dpt offer dari 2 perusahaan", ()),
        ("udah ditolak 10x", ()),
        ("", ()),
    ],
)
def test_amounts(text: str, amounts: tuple[int, ...]) -> None:
    assert parse_amounts(text) == amounts


@settings(max_examples=200, deadline=None, database=None)
@given(text=st.text(max_size=300))
def test_amounts_never_raise(text: str) -> None:
    for amount in parse_amounts(text):
        assert 0 < amount < 10**13


@settings(max_examples=100, deadline=None, database=None)
@given(
    millions=st.integers(min_value=1, max_value=99), tenths=st.integers(min_value=0, max_value=9)
)
def test_amount_forms_agree(millions: int, tenths: int) -> None:
    expected = (millions * 1_000_000 + tenths * 100_000,)
    grouped = f"{millions * 1_000_000 + tenths * 100_000:,}".replace(",", ".")
    assert parse_amounts(f"{millions},{tenths} jt") == expected
    assert parse_amounts(f"{millions}.{tenths} juta") == expected
    assert parse_amounts(f"Rp {grouped}") == expected
    assert parse_amounts(f"{millions * 1000 + tenths * 100}k") == expected


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("PT Aman Siber", "PT Aman Siber"),
        ("pt aman siber", "PT Aman Siber"),
        ("dapet offering letter dari pt aman siber", "PT Aman Siber"),
        ("besok ada interview di PT Aman Siber jam 10 pagi", "PT Aman Siber"),
        ("dijadwalin screening sama PT. Aman Siber besok", "PT Aman Siber"),
        ("interview analis SOC di CV Maju tgl 30 jam 10", "CV Maju"),
        ("cv maju jaya", "CV Maju Jaya"),
        ("interview di Tokopedia besok jam 10", "Tokopedia"),
        ("lolos di Bank Jago!", "Bank Jago"),
        ("i have an interview with Tokopedia on monday at 9", "Tokopedia"),
        ("got an offer from GoTo", "GoTo"),
        ("dapet offer dari PT. Bank Jago Tbk, posisi IT Support", "PT Bank Jago Tbk"),
        ("interview di Telkomsigma. Besok jam 10", "Telkomsigma"),
        # no company
        ("interview di kantor besok", None),
        ("interview di Jakarta besok", None),
        ("interview via Zoom besok", None),
        ("interview hari Senin", None),
        ("dapet offer nih", None),
        ("aku lolos!", None),
        ("", None),
    ],
)
def test_company(text: str, company: str | None) -> None:
    assert find_company(text) == company


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("posisi data analyst", "Data Analyst"),
        ("interview posisi data analyst lusa jm 2 via zoom", "Data Analyst"),
        ("diterima sebagai analis SOC", "Analis SOC"),
        ("diterima jadi analis soc di PT Aman Siber", "Analis SOC"),
        ("interview analis SOC di CV Maju tgl 30 jam 10", "Analis SOC"),
        ("lamar posisi IT Support di Bank Jago", "IT Support"),
        ("8,5jt itu kekecilan ga sih buat soc analyst fresh grad di jakarta?", "SOC Analyst"),
        ("offer for the security engineer role", "Security Engineer"),
        ("i applied as a junior data analyst", "Junior Data Analyst"),
        ("interview staf admin besok", "Staf Admin"),
        # no role
        ("interview user besok jam 10", None),
        ("dapet offer nih", None),
        ("jadi gimana ya", None),
        ("", None),
    ],
)
def test_role(text: str, role: str | None) -> None:
    assert find_role(text) == role


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("udah aku bales, trus dijadwalin screening telpon besok jam 10", "telepon"),
        ("interview posisi data analyst lusa jm 2 via zoom", "video"),
        ("HR nya ngajak interview via gmeet rabu jam 4", "video"),
        ("interview final jumat jam 10 di kantor", "langsung"),
        ("td di wa HR, interview besok jam 10 offline", "langsung"),
        # two named: the one after "via"/"lewat" is the interview's
        ("recruiter telpon, wawancara sabtu jam 10 lewat teams", "video"),
        ("interview besok jam 10", None),
        ("zoom atau offline belum tau", None),
    ],
)
def test_format_in_a_message(text: str, value: str | None) -> None:
    assert find_format(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("interview user hari kamis jam 2 siang", "manajer"),
        ("next interview sama hiring manager senin jam 10", "manajer"),
        ("lusa interview teknis jam 3 sore", "teknis"),
        ("technical interview next tuesday at 3pm", "teknis"),
        ("interview panel bsk jm 10", "panel"),
        ("dijadwalin screening telpon besok jam 10", None),
    ],
)
def test_kind_in_a_message(text: str, value: str | None) -> None:
    assert find_kind(text) == value


@pytest.mark.parametrize(
    ("text", "screening"),
    [
        ("dijadwalin screening telpon besok jam 10", True),
        ("jadwal interview HR besok jm 1 siang via zoom", True),
        ("phone screen tomorrow at 10am", True),
        ("interview user kamis", False),
        ("HR nya bilang aku lanjut", False),
    ],
)
def test_screening(text: str, screening: bool) -> None:
    assert mentions_screening(text) is screening


def test_one_sentence_gives_everything() -> None:
    slots = extract_slots(
        "udah aku bales, trus dijadwalin screening telpon besok jam 10 sama PT Aman Siber "
        "buat posisi analis SOC",
        NOW,
    )
    assert slots.when is not None
    assert slots.when.result.status is WhenStatus.OK
    assert slots.when.result.value == datetime(2026, 11, 26, 10, 0, tzinfo=WIB)
    assert slots.company == "PT Aman Siber"
    assert slots.role == "Analis SOC"
    assert slots.format == "telepon"
    assert slots.kind is None
    assert slots.screening
    assert slots.amounts == ()


def test_an_offer_sentence() -> None:
    slots = extract_slots("dapet offer dari Tokopedia 8,5jt, jawab paling lambat jumat", NOW)
    assert slots.company == "Tokopedia"
    assert slots.amounts == (8_500_000,)
    assert slots.when is not None and slots.when.phrase == "jumat"


def test_a_recent_interview_for_the_thank_you() -> None:
    slots = extract_slots("kemaren jm 10 interview user", NOW, allow_past=timedelta(days=2))
    assert slots.when is not None
    assert slots.when.result.status is WhenStatus.RECENT_PAST
    assert slots.kind == "manajer"


def test_nothing_said() -> None:
    slots = extract_slots("halo", NOW)
    assert slots.when is None and slots.company is None and slots.role is None
    assert slots.format is None and slots.kind is None and not slots.screening
    assert slots.amounts == ()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("pt aman siber", "PT Aman Siber"),
        ("analis soc", "Analis SOC"),
        ("PT. bank jago tbk", "PT Bank Jago Tbk"),
        ("GoTo", "GoTo"),
        ("eFishery", "eFishery"),
        ("BCA", "BCA"),
        ("it support", "IT Support"),
    ],
)
def test_display_name(text: str, shown: str) -> None:
    assert display_name(text) == shown


def test_match_known_applications() -> None:
    names = ["PT Aman Siber", "Bank Jago", "PT Telkomsigma"]
    assert match_known("lolos di aman siber!", names) == "PT Aman Siber"
    assert match_known("ditolak PT TELKOMSIGMA", names) == "PT Telkomsigma"
    assert match_known("interview di bank jago besok", names) == "Bank Jago"
    assert match_known("dapet offer nih", names) is None
    assert match_known("aman siber sama bank jago dua2nya lolos", names) is None  # which one?
    assert match_known("halo", []) is None
