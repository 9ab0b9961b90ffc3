"""The stage guidance: complete, within Telegram's limits, valid HTML, faithful to the seed."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest

from bot.coach.guidance import (
    BRIEF_LIMIT,
    GUIDANCE,
    MESSAGE_LIMIT,
    PART_LIMIT,
    SEED_POINTS,
    SeedPoint,
    _pack,
    brief,
    checklist_item,
    full_parts,
    render_checklist,
    render_guidance,
)
from bot.coach.length import visible_len
from bot.coach.stages import STAGE_INFO, STAGES, Stage
from bot.i18n import _, use_locale
from tests.test_catalogs import html_problems

HERE = Path(__file__).resolve().parent
# The seed's bullets, vendored (see the file's header); the seed itself lives in shared/, beside
# the repository in CI and a level further up for a git worktree.
VENDORED_SEED = HERE / "data" / "seed_bullets.tsv"
SEED_CANDIDATES = [
    parent / "shared" / "seed" / "the-interview-process.md" for parent in HERE.parents[1:3]
]
# SHA-256 of the vendored bullets (stage, tab, text; one a line): editing them is deliberate.
SEED_SHA256 = "221d775cb02c162a204c3c1b34ee61dd5dee5fa988cf1c67ad78656e98d47070"
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


def seed_bullets(text: str) -> list[tuple[int, str]]:
    """(stage number, bullet) for every bullet of the seed document, in its order."""
    bullets: list[tuple[int, str]] = []
    stage = 0
    for line in text.splitlines():
        if match := re.match(r"###\s+(\d+)\.", line):
            stage = int(match.group(1))
        elif line.startswith("- ") and stage:
            bullets.append((stage, line[2:].strip()))
    return bullets


def vendored_bullets() -> list[tuple[int, str]]:
    rows = [line.split("\t") for line in VENDORED_SEED.read_text("utf-8").splitlines()]
    return [(int(number), text) for number, text in (row for row in rows if row[0][:1] != "#")]


def test_vendored_seed_bullets_are_the_pinned_ones() -> None:
    """No skip: the vendored copy is in the repository, and its hash is pinned here."""
    bullets = vendored_bullets()
    digest = hashlib.sha256(
        "\n".join(f"{number}\t{text}" for number, text in bullets).encode()
    ).hexdigest()
    assert digest == SEED_SHA256, (
        "the vendored seed bullets changed: update SEED_SHA256 on purpose"
    )
    counts = Counter(number for number, _ in bullets)
    ordered = [SEED_BULLETS[info.stage] for info in sorted(STAGES, key=lambda i: i.number)]
    assert [counts[number] for number in range(1, 7)] == ordered
    assert len(bullets) == len(SEED_POINTS) == 18


def test_vendored_seed_matches_the_seed_document_when_present() -> None:
    """Where shared/ is beside the repository (CI, the developers), the copy must be current."""
    for seed in SEED_CANDIDATES:
        if seed.exists():
            assert seed_bullets(seed.read_text("utf-8")) == vendored_bullets(), seed
    assert vendored_bullets(), "the vendored copy is never missing"


def test_seed_points_follow_the_seed_order() -> None:
    numbers = [STAGE_INFO[point.stage].number for point in SEED_POINTS]
    assert numbers == [number for number, _ in vendored_bullets()]


# --- the brief on entering a stage, and the full guidance in parts --------------------------


def guidance_points(stage: Stage) -> list[str]:
    guidance = GUIDANCE[stage]
    return [point for section in guidance.sections for point in section.points]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("stage", list(Stage))
def test_brief_is_short_and_says_something_new(stage: Stage, locale: str) -> None:
    assert 3 <= len(GUIDANCE[stage].brief) <= 4
    with use_locale(locale):
        text = brief(stage)
        points = [_(point) for point in guidance_points(stage)]
        summary = _(STAGE_INFO[stage].summary)
    assert visible_len(text) <= BRIEF_LIMIT
    assert not html_problems(text), html_problems(text)
    for point in points:
        assert point not in text, "the brief does not copy the full guidance"
    # The summary shown on entering the stage does not repeat the guidance's first bullet.
    assert points[0] not in summary and summary not in points[0]
    if locale == "en":
        assert all(line not in text for line in GUIDANCE[stage].brief), "translated"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("stage", list(Stage))
def test_full_guidance_comes_in_parts_a_reader_can_take(stage: Stage, locale: str) -> None:
    with use_locale(locale):
        parts = full_parts(stage)
        whole = "\n".join(render_guidance(stage))
        points = [_(point) for point in guidance_points(stage)]
        heading = _(STAGE_INFO[stage].title)
    assert parts[0].startswith(STAGE_INFO[stage].emoji) and heading in parts[0]
    for part in parts:
        assert visible_len(part) <= PART_LIMIT < 4096
        assert not html_problems(part), html_problems(part)
    joined = "\n".join(parts)
    for point in points:
        assert joined.count(point) == 1, point
    # The same content as the one-piece guidance, only cut differently.
    assert joined.replace("\n", "") == whole.replace("\n", "")


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
