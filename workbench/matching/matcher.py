"""Matcher: FTS5 candidates (bm25), re-ranked with rapidfuzz, number and time agreement, explained."""

from __future__ import annotations

import json
import math
import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from typing import Any

from rapidfuzz import fuzz
from sqlite_utils import Database

import claims_db
from claims_db import Claim, Record
from workbench.errors import IndexDamaged
from workbench.extract import ExtractedClaim, find_quantities, find_time_scope
from workbench.matching import semantic
from workbench.matching.numeric import compare_numbers, record_quantities, record_scope, time_overlap
from workbench.matching.query import clean_text, fts_query, stem, words
from workbench.matching.terms import TermIndex

CANDIDATES = 60  # how many FTS candidates are re-ranked
# True: a candidate's rank and relative bm25 are taken among the candidates of its own dataset. Tried
# for steadiness when an unrelated dataset is imported, and measured worse (each dataset's best
# candidate then looks like a first one: benchmarks/import_stability.py, docs/decisions.md).
PER_DATASET = False
_BM25 = "bm25(records_fts, 1.0, 0.7)"  # the text column weighs more than the title
MAX_TERMS = 24  # words of a long query kept for the FTS stage
# What a match gains, in log-odds, when the numbers agree (within tolerance), are near (same kind, within
# a factor of two: still evidence, flagged as differing), or the time scopes overlap. Numbers further
# apart gain nothing and are flagged, never hidden. Added to the re-ranker's log-odds rather than to its
# probability, so that they still count when the model is sure: at 95 % an agreeing number lifts a
# match to 99 %, at 50 % to 88 %.
NUMBER_AGREES = 2.0
NUMBER_NEAR = 0.5
TIME_OVERLAPS = 0.75
# Past this (98 %) the text can't tell records apart any more: the numbers and time decide, so that
# "80,000 killed since 2001" ranks above "8,000 killed since 2001" for a claim of 80,000.
TEXT_CONFIDENCE_CAP = 4.0


@dataclass(frozen=True)
class Reranker:
    bias: float
    weights: dict[str, float]

    def log_odds(self, values: dict[str, float]) -> float:
        """The model's log-odds that the record is what the claim is about (CALIBRATION makes it a score)."""
        return self.bias + sum(self.weights.get(name, 0.0) * value for name, value in values.items())


def sigmoid(log_odds: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(log_odds, 30.0), -30.0)))


@dataclass(frozen=True)
class Calibration:
    """The re-ranker's log-odds (numbers and time included) -> the probability that the record
    addresses the same claim. Platt scaling with one more input, the query's length: a one-word
    query can't say which of the records about that word is meant. Fitted by
    benchmarks/calibrate_matching.py on out-of-fold scores of the train queries (and shortened
    copies of them)."""

    slope: float = 1.0
    bias: float = 0.0
    short: float = 0.0  # times 1 / (the query's content words)

    def probability(self, log_odds: float, n_terms: int) -> float:
        return sigmoid(self.slope * log_odds + self.bias + self.short / max(n_terms, 1))


def _load_models() -> tuple[Reranker, Reranker, Calibration]:
    data = json.loads(resources.files("workbench.matching").joinpath("reranker.json").read_text("utf-8"))

    def reranker(part: dict[str, Any]) -> Reranker:
        return Reranker(float(part["bias"]), {k: float(v) for k, v in part["weights"].items()})

    calibration = Calibration(**{k: float(v) for k, v in data.get("calibration", {}).items()})
    return reranker(data["lexical"]), reranker(data["semantic"]), calibration


# Learned on the CLEF CheckThat! train splits by benchmarks/tune_matching.py: the first ranks every
# candidate on words; the second re-ranks the best of those with their closeness in meaning as well.
# The calibration (benchmarks/calibrate_matching.py) turns the result into the score shown.
RERANKER, SEMANTIC_RERANKER, CALIBRATION = _load_models()

# The words that go with a score, everywhere one is shown. SAME_CLAIM is about where precision on
# CLEF dev reaches 0.9 (docs/benchmarks.md).
SAME_CLAIM = 0.5
RELATED = 0.2


def score_words(score: float) -> str:
    """ "same claim: 0.93", "related: 0.41", "unlikely: 0.05" for a match's score (a probability)."""
    word = "same claim" if score >= SAME_CLAIM else "related" if score >= RELATED else "unlikely"
    return f"{word}: {score:.2f}"


@dataclass(frozen=True)
class Match:
    """A record that matches a claim, its score (the probability that it addresses the same claim) and why."""

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
            "assessment": score_words(self.score),
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

    # What every candidate is compared with, worked out once rather than once a candidate.
    @cached_property
    def lowered(self) -> str:
        return self.cleaned.lower()

    @cached_property
    def term_stems(self) -> list[tuple[str, str]]:
        return [(term, stem(term)) for term in self.terms]

    @cached_property
    def names(self) -> set[str]:
        """Its names (capitalised words inside sentences), stemmed."""
        return {stem(n.lower().rstrip("'’s")) for n in _NAME.findall(self.cleaned)} - {"the", "this", "that"}

    @cached_property
    def numbers(self) -> set[str]:
        return _numbers(self.cleaned)


class Matcher:
    """Finds the records that a claim (or any text) is about, in one store."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.terms = TermIndex(db)

    def match(
        self,
        text_or_claim: str | Claim | ExtractedClaim,
        *,
        limit: int = 10,
        datasets: Sequence[str] | None = None,
    ) -> list[Match]:
        dataset_ids = self._dataset_ids(datasets)
        query = self._query(text_or_claim)
        candidates = self._candidates(query, dataset_ids)
        if not candidates:
            return []
        records = claims_db.get_records(self.db, [rid for rid, _ in candidates])
        ranked: list[tuple[float, Record, dict[str, float], list[str]]] = []
        # A candidate's rank and bm25 relative to the best (among all candidates, or those of its
        # dataset: PER_DATASET).
        best_bm25: dict[int, float] = {}
        seen: dict[int, int] = {}
        for rid, bm25 in candidates:
            record = records.get(rid)
            if record is not None:
                dataset = record.dataset_id if PER_DATASET else 0
                top = best_bm25.setdefault(dataset, bm25 or -1.0)
                rank = seen[dataset] = seen.get(dataset, -1) + 1
                values, shared = features(query, record, bm25, top, rank)
                ranked.append((RERANKER.log_odds(values), record, values, shared))
        ranked.sort(key=lambda item: (-item[0], item[1].id))
        # The best few are compared further: in meaning, in numbers and in time scopes. That is the
        # costly part, and it can't lift a record from far below (the words decide most of a ranking).
        best = rerank_semantically(query.cleaned, ranked[: depth(limit)])
        explained = sorted((self._explain(query, *item) for item in best), key=lambda e: (-e[0], -e[1], e[2].record.id))
        matches = [match for _, _, match in explained]
        return matches[:limit]

    def candidate_keys(self, text: str, datasets: Sequence[str] | None = None) -> list[str]:
        """The keys of the FTS5 candidates for ``text``, before re-ranking (for recall measurements)."""
        dataset_ids = self._dataset_ids(datasets)
        ids = [rid for rid, _ in self._candidates(self._query(text), dataset_ids)]
        return [r.key for r in claims_db.get_records(self.db, ids).values()]

    def _dataset_ids(self, datasets: Sequence[str] | None) -> list[int] | None:
        """The ids of the named datasets (an unknown name is an error), None for all."""
        return [claims_db.get_dataset(self.db, name).id for name in datasets] if datasets else None

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

    def _candidates(self, query: _Query, dataset_ids: Sequence[int] | None) -> list[tuple[int, float]]:
        expression = fts_query(self.terms.select(query.terms))
        if expression is None:
            return []
        sql = f"SELECT rowid, {_BM25} AS rank FROM records_fts WHERE records_fts MATCH ?"
        params: list[Any] = [expression]
        if not dataset_ids and claims_db.importing(self.db):
            # An import's staged records are in the index but not published: search the published datasets.
            dataset_ids = [d.id for d in claims_db.list_datasets(self.db)] or [0]
        if dataset_ids:
            ids = list(dataset_ids)
            sql = (
                f"SELECT f.rowid, {_BM25} AS rank FROM records_fts f"
                " JOIN records r ON r.id = f.rowid WHERE records_fts MATCH ?"
                f" AND r.dataset_id IN ({', '.join('?' * len(ids))})"
            )
            params.extend(ids)
        sql += " ORDER BY rank LIMIT ?"
        params.append(CANDIDATES)
        try:
            return [(row[0], row[1]) for row in self.db.execute(sql, params)]
        except sqlite3.DatabaseError as exc:
            # Never "no earlier fact-checks" when the truth is "the index is broken": say so.
            if "locked" in str(exc) or "busy" in str(exc):
                raise
            raise IndexDamaged(str(exc)) from exc

    def _explain(
        self, query: _Query, score: float, record: Record, values: dict[str, float], shared: list[str]
    ) -> tuple[float, float, Match]:
        """The final log-odds, the text's own, and the match (the log-odds order it; shown scores round)."""
        components: dict[str, Any] = {name: round(value, 3) for name, value in values.items()}
        components["log_odds"] = round(score, 3)  # the text's, before numbers and time (not a score)
        text_score = score
        score = min(score, TEXT_CONFIDENCE_CAP)
        reasons: list[str] = []
        if shared:
            components["terms"] = shared
            # "80,000" is the words "80" and "000" to the search: the number line below says it better.
            # Years (four digits) stay: "2001" shared is worth saying.
            shown = [t for t in shared if not (t.isdigit() and len(t) < 4)][:8]
            if shown:
                reasons.append("shares the words " + ", ".join(shown))
        if "semantic" in values:
            reasons.append(f"similar in meaning: {values['semantic']:.2f} (1 is the same, 0 unrelated)")
        record_qs = record_quantities(record.text, record.value, record.unit) if query.quantities else []
        comparison = (
            compare_numbers(
                query.quantities, record_qs, f"{query.text} . {query.cleaned}", f"{record.text} . {record.title or ''}"
            )
            if record_qs
            else None
        )
        if comparison is None and record_qs:
            reasons.append("no comparable number")
        if comparison is not None:
            components["numeric"] = comparison.as_dict()
            reasons.append(comparison.explain() + (" — agrees" if comparison.agrees else " — differs"))
            if comparison.agrees:
                score += NUMBER_AGREES
            elif comparison.diff_pct is not None and -50.0 <= comparison.diff_pct <= 100.0:
                score += NUMBER_NEAR
        overlap = time_overlap(query.time_scope, record_scope(record.text, record.period)) if query.time_scope else None
        if overlap is not None:
            components["time"] = overlap
            if overlap["overlap"]:
                score += TIME_OVERLAPS
                reasons.append(f"time scopes overlap ({overlap['claim']} / {overlap['record']})")
        probability = CALIBRATION.probability(score, len(query.terms))
        return score, text_score, Match(record, round(probability, 3), components, reasons)


def depth(limit: int) -> int:
    """How many of the best candidates on words are compared in meaning, numbers and time."""
    return limit + 5


Ranked = tuple[float, Record, dict[str, float], list[str]]


def semantic_text(record: Record) -> str:
    """What of a record is compared in meaning with the claim (the re-ranker was trained on this)."""
    return f"{record.text} {record.title or ''}"


def rerank_semantically(query: str, ranked: list[Ranked]) -> list[Ranked]:
    """Adds each candidate's closeness in meaning to the claim ("semantic", a cosine) and scores it again.

    Without the model (a broken install) the ranking on words stands."""
    model = semantic.embedder()
    if model is None or not ranked:
        return ranked
    similarities = model.similarities(query, [semantic_text(record) for _, record, _, _ in ranked])
    rescored = []
    for (_, record, values, shared), similarity in zip(ranked, similarities, strict=True):
        values = {**values, "semantic": similarity}
        rescored.append((SEMANTIC_RERANKER.log_odds(values), record, values, shared))
    rescored.sort(key=lambda item: (-item[0], item[1].id))
    return rescored


def features(
    query: _Query, record: Record, bm25: float, best_bm25: float, rank: int
) -> tuple[dict[str, float], list[str]]:
    """The re-ranking features of a candidate (all about 0..1), and the query words it shares."""
    text = record.text
    title = record.title or ""
    record_set = {stem(w) for w in words(f"{text} {title}")}
    shared = [term for term, stemmed in query.term_stems if stemmed in record_set]
    lowered = query.lowered
    text_lowered = text.lower()
    values = {
        "bm25_rel": bm25 / best_bm25 if best_bm25 else 0.0,
        "rank": 1.0 / (1.0 + rank),
        "set_text": fuzz.token_set_ratio(lowered, text_lowered) / 100.0,
        "set_title": fuzz.token_set_ratio(lowered, title.lower()) / 100.0 if title else 0.0,
        "sort_text": fuzz.token_sort_ratio(lowered, text_lowered) / 100.0,
        "terms": min(len(query.terms) / 20.0, 1.0),
        "shared_terms": min(len(shared) / 10.0, 1.0),
        "partial": fuzz.partial_ratio(text_lowered, lowered) / 100.0
        if len(text) <= len(lowered)
        else fuzz.partial_ratio(lowered, text_lowered) / 100.0,
        "query_coverage": len(shared) / max(len(query.terms), 1),
        "names": len(query.names & record_set) / len(query.names) if query.names else 0.0,
        "numbers": len(query.numbers & _numbers(f"{text} {title}")) / len(query.numbers) if query.numbers else 0.0,
        "record_coverage": len(shared) / max(len(record_set), 1),
    }
    return values, shared


_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z'’-]+")
_NUMBER = re.compile(r"\d[\d,.]*")


def _numbers(text: str) -> set[str]:
    """The numbers written in ``text``, without grouping commas ("80,000" -> "80000")."""
    return {n.strip(".,").replace(",", "") for n in _NUMBER.findall(text)} - {""}


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
