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
    include_dismissed: bool = False  # list the claims the desk dismissed, with the reason, in their own section

    @property
    def verdict_filters(self) -> bool:
        return bool(self.labels or self.checker or self.since or self.until)


@dataclass(frozen=True)
class Evidence:
    """A record as the checker saw it when giving the verdict (the frozen copy, never the live row)."""

    record: Record
    comparison: str | None  # "claim 80,000 vs record 65,000 (+23 %)"
    status: str = "same"  # the live record since: "same", "changed" or "gone"

    @property
    def since(self) -> str | None:
        """What a report says of the live record, or None when it is as the checker saw it."""
        return {"changed": "the record has changed since", "gone": "the record has since been removed"}.get(self.status)


@dataclass(frozen=True)
class Appearance:
    """Where else a claim was said: a claim the desk merged into it."""

    claim_id: int
    article_id: int
    article_title: str | None
    text: str


@dataclass(frozen=True)
class ReportItem:
    claim: Claim
    article: Article
    verdict: Verdict | None  # None: pending
    label: VerdictLabel | None
    evidence: list[Evidence] = field(default_factory=list)
    stated: str = ""  # the claim as stated: the sentence, or the checker's wording (claims_db.stated_wording)
    appearances: list[Appearance] = field(default_factory=list)


@dataclass(frozen=True)
class DismissedItem:
    claim: Claim
    article: Article
    reason: str


@dataclass
class ReportData:
    items: list[ReportItem]
    scale: list[VerdictLabel]
    total: int
    reviewed: int
    by_label: dict[str, int]
    dismissed: list[DismissedItem] = field(default_factory=list)  # only with ReportFilter.include_dismissed

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
                claims_db.stated_wording(db, row.claim),
                [
                    Appearance(a.id, a.article_id, articles[a.article_id].title, a.text)
                    for a in claims_db.appearances(db, row.claim.id)
                ],
            )
        )
        if progress:
            progress(done)
    by_label: dict[str, int] = {}
    for item in items:
        if item.verdict is not None and item.verdict.label:
            by_label[item.verdict.label] = by_label.get(item.verdict.label, 0) + 1
    reviewed = sum(by_label.values())
    dismissed: list[DismissedItem] = []
    if where.include_dismissed:
        scopes: list[int | None] = [*where.article_ids] or [None]
        for scope in scopes:
            for row in claims_db.list_claims(
                db, claims_db.ClaimFilter(article_id=scope, status="dismissed"), sort="article"
            ):
                dismissed.append(DismissedItem(row.claim, articles[row.claim.article_id], row.claim.dismissed or ""))
    return ReportData(items, scale, len(items), reviewed, by_label, dismissed)


def _evidence(db: Database, claim_id: int, snapshots: list[dict[str, Any]]) -> list[Evidence]:
    if not snapshots:
        return []
    comparisons: dict[int, Any] = {
        row[0]: row[1]
        for row in db.execute(
            "SELECT record_id, json_extract(components, '$.numeric.explanation') FROM matches WHERE claim_id = ?",
            [claim_id],
        )
    }
    found = []
    for snapshot in snapshots:
        status = claims_db.evidence_status(db, snapshot)
        record = frozen_record(snapshot)
        # The comparison is the matcher's, for the live record: shown only while that is the same record.
        comparison = comparisons.get(record.id) if status == "same" else None
        found.append(Evidence(record, comparison, status))
    return found


def frozen_record(snapshot: dict[str, Any]) -> Record:
    """A verdict's frozen evidence as a Record (id as it was; the dataset by name)."""
    return Record(
        id=int(snapshot.get("record_id") or 0),
        dataset_id=0,
        key=str(snapshot.get("key") or ""),
        text=str(snapshot.get("text") or ("(a record that was already gone)" if snapshot.get("missing") else "")),
        title=snapshot.get("title"),
        rating=snapshot.get("rating"),
        value=snapshot.get("value"),
        unit=snapshot.get("unit"),
        period=snapshot.get("period"),
        url=snapshot.get("url"),
        publisher=snapshot.get("publisher"),
        published_at=snapshot.get("published_at"),
        dataset_name=snapshot.get("dataset"),
    )
