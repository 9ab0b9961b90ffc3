"""Tests for typed answers to button questions."""

from __future__ import annotations

import pytest

from bot.coach.choices import (
    CHANNEL_VALUES,
    FORMAT_VALUES,
    KIND_VALUES,
    YesNo,
    is_skip,
    match_channel,
    match_format,
    match_kind,
    match_yes_no,
)


def test_values_mirror_the_buttons() -> None:
    from bot.handlers.stages.steps import CHANNELS, FORMATS, KINDS

    assert set(CHANNEL_VALUES) == set(CHANNELS)
    assert set(FORMAT_VALUES) == set(FORMATS)
    assert set(KIND_VALUES) == set(KINDS)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("wa", "pesan"),
        ("WA", "pesan"),
        ("whatsapp", "pesan"),
        ("Whatsapp", "pesan"),
        ("lewat wa kemarin", "pesan"),
        ("di wa HR nya", "pesan"),
        ("sms", "pesan"),
        ("dichat", "pesan"),
        ("telpon", "telepon"),
        ("ditelpon", "telepon"),
        ("ditelfon hr", "telepon"),
        ("telepon", "telepon"),
        ("dia nelpon aku", "telepon"),
        ("they called me", "telepon"),
        ("email", "email"),
        ("e-mail", "email"),
        ("lewat email", "email"),
        ("linkedin", "linkedin"),
        ("via LinkedIn", "linkedin"),
        ("inmail linkedin", "linkedin"),
        ("bukan wa, telpon", "telepon"),
        ("ga lewat wa, lewat email", "email"),
        # unsure: nothing named, two named, or only a refusal
        ("telpon atau wa", None),
        ("wa sama email", None),
        ("bukan wa", None),
        ("ga tau", None),
        ("kemarin", None),
        ("", None),
        ("🙂", None),
        (
            "rekruternya ramah banget, terus dia bilang bakal ngabarin lagi lewat wa atau email",
            None,
        ),
    ],
)
def test_channel(text: str, value: str | None) -> None:
    assert match_channel(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("zoom", "video"),
        ("Zoom", "video"),
        ("via zoom", "video"),
        ("gmeet", "video"),
        ("google meet", "video"),
        ("g-meet", "video"),
        ("teams", "video"),
        ("ms teams", "video"),
        ("vc", "video"),
        ("video call", "video"),  # "call" inside it is not the phone
        ("online", "video"),
        ("offline", "langsung"),
        ("datang ke kantor", "langsung"),
        ("dateng ke kantor", "langsung"),
        ("di kantor", "langsung"),
        ("ketemu langsung", "langsung"),
        ("onsite", "langsung"),
        ("tatap muka", "langsung"),
        ("telpon", "telepon"),
        ("phone call", "telepon"),
        ("bukan zoom, gmeet", "video"),
        ("bukan zoom", None),
        ("zoom atau offline", None),
        ("belum tau", None),
        ("besok jam 10", None),
    ],
)
def test_format(text: str, value: str | None) -> None:
    assert match_format(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("user", "manajer"),
        ("interview user", "manajer"),
        ("hiring manager", "manajer"),
        ("sama calon atasan", "manajer"),
        ("teknis", "teknis"),
        ("technical", "teknis"),
        ("tes teknis", "teknis"),
        ("live coding", "teknis"),
        ("panel", "panel"),
        ("rame2 gitu, banyak orang", "panel"),
        ("HR", None),
        ("user sama teknis", None),
        ("skip", None),
    ],
)
def test_kind(text: str, value: str | None) -> None:
    assert match_kind(text) == value


def test_only_the_options_on_offer() -> None:
    assert match_format("zoom", options=("telepon", "langsung")) is None
    assert match_channel("wa", options=("pesan",)) == "pesan"
    assert match_channel("telpon atau wa", options=("pesan", "email")) == "pesan"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ya", YesNo.YES),
        ("iya", YesNo.YES),
        ("iyaa", YesNo.YES),
        ("yup", YesNo.YES),
        ("ok", YesNo.YES),
        ("oke deh", YesNo.YES),
        ("sip", YesNo.YES),
        ("udah", YesNo.YES),
        ("boleh", YesNo.YES),
        ("yes please", YesNo.YES),
        ("👍", YesNo.YES),
        ("belum", YesNo.NO),
        ("blm", YesNo.NO),
        ("nggak", YesNo.NO),
        ("ga", YesNo.NO),
        ("gak usah", YesNo.NO),
        ("tidak", YesNo.NO),
        ("enggak kak", YesNo.NO),
        ("ga mau", YesNo.NO),
        ("belum pernah", YesNo.NO),
        ("ga ada", YesNo.NO),
        ("no", YesNo.NO),
        ("not yet", YesNo.NO),
        ("iya belum", None),  # both
        ("ga tau", None),  # a skip, not a no
        ("hmm", None),
        ("", None),
        ("ya tapi nanti aku pikir pikir dulu deh soalnya masih ragu banget kak", None),
    ],
)
def test_yes_no(text: str, value: YesNo | None) -> None:
    assert match_yes_no(text) == value


@pytest.mark.parametrize(
    ("text", "skip"),
    [
        ("skip", True),
        ("Skip", True),
        ("skip aja", True),
        ("lewati", True),
        ("lewat aja", True),
        ("ga tau", True),
        ("gatau kak", True),
        ("gk tau", True),
        ("belum tau", True),
        ("blm tau", True),
        ("nggak tahu", True),
        ("nanti aja deh", True),
        ("idk", True),
        ("-", True),
        ("lewat wa", False),  # "lewat" is "via" here
        ("ga", False),
        ("besok jam 10", False),
        ("", False),
        ("ga tau kenapa rekruternya belum bales sampai sekarang", False),
    ],
)
def test_skip(text: str, skip: bool) -> None:
    assert is_skip(text) is skip
