"""Staged imports: a dataset's records written in short write transactions, published at once.

A long import must not hold the write lock for its whole run (verdicts from other processes would
wait), yet readers must see the old dataset or the new one, never a mix, and an interrupted import
must leave the previous records as they were. So:

- Rows are read, mapped and hashed in batches outside any transaction; each batch is then written
  in one short write transaction. The batch size adapts so that a transaction takes about
  ``LOCK_SECONDS``; reading the next batch leaves the lock free for at least ``GAP_SECONDS`` (a sleep
  makes up the difference when reading was quicker), long enough for a waiting writer's busy
  handler, which polls every 100 ms at most, to get in.
- New records (keys the dataset does not have yet) are inserted under a hidden dataset row (listed
  in ``import_staging``; every reader leaves its records out), with their FTS entries, ``GROUP``
  rows to an INSERT statement.
- New content for records the dataset already has is kept in a temp table of this connection
  (outside the main file); their ids do not change.
- Publishing is one short transaction: changed records are updated in place, with ``replace`` the
  records the source no longer has are deleted, the staged records join the dataset (or the
  dataset's kept records join the staged row, whichever moves fewer rows) and the provenance is set.
- On an error or Ctrl-C the staged rows are deleted in short transactions; a killed import's rows
  stay hidden until the next import of any dataset removes them.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import chain, islice
from typing import Any

from sqlite_utils import Database

from claims_db.connection import immediate
from claims_db.errors import StoreError
from claims_db.models import Dataset
from claims_db.records import _NON_KEY, _UPDATE, UpsertStats, _delete_records, _Layout, get_dataset
from claims_db.util import dumps, now

FIRST_BATCH = 10_000  # rows in the first write transaction; later ones are sized to take LOCK_SECONDS
MIN_BATCH = 1000
MAX_BATCH = 200_000
LOCK_SECONDS = 0.6  # the aim for one write transaction (the write lock is held about that long)
GAP_SECONDS = 0.11  # the write lock is left free at least this long between two write transactions
GROUP = 500  # rows per INSERT statement (fewer statements: less binding overhead, fewer GIL hand-overs)
CLEANUP_ROWS = 20000  # staged rows deleted per transaction when an import is undone

_ACTIVE: set[int] = set()  # staging rows of imports running in this process
_HOST = socket.gethostname()


def stage_import(
    db: Database,
    name: str,
    rows: Callable[[int], tuple[Iterable[Sequence[Any]], Sequence[str]]],
    *,
    provenance: Mapping[str, Any],
    replace: bool = False,
    progress: Callable[[int], None] | None = None,
    check: Callable[[UpsertStats], None] | None = None,
) -> tuple[Dataset, UpsertStats]:
    """Import records as the dataset ``name``, staged and then published at once.

    ``rows(dataset_id)`` gives the value lists (see ``upsert_prepared``) and their columns; they are
    read in batches outside the write transactions. ``provenance`` holds the dataset's source, format, mapping,
    sha256, etag, last_modified (and notes). ``check`` may raise to refuse the import before it is
    published (e.g. no rows). Returns the published dataset and what the import did.
    """
    if not name or not name.strip():
        raise StoreError("a dataset needs a name")
    if db.conn.in_transaction:
        raise StoreError("a staged import manages its own transactions; call it outside one")
    clean_stale_imports(db)
    staged = _Staging(db, name, replace)
    try:
        values, columns = rows(staged.id)
        staged.prepare(columns)
        _write_all(staged, values, progress)
        if check is not None:
            check(staged.stats)
        return staged.publish(provenance)
    except BaseException:
        staged.abort()
        raise


def clean_stale_imports(db: Database) -> int:
    """Delete the staged rows of imports whose process is gone. Returns how many staging rows went."""
    stale = [
        dataset_id
        for dataset_id, pid, host in db.execute("SELECT dataset_id, pid, host FROM import_staging").fetchall()
        if not _alive(dataset_id, pid, host)
    ]
    for dataset_id in stale:
        _delete_staged(db, dataset_id)
    return len(stale)


def _alive(dataset_id: int, pid: int, host: str) -> bool:
    if host != _HOST:
        return True  # another machine's process: can't tell, leave it
    if pid == os.getpid():
        return dataset_id in _ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _delete_staged(db: Database, dataset_id: int) -> None:
    """Delete a staging row's records in short transactions, then the row itself."""
    while True:
        with immediate(db):
            ids = [
                r[0]
                for r in db.execute(
                    "SELECT id FROM records WHERE dataset_id = ? LIMIT ?", [dataset_id, CLEANUP_ROWS]
                ).fetchall()
            ]
            if not ids:
                db.execute("DELETE FROM datasets WHERE id = ?", [dataset_id])
                return
            db.execute("CREATE TEMP TABLE IF NOT EXISTS import_doomed (id INTEGER PRIMARY KEY)")
            db.execute("DELETE FROM import_doomed")
            db.conn.executemany("INSERT INTO import_doomed (id) VALUES (?)", ((i,) for i in ids))
            db.execute(
                "INSERT INTO records_fts (records_fts, rowid, text, title)"
                " SELECT 'delete', id, text, title FROM records WHERE id IN (SELECT id FROM import_doomed)"
            )
            db.execute("DELETE FROM records WHERE id IN (SELECT id FROM import_doomed)")
            db.execute("DELETE FROM import_doomed")
        time.sleep(GAP_SECONDS)


def _write_all(staged: _Staging, values: Iterable[Sequence[Any]], progress: Callable[[int], None] | None) -> None:
    """Batches read outside the lock, each written in one short transaction, the lock left free between."""
    iterator = iter(values)
    size = FIRST_BATCH
    released = time.perf_counter() - GAP_SECONDS
    while batch := list(islice(iterator, size)):
        pause = GAP_SECONDS - (time.perf_counter() - released)
        if pause > 0:
            time.sleep(pause)
        started = time.perf_counter()
        staged.write(batch)
        released = time.perf_counter()
        took = released - started
        size = max(MIN_BATCH, min(MAX_BATCH, int(len(batch) * LOCK_SECONDS / took) if took > 0 else MAX_BATCH))
        if progress is not None:
            progress(staged.stats.rows)


class _Staging:
    """One import's hidden dataset row, its temp tables and its counts."""

    layout: _Layout
    insert_one: str
    insert_group: str

    def __init__(self, db: Database, name: str, replace: bool) -> None:
        self.db, self.name, self.replace = db, name, replace
        self.stats = UpsertStats()
        self.added = 0
        with immediate(db):
            running = db.execute(
                "SELECT pid FROM import_staging WHERE target = ?", [name]
            ).fetchone()  # stale ones were cleaned just before
            if running is not None:
                raise StoreError(f"dataset {name!r} is being imported by another process (pid {running[0]})")
            previous = db.execute(
                "SELECT id FROM datasets WHERE name = ? AND id NOT IN (SELECT dataset_id FROM import_staging)", [name]
            ).fetchone()
            self.previous: int | None = previous[0] if previous else None
            self.id: int = db.execute(
                "INSERT INTO datasets (name, row_count) VALUES (?, 0) RETURNING id", [f".import-{uuid.uuid4().hex}"]
            ).fetchone()[0]
            db.execute(
                "INSERT INTO import_staging (dataset_id, target, pid, host, started_at) VALUES (?, ?, ?, ?, ?)",
                [self.id, name, os.getpid(), _HOST, now()],
            )
            self.had_records = (
                self.previous is not None
                and db.execute("SELECT 1 FROM records WHERE dataset_id = ? LIMIT 1", [self.previous]).fetchone()
                is not None
            )
            db.execute("CREATE TEMP TABLE IF NOT EXISTS import_touched (id INTEGER PRIMARY KEY)")
            columns = ", ".join(_NON_KEY)
            db.execute(f"CREATE TEMP TABLE IF NOT EXISTS import_changes (id INTEGER PRIMARY KEY, {columns})")
            db.execute("DELETE FROM import_touched")
            db.execute("DELETE FROM import_changes")
        _ACTIVE.add(self.id)

    def prepare(self, columns: Sequence[str]) -> None:
        self.layout = _Layout(columns)
        row = f"({', '.join('?' * len(columns))})"
        head = f"INSERT INTO records ({', '.join(columns)}) VALUES "
        tail = " ON CONFLICT (dataset_id, key) DO NOTHING"  # a repeated key: see _repeated
        self.insert_one = head + row + tail
        self.insert_group = head + ", ".join([row] * GROUP) + tail

    def write(self, values: list[Sequence[Any]]) -> None:
        """One write transaction: the batch's new records staged (with FTS entries), the rest noted."""
        db = self.db
        with immediate(db):
            self.stats.rows += len(values)
            if self.had_records:
                values = self._existing(values)
            if not values:
                return
            first = db.execute("SELECT COALESCE(MAX(id), 0) FROM records").fetchone()[0]
            whole = len(values) - len(values) % GROUP
            db.conn.executemany(
                self.insert_group,
                (tuple(chain.from_iterable(values[i : i + GROUP])) for i in range(0, whole, GROUP)),
            )
            db.conn.executemany(self.insert_one, values[whole:])
            last = db.execute("SELECT COALESCE(MAX(id), 0) FROM records").fetchone()[0]
            if last - first < len(values):
                self._repeated(values, first)
            db.execute(
                "INSERT INTO records_fts (rowid, text, title) SELECT id, text, title FROM records WHERE id > ?",
                [first],
            )
            self.added += last - first

    def _existing(self, values: list[Sequence[Any]]) -> list[Sequence[Any]]:
        """Note the rows whose key the dataset has (new content to the temp table); return the others."""
        layout, db = self.layout, self.db
        found: dict[str, tuple[int, str]] = {}
        keys = [v[layout.key] for v in values]
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            for rid, key, rhash in db.execute(
                f"SELECT id, key, row_hash FROM records WHERE dataset_id = ? AND key IN ({marks})",
                [self.previous, *chunk],
            ):
                found[key] = (rid, rhash)
        remaining: list[Sequence[Any]] = []
        latest: dict[int, list[Any] | None] = {}  # record id -> its new content, None if as stored (last row wins)
        for value in values:
            hit = found.get(value[layout.key])
            if hit is None:
                remaining.append(value)
                continue
            rid, old_hash = hit
            latest[rid] = None if old_hash == value[layout.hash] else layout.update_params(value, rid)
        db.conn.executemany("INSERT OR IGNORE INTO import_touched (id) VALUES (?)", ((rid,) for rid in latest))
        db.conn.executemany(
            "DELETE FROM import_changes WHERE id = ?", ((rid,) for rid, params in latest.items() if params is None)
        )
        db.conn.executemany(
            f"INSERT OR REPLACE INTO import_changes ({', '.join(_NON_KEY)}, id)"
            f" VALUES ({', '.join('?' * (len(_NON_KEY) + 1))})",
            (params for params in latest.values() if params is not None),
        )
        return remaining

    def _repeated(self, values: list[Sequence[Any]], first: int) -> None:
        """Rows whose key came earlier in the source (the insert skipped them): the last one wins."""
        layout, db = self.layout, self.db
        staged: dict[str, tuple[int, str]] = {}
        keys = [v[layout.key] for v in values]
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            for rid, key, rhash in db.execute(
                f"SELECT id, key, row_hash FROM records WHERE dataset_id = ? AND key IN ({marks})", [self.id, *chunk]
            ):
                staged[key] = (rid, rhash)
        seen: set[str] = set()
        for value in values:
            key = value[layout.key]
            rid, current = staged[key]
            if rid > first and key not in seen:
                seen.add(key)  # the row the insert kept
                continue
            if current == value[layout.hash]:
                continue
            indexed = rid <= first  # staged by an earlier chunk: its FTS entry exists
            if indexed:
                db.execute(
                    "INSERT INTO records_fts (records_fts, rowid, text, title)"
                    " SELECT 'delete', id, text, title FROM records WHERE id = ?",
                    [rid],
                )
            db.execute(_UPDATE, layout.update_params(value, rid))
            if indexed:
                db.execute(
                    "INSERT INTO records_fts (rowid, text, title) SELECT id, text, title FROM records WHERE id = ?",
                    [rid],
                )
            staged[key] = (rid, value[layout.hash])

    def publish(self, provenance: Mapping[str, Any]) -> tuple[Dataset, UpsertStats]:
        """One short transaction: the staged import becomes the dataset."""
        db, stats = self.db, self.stats
        with immediate(db):
            row = db.execute(
                "SELECT id, notes FROM datasets WHERE name = ? AND id NOT IN (SELECT dataset_id FROM import_staging)",
                [self.name],
            ).fetchone()
            if (row[0] if row else None) != self.previous:
                raise StoreError(f"dataset {self.name!r} was changed by another process during the import; try again")
            notes = provenance.get("notes") or (row[1] if row else None)
            stats.added = self.added
            target = self.id
            if self.previous is not None:
                touched = db.execute("SELECT COUNT(*) FROM import_touched").fetchone()[0]
                stats.updated = self._apply_changes()
                stats.unchanged = touched - stats.updated
                if self.replace:
                    stats.removed = _delete_records(
                        db,
                        "dataset_id = ? AND id NOT IN (SELECT id FROM temp.import_touched)",
                        [self.previous],
                    )
                kept = db.execute("SELECT COUNT(*) FROM records WHERE dataset_id = ?", [self.previous]).fetchone()[0]
                if self.added <= kept:
                    db.execute("UPDATE records SET dataset_id = ? WHERE dataset_id = ?", [self.previous, self.id])
                    target = self.previous
                    db.execute("DELETE FROM datasets WHERE id = ?", [self.id])
                else:
                    db.execute("UPDATE records SET dataset_id = ? WHERE dataset_id = ?", [self.id, self.previous])
                    db.execute("DELETE FROM datasets WHERE id = ?", [self.previous])
            stats.duplicates = stats.rows - stats.added - stats.updated - stats.unchanged
            db.execute("DELETE FROM import_staging WHERE dataset_id = ?", [self.id])
            db.execute(
                "UPDATE datasets SET name = ?, source = ?, format = ?, mapping = ?, sha256 = ?, etag = ?,"
                " last_modified = ?, imported_at = ?, notes = ?,"
                " row_count = (SELECT COUNT(*) FROM records WHERE dataset_id = ?) WHERE id = ?",
                [
                    self.name,
                    provenance.get("source"),
                    provenance.get("format"),
                    dumps(dict(provenance.get("mapping") or {})),
                    provenance.get("sha256"),
                    provenance.get("etag"),
                    provenance.get("last_modified"),
                    now(),
                    notes,
                    target,
                    target,
                ],
            )
            db.execute("DELETE FROM import_touched")
            db.execute("DELETE FROM import_changes")
        _ACTIVE.discard(self.id)
        return get_dataset(db, self.name), stats

    def _apply_changes(self) -> int:
        """Update the dataset's changed records in place (ids kept), FTS entries with them."""
        db = self.db
        count: int = db.execute("SELECT COUNT(*) FROM import_changes").fetchone()[0]
        if not count:
            return 0
        db.execute(
            "INSERT INTO records_fts (records_fts, rowid, text, title)"
            " SELECT 'delete', id, text, title FROM records WHERE id IN (SELECT id FROM temp.import_changes)"
        )
        assignments = ", ".join(f"{c} = c.{c}" for c in _NON_KEY)
        db.execute(f"UPDATE records SET {assignments} FROM temp.import_changes c WHERE records.id = c.id")
        db.execute("INSERT INTO records_fts (rowid, text, title) SELECT id, text, title FROM temp.import_changes")
        return count

    def abort(self) -> None:
        """Undo the staging: its records go in short transactions (a second Ctrl-C leaves them for later)."""
        if self.db.conn.in_transaction:
            self.db.conn.execute("ROLLBACK")
        try:
            _delete_staged(self.db, self.id)
        finally:
            _ACTIVE.discard(self.id)
