"""How well /latihan's feedback agrees with a reader on what an answer covers.

    python -m bench.insights                 # both splits, numbers only
    python -m bench.insights --show dev      # also each dev disagreement, to tune on

The corpus (bench/corpus/practice_answers.jsonl) holds typed answers as job seekers write them:
casual Indonesian, English and the mix, with typos and spacing variants, each annotated with
the talking points a fair reader finds covered and, for STAR questions, the STAR parts present.
It is split into dev, the only part the feedback is tuned on, and held-out, reported separately
and never looked at answer by answer while tuning (`--show heldout` exists for the write-up).

Reported per split: talking points (a point found that the reader does not see is a false
"covered"; one the reader sees and the feedback lists as missing is a false "missing"), STAR
parts the same way, and answers the reader finds complete (every talking point, or all four STAR
parts) that the feedback still calls "too short".
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from bot.coach.insights import Length, StarPart, analyse
from bot.coach.practice import QUESTIONS_BY_ID

CORPUS = Path(__file__).resolve().parent / "corpus" / "practice_answers.jsonl"
SPLITS = ("dev", "heldout")


@dataclass(frozen=True)
class Answer:
    id: str
    split: str
    lang: str
    question: str
    answer: str
    covered: list[int]
    star: list[str] | None


def load(path: Path = CORPUS) -> list[Answer]:
    with path.open(encoding="utf-8") as handle:
        return [Answer(**json.loads(line)) for line in handle if line.strip()]


@dataclass
class Tally:
    agree: int = 0
    false_covered: int = 0
    false_missing: int = 0

    def add(self, expected: set[object], found: set[object], universe: set[object]) -> None:
        for item in universe:
            if (item in expected) == (item in found):
                self.agree += 1
            elif item in found:
                self.false_covered += 1
            else:
                self.false_missing += 1

    @property
    def total(self) -> int:
        return self.agree + self.false_covered + self.false_missing

    def line(self) -> str:
        share = self.agree / self.total if self.total else 0.0
        return (
            f"{self.agree}/{self.total} agree ({share:.1%}), "
            f"false missing {self.false_missing}, false covered {self.false_covered}"
        )


def reader_complete(item: Answer, points: int) -> bool:
    """Every talking point covered, or all four STAR parts present, as the reader sees it."""
    return len(item.covered) == points or (item.star is not None and len(item.star) == 4)


def run(show: str | None) -> None:
    answers = load()
    for split in SPLITS:
        points, star = Tally(), Tally()
        before = after = exact = 0
        part = [a for a in answers if a.split == split]
        for item in part:
            question = QUESTIONS_BY_ID[item.question]
            found = analyse(item.answer, question, "id")
            covered = {i for i in range(len(question.points)) if i not in found.missing_points}
            expected = set(item.covered)
            points.add(set(expected), set(covered), set(range(len(question.points))))
            exact += covered == expected
            if item.star is not None and found.star_expected:
                star.add(
                    set(item.star),
                    {p.value for p in found.star_found},
                    {p.value for p in StarPart},
                )
            if reader_complete(item, len(question.points)):
                before += found.length is Length.SHORT  # every short answer was "too short"
                after += found.too_short
            if show == split and (
                covered != expected
                or (
                    item.star is not None
                    and found.star_expected
                    and set(item.star) != {p.value for p in found.star_found}
                )
            ):
                print(f"  {item.id} {item.question}: points {sorted(covered)} want "
                      f"{sorted(expected)}; star {[p.value for p in found.star_found]} want "
                      f"{item.star}")  # fmt: skip
        print(f"{split}: {len(part)} answers, {exact} with exactly the reader's points")
        print(f"  talking points: {points.line()}")
        print(f"  STAR parts:     {star.line()}")
        print(
            f"  'too short' on an answer the reader finds complete: {after} "
            f"(with the old rule, 'too short' whenever short: {before})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", choices=SPLITS)
    args = parser.parse_args()
    run(args.show)


if __name__ == "__main__":
    main()
