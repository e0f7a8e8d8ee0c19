"""Matches between claims and records; the checker's confirm / reject decisions survive re-matching."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlite_utils import Database

from claims_db.connection import immediate
from claims_db.errors import NotFound, StoreError
from claims_db.records import PUBLISHED_RECORD
from claims_db.util import dumps, now

MATCH_STATES = ("suggested", "confirmed", "rejected")


def store_matches(db: Database, claim_id: int, matches: Iterable[Mapping[str, Any]]) -> int:
    """Replace a claim's suggested matches with ``matches`` (record_id, score, components).

    Matches the checker confirmed or rejected keep their state; their score is refreshed.
    Returns how many matches the claim has afterwards.
    """
    with immediate(db):
        db.execute("DELETE FROM matches WHERE claim_id = ? AND state = 'suggested'", [claim_id])
        for rank, match in enumerate(matches, start=1):
            db.execute(
                "INSERT INTO matches (claim_id, record_id, score, components, rank, state)"
                " VALUES (?, ?, ?, ?, ?, 'suggested') ON CONFLICT (claim_id, record_id) DO UPDATE SET"
                " score = excluded.score, components = excluded.components, rank = excluded.rank",
                [claim_id, int(match["record_id"]), float(match["score"]), dumps(match.get("components", {})), rank],
            )
        return int(db.execute("SELECT COUNT(*) FROM matches WHERE claim_id = ?", [claim_id]).fetchone()[0])


def set_match_state(db: Database, claim_id: int, record_id: int, state: str, *, checker: str) -> None:
    """Confirm or reject a record as evidence for a claim (or put it back to suggested)."""
    if state not in MATCH_STATES:
        raise StoreError(f"unknown match state {state!r} (one of {', '.join(MATCH_STATES)})")
    with immediate(db):
        cursor = db.execute(
            "UPDATE matches SET state = ?, decided_by = ?, decided_at = ? WHERE claim_id = ? AND record_id = ?",
            [state, checker, now(), claim_id, record_id],
        )
        if cursor.rowcount == 0:
            if db.execute("SELECT 1 FROM claims WHERE id = ?", [claim_id]).fetchone() is None:
                raise NotFound(f"no claim with id {claim_id}")
            if (
                db.execute(f"SELECT 1 FROM records r WHERE r.id = ? AND {PUBLISHED_RECORD}", [record_id]).fetchone()
                is None
            ):
                raise NotFound(f"no record with id {record_id}")
            # A record the checker found by hand (search) becomes a match of its own.
            rank = db.execute(
                "SELECT COALESCE(MAX(rank), 0) + 1 FROM matches WHERE claim_id = ?", [claim_id]
            ).fetchone()[0]
            db.execute(
                "INSERT INTO matches (claim_id, record_id, score, components, rank, state, decided_by,"
                " decided_at) VALUES (?, ?, 0, ?, ?, ?, ?, ?)",
                [claim_id, record_id, dumps({"manual": True}), rank, state, checker, now()],
            )


def confirmed_evidence(db: Database, claim_id: int) -> list[int]:
    """Record ids the checker confirmed as evidence for the claim, best first."""
    return [
        row[0]
        for row in db.execute(
            "SELECT record_id FROM matches WHERE claim_id = ? AND state = 'confirmed' ORDER BY rank",
            [claim_id],
        )
    ]
