"""Verdicts: append-only. A claim's current verdict is its newest row; undo appends."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlite_utils import Database

from claims_db.connection import immediate
from claims_db.errors import NotFound, StoreError
from claims_db.models import Verdict, VerdictLabel
from claims_db.records import PUBLISHED_RECORD
from claims_db.util import dumps, now


def verdict_labels(db: Database) -> list[VerdictLabel]:
    """The verdict scale, in display order."""
    return [VerdictLabel.from_row(r) for r in db.query("SELECT * FROM verdict_labels ORDER BY position, label")]


def set_verdict_label(
    db: Database,
    label: str,
    *,
    display_name: str,
    key: str | None = None,
    rating_value: int | None = None,
    color: str | None = None,
) -> None:
    """Add or change a label of the scale (labels already used by verdicts keep their name)."""
    with immediate(db):
        position = db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM verdict_labels").fetchone()[0]
        db.execute(
            "INSERT INTO verdict_labels (label, display_name, key, rating_value, color, position)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (label) DO UPDATE SET display_name = excluded.display_name,"
            " key = excluded.key, rating_value = excluded.rating_value, color = excluded.color",
            [label, display_name, key, rating_value, color, position],
        )


def resolve_label(db: Database, given: str) -> str | None:
    """The scale's label a checker means by ``given``: the label, its display name or its key, in any
    case, with spaces, hyphens and underscores alike ("Mostly true", "MOSTLY_TRUE", "2" -> mostly-true).
    None when nothing on the scale is meant."""

    def norm(text: str | None) -> str:
        return " ".join((text or "").replace("-", " ").replace("_", " ").lower().split())

    wanted = norm(given)
    if not wanted:
        return None
    for scale in verdict_labels(db):
        if wanted in (norm(scale.label), norm(scale.display_name)) or (scale.key and wanted == scale.key.lower()):
            return scale.label
    return None


def _check_claim(db: Database, claim_id: int) -> None:
    if db.execute("SELECT 1 FROM claims WHERE id = ?", [claim_id]).fetchone() is None:
        raise NotFound(f"no claim with id {claim_id}")


def add_verdict(
    db: Database,
    claim_id: int,
    label: str | None,
    *,
    checker: str,
    note: str | None = None,
    evidence: Iterable[int | Mapping[str, Any]] = (),
    carried_from: int | None = None,
) -> Verdict:
    """Append a verdict for a claim. ``label`` None records a note without a verdict.

    ``evidence`` are record ids, frozen here into a copy of each record as it is at this moment (a
    record removed or re-imported later does not change what the verdict says it rested on), or
    snapshots already frozen (carrying a verdict over, undo).
    """
    if not checker:
        raise StoreError("a verdict needs the checker's name")
    evidence = list(evidence)
    evidence = [e for i, e in enumerate(evidence) if isinstance(e, Mapping) or e not in evidence[:i]]  # once each
    with immediate(db):
        _check_claim(db, claim_id)
        if label is not None:
            known = [r[0] for r in db.execute("SELECT label FROM verdict_labels ORDER BY position")]
            if label not in known:
                raise StoreError(f"unknown verdict label {label!r} (one of {', '.join(known)})")
        created = now()
        frozen = [dict(e) if isinstance(e, Mapping) else snapshot_record(db, int(e), created) for e in evidence]
        cursor = db.execute(
            "INSERT INTO verdicts (claim_id, label, note, evidence, checker, created_at, carried_from)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [claim_id, label, note, dumps(frozen), checker, created, carried_from],
        )
        verdict_id = cursor.lastrowid
    assert verdict_id is not None
    return get_verdict(db, verdict_id)


def undo_verdict(db: Database, claim_id: int, *, checker: str) -> Verdict | None:
    """Undo the claim's last verdict by appending a row that restores the one before it.

    Undo again to go further back. Returns the appended row, or None when there was nothing to undo.
    """
    with immediate(db):
        _check_claim(db, claim_id)
        stack = _effective_stack(verdict_history(db, claim_id))
        if not stack:
            return None
        undone = stack.pop()
        restored = stack[-1] if stack else None
        cursor = db.execute(
            "INSERT INTO verdicts (claim_id, label, note, evidence, checker, created_at, undo_of, carried_from)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                claim_id,
                restored.label if restored else None,
                restored.note if restored else None,
                dumps(restored.evidence if restored else []),
                checker,
                now(),
                undone.id,
                restored.carried_from if restored else None,
            ],
        )
        verdict_id = cursor.lastrowid
    assert verdict_id is not None
    return get_verdict(db, verdict_id)


SNAPSHOT_FIELDS = ("text", "title", "rating", "url", "publisher", "published_at", "value", "unit", "period")


def snapshot_record(db: Database, record_id: int, frozen_at: str) -> dict[str, Any]:
    """A frozen copy of a record for a verdict's evidence: what the checker saw, with where it came from."""
    rows = list(
        db.query(
            "SELECT r.*, d.name AS dataset FROM records r JOIN datasets d ON d.id = r.dataset_id"
            f" WHERE r.id = ? AND {PUBLISHED_RECORD}",
            [record_id],
        )
    )
    if not rows:
        raise NotFound(f"no record with id {record_id} (evidence)")
    row = rows[0]
    return {
        "record_id": record_id,
        "dataset": row["dataset"],
        "key": row["key"],
        **{name: row[name] for name in SNAPSHOT_FIELDS},
        "frozen_at": frozen_at,
    }


def evidence_status(db: Database, snapshot: Mapping[str, Any]) -> str:
    """How the live record stands against a frozen copy: "same", "changed" or "gone".

    The live record is found by dataset name and key (record ids are not stable across a dataset's
    removal and a new import); "gone" when the dataset or the key is no longer there.
    """
    if snapshot.get("missing") or not snapshot.get("dataset"):
        return "gone"
    rows = list(
        db.query(
            "SELECT r.* FROM records r JOIN datasets d ON d.id = r.dataset_id WHERE d.name = ? AND r.key = ?",
            [snapshot["dataset"], snapshot.get("key")],
        )
    )
    if not rows:
        return "gone"
    live = rows[0]
    return "same" if all(live[name] == snapshot.get(name) for name in SNAPSHOT_FIELDS) else "changed"


def _effective_stack(history: list[Verdict]) -> list[Verdict]:
    """The verdicts still in force, oldest first: each undo row cancels the newest one left."""
    stack: list[Verdict] = []
    for verdict in history:
        if verdict.undo_of is None:
            stack.append(verdict)
        elif stack:
            stack.pop()
    return stack


def get_verdict(db: Database, verdict_id: int) -> Verdict:
    rows = list(db.query("SELECT * FROM verdicts WHERE id = ?", [verdict_id]))
    if not rows:
        raise NotFound(f"no verdict with id {verdict_id}")
    return Verdict.from_row(rows[0])


def verdict_history(db: Database, claim_id: int) -> list[Verdict]:
    """Every verdict row of a claim, oldest first; the last one is the current verdict."""
    return [Verdict.from_row(r) for r in db.query("SELECT * FROM verdicts WHERE claim_id = ? ORDER BY id", [claim_id])]


def current_verdict(db: Database, claim_id: int) -> Verdict | None:
    rows = list(db.query("SELECT * FROM verdicts WHERE claim_id = ? ORDER BY id DESC LIMIT 1", [claim_id]))
    return Verdict.from_row(rows[0]) if rows else None
