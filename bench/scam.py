"""How well the recruiter-message check separates scams from real messages, and how fast it is.

    python -m bench.scam                    # both splits, numbers only
    python -m bench.scam --show dev         # also the dev misses and false alarms, to tune on
    python -m bench.scam --repeat 200       # more timing rounds
    python -m bench.scam --show dev --batch 3   # the dev misses of one batch only
    python -m bench.scam --only dev --show dev  # while tuning: no held-out number printed at all

The corpus (bench/corpus/recruiter_messages.jsonl) is split into dev, the only part the rules
are tuned on, and held-out, reported separately and never looked at message by message while
tuning (`--show heldout` exists for the final write-up). Batch 2 was written after the rules
were first frozen, to shapes they were not written for, and is also reported on its own: batch 1
was written by the same hand as the rules. Batch 3 was written and split (half and half) before
the next change; the held-out parts of batches 1-2 had been read by then, so "held-out, batches
1-2" and "held-out, batch 3 only" are reported apart, and only the latter is an unread held-out
for that change. A message "has a sign" when check_message finds at least one; on scams that is a
hit, on real messages a false alarm.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench._common import print_machine
from bot.coach.scam import SIGNS, check_message

CORPUS = Path(__file__).resolve().parent / "corpus" / "recruiter_messages.jsonl"
SPLITS = ("dev", "heldout")


@dataclass(frozen=True)
class Message:
    id: str
    text: str
    label: str  # scam or real
    channel: str
    lang: str
    split: str
    batch: int  # 1: written before the rules; 2: after they were first frozen; 3: after batch 2's
    # changes, split before the next one


def load(path: Path = CORPUS) -> list[Message]:
    with path.open(encoding="utf-8") as handle:
        return [Message(**json.loads(line)) for line in handle if line.strip()]


@dataclass(frozen=True)
class Scores:
    scams: int
    hits: int
    real: int
    false_alarms: int

    @property
    def recall(self) -> float:
        return self.hits / self.scams if self.scams else 0.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.real if self.real else 0.0

    @property
    def precision(self) -> float:
        flagged = self.hits + self.false_alarms
        return self.hits / flagged if flagged else 0.0


def score(messages: list[Message]) -> Scores:
    flagged = {message.id: bool(check_message(message.text).findings) for message in messages}
    scams = [message for message in messages if message.label == "scam"]
    real = [message for message in messages if message.label == "real"]
    return Scores(
        scams=len(scams),
        hits=sum(flagged[message.id] for message in scams),
        real=len(real),
        false_alarms=sum(flagged[message.id] for message in real),
    )


def time_per_message(messages: list[Message], repeat: int) -> tuple[float, float]:
    """Median and maximum over rounds of the mean time to check one message, in microseconds."""
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for message in messages:
            check_message(message.text)
        rounds.append((time.perf_counter() - start) / len(messages) * 1e6)
    return statistics.median(rounds), max(rounds)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", choices=SPLITS, action="append", default=[])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument(
        "--only", choices=SPLITS, help="print this split only (dev while tuning, not to peek)"
    )
    parser.add_argument(
        "--batch", type=int, action="append", default=[], help="--show only these batches"
    )
    args = parser.parse_args()

    print_machine("bench.scam")
    messages = load()
    print(
        f"corpus: {CORPUS.relative_to(Path.cwd()) if CORPUS.is_relative_to(Path.cwd()) else CORPUS}"
    )
    print()
    print("| split | scams | with a sign | recall | real | false alarms | rate | precision |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    batches = sorted({m.batch for m in messages})
    parts: list[tuple[str, str, set[int]]] = [(split, split, set(batches)) for split in SPLITS]
    parts += [("heldout, batches 1-2", "heldout", {1, 2})]
    parts += [
        (f"{split}, batch {batch} only", split, {batch})
        for batch in batches
        if batch > 1
        for split in SPLITS
    ]
    parts = [part for part in parts if args.only in (None, part[1])]
    for name, split, chosen_batches in parts:
        chosen = [m for m in messages if m.split == split and m.batch in chosen_batches]
        s = score(chosen)
        print(
            f"| {name} | {s.scams} | {s.hits} | {s.recall:.1%} | {s.real} | {s.false_alarms} | "
            f"{s.false_alarm_rate:.1%} | {s.precision:.1%} |"
        )
    print()
    print("signs found, per split and label (a message can show several):")
    sign_parts = [(split, split, set(batches)) for split in SPLITS]
    sign_parts += [(f"{split}, batch {batches[-1]}", split, {batches[-1]}) for split in SPLITS]
    sign_parts = [part for part in sign_parts if args.only in (None, part[1])]
    for name, split, chosen_batches in sign_parts:
        counts: Counter[tuple[str, str]] = Counter()
        for message in messages:
            if message.split == split and message.batch in chosen_batches:
                for sign_id in check_message(message.text).sign_ids:
                    counts[(sign_id, message.label)] += 1
        row = ", ".join(
            f"{sign.id} {counts[(sign.id, 'scam')]}/{counts[(sign.id, 'real')]}" for sign in SIGNS
        )
        print(f"  {name} (scam/real): {row}")
    median, worst = time_per_message(messages, args.repeat)
    print()
    print(
        f"time per message: median {median:.0f} µs, slowest round {worst:.0f} µs "
        f"({len(messages)} messages x {args.repeat} rounds)"
    )
    for split in args.show:
        print()
        print(f"{split}: scams without a sign, and real messages with one")
        for message in messages:
            if message.split != split or (args.batch and message.batch not in args.batch):
                continue
            signs = check_message(message.text).sign_ids
            if (message.label == "scam") != bool(signs):
                print(f"  {message.id} {message.label} {message.channel} {list(signs)}")
                print(f"    {message.text[:300]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
