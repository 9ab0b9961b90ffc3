"""Tests for suggesting the command a mistyped one meant."""

from __future__ import annotations

import pytest

from bot.coach.commands import command_word, suggest_command

# The coach's commands, as bot/app.py command_menu() lists them.
COMMANDS = [
    "wawancara",
    "lamaran",
    "latihan",
    "tangguh",
    "pengingat",
    "jeda",
    "bantuan",
    "bahasa",
    "batal",
    "zonawaktu",
    "privasi",
    "ekspor",
    "hapusdata",
    "start",
]


def test_commands_mirror_the_menu() -> None:
    from bot.app import command_menu

    assert {command.command for command in command_menu()} == set(COMMANDS)


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("/latian", "/latihan"),
        ("/wawancra", "/wawancara"),
        ("/wawancaraa", "/wawancara"),
        ("/wawnacara", "/wawancara"),  # two letters swapped
        ("/lamran", "/lamaran"),
        ("/Latian", "/latihan"),
        ("/latian@pelatih_wawancara_bot", "/latihan"),
        ("/latian besok", "/latihan"),
        ("/tanguh", "/tangguh"),
        ("/pengingt", "/pengingat"),
        ("/bantuab", "/bantuan"),
        ("/bhasa", "/bahasa"),
        ("/zonwaktu", "/zonawaktu"),
        ("/zona_waktu", "/zonawaktu"),
        ("/privacy", "/privasi"),
        ("/hapus", "/hapusdata"),
        ("/hapus_data", "/hapusdata"),
        ("/eksport", "/ekspor"),
        ("/export", "/ekspor"),
        ("/help", "/bantuan"),
        ("/interview", "/wawancara"),
        ("/practice", "/latihan"),
        ("/cancel", "/batal"),
        ("/wawan", "/wawancara"),
        ("/lam", "/lamaran"),
        ("/strat", "/start"),
        ("/jedaa", "/jeda"),
        ("/bata", "/batal"),  # the beginning of one command only
        ("latian", "/latihan"),  # without the slash too
    ],
)
def test_suggestion(text: str, suggestion: str) -> None:
    assert suggest_command(text, COMMANDS) == suggestion


@pytest.mark.parametrize(
    "text",
    [
        "/latihan",  # known: nothing to suggest
        "/LATIHAN",
        "/xyz",
        "/a",
        "/la",  # /lamaran or /latihan
        "/ba",
        "/kopi",
        "/",
        "",
        "   ",
    ],
)
def test_no_suggestion(text: str) -> None:
    assert suggest_command(text, COMMANDS) is None


def test_a_tie_is_not_guessed() -> None:
    assert suggest_command("/lat", ["latihan", "latar"]) is None
    assert suggest_command("/jedi", ["jeda", "jedu"]) is None


def test_aliases_only_for_commands_on_offer() -> None:
    assert suggest_command("/help", ["wawancara"]) is None
    assert suggest_command("/help", ["/bantuan", "/start"]) == "/bantuan"


def test_command_word() -> None:
    assert command_word("/Latian@bot besok") == "latian"
    assert command_word("latian") == "latian"
    assert command_word("   ") is None
