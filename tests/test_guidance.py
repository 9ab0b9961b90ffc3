"""The stage guidance: complete, within Telegram's limits, valid HTML, faithful to the seed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.coach.guidance import (
    GUIDANCE,
    MESSAGE_LIMIT,
    SEED_POINTS,
    SeedPoint,
    _pack,
    checklist_item,
    render_checklist,
    render_guidance,
)
from bot.coach.stages import STAGES, Stage
from bot.i18n import _, use_locale
from tests.test_catalogs import html_problems

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "the-interview-process.md"
# Bullets per stage in the seed document, in its order of sections.
SEED_BULLETS = {
    Stage.RECRUITER: 2,
    Stage.SCREENING: 4,
    Stage.FOLLOW_UP_INTERVIEWS: 4,
    Stage.OFFER: 3,
    Stage.PERSISTENCE: 3,
    Stage.KEY_POINTS: 2,
}
LOCALES = ["id", "en"]


def test_every_stage_has_guidance() -> None:
    assert set(GUIDANCE) == set(Stage)
    for stage, guidance in GUIDANCE.items():
        assert guidance.stage is stage
        assert guidance.sections and guidance.checklist and guidance.next_step
        assert all(section.points for section in guidance.sections)


def test_checklist_keys_are_short_stable_and_unique() -> None:
    keys = [item.key for guidance in GUIDANCE.values() for item in guidance.checklist]
    assert len(keys) == len(set(keys)), "keys are unique across all stages"
    for key in keys:
        assert re.fullmatch(r"[a-z0-9-]{1,16}", key), key


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("stage", list(Stage))
def test_rendered_guidance_fits_and_is_valid_html(stage: Stage, locale: str) -> None:
    with use_locale(locale):
        messages = render_guidance(stage)
    assert messages
    for message in messages:
        assert len(message) <= MESSAGE_LIMIT <= 4096
        assert not html_problems(message), html_problems(message)


@pytest.mark.parametrize("stage", list(Stage))
def test_english_guidance_is_translated(stage: Stage) -> None:
    with use_locale("en"):
        english = "\n".join(render_guidance(stage))
    guidance = GUIDANCE[stage]
    for msgid in (*(p for s in guidance.sections for p in s.points), guidance.next_step):
        assert msgid not in english, f"untranslated: {msgid!r}"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("point", SEED_POINTS, ids=lambda point: point.msgid[:40])
def test_every_seed_point_reaches_the_guidance_of_its_stage(point: SeedPoint, locale: str) -> None:
    with use_locale(locale):
        rendered = "\n".join(render_guidance(point.stage))
        translated = _(point.msgid)
    assert translated in rendered
    if locale == "en":
        assert translated != point.msgid, "the seed point has an English translation"


def test_seed_points_cover_every_bullet_of_every_stage() -> None:
    counts = {stage: 0 for stage in Stage}
    for point in SEED_POINTS:
        counts[point.stage] += 1
    assert counts == SEED_BULLETS
    assert sum(counts.values()) == 18
    assert len({point.bullet for point in SEED_POINTS}) == len(SEED_POINTS)


def test_seed_bullet_counts_match_the_seed_document() -> None:
    if not SEED.exists():
        pytest.skip("the seed document lives outside the repository")
    counts: list[int] = []
    for line in SEED.read_text("utf-8").splitlines():
        if re.match(r"###\s+\d+\.", line):
            counts.append(0)
        elif line.startswith("- ") and counts:
            counts[-1] += 1
    ordered = [SEED_BULLETS[info.stage] for info in sorted(STAGES, key=lambda i: i.number)]
    assert counts == ordered


@pytest.mark.parametrize("locale", LOCALES)
def test_checklist_marks_done_items(locale: str) -> None:
    items = GUIDANCE[Stage.SCREENING].checklist
    done = {items[0].key, "no-such-key"}
    with use_locale(locale):
        lines = render_checklist(Stage.SCREENING, done).splitlines()
        assert len(lines) == len(items)
        assert lines[0] == f"☑️ {_(items[0].text)}"
        assert all(line.startswith("⬜ ") for line in lines[1:])
    assert not html_problems("\n".join(lines))


def test_checklist_item_lookup() -> None:
    first = GUIDANCE[Stage.OFFER].checklist[0]
    assert checklist_item(Stage.OFFER, first.key) == first
    assert checklist_item(Stage.RECRUITER, first.key) is None
    assert checklist_item(Stage.OFFER, "tampered") is None


def test_pack_splits_between_blocks_then_between_lines() -> None:
    blocks = ["a" * 60, "b" * 60, "\n".join(["c" * 40] * 5)]
    messages = _pack(blocks, limit=130)
    assert all(len(message) <= 130 for message in messages)
    assert "\n".join(messages).replace("\n", "") == "".join(blocks).replace("\n", "")
    assert messages[0] == "a" * 60 + "\n\n" + "b" * 60
