"""What a report holds: each claim with its article, current verdict and evidence; a summary."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

import claims_db
from claims_db import Article, Claim, Record, Verdict, VerdictLabel


@dataclass(frozen=True)
class ReportFilter:
    article_ids: Sequence[int] = ()
    labels: Sequence[str] = ()
    checker: str | None = None
    since: str | None = None  # verdict time, ISO date or datetime, inclusive
    until: str | None = None  # inclusive: "2026-11-27" covers that whole day

    @property
    def verdict_filters(self) -> bool:
        return bool(self.labels or self.checker or self.since or self.until)


@dataclass(frozen=True)
class Evidence:
    record: Record
    comparison: str | None  # "claim 80,000 vs record 65,000 (+23 %)"


@dataclass(frozen=True)
class ReportItem:
    claim: Claim
    article: Article
    verdict: Verdict | None  # None: pending
    label: VerdictLabel | None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class ReportData:
    items: list[ReportItem]
    scale: list[VerdictLabel]
    total: int
    reviewed: int
    by_label: dict[str, int]

    @property
    def pending(self) -> int:
        return self.total - self.reviewed


def _in_window(created_at: str, where: ReportFilter) -> bool:
    if where.since and created_at < where.since:
        return False
    if where.until:
        bound = where.until if "T" in where.until else where.until + "T99"
        if created_at > bound:
            return False
    return True


def collect(db: Database, where: ReportFilter, progress: Callable[[int], None] | None = None) -> ReportData:
    """Claims in a stable order (article, then position in it) with what the report shows of each."""
    scale = claims_db.verdict_labels(db)
    labels = {label.label: label for label in scale}
    unknown = [label for label in where.labels if label not in labels]
    if unknown:
        raise claims_db.StoreError(f"unknown verdict label(s): {', '.join(unknown)} (one of {', '.join(labels)})")
    rows = []
    if where.article_ids:
        for article_id in where.article_ids:
            claims_db.get_article(db, article_id)  # an unknown id is an error, not an empty report
            rows.extend(claims_db.list_claims(db, claims_db.ClaimFilter(article_id=article_id), sort="article"))
    else:
        rows = claims_db.list_claims(db, sort="article")
    articles = {a.id: a for a in claims_db.list_articles(db)}
    items: list[ReportItem] = []
    for done, row in enumerate(rows, start=1):
        history = claims_db.verdict_history(db, row.claim.id)
        verdict = history[-1] if history and history[-1].label is not None else None
        if where.verdict_filters:
            if verdict is None:
                continue
            if where.labels and verdict.label not in where.labels:
                continue
            if where.checker and verdict.checker != where.checker:
                continue
            if not _in_window(verdict.created_at, where):
                continue
        evidence = _evidence(db, row.claim.id, verdict.evidence if verdict else [])
        items.append(
            ReportItem(
                row.claim,
                articles[row.claim.article_id],
                verdict,
                labels.get(verdict.label or "") if verdict else None,
                evidence,
            )
        )
        if progress:
            progress(done)
    by_label: dict[str, int] = {}
    for item in items:
        if item.verdict is not None and item.verdict.label:
            by_label[item.verdict.label] = by_label.get(item.verdict.label, 0) + 1
    reviewed = sum(by_label.values())
    return ReportData(items, scale, len(items), reviewed, by_label)


def _evidence(db: Database, claim_id: int, record_ids: list[int]) -> list[Evidence]:
    if not record_ids:
        return []
    records = claims_db.get_records(db, record_ids)
    comparisons: dict[int, Any] = {
        row[0]: row[1]
        for row in db.execute(
            "SELECT record_id, json_extract(components, '$.numeric.explanation') FROM matches WHERE claim_id = ?",
            [claim_id],
        )
    }
    return [Evidence(records[rid], comparisons.get(rid)) for rid in record_ids if rid in records]
