"""Calibrate the match score: the probability that a record addresses the same claim as the query.

Fitted on the CLEF train queries only (the same, deduplicated, set as benchmarks/tune_matching.py:
no dev or dev-test tweet), by cross-validation that holds out whole tweets: the train tweets are cut
into ``FOLDS`` folds; for each, both re-rankers are trained on the other folds (as tune_matching does)
and the held-out tweets are matched as the matcher does (words, then meaning, then numbers and time).
Each held-out tweet is also matched as shortened copies of itself (``SHORT`` of its content words):
that is where the calibration learns that a one- or two-word query can't be sure of its record.
Platt scaling with the query's length as a second input is then fitted on the pooled out-of-fold
top ``TOP`` of every query, and stored in workbench/matching/reranker.json ("calibration"), next to
the re-rankers tune_matching trained on all of train.

Run after tune_matching: python -m benchmarks.calibrate_matching
"""

from __future__ import annotations

import json
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import claims_db
from benchmarks.data import qrels, tsv_rows
from benchmarks.matching_quality import COLLECTIONS
from benchmarks.tune_matching import OUT, fit, query_texts
from claims_db import Record
from workbench.matching import matcher as m
from workbench.matching import semantic
from workbench.matching.query import words
from workbench.references import import_dataset

FOLDS = 4
TOP = 10  # the matches a query shows by default
SHORT = (1, 2, 3)  # content words in the shortened copies of each tweet


@dataclass
class Query:
    tweet: int  # the tweet it comes from (the fold unit)
    full: bool  # the tweet itself, not a shortened copy
    query: m._Query
    candidates: list[tuple[dict[str, float], bool, Record, list[str]]]  # features, relevant, record, shared


def gather(workdir: Path) -> list[Query]:
    held_out = query_texts("2020-dev") | query_texts("2022-dev-test")
    rng = random.Random(13)
    seen: set[str] = set()
    found: list[Query] = []
    for split in ("2020-train", "2022-train"):
        collection = COLLECTIONS[split]
        db = claims_db.connect(workdir / f"{collection.name}.db")
        if claims_db.find_dataset(db, collection.name) is None:
            import_dataset(
                db, str(collection.source), name=collection.name, fmt=collection.fmt, mapping=collection.mapping
            )
        relevant = qrels(collection.qrels)
        rows = tsv_rows(collection.queries, header=collection.queries_header)
        texts = {row[0]: row[1] for row in rows if len(row) >= 2}
        matcher = m.Matcher(db)
        for query_id, rel in relevant.items():
            text = texts.get(query_id)
            if text is None or " ".join(text.split()) in held_out or " ".join(text.split()) in seen:
                continue
            seen.add(" ".join(text.split()))
            tweet = len(seen)
            content = words(m.clean_text(text))
            versions = [(text, True)] + [(" ".join(rng.sample(content, n)), False) for n in SHORT if len(content) > n]
            for version, full in versions:
                query = matcher._query(version)
                candidates = matcher._candidates(query, None)
                if not candidates:
                    continue
                best = min(score for _, score in candidates) or -1.0
                records = claims_db.get_records(db, [rid for rid, _ in candidates])
                group = []
                for rank, (rid, bm25) in enumerate(candidates):
                    values, shared = m.features(query, records[rid], bm25, best, rank)
                    group.append((values, records[rid].key in rel, records[rid], shared))
                found.append(Query(tweet, full, query, group))
        db.close()
    return found


def final_scores(query: Query, lexical: m.Reranker, meaning: m.Reranker) -> list[tuple[float, bool]]:
    """The matcher's final log-odds and relevance of a query's top ``TOP``, with the given re-rankers."""
    ranked = sorted(query.candidates, key=lambda c: -lexical.log_odds(c[0]))[: m.depth(TOP)]
    model = semantic.embedder()
    assert model is not None
    sims = model.similarities(query.query.cleaned, [m.semantic_text(c[2]) for c in ranked])
    rescored = []
    for (values, y, record, shared), sim in zip(ranked, sims, strict=True):
        values = {**values, "semantic": sim}
        final, text, _ = m.Matcher._explain(None, query.query, meaning.log_odds(values), record, values, shared)  # type: ignore[arg-type]
        rescored.append((final, text, record.id, y))
    rescored.sort(key=lambda r: (-r[0], -r[1], r[2]))
    return [(final, y) for final, _, _, y in rescored[:TOP]]


def platt(x: np.ndarray, y: np.ndarray, iterations: int = 50) -> np.ndarray:
    """Logistic regression by Newton's method (a tiny ridge keeps it finite)."""
    w = np.zeros(x.shape[1])
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) + 1e-3 * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + 1e-3 * np.eye(x.shape[1])
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def main() -> None:
    workdir = Path(tempfile.gettempdir()) / "workbench-bench"
    workdir.mkdir(exist_ok=True)
    queries = gather(workdir)
    tweets = sorted({q.tweet for q in queries})
    random.Random(5).shuffle(tweets)
    fold_of = {tweet: i % FOLDS for i, tweet in enumerate(tweets)}
    print(f"{len(tweets)} train tweets, {len(queries)} queries with their shortened copies, {FOLDS} folds")
    rows: list[tuple[float, int, bool, bool]] = []  # final log-odds, query words, full tweet, relevant
    for fold in range(FOLDS):
        train = [q for q in queries if q.full and fold_of[q.tweet] != fold]
        lexical = fit([[(v, y) for v, y, _, _ in q.candidates] for q in train], f"fold {fold} lexical")
        meaning = fit(meaning_groups(train, lexical), f"fold {fold} semantic")
        for q in queries:
            if fold_of[q.tweet] == fold:
                rows.extend((s, len(q.query.terms), q.full, y) for s, y in final_scores(q, lexical, meaning))
    x = np.array([[s, 1.0, 1.0 / max(n, 1)] for s, n, _, _ in rows])
    y = np.array([1.0 if rel else 0.0 for *_, rel in rows])
    slope, bias, short = platt(x, y)
    print(f"calibration: slope {slope:.4f}, bias {bias:.4f}, short {short:.4f} over {len(rows)} out-of-fold matches")
    full = np.array([f for _, _, f, _ in rows])
    p = 1 / (1 + np.exp(-(x @ np.array([slope, bias, short]))))
    for name, mask in (("full tweets", full), ("shortened", ~full)):
        print(f"  {name}: mean score {p[mask].mean():.3f}, share relevant {y[mask].mean():.3f}")
    stored = json.loads(OUT.read_text("utf-8"))
    stored["calibration"] = {
        "slope": round(float(slope), 4),
        "bias": round(float(bias), 4),
        "short": round(float(short), 4),
    }
    OUT.write_text(json.dumps(stored, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


def meaning_groups(train: list[Query], lexical: m.Reranker) -> list[list[tuple[dict[str, float], bool]]]:
    """As tune_matching.semantic_groups: each query's best ``depth(10)`` on words, with meaning added."""
    model = semantic.embedder()
    assert model is not None
    groups = []
    for q in train:
        best = sorted(q.candidates, key=lambda c: -lexical.log_odds(c[0]))[: m.depth(10)]
        sims = model.similarities(q.query.cleaned, [m.semantic_text(c[2]) for c in best])
        groups.append([({**v, "semantic": s}, y) for (v, y, _, _), s in zip(best, sims, strict=True)])
    return groups


if __name__ == "__main__":
    main()
