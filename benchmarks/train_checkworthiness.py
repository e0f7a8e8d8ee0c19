"""Train the check-worthiness model: logistic regression over sparse sentence features.

Pure Python (no numpy needed), trained on CLEF 2024 CheckThat! task 1 English *train* only; the
threshold is chosen on held-out folds of train, never on dev or dev-test. Writes
workbench/extract/checkworthiness_model.json. Run: python -m benchmarks.train_checkworthiness
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from pathlib import Path

from benchmarks.data import checkworthiness
from workbench.extract.claims import blend, specificity
from workbench.extract.features import sentence_features
from workbench.extract.numbers import find_quantities
from workbench.extract.timescope import find_time_scope

MODEL_PATH = Path(__file__).resolve().parents[1] / "workbench" / "extract" / "checkworthiness_model.json"
MIN_COUNT = 3
EPOCHS = 12
L2 = 1e-5
RATE = 0.15
SEED = 13


def featurize(text: str) -> tuple[list[str], float]:
    quantities = find_quantities(text)
    has_time = find_time_scope(text) is not None
    features = sentence_features(text, n_quantities=len(quantities), has_time=has_time)
    return features, specificity(text, quantities, has_time)


def train(examples: list[tuple[list[str], bool]], vocab: set[str]) -> tuple[dict[str, float], float]:
    weights: dict[str, float] = dict.fromkeys(vocab, 0.0)
    bias = 0.0
    rng = random.Random(SEED)
    order = list(range(len(examples)))
    positives = sum(y for _, y in examples)
    pos_weight = (len(examples) - positives) / max(positives, 1)  # balance the classes
    for epoch in range(EPOCHS):
        rng.shuffle(order)
        rate = RATE / (1 + epoch)
        for i in order:
            feats, y = examples[i]
            active = [f for f in feats if f in weights]
            z = bias + sum(weights[f] for f in active)
            p = 1 / (1 + math.exp(-max(min(z, 30), -30)))
            g = (p - (1.0 if y else 0.0)) * (pos_weight if y else 1.0)
            bias -= rate * g
            for f in active:
                weights[f] -= rate * (g + L2 * weights[f])
    return {f: round(w, 4) for f, w in weights.items() if abs(w) >= 1e-3}, bias


def score(weights: dict[str, float], bias: float, feats: list[str]) -> float:
    z = bias + sum(weights.get(f, 0.0) for f in feats)
    return 1 / (1 + math.exp(-max(min(z, 30), -30)))


def f1_at(scored: list[tuple[float, bool]], threshold: float) -> float:
    tp = sum(1 for s, y in scored if s >= threshold and y)
    fp = sum(1 for s, y in scored if s >= threshold and not y)
    fn = sum(1 for s, y in scored if s < threshold and y)
    return 2 * tp / max(2 * tp + fp + fn, 1)


def main() -> None:
    featurized = [(featurize(text), label) for text, label in checkworthiness("train")]
    data = [(feats, label) for (feats, _), label in featurized]
    concreteness = [c for (_, c), _ in featurized]
    counts = Counter(f for feats, _ in data for f in set(feats))
    vocab = {f for f, c in counts.items() if c >= MIN_COUNT}
    # Threshold from 4-fold cross-validation on train.
    rng = random.Random(SEED)
    idx = list(range(len(data)))
    rng.shuffle(idx)
    folds = [idx[k::4] for k in range(4)]
    held_out: list[tuple[float, bool]] = []
    for k in range(4):
        test = set(folds[k])
        w, b = train([data[i] for i in idx if i not in test], vocab)
        held_out.extend((blend(score(w, b, data[i][0]), concreteness[i]), data[i][1]) for i in folds[k])
    threshold = max((t / 100 for t in range(20, 90)), key=lambda t: f1_at(held_out, t))
    print(f"cross-validated F1 on train: {f1_at(held_out, threshold):.3f} at threshold {threshold:.2f}")
    weights, bias = train(data, vocab)
    MODEL_PATH.write_text(
        json.dumps(
            {
                "about": "Logistic regression over sentence features; trained by "
                "benchmarks/train_checkworthiness.py on CLEF 2024 CheckThat! task 1 English train.",
                "threshold": threshold,
                "bias": round(bias, 4),
                "weights": dict(sorted(weights.items())),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {MODEL_PATH} ({len(weights)} weights)")


if __name__ == "__main__":
    main()
