"""Spotting a rejection in free text, and tips that vary from one visit to the next."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.coach.resilience import (
    CHECK_IN_DAYS,
    FEELINGS,
    TIPS,
    TIPS_PER_VISIT,
    TRAPS,
    mentions_rejection,
    pick_tips,
)


@pytest.mark.parametrize(
    "text",
    [
        "saya ditolak",
        "Saya ditolak 😞",
        "gagal interview",
        "gagal wawancara lagi",
        "tidak lolos",
        "belum rezeki",
        "Belum rejeki kali ini",
        "aku ga lolos",
        "aku gak lolos tahap user",
        "ditolak lagi",
        "DITOLAKKK",
        "ga lolooos",
        "nggak keterima kerja",
        "tdk lulus psikotes",
        "saya gagal",
        "lamaran saya tidak diterima",
        "Dengan berat hati kami sampaikan bahwa Anda belum lolos ke tahap berikutnya.",
        "I got rejected",
        "I was not selected",
        "I didn't get the job",
    ],
)
def test_rejections_are_recognised(text: str) -> None:
    assert mentions_rejection(text)


@pytest.mark.parametrize(
    "text",
    [
        "saya tidak menolak tawaran",
        "lolos",
        "Alhamdulillah saya lolos!",
        "saya lolos, tidak ditolak",
        "tidak, saya lolos",
        "login gagal terus",
        "belum ada kabar",
        "saya belum dipanggil",
        "saya tidak dapat datang besok",
        "halo",
        "",
        "🙂",
    ],
)
def test_other_text_is_not_taken_for_a_rejection(text: str) -> None:
    assert not mentions_rejection(text)


def test_tips_are_new_until_all_have_been_shown() -> None:
    seen: dict[str, datetime] = {}
    moment = datetime(2026, 11, 25, tzinfo=UTC)
    shown: list[str] = []
    for _visit in range(len(TIPS) // TIPS_PER_VISIT):
        tips = pick_tips(seen)
        assert len(tips) == TIPS_PER_VISIT
        assert not {tip.id for tip in tips} & set(shown)
        for tip in tips:
            seen[tip.id] = moment
            shown.append(tip.id)
        moment += timedelta(days=1)
    # Then the rest, topped up with the one seen longest ago.
    tips = pick_tips(seen)
    unseen = [tip.id for tip in TIPS if tip.id not in seen]
    assert [tip.id for tip in tips][: len(unseen)] == unseen
    assert len(tips) == TIPS_PER_VISIT


def test_content_has_stable_unique_ids_that_fit_in_callback_data() -> None:
    for items in (FEELINGS, TRAPS, TIPS):
        ids = [item.id for item in items]
        assert len(ids) == len(set(ids))
        assert all(len(f"tg:f:{i}".encode()) <= 64 for i in ids)
    assert all(len(trap.counters) >= 2 for trap in TRAPS)
    assert len(TRAPS) >= 3
    assert tuple(CHECK_IN_DAYS) == (2, 3, 5)
