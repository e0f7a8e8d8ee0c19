"""Typed records of the store, in the fact-checker's words."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from claims_db.errors import StoreError

CLAIM_TYPES = ("statistic", "quote", "comparison", "causal", "prediction", "other")


def check_claim_type(claim_type: str | None) -> str:
    """A claim's type as stored ("other" when none is given); an unknown one is an error."""
    claim_type = claim_type or "other"
    if claim_type not in CLAIM_TYPES:
        raise StoreError(f"unknown claim type {claim_type!r} (one of {', '.join(CLAIM_TYPES)})")
    return claim_type


def _loads(value: str | None, default: Any) -> Any:
    if value is None or value == "":
        return default
    return json.loads(value)


@dataclass(frozen=True)
class Article:
    id: int
    title: str | None
    url: str | None
    source: str | None
    published_at: str | None
    text: str
    sha256: str
    added_at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Article:
        return cls(**{k: row[k] for k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Claim:
    id: int
    article_id: int
    start: int | None  # None: the checker typed the wording; it has no span in the article
    end: int | None
    text: str
    normalized: str | None
    claimant: str | None
    claim_type: str
    checkworthiness: float
    quantities: list[dict[str, Any]]
    time_scope: dict[str, Any] | None
    created_at: str
    origin: str = "extractor"  # extractor / checker (added by hand) / split (a part of split_from)
    dismissed: str | None = None  # the reason, while the claim is dismissed
    assignee: str | None = None
    merged_into: int | None = None  # the canonical claim this one is an appearance of
    split_from: int | None = None

    @property
    def in_play(self) -> bool:
        """Neither dismissed nor merged into another claim: it belongs in the queue and the reports."""
        return self.dismissed is None and self.merged_into is None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Claim:
        data = {k: row[k] for k in cls.__dataclass_fields__ if k in row}
        data["quantities"] = _loads(row["quantities"], [])
        data["time_scope"] = _loads(row["time_scope"], None)
        return cls(**data)


@dataclass(frozen=True)
class Dataset:
    id: int
    name: str
    source: str | None
    format: str | None
    mapping: dict[str, Any]
    sha256: str | None
    etag: str | None
    last_modified: str | None
    row_count: int
    imported_at: str | None
    notes: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Dataset:
        data = {k: row[k] for k in cls.__dataclass_fields__}
        data["mapping"] = _loads(row["mapping"], {})
        return cls(**data)


RECORD_FIELDS = (
    "key",
    "text",
    "title",
    "rating",
    "value",
    "unit",
    "period",
    "url",
    "publisher",
    "published_at",
)


@dataclass(frozen=True)
class Record:
    id: int
    dataset_id: int
    key: str
    text: str
    title: str | None = None
    rating: str | None = None
    value: float | None = None
    unit: str | None = None
    period: str | None = None
    url: str | None = None
    publisher: str | None = None
    published_at: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    dataset_name: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Record:
        data = {k: row[k] for k in cls.__dataclass_fields__ if k in row}
        data["extra"] = _loads(row.get("extra"), {})
        return cls(**data)


@dataclass(frozen=True)
class Match:
    claim_id: int
    record_id: int
    score: float
    components: dict[str, Any]
    rank: int
    state: str
    decided_by: str | None = None
    decided_at: str | None = None
    record: Record | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any], record: Record | None = None) -> Match:
        return cls(
            claim_id=row["claim_id"],
            record_id=row["record_id"],
            score=row["score"],
            components=_loads(row["components"], {}),
            rank=row["rank"],
            state=row["state"],
            decided_by=row.get("decided_by"),
            decided_at=row.get("decided_at"),
            record=record,
        )


@dataclass(frozen=True)
class Verdict:
    id: int
    claim_id: int
    label: str | None  # None: the claim is back to unreviewed (an undo of its only verdict)
    note: str | None
    # A frozen copy of each evidence record as the checker saw it: record_id, dataset, key, text, title,
    # rating, url, publisher, published_at, value, unit, period, frozen_at (see verdicts.snapshot_records).
    evidence: list[dict[str, Any]]
    checker: str
    created_at: str
    undo_of: int | None = None
    carried_from: int | None = None  # the earlier verdict (of a repeated claim) this one was carried from

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Verdict:
        data = {k: row[k] for k in cls.__dataclass_fields__ if k in row}
        data["evidence"] = _loads(row["evidence"], [])
        return cls(**data)


@dataclass(frozen=True)
class VerdictLabel:
    label: str
    display_name: str
    key: str | None
    rating_value: int | None
    color: str | None
    position: int

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> VerdictLabel:
        return cls(**{k: row[k] for k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class ClaimEvent:
    id: int
    claim_id: int
    action: str  # extracted, added, split-part, dismissed, restored, edited, assigned, split, merged, linked, undo
    data: dict[str, Any]
    checker: str
    created_at: str
    batch: int | None = None
    undo_of: int | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> ClaimEvent:
        return cls(
            id=row["id"],
            claim_id=row["claim_id"],
            action=row["action"],
            data=json.loads(row["data"] or "{}"),
            checker=row["checker"],
            created_at=row["created_at"],
            batch=row["batch"],
            undo_of=row["undo_of"],
        )

    def describe(self) -> str:
        """One line a checker reads: what changed."""
        data = self.data
        changes = data.get("changes", {})
        if self.action in ("extracted", "added", "split-part"):
            where = "by the extractor" if self.action == "extracted" else "by hand"
            if self.action == "split-part":
                where = f"as a part of claim {data.get('split_from')}"
            return f"{self.action.replace('-', ' ')} {where}: {data.get('text', '')}"
        if self.action == "dismissed":
            return f"dismissed: {data.get('reason', '')}"
        if self.action == "split-undone":
            return "dismissed: its split was undone"
        if self.action == "edited":
            return "edited: " + "; ".join(_change_words(k, v) for k, v in changes.items())
        if self.action == "assigned":
            after = changes.get("assignee", [None, None])[1]
            return f"assigned to {after}" if after else "unassigned"
        if self.action == "split":
            return "split into claims " + ", ".join(str(i) for i in data.get("parts", []))
        if self.action == "merged":
            if "into" in data:
                return f"merged into claim {data['into']} (an appearance of it)"
            return (
                "merged: claims "
                + ", ".join(str(i) for i in data.get("appearances", []))
                + " are appearances of this one"
            )
        if self.action == "linked":
            return (
                f"linked to earlier claim {data.get('earlier_id')}: verdict {data.get('label')} carried over"
                f" (verdict {data.get('verdict_id')})"
            )
        if self.action == "not-repeat":
            return f"does not repeat claim {data.get('earlier_id')} (suggestion rejected)"
        if self.action == "undo":
            undid = {"assigned": "assignment", "dismissed": "dismissal", "restored": "restore", "edited": "edit"}
            what = undid.get(str(data.get("undid")), data.get("undid") or "change")
            return f"undo of the {what} (event {self.undo_of})" + (
                ": " + "; ".join(_change_words(k, v) for k, v in changes.items()) if changes else ""
            )
        return self.action


_FIELD_WORDS = {"normalized": "wording", "claim_type": "type", "merged_into": "appearance of", "dismissed": "dismissed"}


def _change_words(field: str, change: list[Any]) -> str:
    """ "claimant: (none) -> 'Imran Khan'": a change as a checker reads it."""

    def shown(value: Any) -> str:
        return "(none)" if value is None else repr(value)

    return f"{_FIELD_WORDS.get(field, field)}: {shown(change[0])} -> {shown(change[1])}"
