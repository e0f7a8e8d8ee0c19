"""Repeated claims: how long looking for them takes when an article is added to a store whose desk
has already checked many claims (generated), per new claim."""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

from sqlite_utils import Database

import claims_db
from workbench.app import SEEDS
from workbench.articles import read_article
from workbench.extract import extract_claims
from workbench.matching import semantic
from workbench.matching.repeats import find_repeats

SUBJECTS = "taxes wages prices deaths arrests exports imports budgets schools hospitals police troops".split()
VERBS = "rose fell doubled reached dropped grew".split()


def _checked_store(checked: int, rng: random.Random) -> Database:
    db = claims_db.connect(":memory:")
    text = " ".join(
        f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} to {rng.randint(1, 99_999):,} in"
        f" {rng.randint(1990, 2024)}, the minister said."
        for _ in range(checked)
    )
    article = claims_db.add_article(db, text, title="checked").article
    ids = claims_db.add_claims(db, article.id, [c.as_dict() for c in extract_claims(text, min_score=0.0)])
    with claims_db.immediate(db):
        for claim_id in ids:
            db.execute(
                "INSERT INTO verdicts (claim_id, label, evidence, checker, created_at)"
                " VALUES (?, 'false', '[]', 'bench', '2024-01-01')",
                [claim_id],
            )
    return db


def benchmark(workdir: Path, sizes: tuple[int, ...] = (1_000, 5_000), runs: int = 5) -> dict[str, dict[str, float]]:
    semantic.embedder()  # loaded once per process, not part of an article's cost
    seed = read_article(str(SEEDS / "articles" / "article-pakistan-pm-le-figaro.txt")).text
    results: dict[str, dict[str, float]] = {}
    for size in sizes:
        db = _checked_store(size, random.Random(11))
        article = claims_db.add_article(db, seed, title="seed").article
        ids = claims_db.add_claims(db, article.id, [c.as_dict() for c in extract_claims(seed)])
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            find_repeats(db, ids)
            timings.append((time.perf_counter() - started) * 1000)
        results[f"repeats: {len(ids)} new claims vs {size:,} checked"] = {
            "median ms": statistics.median(timings),
            "ms per new claim": statistics.median(timings) / len(ids),
        }
        db.close()
    return results
