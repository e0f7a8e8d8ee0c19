"""Learn the matcher's re-ranking weights: logistic regression over candidate features.

Two stages, as the matcher runs them: the lexical model ranks every FTS5 candidate; the semantic
model re-ranks the best ``depth(10)`` of those with their closeness in meaning added. Trained on the
CLEF CheckThat! 2020 and 2022 *train* queries only, less those that are also evaluation queries (dev
and dev-test are for reporting). Writes
workbench/matching/reranker.json. Run: python -m benchmarks.tune_matching, then
python -m benchmarks.calibrate_matching (the score's calibration is fitted for these models).
"""

from __future__ import annotations

import json
import math
import random
import tempfile
from collections.abc import Collection
from pathlib import Path

import claims_db
from benchmarks.data import qrels, tsv_rows
from benchmarks.matching_quality import COLLECTIONS
from workbench.matching import matcher as m
from workbench.matching import semantic
from workbench.references import import_dataset

OUT = Path(m.__file__).with_name("reranker.json")
Example = tuple[dict[str, float], bool]
Candidate = tuple[dict[str, float], bool, str]  # features, relevant, the record's text and title
Query = tuple[str, list[Candidate]]  # the cleaned query, its candidates


def candidate_features(split: str, workdir: Path, exclude: Collection[str] = ()) -> list[Query]:
    """Each query's candidates with their features; queries whose text is in ``exclude`` are skipped."""
    collection = COLLECTIONS[split]
    db = claims_db.connect(workdir / f"{collection.name}.db")
    if claims_db.find_dataset(db, collection.name) is None:
        import_dataset(db, str(collection.source), name=collection.name, fmt=collection.fmt, mapping=collection.mapping)
    relevant = qrels(collection.qrels)
    rows = tsv_rows(collection.queries, header=collection.queries_header)
    queries = {row[0]: row[1] for row in rows if len(row) >= 2}
    matcher = m.Matcher(db)
    groups: list[Query] = []
    for query_id, rel in relevant.items():
        if query_id not in queries or " ".join(queries[query_id].split()) in exclude:
            continue
        query = matcher._query(queries[query_id])
        candidates = matcher._candidates(query, None)
        if not candidates:
            continue
        best = min(score for _, score in candidates) or -1.0
        records = claims_db.get_records(db, [rid for rid, _ in candidates])
        group = []
        for rank, (rid, bm25) in enumerate(candidates):
            record = records[rid]
            values, _ = m.features(query, record, bm25, best, rank)
            group.append((values, record.key in rel, m.semantic_text(record)))
        groups.append((query.cleaned, group))
    db.close()
    return groups


def train(
    groups: list[list[Example]], epochs: int = 30, rate: float = 0.05, l2: float = 1e-4
) -> tuple[float, dict[str, float]]:
    names = sorted(groups[0][0][0])
    weights = dict.fromkeys(names, 0.0)
    bias = 0.0
    examples = [example for group in groups for example in group]
    rng = random.Random(7)
    positives = sum(1 for _, y in examples if y)
    pos_weight = (len(examples) - positives) / max(positives, 1)
    for epoch in range(epochs):
        rng.shuffle(examples)
        step = rate / (1 + 0.2 * epoch)
        for values, y in examples:
            z = bias + sum(weights[n] * values[n] for n in names)
            p = 1 / (1 + math.exp(-max(min(z, 30), -30)))
            g = (p - (1.0 if y else 0.0)) * (pos_weight if y else 1.0)
            bias -= step * g
            for n in names:
                weights[n] -= step * (g * values[n] + l2 * weights[n])
    return bias, weights


def train_pairwise(
    groups: list[list[Example]],
    epochs: int = 40,
    rate: float = 0.05,
    l2: float = 1e-4,
    init: tuple[float, dict[str, float]] | None = None,
) -> tuple[float, dict[str, float]]:
    """RankNet-style: each relevant candidate should outscore each other candidate of its query."""
    names = sorted(groups[0][0][0])
    bias, weights = init if init else (0.0, dict.fromkeys(names, 0.0))
    weights = dict(weights)
    pairs = [(pos, neg) for group in groups for pos, y in group if y for neg, z in group if not z]
    rng = random.Random(11)
    for epoch in range(epochs):
        rng.shuffle(pairs)
        step = rate / (1 + 0.2 * epoch)
        for pos, neg in pairs:
            diff = {n: pos[n] - neg[n] for n in names}
            z = sum(weights[n] * diff[n] for n in names)
            g = -1 / (1 + math.exp(max(min(z, 30), -30)))  # d/dz of log(1 + e^-z)
            for n in names:
                weights[n] -= step * (g * diff[n] + l2 * weights[n])
    return bias, weights


def map_at_5(groups: list[list[Example]], bias: float, weights: dict[str, float]) -> float:
    total = 0.0
    for group in groups:
        scored = sorted(group, key=lambda e: -(bias + sum(weights.get(n, 0) * v for n, v in e[0].items())))
        hits, ap = 0, 0.0
        for i, (_, y) in enumerate(scored[:5], start=1):
            if y:
                hits += 1
                ap += hits / i
        n_rel = max(sum(1 for _, y in group if y), 1)
        total += ap / n_rel
    return total / len(groups)


def semantic_groups(queries: list[Query], lexical: m.Reranker) -> list[list[Example]]:
    """The best ``depth(10)`` candidates of each query on words, with their closeness in meaning added."""
    model = semantic.embedder()
    if model is None:
        raise SystemExit("the semantic model is not installed (pip install wordllama)")
    groups = []
    for text, candidates in queries:
        best = sorted(candidates, key=lambda c: -lexical.log_odds(c[0]))[: m.depth(10)]
        similarities = model.similarities(text, [record for _, _, record in best])
        groups.append([({**v, "semantic": s}, y) for (v, y, _), s in zip(best, similarities, strict=True)])
    return groups


def fit(groups: list[list[Example]], label: str) -> m.Reranker:
    """Pointwise logistic regression, then pairwise refinement; weights rounded as they are stored."""
    bias, weights = train(groups)
    print(f"{label} pointwise: train MAP@5 (in-sample): {map_at_5(groups, bias, weights):.3f}")
    _, weights = train_pairwise(groups, init=(bias, weights))
    print(f"{label} pairwise: train MAP@5 (in-sample): {map_at_5(groups, bias, weights):.3f}")
    print(f"  bias {bias:.3f}, " + ", ".join(f"{k} {v:.2f}" for k, v in weights.items()))
    return m.Reranker(round(bias, 4), {k: round(v, 4) for k, v in weights.items()})


def query_texts(split: str) -> set[str]:
    collection = COLLECTIONS[split]
    rows = tsv_rows(collection.queries, header=collection.queries_header)
    return {" ".join(row[1].split()) for row in rows if len(row) >= 2}


def training_queries(workdir: Path) -> list[Query]:
    """The train queries of both years, each once, none that is also an evaluation query.

    CLEF 2022's train split holds every tweet of 2020's train *and dev* splits: trained on it as it
    is, the re-ranker would have seen the 197 tweets of 2020 dev it is measured on."""
    held_out = query_texts("2020-dev") | query_texts("2022-dev-test")
    train = query_texts("2020-train") | query_texts("2022-train")
    print(f"train queries: {len(train - held_out)} ({len(train & held_out)} left out: evaluation queries)")
    seen: set[str] = set()
    queries: list[Query] = []
    for split in ("2020-train", "2022-train"):
        for text, candidates in candidate_features(split, workdir, exclude=held_out):
            if text not in seen:
                seen.add(text)
                queries.append((text, candidates))
    return queries


def main() -> None:
    workdir = Path(tempfile.gettempdir()) / "workbench-bench"
    workdir.mkdir(exist_ok=True)
    queries = training_queries(workdir)
    print(f"trained on {len(queries)} queries with candidates")
    lexical = fit([[(v, y) for v, y, _ in candidates] for _, candidates in queries], "lexical")
    meaning = fit(semantic_groups(queries, lexical), "semantic")
    stored: dict[str, object] = {
        name: {"bias": r.bias, "weights": r.weights} for name, r in (("lexical", lexical), ("semantic", meaning))
    }
    OUT.write_text(json.dumps(stored, indent=1) + "\n", encoding="utf-8")
    # The calibration belonged to the models just replaced: it is dropped, not kept stale.
    print(f"wrote {OUT}; now run python -m benchmarks.calibrate_matching (the score is uncalibrated until then)")


if __name__ == "__main__":
    main()
