"""Repeated claims: does a new claim say again what a claim the desk has already checked said?

The desk's own verdicts are its best reference. When claims are added, each is compared with the
claims of other articles that have a current verdict; a close one is stored in ``claim_repeats`` as a
suggestion ("checked before"), which the checker links (the verdict is carried over) or rejects.

The score is a probability built from the matcher's own pieces, over the two claims' normalized forms
(attribution and quotation marks gone, so "X said: '...'" and "... , X told Y" compare on the claim):
rapidfuzz token-set and token-sort ratios, the cosine of their static embeddings (``semantic.py``),
and the agreement of their numbers and time scopes (``numeric.py``). The weights are set by hand on
real pairs (tests/matching/test_repeats.py: five reports of Imran Khan's 80,000 claim against the
other claims of real articles; see docs/decisions.md); "calibrated-ish": above THRESHOLD the pairs
were repeats, below it they were not.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, utils
from sqlite_utils import Database

import claims_db
from claims_db import Claim
from claims_db.util import now
from workbench.matching import semantic
from workbench.matching.numeric import compare_numbers, time_overlap

THRESHOLD = 0.35  # a suggestion is stored from this probability up
LIMIT = 3  # at most this many earlier claims suggested for one new claim
# log-odds = BIAS + sum(weight * feature); features are 0..1 (numbers and time: -1, 0 or 1)
BIAS = -7.0
WEIGHTS = {"semantic": 5.0, "set": 3.0, "sort": 1.0, "numbers": 3.0, "time": 0.5}
# Without the embedding model the words stand in for the meaning.
WORDS_ONLY = {"set": 6.0, "sort": 2.0, "numbers": 3.0, "time": 0.5}


@dataclass(frozen=True)
class Repeat:
    claim_id: int
    earlier_id: int
    score: float  # 0..1
    features: dict[str, float]


def wording(claim: Claim) -> str:
    """What of a claim is compared: its normalized form (the claim without attribution), else its text."""
    return claim.normalized or claim.text


def agreement(new: Claim, earlier: Claim) -> dict[str, float]:
    """Whether the two claims' numbers and time scopes agree: +1, -1, or 0 when there is nothing to compare."""
    # The same kind of number will do: the two claims are already close in words and meaning, and the
    # same claim is said with other nouns ("80,000 lives", "80,000 citizens", "80,000 people died").
    numbers = compare_numbers(new.quantities, earlier.quantities, same_thing=False)
    overlap = time_overlap(new.time_scope, earlier.time_scope)
    return {
        "numbers": 0.0 if numbers is None else (1.0 if numbers.agrees else -1.0),
        "time": 0.0 if overlap is None else (1.0 if overlap["overlap"] else -1.0),
    }


def probability(values: dict[str, float]) -> float:
    weights = WEIGHTS if "semantic" in values else WORDS_ONLY
    z = BIAS + sum(weight * values.get(name, 0.0) for name, weight in weights.items())
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def score_pairs(
    news: Sequence[Claim], earlier: Sequence[Claim], *, threshold: float = 0.0
) -> list[list[tuple[float, dict[str, float]]]]:
    """The score (and its pieces) of every new claim against every earlier one.

    The wording ratios and the cosines are computed for all pairs at once (rapidfuzz ``cdist``, one
    matrix product); numbers and time only for pairs that could still reach ``threshold`` with both
    agreeing. A pair left out scores 0.0 with no pieces.
    """
    import numpy as np
    from rapidfuzz import process

    if not news or not earlier:
        return [[] for _ in news]
    left = [utils.default_process(wording(c)) for c in news]
    right = [utils.default_process(wording(c)) for c in earlier]
    sets = process.cdist(left, right, scorer=fuzz.token_set_ratio, dtype=np.float32) / 100.0
    sorts = process.cdist(left, right, scorer=fuzz.token_sort_ratio, dtype=np.float32) / 100.0
    model = semantic.embedder()
    cosines: Any = None
    if model is not None:
        cosines = np.clip(model.embed([wording(c) for c in news]) @ model.embed([wording(c) for c in earlier]).T, 0, 1)
        weights = WEIGHTS
        best = BIAS + weights["semantic"] * cosines + weights["set"] * sets + weights["sort"] * sorts
    else:
        weights = WORDS_ONLY
        best = BIAS + weights["set"] * sets + weights["sort"] * sorts
    best = best + weights["numbers"] + weights["time"]  # the most numbers and time could add
    floor = math.log(threshold / (1 - threshold)) if 0 < threshold < 1 else -math.inf
    table: list[list[tuple[float, dict[str, float]]]] = [[(0.0, {})] * len(earlier) for _ in news]
    for i, j in np.argwhere(best >= floor).tolist():
        values = {"set": float(sets[i, j]), "sort": float(sorts[i, j])}
        if cosines is not None:
            values["semantic"] = float(cosines[i, j])
        values.update(agreement(news[i], earlier[j]))
        table[i][j] = (probability(values), values)
    return table


def checked_claims(db: Database, exclude_articles: Iterable[int] = ()) -> list[Claim]:
    """Claims in play with a current verdict (a label), outside the given articles."""
    excluded = sorted(set(exclude_articles))
    marks = ", ".join("?" * len(excluded))
    sql = (
        "SELECT c.* FROM claims c JOIN (SELECT claim_id, MAX(id) AS vid FROM verdicts GROUP BY claim_id) lv"
        " ON lv.claim_id = c.id JOIN verdicts v ON v.id = lv.vid"
        " WHERE v.label IS NOT NULL AND c.dismissed IS NULL AND c.merged_into IS NULL"
        + (f" AND c.article_id NOT IN ({marks})" if excluded else "")
        + " ORDER BY c.id"
    )
    return [Claim.from_row(r) for r in db.query(sql, excluded)]


def repeats_of(db: Database, claim_ids: Sequence[int], *, threshold: float = THRESHOLD) -> list[Repeat]:
    """For each claim, the checked claims of other articles it may repeat (best first, at most LIMIT)."""
    news = [claims_db.get_claim(db, i) for i in claim_ids]
    if not news:
        return []
    found: list[Repeat] = []
    by_article: dict[int, list[Claim]] = {}
    for claim in news:
        by_article.setdefault(claim.article_id, []).append(claim)
    for article_id, group in by_article.items():
        earlier = checked_claims(db, [article_id])
        if not earlier:
            continue
        for new, row in zip(group, score_pairs(group, earlier, threshold=threshold), strict=True):
            ranked = sorted(
                (
                    Repeat(new.id, old.id, round(score, 4), values)
                    for old, (score, values) in zip(earlier, row, strict=True)
                ),
                key=lambda r: (-r.score, r.earlier_id),
            )
            found.extend(r for r in ranked[:LIMIT] if r.score >= threshold)
    return found


def find_repeats(db: Database, claim_ids: Sequence[int], *, threshold: float = THRESHOLD) -> int:
    """Store the suggestions for new claims in ``claim_repeats``; a pair the checker already linked or
    rejected keeps its state. Returns how many suggestions were stored."""
    found = repeats_of(db, claim_ids, threshold=threshold)
    if not found:
        return 0
    created = now()
    stored = 0
    with claims_db.immediate(db):
        for r in found:
            cursor = db.execute(
                "INSERT INTO claim_repeats (claim_id, earlier_id, score, state, created_at)"
                " VALUES (?, ?, ?, 'suggested', ?) ON CONFLICT (claim_id, earlier_id) DO NOTHING",
                [r.claim_id, r.earlier_id, r.score, created],
            )
            stored += cursor.rowcount
    return stored
