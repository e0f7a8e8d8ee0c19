"""Matcher: FTS5 candidates (bm25), re-ranked with rapidfuzz, number and time agreement, explained."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from sqlite_utils import Database

import claims_db
from claims_db import Claim, Record
from workbench.extract import ExtractedClaim, find_quantities, find_time_scope
from workbench.matching.numeric import compare_numbers, record_quantities, record_scope, time_overlap
from workbench.matching.query import clean_text, fts_query, words

CANDIDATES = 60  # how many FTS candidates are re-ranked
MAX_TERMS = 24  # words of a long query kept for the FTS stage
# Weights of the score components (tuned on the CLEF train splits; see benchmarks/matching.py).
W_LEXICAL = 0.55
W_FUZZY = 0.45
NUMBER_AGREES = 8.0
NUMBER_COMPARABLE = 2.0
TIME_OVERLAPS = 3.0


@dataclass(frozen=True)
class Match:
    """A record that matches a claim, its score (0..100) and why."""

    record: Record
    score: float
    components: dict[str, Any]
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        r = self.record
        return {
            "record_id": r.id,
            "dataset": r.dataset_name,
            "key": r.key,
            "score": self.score,
            "text": r.text,
            "title": r.title,
            "rating": r.rating,
            "url": r.url,
            "publisher": r.publisher,
            "published_at": r.published_at,
            "value": r.value,
            "unit": r.unit,
            "period": r.period,
            "components": self.components,
            "reasons": self.reasons,
        }


@dataclass(frozen=True)
class _Query:
    text: str
    cleaned: str
    terms: list[str]
    quantities: list[dict[str, Any]]
    time_scope: dict[str, Any] | None


class Matcher:
    """Finds the records that a claim (or any text) is about, in one store."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def match(
        self,
        text_or_claim: str | Claim | ExtractedClaim,
        *,
        limit: int = 10,
        datasets: Sequence[str] | None = None,
    ) -> list[Match]:
        query = self._query(text_or_claim)
        candidates = self._candidates(query, datasets)
        if not candidates:
            return []
        records = claims_db.get_records(self.db, [rid for rid, _ in candidates])
        best_bm25 = min(score for _, score in candidates) or -1.0
        matches = []
        for rid, bm25 in candidates:
            record = records.get(rid)
            if record is not None:
                matches.append(self._score(query, record, bm25 / best_bm25))
        matches.sort(key=lambda m: (-m.score, m.record.id))
        return matches[:limit]

    def _query(self, item: str | Claim | ExtractedClaim) -> _Query:
        if isinstance(item, str):
            cleaned = clean_text(item)
            scope = find_time_scope(cleaned)
            return _Query(
                item,
                cleaned,
                words(cleaned)[:MAX_TERMS],
                [q.as_dict() for q in find_quantities(cleaned)],
                scope.as_dict() if scope else None,
            )
        text = item.normalized or item.text
        cleaned = clean_text(item.text)
        terms = words(clean_text(text) + " " + cleaned)[:MAX_TERMS]
        return _Query(cleaned, clean_text(text), terms, list(item.quantities), item.time_scope)

    def _candidates(self, query: _Query, datasets: Sequence[str] | None) -> list[tuple[int, float]]:
        expression = fts_query(query.terms)
        if expression is None:
            return []
        sql = "SELECT rowid, bm25(records_fts, 1.0, 0.7) AS rank FROM records_fts WHERE records_fts MATCH ?"
        params: list[Any] = [expression]
        if datasets:
            ids = [claims_db.get_dataset(self.db, name).id for name in datasets]
            sql = (
                "SELECT f.rowid, bm25(records_fts, 1.0, 0.7) AS rank FROM records_fts f"
                " JOIN records r ON r.id = f.rowid WHERE records_fts MATCH ?"
                f" AND r.dataset_id IN ({', '.join('?' * len(ids))})"
            )
            params.extend(ids)
        sql += " ORDER BY rank LIMIT ?"
        params.append(CANDIDATES)
        try:
            return [(row[0], row[1]) for row in self.db.execute(sql, params)]
        except sqlite3.OperationalError:
            return []  # an FTS index missing or damaged: no candidates rather than a crash

    def _score(self, query: _Query, record: Record, lexical: float) -> Match:
        haystack = record.text if not record.title else f"{record.text} {record.title}"
        fuzzy = max(
            fuzz.token_set_ratio(query.cleaned, record.text, processor=str.lower),
            fuzz.token_set_ratio(query.cleaned, record.title, processor=str.lower) if record.title else 0.0,
        )
        score = 100.0 * (W_LEXICAL * lexical) + W_FUZZY * fuzzy
        components: dict[str, Any] = {"lexical": round(lexical, 3), "fuzzy": round(fuzzy, 1)}
        reasons: list[str] = []
        record_words = set(words(haystack))
        shared = [t for t in query.terms if t in record_words]
        if shared:
            components["terms"] = shared
            reasons.append("shares the words " + ", ".join(shared[:8]))
        comparison = compare_numbers(query.quantities, record_quantities(record.text, record.value, record.unit))
        if comparison is not None:
            components["numeric"] = comparison.as_dict()
            reasons.append(comparison.explain() + (" — agrees" if comparison.agrees else " — differs"))
            score += NUMBER_AGREES if comparison.agrees else NUMBER_COMPARABLE
        overlap = time_overlap(query.time_scope, record_scope(record.text, record.period))
        if overlap is not None:
            components["time"] = overlap
            if overlap["overlap"]:
                score += TIME_OVERLAPS
                reasons.append(f"time scopes overlap ({overlap['claim']} / {overlap['record']})")
        return Match(record, round(min(score, 100.0), 1), components, reasons)


def match_claims(
    db: Database,
    claim_ids: Iterable[int],
    *,
    limit: int = 10,
    min_score: float = 0.0,
    datasets: Sequence[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Compute and store (as suggested) the matches of each claim; returns how many were stored."""
    matcher = Matcher(db)
    stored = 0
    for done, claim_id in enumerate(claim_ids, start=1):
        claim = claims_db.get_claim(db, claim_id)
        found = [m for m in matcher.match(claim, limit=limit, datasets=datasets) if m.score >= min_score]
        claims_db.store_matches(
            db,
            claim_id,
            [
                {"record_id": m.record.id, "score": m.score, "components": {**m.components, "reasons": m.reasons}}
                for m in found
            ],
        )
        stored += len(found)
        if progress:
            progress(done)
    return stored
