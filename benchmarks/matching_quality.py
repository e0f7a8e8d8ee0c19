"""Claim retrieval quality on CLEF CheckThat! 2020 (Task 2) and 2022 (Task 2A English).

The verified claims are imported through the real importer; every tweet goes through
Matcher.match. Metrics: MAP@1, MAP@5 (trectools definition: (1/|R|) x sum of P@i at each relevant
hit i <= 5), MRR@10, and the recall of the candidate (FTS5) stage; each split also without the
semantic stage ("words alone"), to show what it adds.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import claims_db
from benchmarks.data import EVAL, qrels, tsv_rows
from benchmarks.reliability import expected_calibration_error, precision_threshold, reliability_svg
from workbench.matching import Matcher, semantic
from workbench.matching import matcher as matcher_module
from workbench.references import import_dataset

RELIABILITY_SVG = Path(__file__).resolve().parents[1] / "docs" / "images" / "reliability.svg"


@dataclass
class Collection:
    name: str
    source: Path
    fmt: str
    mapping: dict[str, str]
    queries: Path
    queries_header: bool
    qrels: Path


COLLECTIONS = {
    "2020-train": Collection("clef2020", EVAL / "claim-retrieval-2020" / "verified_claims.docs.tsv", "tsv",
                             {"key": "column_1", "text": "vclaim", "title": "title"},
                             EVAL / "claim-retrieval-2020" / "train" / "tweets.queries.tsv", True,
                             EVAL / "claim-retrieval-2020" / "train" / "tweet-vclaim-pairs.qrels"),
    "2020-dev": Collection("clef2020", EVAL / "claim-retrieval-2020" / "verified_claims.docs.tsv", "tsv",
                           {"key": "column_1", "text": "vclaim", "title": "title"},
                           EVAL / "claim-retrieval-2020" / "dev" / "tweets.queries.tsv", True,
                           EVAL / "claim-retrieval-2020" / "dev" / "tweet-vclaim-pairs.qrels"),
    "2022-train": Collection("clef2022", EVAL / "claim-retrieval-2022" / "vclaims.jsonl", "jsonl",
                             {"key": "vclaim_id", "text": "vclaim", "title": "title"},
                             EVAL / "claim-retrieval-2022" / "train-dev" / "CT2022-Task2A-EN-Train-Dev_Queries.tsv",
                             False,
                             EVAL / "claim-retrieval-2022" / "train-dev" / "CT2022-Task2A-EN-Train_QRELs.tsv"),
    "2022-dev-test": Collection("clef2022", EVAL / "claim-retrieval-2022" / "vclaims.jsonl", "jsonl",
                                {"key": "vclaim_id", "text": "vclaim", "title": "title"},
                                EVAL / "claim-retrieval-2022" / "dev-test" / "CT2022-Task2A-EN-Dev-Test_Queries.tsv",
                                True,
                                EVAL / "claim-retrieval-2022" / "dev-test" / "CT2022-Task2A-EN-Dev-Test_QRELs.tsv"),
}  # fmt: skip


@contextmanager
def without_semantic_stage() -> Iterator[None]:
    """Matching as if the semantic model were not installed: words alone (to measure what it adds)."""
    loaded = semantic.embedder
    semantic.embedder = lambda: None  # type: ignore[assignment]
    try:
        yield
    finally:
        semantic.embedder = loaded


def average_precision(ranked: list[str], relevant: set[str], k: int) -> float:
    hits = 0
    total = 0.0
    for i, key in enumerate(ranked[:k], start=1):
        if key in relevant:
            hits += 1
            total += hits / i
    return total / len(relevant) if relevant else 0.0


def evaluate(
    split: str, workdir: Path, *, limit: int = 10, shown: list[tuple[float, bool]] | None = None
) -> dict[str, float]:
    """The split's quality figures; ``shown`` gets each query's top 5 as (score, relevant)."""
    collection = COLLECTIONS[split]
    path = workdir / f"{collection.name}.db"
    db = claims_db.connect(path)
    if claims_db.find_dataset(db, collection.name) is None:
        import_dataset(db, str(collection.source), name=collection.name, fmt=collection.fmt, mapping=collection.mapping)
    relevant = qrels(collection.qrels)
    rows = tsv_rows(collection.queries, header=collection.queries_header)
    queries = {row[0]: row[1] for row in rows if len(row) >= 2}
    matcher = Matcher(db)
    ap1 = ap5 = rr = recall = 0.0
    n = 0
    started = time.perf_counter()
    for query_id, rel in relevant.items():
        text = queries.get(query_id)
        if text is None:
            continue
        n += 1
        found = matcher.match(text, limit=limit)
        ranked = [m.record.key for m in found]
        if shown is not None:
            shown.extend((m.score, m.record.key in rel) for m in found[:5])
        ap1 += average_precision(ranked, rel, 1)
        ap5 += average_precision(ranked, rel, 5)
        rr += next((1 / i for i, key in enumerate(ranked, start=1) if key in rel), 0.0)
        candidates = matcher.candidate_keys(text)
        recall += len(rel & set(candidates)) / len(rel)
    elapsed = time.perf_counter() - started
    db.close()
    return {"queries": n, "MAP@1": ap1 / n, "MAP@5": ap5 / n, "MRR@10": rr / n,
            f"recall@{matcher_module.CANDIDATES}": recall / n, "ms/query": 1000 * elapsed / n}  # fmt: skip


def main(splits: list[str] | None = None) -> dict[str, dict[str, float]]:
    workdir = Path(tempfile.gettempdir()) / "workbench-bench"
    workdir.mkdir(exist_ok=True)
    results = {}
    curves: dict[str, list[tuple[float, bool]]] = {}
    for split in splits or ["2020-dev", "2022-dev-test"]:
        shown = curves[split] = []
        results[split] = evaluate(split, workdir, shown=shown)
        results[split]["ECE top-5"] = expected_calibration_error(shown)
        threshold = precision_threshold(shown)
        results[split]["P>=0.9 from score"] = threshold if threshold is not None else float("nan")
        with without_semantic_stage():
            results[f"{split}, words alone"] = evaluate(split, workdir)
    reliability_svg(curves, RELIABILITY_SVG, "Match score reliability: top 5 of each CLEF tweet")
    print(f"wrote {RELIABILITY_SVG}")
    for name, row in results.items():
        shown = "  ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in row.items())
        print(f"{name:<26} {shown}")
    return results


if __name__ == "__main__":
    import sys

    main(sys.argv[1:] or None)
