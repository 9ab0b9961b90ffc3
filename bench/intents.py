"""How well bot/coach/intents.py understands chat messages, and what it costs.

    python -m bench.intents                  # dev: cross-validation inside the dev data
    python -m bench.intents --split heldout  # batch 1's held-out split, trained on all dev data
    python -m bench.intents --split heldout2 # batch 2's held-out split, the same way
    python -m bench.intents --split both --timing  # dev and each held-out split, separately
    python -m bench.intents --learn train    # learn from batch 1's train split only (as before
                                             # batch 2 was added), to tell data from code
    python -m bench.intents --compare       # the alternatives weighed, on dev
    python -m bench.intents --errors        # dev mistakes, to improve the rules and lexicon

The dev data is batch 1's `train` split and batch 2's `dev2` split (`DEV_SPLITS`, what
`default_classifier()` learns from). `dev` numbers come from stratified 5-fold cross-validation
inside it, repeated with three shuffles: every message is classified by a model that did not
learn from it. This is the data to tune on. `heldout` (batch 1) and `heldout2` (batch 2) are classified by a
classifier trained on all of the dev data (exactly what `default_classifier()` ships), each
reported on its own; they print numbers only, never the messages they got wrong, so that they
cannot be tuned on by accident.
"""

from __future__ import annotations

import argparse
import math
import platform
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.coach import intents as module
from bot.coach.intents import (
    CONDOLENCE,
    Example,
    Intent,
    IntentClassifier,
    IntentResult,
    load_corpus,
)

# The dev data: batch 1's train split and batch 2's dev split, learnt from and tuned on; what
# default_classifier() learns from.
DEV_SPLITS = module.LEARN_SPLITS
FOLDS = 5
SEEDS = (0, 1, 2)
NERVOUS = Intent.NERVOUS_BEFORE_INTERVIEW
WATCHED = (NERVOUS, Intent.REJECTED, Intent.SAD_AFTER_REJECTION)

Predictor = Callable[[str], Intent]
Trainer = Callable[[Sequence[Example]], Predictor]


@dataclass
class Tally:
    """Predictions against labels, with the confident flag when the classifier gives one."""

    pairs: list[tuple[Intent, Intent, bool]]
    texts: list[str]
    splits: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)  # per classification, shipped only

    def only(self, split: str) -> Tally:
        """The classifications of one split's messages."""
        keep = [i for i, s in enumerate(self.splits) if s == split]
        return Tally(
            [self.pairs[i] for i in keep],
            [self.texts[i] for i in keep],
            [split] * len(keep),
            [self.seconds[i] for i in keep] if self.seconds else [],
        )

    def accuracy(self) -> float:
        return sum(true is predicted for true, predicted, _ in self.pairs) / len(self.pairs)

    def per_intent(self) -> dict[Intent, tuple[int, int]]:
        counts: dict[Intent, list[int]] = defaultdict(lambda: [0, 0])
        for true, predicted, _ in self.pairs:
            counts[true][0] += true is predicted
            counts[true][1] += 1
        return {intent: (right, total) for intent, (right, total) in counts.items()}

    def condolence_for_no_rejection(self) -> int:
        return sum(
            true not in CONDOLENCE and predicted in CONDOLENCE for true, predicted, _ in self.pairs
        )


def folds(examples: Sequence[Example], seed: int) -> list[int]:
    """A stratified fold number for each example."""
    by_intent: dict[Intent, list[int]] = defaultdict(list)
    for index, example in enumerate(examples):
        by_intent[example.intent].append(index)
    assigned = [0] * len(examples)
    rng = random.Random(seed)
    for indices in by_intent.values():
        rng.shuffle(indices)
        for position, index in enumerate(indices):
            assigned[index] = position % FOLDS
    return assigned


def shipped(train: Sequence[Example]) -> Callable[[str], IntentResult]:
    return IntentClassifier(train).classify


def cross_validate(train: Sequence[Example], trainer: Trainer | None = None) -> Tally:
    tally = Tally([], [])
    for seed in SEEDS:
        assigned = folds(train, seed)
        for fold in range(FOLDS):
            learn = [e for e, f in zip(train, assigned, strict=True) if f != fold]
            test = [e for e, f in zip(train, assigned, strict=True) if f == fold]
            _score(tally, learn, test, trainer)
    return tally


def held_out(
    train: Sequence[Example], heldout: Sequence[Example], trainer: Trainer | None
) -> Tally:
    tally = Tally([], [])
    _score(tally, train, heldout, trainer)
    return tally


def _score(
    tally: Tally, learn: Sequence[Example], test: Sequence[Example], trainer: Trainer | None
) -> None:
    if trainer is None:
        classify = shipped(learn)
        for example in test:
            start = time.perf_counter()
            result = classify(example.text)
            tally.seconds.append(time.perf_counter() - start)
            tally.pairs.append((example.intent, result.intent, result.confident))
            tally.texts.append(example.text)
            tally.splits.append(example.split)
    else:
        predict = trainer(learn)
        for example in test:
            tally.pairs.append((example.intent, predict(example.text), True))
            tally.texts.append(example.text)
            tally.splits.append(example.split)


# --- reports -------------------------------------------------------------------------------


def report(name: str, tally: Tally) -> None:
    print(f"\n## {name}: {len(tally.pairs)} classifications")
    print(f"overall accuracy: {tally.accuracy():.1%}")
    print("\n| intent | right / total | accuracy |\n| --- | ---: | ---: |")
    worst = 1.0
    for intent in Intent:
        right, total = tally.per_intent().get(intent, (0, 0))
        if total:
            worst = min(worst, right / total)
            print(f"| {intent} | {right} / {total} | {right / total:.0%} |")
    print(f"\nlowest intent: {worst:.0%}")
    print(
        f"condolence-class answers for messages that report no rejection: "
        f"{tally.condolence_for_no_rejection()}"
    )
    print("\nnervous vs rejection (rows: label, columns: answer; 'elsewhere' = any other intent)")
    print("| label \\ answer | " + " | ".join(str(i) for i in WATCHED) + " | elsewhere |")
    print("| --- |" + " ---: |" * (len(WATCHED) + 1))
    for true in WATCHED:
        answers = Counter(predicted for t, predicted, _ in tally.pairs if t is true)
        cells = [str(answers.get(predicted, 0)) for predicted in WATCHED]
        elsewhere = sum(n for i, n in answers.items() if i not in WATCHED)
        print(f"| {true} | " + " | ".join(cells) + f" | {elsewhere} |")
    confident = [(t, p) for t, p, sure in tally.pairs if sure]
    if any(not sure for *_, sure in tally.pairs):
        right = sum(t is p for t, p in confident)
        share = len(confident) / len(tally.pairs)
        print(
            f"\nconfident (>= {module.CONFIDENT_AT}): {share:.1%} of messages, "
            f"{right / max(1, len(confident)):.1%} of them right; the rest would be asked"
        )
    if tally.seconds:
        ordered = sorted(tally.seconds)
        print(
            f"time per message (classify, trained classifier, caches as they come): "
            f"mean {statistics.fmean(ordered) * 1000:.2f} ms, "
            f"p50 {ordered[len(ordered) // 2] * 1000:.2f} ms, "
            f"p95 {ordered[int(len(ordered) * 0.95)] * 1000:.2f} ms"
        )
    splits = sorted(set(tally.splits))
    if len(splits) > 1:
        parts = ", ".join(
            f"{s} {tally.only(s).accuracy():.1%} ({len(tally.only(s).pairs)})" for s in splits
        )
        print(f"by split: {parts}")


def print_errors(tally: Tally) -> None:
    print("\n## dev mistakes (label -> answer)")
    rows = sorted(
        (str(true), str(predicted), text)
        for (true, predicted, _), text in zip(tally.pairs, tally.texts, strict=True)
        if true is not predicted
    )
    for true, predicted, text in sorted(set(rows)):
        count = rows.count((true, predicted, text))
        print(f"{true:30s} -> {predicted:30s} {count}x {text}")


# --- alternatives --------------------------------------------------------------------------


def centroid_only(train: Sequence[Example]) -> Predictor:
    """The shipped model without its rules: what the rules add."""
    model = IntentClassifier(train)

    def predict(text: str) -> Intent:
        probabilities = model.probabilities(text)
        return max(probabilities, key=probabilities.__getitem__)

    return predict


def without_concepts(train: Sequence[Example]) -> Predictor:
    """The shipped classifier whose model sees no concept features (the rules still use them):
    what the lexicon adds to the model."""
    original = module.features

    def plain(text: str) -> Counter[str]:
        return Counter({k: v for k, v in original(text).items() if not k.startswith("k")})

    module.features = plain
    try:
        classify = IntentClassifier(train).classify
    finally:
        module.features = original

    def predict(text: str) -> Intent:
        module.features = plain
        try:
            return classify(text).intent
        finally:
            module.features = original

    return predict


def naive_bayes(train: Sequence[Example]) -> Predictor:
    """Multinomial naive Bayes on the same features (alpha 0.3), rules on top as shipped."""
    counts: dict[Intent, Counter[str]] = defaultdict(Counter)
    for example in train:
        counts[example.intent].update(module.features(example.text))
    vocabulary = set().union(*(c.keys() for c in counts.values()))
    prior = Counter(e.intent for e in train)
    alpha = 0.3
    logs: dict[Intent, dict[str, float]] = {}
    floor: dict[Intent, float] = {}
    for intent, counter in counts.items():
        denominator = sum(counter.values()) + alpha * len(vocabulary)
        logs[intent] = {k: math.log((v + alpha) / denominator) for k, v in counter.items()}
        floor[intent] = math.log(alpha / denominator)
    model = IntentClassifier(train)

    def probabilities(text: str) -> dict[Intent, float]:
        bag = {k: v for k, v in module.features(text).items() if k in vocabulary}
        scores = {
            intent: math.log(prior[intent] / len(train))
            + sum(v * logs[intent].get(k, floor[intent]) for k, v in bag.items())
            for intent in logs
        }
        top = max(scores.values())
        weights = {i: math.exp(s - top) for i, s in scores.items()}
        total = sum(weights.values())
        return {i: w / total for i, w in weights.items()}

    model.probabilities = probabilities  # type: ignore[method-assign]
    return lambda text: model.classify(text).intent


def sklearn_svm(train: Sequence[Example]) -> Predictor:
    """scikit-learn's LinearSVC on the same features (TF-IDF), rules on top as shipped."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    pipeline = make_pipeline(DictVectorizer(), TfidfTransformer(), LinearSVC())
    pipeline.fit([module.features(e.text) for e in train], [str(e.intent) for e in train])
    model = IntentClassifier(train)

    def probabilities(text: str) -> dict[Intent, float]:
        scores = pipeline.decision_function([module.features(text)])[0]
        top = max(scores)
        weights = {
            Intent(c): math.exp((s - top) / 0.1)
            for c, s in zip(pipeline.classes_, scores, strict=True)
        }
        total = sum(weights.values())
        return {i: w / total for i, w in weights.items()}

    model.probabilities = probabilities  # type: ignore[method-assign]
    return lambda text: model.classify(text).intent


def sklearn_char_svm(train: Sequence[Example]) -> Predictor:
    """A common baseline: character n-grams (2-5, TF-IDF) and LinearSVC on the raw text."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    pipeline = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True), LinearSVC()
    )
    pipeline.fit([e.text for e in train], [str(e.intent) for e in train])
    return lambda text: Intent(pipeline.predict([text])[0])


ALTERNATIVES: dict[str, Trainer | None] = {
    "shipped: centroid + concepts + rules": None,
    "centroid + concepts, no rules": centroid_only,
    "centroid without concept features + rules": without_concepts,
    "naive Bayes + concepts + rules": naive_bayes,
    "sklearn LinearSVC + concepts + rules": sklearn_svm,
    "sklearn char 2-5 LinearSVC, raw text": sklearn_char_svm,
}


def compare(train: Sequence[Example]) -> None:
    print("\n## alternatives on dev (5-fold cross-validation x 3 shuffles)")
    print("| classifier | accuracy | lowest intent | condolence for no rejection |")
    print("| --- | ---: | ---: | ---: |")
    for name, trainer in ALTERNATIVES.items():
        try:
            tally = cross_validate(train, trainer)
        except ImportError:
            print(f"| {name} | (scikit-learn not installed) | | |")
            continue
        worst = min(right / total for right, total in tally.per_intent().values())
        print(
            f"| {name} | {tally.accuracy():.1%} | {worst:.0%} | "
            f"{tally.condolence_for_no_rejection()} |"
        )


# --- cost ----------------------------------------------------------------------------------


def timing(examples: Sequence[Example]) -> None:
    print("\n## cost")
    train = [e for e in examples if e.split in DEV_SPLITS]
    command = [sys.executable, "-X", "importtime", "-c", "import bot.coach.intents"]
    imports = []
    for _ in range(5):
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        last = [line for line in done.stderr.splitlines() if "bot.coach.intents" in line][-1]
        imports.append(int(last.split("|")[1]) / 1000)
    print(
        f"import bot.coach.intents (cumulative, -X importtime, median of 5): "
        f"{statistics.median(imports):.1f} ms"
    )
    extra = []
    script = (
        "import time, bot.app; start = time.perf_counter(); import bot.coach.intents; "
        "print(time.perf_counter() - start)"
    )
    for _ in range(5):
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        )
        extra.append(float(done.stdout) * 1000)
    print(
        f"import bot.coach.intents after bot.app (what the running bot pays, median of 5): "
        f"{statistics.median(extra):.1f} ms"
    )
    sklearn = [
        sys.executable,
        "-c",
        "import time; s = time.perf_counter(); "
        "from sklearn.svm import LinearSVC; "
        "from sklearn.feature_extraction import DictVectorizer; "
        "print(time.perf_counter() - s)",
    ]
    done = subprocess.run(sklearn, capture_output=True, text=True, check=False)
    if done.returncode == 0:
        print(
            f"for comparison, importing scikit-learn's LinearSVC and DictVectorizer: "
            f"{float(done.stdout) * 1000:.0f} ms"
        )
    builds = []
    for _ in range(5):
        start = time.perf_counter()
        IntentClassifier(train)
        builds.append(time.perf_counter() - start)
    print(f"training from the corpus (median of 5): {statistics.median(builds) * 1000:.1f} ms")
    start = time.perf_counter()
    load_corpus()
    print(f"reading the corpus file: {(time.perf_counter() - start) * 1000:.1f} ms")
    tracemalloc.start()
    classifier = IntentClassifier(train)
    size, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"memory held by the trained classifier (tracemalloc): {size / 2**20:.2f} MiB")
    texts = [e.text for e in examples]
    for text in texts:  # warm the caches as a running bot has them
        classifier.classify(text)
    cold = []
    module._word_concepts.cache_clear()
    for text in texts:
        start = time.perf_counter()
        classifier.classify(text)
        cold.append(time.perf_counter() - start)
    warm = []
    for _ in range(3):
        for text in texts:
            start = time.perf_counter()
            classifier.classify(text)
            warm.append(time.perf_counter() - start)
    for name, samples in (("first sight of each word", cold), ("warm", warm)):
        ordered = sorted(samples)
        p50 = ordered[len(ordered) // 2] * 1000
        p95 = ordered[int(len(ordered) * 0.95)] * 1000
        print(
            f"time per message, {name}: p50 {p50:.2f} ms, p95 {p95:.2f} ms "
            f"({len(samples)} messages)"
        )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--split",
        choices=("dev", "heldout", "heldout2", "both"),
        default="dev",
        help="both: dev, then each held-out split (batch 1, batch 2) reported on its own",
    )
    parser.add_argument(
        "--learn",
        choices=("dev", "train"),
        default="dev",
        help="dev: all dev data (train + dev2, what ships); train: batch 1's train split only",
    )
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--errors", action="store_true", help="dev mistakes (never held-out)")
    parser.add_argument("--timing", action="store_true")
    args = parser.parse_args(argv)
    examples = load_corpus()
    learn = DEV_SPLITS if args.learn == "dev" else ("train",)
    train = [e for e in examples if e.split in learn]
    heldout = [e for e in examples if e.split == "heldout"]
    heldout2 = [e for e in examples if e.split == "heldout2"]
    print(
        f"# bench.intents — {time.strftime('%Y-%m-%d %H:%M %Z')}, {platform.node()}, "
        f"Python {platform.python_version()}, {platform.processor() or platform.machine()}"
    )
    print(
        f"corpus: {len(train)} dev ({' + '.join(learn)}), {len(heldout)} held-out (batch 1), "
        f"{len(heldout2)} held-out (batch 2), {len(Intent)} intents"
    )
    if args.split in ("dev", "both"):
        tally = cross_validate(train)
        report(f"dev (cross-validation inside {' + '.join(learn)})", tally)
        if args.errors:
            print_errors(tally)
    if args.split in ("heldout", "both"):
        report("held-out, batch 1 (trained on all dev data)", held_out(train, heldout, None))
    if args.split in ("heldout2", "both"):
        report("held-out, batch 2 (trained on all dev data)", held_out(train, heldout2, None))
    if args.compare:
        compare(train)
    if args.timing:
        timing(examples)


if __name__ == "__main__":
    main()
