"""Do a claim's matches stay put when an unrelated dataset is imported?

The seeds are loaded; each seed claim's top 5 (record and score) is taken; a large generated dataset
(benchmarks/generate.py, fact-check-like records on other subjects) is imported; the top 5 are
taken again. Measured with the candidates' rank and bm25 taken across all candidates (as the
matcher does) and, for comparison, within their own dataset (tried, worse).
Run: python -m benchmarks.import_stability [ROWS]
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlite_utils import Database

import claims_db
from benchmarks.generate import write_csv
from workbench.app import load_seeds
from workbench.matching import Matcher
from workbench.matching import matcher as matcher_module
from workbench.matching.matcher import SAME_CLAIM
from workbench.references import import_dataset

Top = dict[int, list[tuple[str, float]]]  # claim id -> [(dataset:key, score)]


def tops(db: Database) -> Top:
    matcher = Matcher(db)
    return {
        c.claim.id: [(f"{m.record.dataset_name}:{m.record.key}", m.score) for m in matcher.match(c.claim, limit=5)]
        for c in claims_db.list_claims(db)
    }


def both(db: Database) -> dict[bool, Top]:
    found = {}
    for per_dataset in (True, False):
        matcher_module.PER_DATASET = per_dataset
        found[per_dataset] = tops(db)
    matcher_module.PER_DATASET = False
    return found


def compare(before: Top, after: Top) -> dict[str, float]:
    same_order = sum(1 for cid in before if [k for k, _ in before[cid]] == [k for k, _ in after[cid]])
    kept = sum(len({k for k, _ in before[cid]} & {k for k, _ in after[cid]}) for cid in before)
    shown = sum(len(before[cid]) for cid in before)
    moves = [
        abs(score - dict(after[cid]).get(key, 0.0))
        for cid in before
        for key, score in before[cid]
        if key in dict(after[cid])
    ]
    sure = [(cid, key, score) for cid in before for key, score in before[cid] if score >= SAME_CLAIM]
    sure_moves = [abs(score - dict(after[cid])[key]) for cid, key, score in sure if key in dict(after[cid])]
    return {
        "claims": len(before),
        "'same claim' matches kept": len(sure_moves) / max(len(sure), 1),
        "their max |score change|": max(sure_moves, default=0.0),
        "same top-5, same order": same_order / max(len(before), 1),
        "top-5 records kept": kept / max(shown, 1),
        "mean |score change|": sum(moves) / max(len(moves), 1),
        "max |score change|": max(moves, default=0.0),
    }


def main(rows: int = 200_000) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        db = claims_db.connect(Path(tmp) / "stability.db")
        load_seeds(db)
        before = both(db)
        source = write_csv(Path(tmp) / "unrelated.csv", rows)
        import_dataset(db, str(source), name="unrelated")
        after = both(db)
        db.close()
    results = {
        f"per dataset ({rows:,} unrelated rows)": compare(before[True], after[True]),
        f"across datasets ({rows:,} unrelated rows)": compare(before[False], after[False]),
    }
    for name, row in results.items():
        print(f"{name:<40} " + "  ".join(f"{k} {v:.3f}" for k, v in row.items()))
    return results


if __name__ == "__main__":
    import sys

    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
