"""Checking the store and repairing what can be rebuilt (the search index), for `workbench doctor`."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from sqlite_utils import Database

from claims_db.connection import immediate


@dataclass
class Health:
    problems: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _index_problem(db: Database) -> str | None:
    """What is wrong with the full-text index of the records, or None."""
    try:
        with immediate(db):
            db.execute("INSERT INTO records_fts (records_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as exc:
        return f"the search index of the records is damaged or missing ({exc})"
    return None


_FTS_ARGS = "text, title, content='records', content_rowid='id', tokenize='porter unicode61'"


def _rebuild_index(db: Database) -> None:
    """Rebuild ``records_fts`` from the records. When even its header is damaged (SQLite then can't
    open the table, nor drop it), its shadow tables are reset from a fresh, empty index first."""
    with immediate(db):
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'records_fts'").fetchone():
            db.execute(f"CREATE VIRTUAL TABLE records_fts USING fts5({_FTS_ARGS})")
        else:
            db.execute(f"CREATE VIRTUAL TABLE temp.records_fts_template USING fts5({_FTS_ARGS})")
            try:
                for shadow in ("data", "idx", "docsize", "config"):
                    db.execute(f"DELETE FROM main.records_fts_{shadow}")
                db.execute("INSERT INTO main.records_fts_data SELECT * FROM temp.records_fts_template_data")
                db.execute("INSERT INTO main.records_fts_config SELECT * FROM temp.records_fts_template_config")
            finally:
                db.execute("DROP TABLE temp.records_fts_template")
        db.execute("INSERT INTO records_fts (records_fts) VALUES ('rebuild')")
        db.execute("DELETE FROM settings WHERE key = 'term_stats_version'")


def check_store(db: Database, *, repair: bool = False) -> Health:
    """SQLite's own integrity check, the foreign keys, and the search index; with ``repair`` the
    search index is rebuilt from the records (nothing else is ever changed)."""
    health = Health()
    result = [row[0] for row in db.execute("PRAGMA quick_check").fetchall()]
    if result != ["ok"]:
        health.problems.append("the database file is damaged: " + "; ".join(result[:5]))
    broken = db.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        health.problems.append(f"{len(broken)} rows point at rows that are gone (first in table {broken[0][0]})")
    old_scores = db.execute("SELECT COUNT(*) FROM matches WHERE score > 1").fetchone()[0]
    if old_scores:
        # Scores were 0..100 before they became calibrated probabilities (0..1): such rows are from an
        # older version and mean something else. Matching again replaces them (decisions are kept).
        health.problems.append(
            f"{old_scores} matches were scored by an older version (0-100, not a probability): "
            "run `workbench match --all` to score them again"
        )
    problem = _index_problem(db)
    if problem and repair:
        try:
            _rebuild_index(db)
        except sqlite3.DatabaseError as exc:
            health.problems.append(f"the search index could not be rebuilt ({exc})")
            return health
        problem2 = _index_problem(db)
        if problem2 is None:
            health.repaired.append("the search index of the records was rebuilt")
        else:
            health.problems.append(problem2)
    elif problem:
        health.problems.append(problem + ": run `workbench doctor --repair`")
    return health
